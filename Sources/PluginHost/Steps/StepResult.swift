import MicrosoftCloud

/// One line of a plan (a `Change` of `_meta/plugin.lua`).
public struct PlannedChange: Sendable, Equatable {
    /// The kinds of change a plan may list.
    public enum Action: String, Sendable, CaseIterable {
        case create, update, delete, replace, assign, manual
    }

    public var action: Action
    /// What is changed, e.g. `application 'adobe campaign stage'`.
    public var target: String
    /// More detail, e.g. `signInAudience AzureADMyOrg`.
    public var detail: String?
    /// What `apply` needs from `plan` (unknown values allowed in plan mode).
    public var data: StepValue?

    public init(action: Action, target: String, detail: String? = nil, data: StepValue? = nil) {
        self.action = action
        self.target = target
        self.detail = detail
        self.data = data
    }

    /// `create application 'adobe campaign stage' (single tenant)`.
    public var summary: String {
        "\(action.rawValue) \(target)" + (detail.map { " (\($0))" } ?? "")
    }
}

/// How a step ended.
public enum StepStatus: String, Sendable, Equatable {
    /// In sync: the plan was empty.
    case unchanged
    /// Plan mode: changes are planned. Apply mode: changes were made.
    case changed
    /// It failed (see `StepError`).
    case failed
}

/// A log line of a step (from `log.*` or `print`), already redacted.
public struct StepLogLine: Sendable, Equatable {
    public enum Level: String, Sendable {
        case debug, info, warn
    }

    public var level: Level
    public var message: String
    /// The step it belongs to, or nil outside a step (scripts).
    public var step: String?

    public init(level: Level, message: String, step: String?) {
        self.level = level
        self.message = message
        self.step = step
    }
}

/// A progress line of a long wait (`wait.poll`, a package install), already redacted.
public struct StepProgress: Sendable, Equatable {
    /// What is being waited for.
    public var what: String
    /// Tries so far.
    public var attempt: Int
    /// Seconds since the wait started.
    public var elapsed: Double
    /// The wait's limit in seconds.
    public var timeout: Double
    /// Why the last try did not succeed yet (an error code, or `not yet`).
    public var detail: String
    /// The step it belongs to.
    public var step: String?

    /// `waiting for X: try 3, 4.1 s of 600 s (oauth.invalid_client)`.
    public var line: String {
        "waiting for \(what): try \(attempt), \(Self.seconds(elapsed)) s of \(Self.seconds(timeout)) s (\(detail))"
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f", value) : String(Int(value.rounded()))
    }
}

/// One HTTP exchange of a step, for the step debugger: secrets masked, bodies cut to `StepExchange.bodyLimit`.
public struct StepExchange: Sendable {
    /// The largest body kept, in UTF-8 bytes.
    public static let bodyLimit = 8 * 1024

    /// The service called (`graph`, `dataverse`, ...).
    public var service: String { record.service.rawValue }
    public var method: String { record.method }
    /// The URL, redacted (masked when first read).
    public var url: String { record.url }
    /// The status, or nil when no answer came.
    public var status: Int? { record.status }
    /// Seconds from sending to the last byte.
    public var duration: Double {
        let (seconds, attoseconds) = record.duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
    /// Which attempt of the call it was.
    public var attempt: Int { record.attempt }
    public var requestId: String? { record.requestId }
    /// The request body, redacted and bounded.
    public var requestBody: String? { record.requestBody.map(Self.bounded) }
    /// The response body, redacted and bounded (masked when first read: see `ExchangeRecord`).
    public var responseBody: String? { record.responseBody.map(Self.bounded) }
    /// The transport failure, when no answer came.
    public var failure: String? { record.failure }
    /// The step it belongs to, or nil outside a step.
    public let step: String?
    /// What it shows, read when asked: a step keeps up to `CallScope.exchangeLimit` of these and most are never
    /// looked at, so it holds the record rather than a second copy of every field.
    private let record: ExchangeRecord

    /// One line: `GET https://... -> 200 (12 ms, request-id ...)`.
    public var summary: String {
        let outcome = status.map(String.init) ?? "failed: \(failure ?? "no answer")"
        return "\(method) \(url) -> \(outcome) (\(Int(duration * 1000)) ms\(requestId.map { ", request-id \($0)" } ?? ""))"
    }

    init(_ record: ExchangeRecord, step: String?) {
        self.step = step
        self.record = record
    }

    static func bounded(_ text: String) -> String {
        guard text.utf8.count > bodyLimit else { return text }
        let cut = String(decoding: text.utf8.prefix(bodyLimit), as: UTF8.self)
        return cut + "... (\(text.utf8.count) bytes)"
    }
}

/// What the host reports while it works; every text has passed through the redactor.
public enum HostEvent: Sendable {
    case log(StepLogLine)
    case progress(StepProgress)
    case exchange(StepExchange)
}

/// What a step did.
public struct StepResult: Sendable {
    /// The step's id.
    public var step: String
    /// Its plugin.
    public var plugin: String
    /// Plan or apply.
    public var mode: StepMode
    /// `unchanged` or `changed` (failures throw `StepError`).
    public var status: StepStatus
    /// The plan.
    public var changes: [PlannedChange]
    /// The outputs: after apply, what `apply` returned; in plan mode, the same when the plan is empty and every
    /// parameter is known (apply ran read-only), else `.unknown("outputs.<step>.<name>")` for each declared output.
    public var outputs: [String: StepValue]
    /// The HTTP exchanges of the step, in order.
    public var exchanges: [StepExchange]
    /// The log lines of the step.
    public var logs: [StepLogLine]
}
