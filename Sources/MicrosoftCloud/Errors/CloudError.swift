/// A failed cloud call or a refused one: which service, what status, the stable `code` callers branch on,
/// the service's own code, its message and the ids needed to ask Microsoft about it.
///
/// The description reads like a sentence, e.g.
/// `Graph 403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id 1234)`.
/// Messages never contain secrets or tokens: every message passes through the session's redactor.
public struct CloudError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The stable code callers branch on, e.g. `graph.not_found` (full list in `CloudError.Code`).
    public var code: Code
    /// The service that answered or refused.
    public var service: Service
    /// The HTTP status, when a response was received.
    public var status: Int?
    /// The service's own code: `Request_ResourceNotFound`, `0x80072560`, `AADSTS7000215`, `invalid_client`, ...
    public var serviceCode: String?
    /// The service's message (first line only for identity errors), or the refusal's reason.
    public var message: String
    /// `request-id` (Graph, Dataverse, Power Platform) or `trace_id` (identity).
    public var requestId: String?
    /// The `client-request-id` sent with the request, or the identity `correlation_id`.
    public var clientRequestId: String?
    /// The host that answered, or that was refused.
    public var host: String?

    public init(
        code: Code, service: Service, status: Int? = nil, serviceCode: String? = nil, message: String,
        requestId: String? = nil, clientRequestId: String? = nil, host: String? = nil
    ) {
        self.code = code
        self.service = service
        self.status = status
        self.serviceCode = serviceCode
        self.message = message
        self.requestId = requestId
        self.clientRequestId = clientRequestId
        self.host = host
    }

    /// The services a `CloudError` can come from.
    public enum Service: String, Sendable, Equatable {
        case identity, graph, dataverse, powerPlatform = "powerplatform", http, safety, cloud, config

        /// How the service is named in messages.
        public var displayName: String {
            switch self {
            case .identity: "Identity"
            case .graph: "Graph"
            case .dataverse: "Dataverse"
            case .powerPlatform: "Power Platform"
            case .http: "HTTP"
            case .safety: "Safety"
            case .cloud: "Cloud"
            case .config: "Configuration"
            }
        }
    }

    public var description: String {
        var text = service.displayName
        if let status { text += " \(status)" }
        if let serviceCode, !serviceCode.isEmpty { text += " \(serviceCode)" }
        text += ": \(message)"
        var ids: [String] = []
        if let requestId { ids.append("\(service == .identity ? "trace-id" : "request-id") \(requestId)") }
        if let clientRequestId {
            ids.append("\(service == .identity ? "correlation-id" : "client-request-id") \(clientRequestId)")
        }
        if !ids.isEmpty { text += " (\(ids.joined(separator: ", ")))" }
        if status == nil, let host, !message.contains(host) { text += " [host \(host)]" }
        return text
    }
}
