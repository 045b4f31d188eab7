import Foundation

/// A response a twin service produced; the listener turns it into HTTP.
struct TwinResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Set when the faults middleware produced this response (`429`, `503`, ...), for the request log.
    var fault: String?

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response with the given content type.
    static func json(
        _ status: Int, _ value: JSON, contentType: String = "application/json; charset=utf-8",
        headers: [(name: String, value: String)] = []
    ) -> TwinResponse {
        TwinResponse(status: status, headers: [("Content-Type", contentType)] + headers, body: value.encoded)
    }

    /// A response without a body.
    static func empty(_ status: Int, headers: [(name: String, value: String)] = []) -> TwinResponse {
        TwinResponse(status: status, headers: headers)
    }

    /// A plain-text response.
    static func text(_ status: Int, _ text: String) -> TwinResponse {
        TwinResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }

    /// The first value of a header (case-insensitive).
    func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Adds a header unless one of that name is already set.
    mutating func addHeaderIfMissing(_ name: String, _ value: String) {
        if header(name) == nil { headers.append((name, value)) }
    }

    /// The body parsed as JSON (nil when empty or not JSON).
    var jsonBody: JSON? { body.isEmpty ? nil : JSON.parse(body) }
}

/// Helpers that end a request early throw the response to send (`throws(TwinResponse)`).
extension TwinResponse: Error {}

/// A twin service: answers requests arriving on its listener.
protocol TwinService: Sendable {
    func respond(to request: TwinRequest) async -> TwinResponse
}
