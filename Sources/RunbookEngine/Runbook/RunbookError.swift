/// Where something is written: a file and, when it can be found, a line.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file as shown to people (relative to the working folder when inside it).
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?

    public init(file: String, line: Int? = nil) {
        self.file = file
        self.line = line
    }

    /// `file:line` or `file`.
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// One thing wrong with a runbook or overlay: the place, the step and field when there are any, and what is wrong.
public struct RunbookProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where.
    public var location: SourceLocation
    /// The step concerned, if any.
    public var step: String?
    /// What is wrong, as a sentence naming the field.
    public var message: String

    public init(_ location: SourceLocation, step: String? = nil, _ message: String) {
        self.location = location
        self.step = step
        self.message = message
    }

    /// `file:line: step 'app': message`.
    public var description: String {
        "\(location): " + (step.map { "step '\($0)': " } ?? "") + message
    }
}

/// A runbook, overlay or command line that cannot run: every problem found, each naming its place. Exit status 2.
public struct RunbookError: Error, Sendable, CustomStringConvertible {
    /// The problems, in the order found.
    public var problems: [RunbookProblem]

    public init(_ problems: [RunbookProblem]) {
        self.problems = problems
    }

    public init(_ location: SourceLocation, step: String? = nil, _ message: String) {
        self.problems = [RunbookProblem(location, step: step, message)]
    }

    /// One line per problem.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Collects problems while a runbook is read and checked, so one pass reports all of them.
struct ProblemList {
    private(set) var problems: [RunbookProblem] = []

    mutating func add(_ location: SourceLocation, step: String? = nil, _ message: String) {
        problems.append(RunbookProblem(location, step: step, message))
    }

    mutating func add(_ error: RunbookError) {
        problems += error.problems
    }

    var isEmpty: Bool { problems.isEmpty }

    /// Throws the collected problems, if any.
    func check() throws(RunbookError) {
        if !problems.isEmpty { throw RunbookError(problems) }
    }
}
