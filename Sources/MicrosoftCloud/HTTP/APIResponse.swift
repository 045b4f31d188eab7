public import Foundation
public import HTTPTransport

/// A successful API answer: status, headers and the JSON body (`.null` when there was none).
public struct APIResponse: Sendable {
    /// The HTTP status (2xx).
    public let status: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// The parsed body, or `.null` for an empty one.
    public let body: JSONValue
    /// The service's request id, if any.
    public let requestId: String?

    init(_ response: HTTPResponse, service: CloudError.Service) throws(CloudError) {
        let answer = APIBytesResponse(response, service: service)
        status = answer.status
        headers = answer.headers
        requestId = answer.requestId
        body = try answer.json()
    }
}

/// A successful API answer whose body is still bytes, for callers that read the JSON into values of their own
/// (the plugin host reads it straight into Lua values).
public struct APIBytesResponse: Sendable {
    /// The HTTP status (2xx).
    public let status: Int
    /// The response headers.
    public let headers: HTTPHeaders
    /// The body as sent; empty when there was none (always for 204).
    public let body: Data
    /// The service's request id, if any.
    public let requestId: String?
    private let service: CloudError.Service
    private let url: URL

    init(_ response: HTTPResponse, service: CloudError.Service) {
        status = response.status
        headers = response.headers
        body = response.status == 204 ? Data() : response.body
        requestId = CloudSession.requestId(in: response.headers)
        self.service = service
        url = response.url
    }

    /// The body as JSON, `.null` when there is none.
    public func json() throws(CloudError) -> JSONValue {
        if body.isEmpty { return .null }
        do {
            return try JSONValue.parse(body)
        } catch {
            throw invalidBody(error.message)
        }
    }

    /// The error for a body that is not JSON (`graph.invalid_response`, ...), with the reader's `reason`.
    public func invalidBody(_ reason: String) -> CloudError {
        CloudError(
            code: CloudError.Code(rawValue: "\(service.rawValue).invalid_response"), service: service,
            status: status, message: "the answer is not JSON (\(reason))", requestId: requestId, host: url.host)
    }
}
