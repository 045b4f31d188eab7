import Foundation
import Hummingbird

/// The request context of every twin listener: Hummingbird's core storage plus a way to drop the connection.
struct TwinRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Closes the TCP connection without answering (the `drop` fault).
    let closeConnection: @Sendable () async -> Void

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        closeConnection = { try? await channel.close() }
    }
}

/// The thrown error that ends a request whose connection the faults middleware dropped.
struct ConnectionDropped: Error {}

/// Turns Hummingbird requests into `TwinRequest`s and runs them through the pipeline:
/// request log, faults (latency, injected statuses, drops), then the listener's service.
struct ServiceResponder: HTTPResponder {
    typealias Context = TwinRequestContext

    let kind: ServiceKind
    let twin: Twin
    let service: any TwinService

    /// Largest request body accepted (the icon upload is the biggest real one).
    static let maximumBodySize = 32 << 20

    func respond(to request: Request, context: TwinRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let buffer = try await request.body.collect(upTo: Self.maximumBodySize)
        let twinRequest = TwinRequest(
            service: kind, origin: twin.origins.origin(of: kind), method: request.method.rawValue,
            path: request.uri.path, query: request.uri.query ?? "", headers: request.headers,
            body: Array(buffer: buffer))
        guard twin.isReady else { return render(.text(503, "the twin is starting")) }
        if kind == .control { return render(await service.respond(to: twinRequest)) }

        let decision = twin.faults.decide(service: kind, method: twinRequest.method, path: twinRequest.path)
        if decision.delayMilliseconds > 0 {
            // Counted from the request's arrival, with no timer slack: the latency a bench divides by must be what
            // the twin adds (a plain sleep overshot 50 ms by about 0.8 ms).
            try? await Task.sleep(
                until: started + .milliseconds(decision.delayMilliseconds), tolerance: .zero, clock: .continuous)
        }
        var response: TwinResponse
        switch decision.outcome {
        case .drop:
            record(twinRequest, status: 0, fault: "drop", started: started)
            await context.closeConnection()
            throw ConnectionDropped()
        case .dropAfterHandling:
            let handled = await service.respond(to: twinRequest)
            record(twinRequest, status: handled.status, fault: "drop_after", started: started)
            await context.closeConnection()
            throw ConnectionDropped()
        case .status(let status, let retryAfter):
            response = InjectedResponses.response(
                status: status, retryAfter: retryAfter, request: twinRequest, now: twin.clock.now())
        case .pass:
            response = await service.respond(to: twinRequest)
        }
        addRequestIDs(to: &response, for: twinRequest)
        record(twinRequest, status: response.status, fault: response.fault, started: started)
        return render(response)
    }

    /// The request-id headers each real service sends.
    private func addRequestIDs(to response: inout TwinResponse, for request: TwinRequest) {
        switch kind {
        case .graph:
            response.addHeaderIfMissing("request-id", request.requestID)
            response.addHeaderIfMissing("client-request-id", request.clientRequestID ?? request.requestID)
        case .identity:
            response.addHeaderIfMissing("x-ms-request-id", request.requestID)
            if let client = request.clientRequestID, request.header("return-client-request-id")?.lowercased() == "true" {
                response.addHeaderIfMissing("client-request-id", client)
            }
        case .dataverse:
            response.addHeaderIfMissing("x-ms-service-request-id", request.requestID)
            response.addHeaderIfMissing("REQ_ID", request.requestID)
        case .powerPlatform:
            response.addHeaderIfMissing("x-ms-correlation-id", request.requestID)
        case .control, .foreign:
            break
        }
    }

    private func record(_ request: TwinRequest, status: Int, fault: String?, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        twin.log.record(
            RequestLogEntry(
                seq: 0, time: twin.clock.now(), service: kind.description, origin: request.origin,
                method: request.method, path: request.path, query: RequestLog.redactedQuery(request.query),
                status: status, durationMilliseconds: elapsed.seconds * 1000,
                hadAuthorization: request.header("authorization") != nil,
                tokenAppId: request.bearerToken.flatMap(twin.tokens.appId(ofLoggedToken:)),
                clientRequestId: request.clientRequestID, requestId: request.requestID, fault: fault))
    }

    private func render(_ response: TwinResponse) -> Response {
        var headers = HTTPFields()
        for (name, value) in response.headers { headers.set(name, value) }
        var buffer = ByteBuffer()
        buffer.writeBytes(response.body)
        return Response(status: .init(code: response.status), headers: headers, body: .init(byteBuffer: buffer))
    }
}
