public import MicrosoftCloud

/// Who a run changes: the tenant and the Dataverse org. A run resumes only a run of the same target identity.
public struct TargetIdentity: Sendable, Hashable, CustomStringConvertible {
    /// The tenant (domain or GUID) as configured.
    public var tenant: String
    /// The org URL.
    public var org: String

    public init(tenant: String, org: String) {
        self.tenant = tenant
        self.org = org
    }

    public var description: String { "tenant \(tenant), org \(org)" }

    var json: JSONValue { ["tenant": .string(tenant), "org": .string(org)] }

    init(json: JSONValue?) {
        tenant = json?["tenant"]?.stringValue ?? ""
        org = json?["org"]?.stringValue ?? ""
    }
}

/// How a step ended.
public enum StepState: String, Sendable, Hashable {
    /// Planned (plan mode): the changes are listed.
    case planned
    /// In sync: nothing was written.
    case unchanged
    /// Changes were applied and verified.
    case changed
    /// Finished in an earlier run that this run resumes (or `--from` took its outputs): not run again.
    case done
    /// Skipped on purpose (debugger).
    case skipped
    /// A manual gate waits for the operator.
    case waiting
    /// Failed.
    case failed

    /// Whether the step's outputs can be used by later steps.
    public var isSuccess: Bool { self == .unchanged || self == .changed || self == .done }
}

/// How a run ended.
public enum RunStatus: String, Sendable, Hashable {
    case succeeded
    case failed
    /// A manual gate stopped the run; a later run continues once the operator has done the work.
    case waiting
    /// Stopped on purpose (a refused confirmation after start).
    case aborted
    /// The operator quit the step debugger; the next run resumes it.
    case paused
}

/// A change of a plan, as journals and events record it.
public struct ChangeSummary: Sendable, Hashable {
    /// `create`, `update`, `delete`, `replace`, `assign` or `manual`.
    public var action: String
    /// What is changed.
    public var target: String
    /// More detail, if any.
    public var detail: String?

    public init(action: String, target: String, detail: String? = nil) {
        self.action = action
        self.target = target
        self.detail = detail
    }

    /// `create application 'adobe campaign stage' (single tenant)`.
    public var text: String { "\(action) \(target)" + (detail.map { " (\($0))" } ?? "") }

    var json: JSONValue {
        var object: [String: JSONValue] = ["action": .string(action), "target": .string(target)]
        if let detail { object["detail"] = .string(detail) }
        return .object(object)
    }

    init(json: JSONValue) {
        action = json["action"]?.stringValue ?? ""
        target = json["target"]?.stringValue ?? ""
        detail = json["detail"]?.stringValue
    }
}

/// A step's failure: the host error code (or `engine.*`) and the sentence.
public struct FailureSummary: Sendable, Hashable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// A run began.
public struct RunStartRecord: Sendable, Hashable {
    public var run: String
    public var time: String
    /// `plan` or `apply`.
    public var mode: String
    public var runbook: String
    public var customer: String
    public var environment: String
    public var target: TargetIdentity
    public var cliVersion: String
    /// The unfinished run this one resumes, if any.
    public var resumes: String?

    public init(run: String, time: String, mode: String, runbook: String, customer: String, environment: String,
                target: TargetIdentity, cliVersion: String, resumes: String? = nil) {
        self.run = run
        self.time = time
        self.mode = mode
        self.runbook = runbook
        self.customer = customer
        self.environment = environment
        self.target = target
        self.cliVersion = cliVersion
        self.resumes = resumes
    }
}

/// A step began.
public struct StepStartRecord: Sendable, Hashable {
    public var run: String
    public var step: String
    public var plugin: String
    public var time: String

    public init(run: String, step: String, plugin: String, time: String) {
        self.run = run
        self.step = step
        self.plugin = plugin
        self.time = time
    }
}

/// A step ended.
public struct StepEndRecord: Sendable, Hashable {
    public var run: String
    public var step: String
    public var plugin: String
    public var time: String
    public var status: StepState
    public var durationMs: Int
    /// The step's non-secret outputs (strings redacted).
    public var outputs: [String: JSONValue]
    /// The planned (or applied) changes.
    public var changes: [ChangeSummary]
    /// Why it failed, for `failed` and `waiting`.
    public var failure: FailureSummary?
    /// For `done`: the run that did the work.
    public var doneIn: String?
    /// HTTP requests the step sent.
    public var requests: Int

    public init(run: String, step: String, plugin: String, time: String, status: StepState, durationMs: Int,
                outputs: [String: JSONValue] = [:], changes: [ChangeSummary] = [], failure: FailureSummary? = nil,
                doneIn: String? = nil, requests: Int = 0) {
        self.run = run
        self.step = step
        self.plugin = plugin
        self.time = time
        self.status = status
        self.durationMs = durationMs
        self.outputs = outputs
        self.changes = changes
        self.failure = failure
        self.doneIn = doneIn
        self.requests = requests
    }
}

/// A run ended.
public struct RunEndRecord: Sendable, Hashable {
    public var run: String
    public var time: String
    public var status: RunStatus
    public var durationMs: Int

    public init(run: String, time: String, status: RunStatus, durationMs: Int) {
        self.run = run
        self.time = time
        self.status = status
        self.durationMs = durationMs
    }
}

/// One line of a journal.
public enum JournalRecord: Sendable, Hashable {
    case runStarted(RunStartRecord)
    case stepStarted(StepStartRecord)
    case stepFinished(StepEndRecord)
    case runFinished(RunEndRecord)

    /// The run the record belongs to.
    public var run: String {
        switch self {
        case .runStarted(let record): record.run
        case .stepStarted(let record): record.run
        case .stepFinished(let record): record.run
        case .runFinished(let record): record.run
        }
    }
}
