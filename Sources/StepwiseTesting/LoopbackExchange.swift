public import Foundation
public import HTTPTransport

/// A request as `LoopbackHTTPServer` received it.
public struct LoopbackRequest: Sendable {
    /// The method, e.g. "GET".
    public var method: String
    /// The request target as sent: origin-form (`/path?query`) or, to a proxy, absolute-form (`http://host/path`).
    public var target: String
    /// The header fields in the order and spelling received.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: Data
    /// Which accepted connection carried it (1 for the first connection the server accepted).
    public var connection: Int

    init(method: String, target: String, headerPairs: [(String, String)], body: Data, connection: Int) {
        self.method = method
        self.target = target
        self.headers = HTTPHeaders()
        for (name, value) in headerPairs { headers.add(name, value) }
        self.body = body
        self.connection = connection
    }
}

/// What `LoopbackHTTPServer` does with a request: answer (possibly late, possibly streaming) or drop the connection.
public struct LoopbackResponse: Sendable {
    /// The response body.
    public enum Body: Sendable {
        /// These bytes, with a `Content-Length`.
        case bytes(Data)
        /// `byteCount` bytes of filler streamed in 64 KiB chunks as the client reads them; with a `Content-Length`
        /// when `announceLength`, chunked otherwise.
        case generated(byteCount: Int, announceLength: Bool)
    }

    /// Informational (1xx) responses sent before the final one, e.g. `[100, 103]`.
    public var interimStatuses: [Int] = []
    /// The status code.
    public var status: Int
    /// Header fields to send (the server adds framing headers).
    public var headers: HTTPHeaders
    /// The body.
    public var body: Body
    /// How long to wait before answering.
    public var delay: Duration
    /// Whether to close the connection after this response (`Connection: close`).
    public var closeConnection: Bool
    /// Whether to close the connection without answering at all.
    public var dropConnection: Bool

    /// A response with every part given.
    public init(
        status: Int = 200, headers: HTTPHeaders = [:], body: Body = .bytes(Data()), delay: Duration = .zero,
        closeConnection: Bool = false, dropConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.delay = delay
        self.closeConnection = closeConnection
        self.dropConnection = dropConnection
    }

    /// A text body (`Content-Type: text/plain`).
    public static func text(_ text: String, status: Int = 200) -> LoopbackResponse {
        LoopbackResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Data(text.utf8)))
    }

    /// A redirect to `location` (relative or absolute).
    public static func redirect(to location: String, status: Int = 302) -> LoopbackResponse {
        LoopbackResponse(status: status, headers: ["Location": location])
    }

    /// A streamed body of `byteCount` bytes.
    public static func stream(byteCount: Int, announceLength: Bool) -> LoopbackResponse {
        LoopbackResponse(body: .generated(byteCount: byteCount, announceLength: announceLength))
    }

    /// Closes the connection without a response.
    public static var drop: LoopbackResponse { LoopbackResponse(dropConnection: true) }

    init(status: Int, headerPairs: [(String, String)], body: Data) {
        var headers = HTTPHeaders()
        for (name, value) in headerPairs { headers.add(name, value) }
        self.init(status: status, headers: headers, body: .bytes(body))
    }

    /// The header fields as name/value pairs, for the NIO side (which has its own `HTTPHeaders`).
    var headerPairs: [(String, String)] { headers.fields.map { ($0.name, $0.value) } }
}
