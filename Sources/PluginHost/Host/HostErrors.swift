import LuaKit
import MicrosoftCloud

extension CloudError {
    /// The error as Lua sees it: `{ code = "graph.not_found", status = 404, message = "Graph 404 ...",
    /// request_id = ..., service_code = ..., service = "graph" }`. The message is the full sentence
    /// (`Graph 403 Authorization_RequestDenied: Insufficient privileges ... (request-id ...)`).
    var luaError: LuaHostError {
        var fields: [String: LuaValue] = ["service": .string(service.rawValue)]
        if let status { fields["status"] = .integer(Int64(status)) }
        if let requestId { fields["request_id"] = .string(requestId) }
        if let serviceCode { fields["service_code"] = .string(serviceCode) }
        if let clientRequestId { fields["client_request_id"] = .string(clientRequestId) }
        return LuaHostError(code: code.rawValue, message: description, fields: fields)
    }
}

/// Runs a cloud call and turns its `CloudError` into the Lua error table.
func cloud<T>(_ body: () throws(CloudError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        throw error.luaError
    }
}

/// A host error of the host itself (not of a service), e.g. `secret.not_found`.
func hostError(_ code: String, _ message: String, _ fields: [String: LuaValue] = [:]) -> LuaHostError {
    LuaHostError(code: code, message: message, fields: fields)
}
