import Foundation
import HTTPTransport

/// Reads the `{"error": {"code", "message", ...}}` answers of Graph, Dataverse and the Power Platform API.
enum ServiceErrors {
    static func graph(_ response: HTTPResponse, clientRequestId: String?, redactor: SecretRedactor) -> CloudError {
        var error = decode(response, service: .graph, redactor: redactor)
        let inner = (try? JSONValue.parse(response.body))?["error"]?["innerError"]
        error.requestId = inner?["request-id"]?.stringValue ?? error.requestId
        error.clientRequestId = inner?["client-request-id"]?.stringValue ?? clientRequestId
        if error.serviceCode == "Request_MultipleObjectsWithSameKeyValue" { error.code = .graphConflict }
        return error
    }

    static func dataverse(_ response: HTTPResponse, redactor: SecretRedactor) -> CloudError {
        var error = decode(response, service: .dataverse, redactor: redactor)
        switch error.serviceCode?.lowercased() {
        case "0x80072560": error.code = .dataverseUserNotMember
        case "0x80040237": error.code = .dataverseDuplicate
        case "0x80040217": error.code = .dataverseNotFound
        default:
            // The code is frequently empty: key off status and message.
            if response.status == 412, error.message.localizedCaseInsensitiveContains("matching key values already exists") {
                error.code = .dataverseDuplicate
            }
        }
        return error
    }

    static func powerPlatform(_ response: HTTPResponse, redactor: SecretRedactor) -> CloudError {
        decode(response, service: .powerPlatform, redactor: redactor)
    }

    /// The common part: status code mapping, `error.code` / `error.message`, the request id header.
    static func decode(_ response: HTTPResponse, service: CloudError.Service, redactor: SecretRedactor) -> CloudError {
        let json = try? JSONValue.parse(response.body)
        let error = json?["error"]
        let serviceCode = error?["code"]?.stringValue ?? json?["code"]?.stringValue
        var message = error?["message"]?.stringValue ?? json?["message"]?.stringValue ?? ""
        if message.isEmpty {
            let text = String(decoding: response.body.prefix(300), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            message = text.isEmpty || json != nil ? HTTPStatusText.reason(response.status) : text
        }
        return CloudError(
            code: .forStatus(response.status, prefix: service.rawValue), service: service, status: response.status,
            serviceCode: serviceCode?.isEmpty == false ? serviceCode : nil, message: redactor.redact(message),
            requestId: CloudSession.requestId(in: response.headers), host: response.url.host)
    }
}

/// Reason phrases for statuses whose answer had no message.
enum HTTPStatusText {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 424: "Failed Dependency"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "HTTP status \(status)"
        }
    }
}
