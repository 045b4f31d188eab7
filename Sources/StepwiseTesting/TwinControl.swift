public import Foundation
import HTTPTransport
public import MicrosoftCloud

/// A synchronous client of a twin's control endpoints (inspection, faults, device-code approval). Owns its own
/// transport: use it on one thread (inside `blocking { }` in async tests).
public final class TwinControl {
    /// The control origin.
    public let base: URL
    private let transport: HTTPTransport

    /// A client of the control endpoints at `base`.
    public init(base: URL) throws {
        self.base = base
        var configuration = HTTPTransportConfiguration()
        configuration.proxy = .none
        transport = try HTTPTransport(configuration: configuration)
    }

    /// `GET /info`.
    public func info() throws -> JSONValue { try call("GET", "/info") }

    /// `GET /state`: the twin's whole state.
    public func state() throws -> JSONValue { try call("GET", "/state") }

    /// `GET /requests?since=SEQ`: the request log entries after `since`.
    public func requests(since sequence: Int = 0) throws -> [JSONValue] {
        try call("GET", "/requests?since=\(sequence)")["requests"]?.arrayValue ?? []
    }

    /// `POST /reset`: back to the scenario's initial state, log and faults cleared.
    public func reset() throws { _ = try call("POST", "/reset") }

    /// `GET /faults`.
    public func faults() throws -> JSONValue { try call("GET", "/faults") }

    /// `PUT /faults` with the settings (same keys as the fault spec, e.g. `["lag.app": 1500]`).
    public func setFaults(_ settings: JSONValue) throws { _ = try call("PUT", "/faults", body: settings) }

    /// `POST /faults/rules`: a one-shot or counted rule, e.g.
    /// `["service": "graph", "method": "GET", "path_prefix": "/v1.0/applications", "status": 429, "retry_after": 2, "count": 1]`.
    public func addRule(_ rule: JSONValue) throws { _ = try call("POST", "/faults/rules", body: rule) }

    /// `GET /device/pending`: pending device-code sign-ins.
    public func pendingDeviceCodes() throws -> [JSONValue] {
        let answer = try call("GET", "/device/pending")
        return answer.arrayValue ?? answer["pending"]?.arrayValue ?? answer["value"]?.arrayValue ?? []
    }

    /// `POST /device/approve`: completes the sign-in as the scenario's admin user.
    public func approveDeviceCode(_ userCode: String) throws {
        _ = try call("POST", "/device/approve", body: ["user_code": .string(userCode)])
    }

    /// `POST /device/decline`.
    public func declineDeviceCode(_ userCode: String) throws {
        _ = try call("POST", "/device/decline", body: ["user_code": .string(userCode)])
    }

    /// Any control call; fails on a non-2xx answer with the status and body.
    public func call(_ method: String, _ path: String, body: JSONValue? = nil) throws -> JSONValue {
        var request = HTTPRequest(method: method, url: URL(string: base.absoluteString + path)!)
        request.headers.set("Accept", "application/json")
        if let body {
            request.body = body.serialized()
            request.headers.set("Content-Type", "application/json")
        }
        let response = try transport.send(request)
        guard (200...299).contains(response.status) else {
            throw TwinControlError(
                message: "\(method) \(path) answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        }
        return response.body.isEmpty ? .null : try JSONValue.parse(response.body)
    }
}

/// A control call that did not succeed.
public struct TwinControlError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
