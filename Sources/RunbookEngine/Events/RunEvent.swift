public import Foundation
public import MicrosoftCloud

/// A step as events name it: its id, plugin and place in the run.
public struct StepHeader: Sendable, Hashable {
    public var id: String
    public var plugin: String
    /// 1-based position.
    public var index: Int
    /// Steps in the run.
    public var count: Int

    public init(id: String, plugin: String, index: Int, count: Int) {
        self.id = id
        self.plugin = plugin
        self.index = index
        self.count = count
    }
}

/// HTTP requests a step (or run) sent, by kind.
public struct RequestCount: Sendable, Hashable {
    /// Every request, token requests included.
    public var total = 0
    /// GET and HEAD requests.
    public var reads = 0
    /// POST, PATCH, PUT and DELETE requests other than token requests.
    public var writes = 0
    /// Requests to the token endpoint.
    public var tokens = 0

    public init(total: Int = 0, reads: Int = 0, writes: Int = 0, tokens: Int = 0) {
        self.total = total
        self.reads = reads
        self.writes = writes
        self.tokens = tokens
    }

    /// Counts one request.
    public mutating func count(method: String, isToken: Bool) {
        total += 1
        if isToken { tokens += 1 } else if method == "GET" || method == "HEAD" { reads += 1 } else { writes += 1 }
    }

    public static func + (lhs: RequestCount, rhs: RequestCount) -> RequestCount {
        RequestCount(total: lhs.total + rhs.total, reads: lhs.reads + rhs.reads, writes: lhs.writes + rhs.writes,
                     tokens: lhs.tokens + rhs.tokens)
    }
}

/// The beginning of a run.
public struct RunOpening: Sendable, Hashable {
    public var run: String
    /// `plan` or `apply`.
    public var mode: String
    public var target: RunTarget
    public var identity: TargetIdentity
    public var steps: [StepHeader]
    /// The unfinished run this one resumes.
    public var resumes: String?

    public init(run: String, mode: String, target: RunTarget, identity: TargetIdentity, steps: [StepHeader], resumes: String? = nil) {
        self.run = run
        self.mode = mode
        self.target = target
        self.identity = identity
        self.steps = steps
        self.resumes = resumes
    }
}

/// How a step ended.
public struct StepOutcome: Sendable, Hashable {
    public var status: StepState
    public var durationMs: Int
    /// Non-secret outputs.
    public var outputs: [String: JSONValue]
    public var changes: [ChangeSummary]
    public var requests: RequestCount
    public var failure: FailureSummary?
    /// For `done`: the run that did the work.
    public var doneIn: String?

    public init(status: StepState, durationMs: Int, outputs: [String: JSONValue] = [:], changes: [ChangeSummary] = [],
                requests: RequestCount = RequestCount(), failure: FailureSummary? = nil, doneIn: String? = nil) {
        self.status = status
        self.durationMs = durationMs
        self.outputs = outputs
        self.changes = changes
        self.requests = requests
        self.failure = failure
        self.doneIn = doneIn
    }
}

/// How a run ended.
public struct RunClosing: Sendable, Hashable {
    public var run: String
    public var mode: String
    public var status: RunStatus
    public var durationMs: Int
    /// Steps per status.
    public var statuses: [StepState: Int]
    /// Changes planned (plan) or applied (apply).
    public var changes: Int
    public var requests: RequestCount

    public init(run: String, mode: String, status: RunStatus, durationMs: Int, statuses: [StepState: Int], changes: Int,
                requests: RequestCount) {
        self.run = run
        self.mode = mode
        self.status = status
        self.durationMs = durationMs
        self.statuses = statuses
        self.changes = changes
        self.requests = requests
    }
}

/// Something that happened in a run, for renderers (live list, plain lines, JSON lines).
public struct RunEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        case runStarted(RunOpening)
        case stepStarted(StepHeader)
        /// The step's plan (empty when in sync).
        case stepPlanned(StepHeader, changes: [ChangeSummary])
        /// A progress line (`wait.poll`).
        case progress(StepHeader, message: String)
        /// A log line of the plugin (`info`, `warn`, `debug`).
        case log(StepHeader, level: String, message: String)
        case stepFinished(StepHeader, StepOutcome)
        case runFinished(RunClosing)
    }

    public var time: Date
    public var kind: Kind

    public init(time: Date = Date(), _ kind: Kind) {
        self.time = time
        self.kind = kind
    }
}

/// Receives a run's events (a renderer, a test recorder, the debugger).
public protocol RunEventSink: AnyObject {
    /// Handles one event; called on the run's thread, in order.
    func handle(_ event: RunEvent)
}
