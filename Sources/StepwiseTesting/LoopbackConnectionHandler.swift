import Foundation
import NIOCore
import NIOHTTP1

/// Reads each request on one connection, records it, and writes the handler's answer (or the proxied one).
final class LoopbackConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Size of each chunk of a generated body.
    static let chunkSize = 64 * 1024
    private static let filler = ByteBuffer(repeating: UInt8(ascii: "x"), count: chunkSize)

    private let state: LoopbackServerState
    private let connection: Int
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(state: LoopbackServerState, connection: Int) {
        self.state = state
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            self.head = nil
            dispatch(head, context: context)
        }
    }

    private func dispatch(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let request = LoopbackRequest(
            method: head.method.rawValue, target: head.uri, headerPairs: head.headers.map { ($0.name, $0.value) },
            body: Data(body.readableBytesView), connection: connection)
        let handler = state.receive(request)
        if state.forwardsProxyRequests, head.uri.lowercased().hasPrefix("http://") {
            let forwarded = LoopbackProxyForwarder.forward(head, body: body, on: context.eventLoop)
            forwarded.assumeIsolated().whenComplete { result in
                switch result {
                case .success(let upstream): self.write(upstream, for: head, context: context)
                case .failure(let error): self.write(.text("proxy: \(error)", status: 502), for: head, context: context)
                }
            }
            return
        }
        let response = handler(request)
        guard response.delay > .zero else { return write(response, for: head, context: context) }
        _ = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Self.nanoseconds(response.delay))) {
            self.write(response, for: head, context: context)
        }
    }

    private func write(_ response: LoopbackResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if response.dropConnection {
            context.close(promise: nil)
            return
        }
        let keepAlive = request.isKeepAlive && !response.closeConnection
        var headers = HTTPHeaders(response.headerPairs)
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        switch response.body {
        case .bytes(let data):
            headers.replaceOrAdd(name: "Content-Length", value: String(data.count))
        case .generated(let byteCount, let announceLength):
            if announceLength {
                headers.replaceOrAdd(name: "Content-Length", value: String(byteCount))
            } else {
                headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            }
        }
        for interim in response.interimStatuses {
            let informational = HTTPResponseHead(version: request.version, status: HTTPResponseStatus(statusCode: interim))
            context.write(wrapOutboundOut(.head(informational)), promise: nil)
        }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        switch response.body {
        case .bytes(let data) where request.method != .HEAD && !data.isEmpty:
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: data)))), promise: nil)
            finish(keepAlive: keepAlive, context: context)
        case .generated(let byteCount, _) where request.method != .HEAD:
            stream(remaining: byteCount, keepAlive: keepAlive, context: context)
        default:
            finish(keepAlive: keepAlive, context: context)
        }
    }

    /// Writes the generated body one chunk at a time, each after the previous one reached the socket, so a client
    /// that stops reading (or hangs up) stops the stream instead of filling memory.
    private func stream(remaining: Int, keepAlive: Bool, context: ChannelHandlerContext) {
        guard remaining > 0 else { return finish(keepAlive: keepAlive, context: context) }
        let chunk = Self.filler.getSlice(at: 0, length: min(remaining, Self.chunkSize))!
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk)))).assumeIsolated().whenComplete { result in
            switch result {
            case .success: self.stream(remaining: remaining - chunk.readableBytes, keepAlive: keepAlive, context: context)
            case .failure: context.close(promise: nil)
            }
        }
    }

    private func finish(keepAlive: Bool, context: ChannelHandlerContext) {
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
