import Foundation

/// The control listener: inspection and fault control for tests and operators. Never logged, never faulted.
struct ControlService: TwinService {
    let twin: Twin

    func respond(to request: TwinRequest) async -> TwinResponse {
        switch (request.method, request.pathSegments) {
        case ("GET", ["info"]):
            return .json(200, JSON.parse((try? JSONEncoder().encode(twin.info)) ?? Data()) ?? .null)
        case ("GET", ["state"]):
            return .json(200, twin.stateJSON())
        case ("GET", ["requests"]):
            let since = request.queryValue("since").flatMap(Int.init) ?? 0
            return .json(200, ["requests": .array(twin.log.entries(since: since).map(\.json))])
        case ("POST", ["reset"]):
            twin.reset()
            return .json(200, ["reset": true])
        case ("GET", ["faults"]):
            return .json(200, twin.faults.settings.json)
        case ("PUT", ["faults"]):
            return replaceFaults(request)
        case ("GET", ["faults", "rules"]):
            return .json(200, ["rules": .array(twin.faults.rules.map(\.json))])
        case ("POST", ["faults", "rules"]):
            return addRule(request)
        case ("GET", ["device", "pending"]):
            return .json(200, ["pending": .array(twin.pendingDeviceSignIns())])
        case ("POST", ["device", "approve"]), ("POST", ["device", "decline"]):
            return decideDevice(request, approve: request.pathSegments[1] == "approve")
        case ("POST", ["clock", "advance"]):
            return advanceClock(request)
        case ("GET", ["clock"]):
            return .json(200, clockJSON)
        default:
            return .json(404, ["error": .string("no control endpoint \(request.method) \(request.path)")])
        }
    }

    private var clockJSON: JSON {
        ["now": .string(TwinTime.iso8601Precise(twin.clock.now())), "offset_ms": .int(twin.clock.manualOffset.milliseconds)]
    }

    private func replaceFaults(_ request: TwinRequest) -> TwinResponse {
        do {
            let settings: FaultSettings
            if let json = request.jsonBody {
                settings = try FaultSettings(json: json)
            } else {
                settings = try FaultSettings(spec: String(decoding: request.body, as: UTF8.self))
            }
            twin.faults.replace(settings)
            return .json(200, settings.json)
        } catch {
            return .json(400, ["error": .string(error.description)])
        }
    }

    private func addRule(_ request: TwinRequest) -> TwinResponse {
        guard let json = request.jsonBody else { return .json(400, ["error": "the body must be a JSON fault rule"]) }
        do {
            let rule = try FaultRule(json: json)
            twin.faults.add(rule)
            return .json(201, rule.json)
        } catch {
            return .json(400, ["error": .string(error.description)])
        }
    }

    private func decideDevice(_ request: TwinRequest, approve: Bool) -> TwinResponse {
        guard let userCode = request.jsonBody?["user_code"]?.stringValue else {
            return .json(400, ["error": "the body must be {\"user_code\": \"...\"}"])
        }
        switch twin.decideDeviceSignIn(userCode: userCode, approve: approve) {
        case .success(let entry): return .json(200, entry)
        case .failure(let message): return .json(404, ["error": .string(message.description)])
        }
    }

    private func advanceClock(_ request: TwinRequest) -> TwinResponse {
        let body = request.jsonBody
        let milliseconds = body?["ms"]?.intValue ?? body?["seconds"]?.intValue.map { $0 * 1000 }
        guard let milliseconds, milliseconds >= 0 else {
            return .json(400, ["error": "the body must be {\"seconds\": N} or {\"ms\": N} with N >= 0"])
        }
        twin.clock.advance(by: .milliseconds(milliseconds))
        return .json(200, clockJSON)
    }
}

/// A control request that names something the twin does not have.
struct ControlError: Error, CustomStringConvertible {
    var description: String
}

extension Twin {
    /// Pending device-code sign-ins (never the device code itself: it is a credential).
    func pendingDeviceSignIns() -> [JSON] {
        let now = clock.now()
        return state.withLock { state in
            state.deviceCodes.values.filter { $0.status == .pending && $0.expiresAt > now }
                .sorted { $0.createdAt < $1.createdAt }
                .map { ["user_code": .string($0.userCode), "client_id": .string($0.clientId),
                        "scope": .string($0.scopes.joined(separator: " ")),
                        "expires_at": .string(TwinTime.iso8601($0.expiresAt))] }
        }
    }

    /// Completes (as the scenario's admin user) or declines a pending device-code sign-in.
    func decideDeviceSignIn(userCode: String, approve: Bool) -> Result<JSON, ControlError> {
        let now = clock.now()
        let userId = scenario.adminUserId
        return state.withLock { state in
            let wanted = userCode.replacingOccurrences(of: "-", with: "").uppercased()
            guard let key = state.deviceCodes.first(where: {
                $0.value.userCode.replacingOccurrences(of: "-", with: "").uppercased() == wanted
            })?.key, var sign = state.deviceCodes[key] else {
                return .failure(ControlError(description: "no device sign-in with user code \(userCode)"))
            }
            guard sign.status == .pending, sign.expiresAt > now else {
                return .failure(ControlError(description: "the device sign-in \(userCode) is not pending"))
            }
            sign.status = approve ? .approved(userId: userId) : .declined
            state.deviceCodes[key] = sign
            return .success(["user_code": .string(sign.userCode), "status": approve ? "approved" : "declined"])
        }
    }
}
