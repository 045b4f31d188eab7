public import Foundation

/// An HTTP request: method, absolute URL, headers and body bytes.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: URL
    public var headers: HTTPHeaders
    public var body: Data?
    /// Overrides the transport's total timeout for this request.
    public var timeout: Duration?

    public init(method: String = "GET", url: URL, headers: HTTPHeaders = [:], body: Data? = nil, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An HTTP response as received, with the time it took.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: Data
    /// The URL that answered (the request's URL unless redirects were followed).
    public var url: URL
    /// "1.1" or "2".
    public var httpVersion: String
    /// Wall time from sending the request to the last byte of the body.
    public var duration: Duration

    public init(status: Int, headers: HTTPHeaders = [:], body: Data = Data(), url: URL, httpVersion: String = "1.1", duration: Duration = .zero) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.httpVersion = httpVersion
        self.duration = duration
    }
}
