import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// The proxy side of `LoopbackHTTPServer`: sends an absolute-form request on to its origin over a fresh connection
/// and collects the whole answer.
enum LoopbackProxyForwarder {
    /// Headers meant for the proxy hop only, not forwarded.
    private static let hopHeaders: Set<String> = ["proxy-connection", "proxy-authorization", "connection", "keep-alive"]

    static func forward(_ head: HTTPRequestHead, body: ByteBuffer, on eventLoop: any EventLoop) -> EventLoopFuture<LoopbackResponse> {
        guard let url = URLComponents(string: head.uri), let host = url.host else {
            return eventLoop.makeFailedFuture(LoopbackServerError(message: "cannot forward to \(head.uri)"))
        }
        var upstreamHead = HTTPRequestHead(version: .http1_1, method: head.method, uri: url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath)
        if let query = url.percentEncodedQuery { upstreamHead.uri += "?" + query }
        for field in head.headers where !hopHeaders.contains(field.name.lowercased()) {
            upstreamHead.headers.add(name: field.name, value: field.value)
        }
        upstreamHead.headers.replaceOrAdd(name: "Connection", value: "close")
        let request = upstreamHead
        let promise = eventLoop.makePromise(of: LoopbackResponse.self)
        ClientBootstrap(group: eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamResponseCollector(promise: promise))
                }
            }
            .connect(host: host, port: url.port ?? 80)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    channel.write(HTTPClientRequestPart.head(request), promise: nil)
                    channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                case .failure(let error):
                    promise.fail(error)
                }
            }
        return promise.futureResult
    }
}

/// Gathers the upstream response and completes the forwarder's promise.
private final class UpstreamResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<LoopbackResponse>
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var completed = false

    init(promise: EventLoopPromise<LoopbackResponse>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body(var part): body.writeBuffer(&part)
        case .end:
            guard let head, !completed else { return }
            completed = true
            let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]
            let pairs = head.headers.filter { !framing.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
            promise.succeed(LoopbackResponse(status: Int(head.status.code), headerPairs: pairs, body: Data(body.readableBytesView)))
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !completed {
            completed = true
            promise.fail(LoopbackServerError(message: "the origin closed the connection before answering"))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
