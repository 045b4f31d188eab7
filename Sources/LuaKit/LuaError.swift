/// An error from Lua: a chunk that does not compile, an error raised while running, a limit, or a value that cannot
/// cross between Lua and Swift.
public struct LuaError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        /// The chunk does not compile (or is not text).
        case syntax
        /// An error raised while running (by `error`, a failed operation, or a host function).
        case runtime
        /// The instruction budget ran out.
        case instructionLimit
        /// The memory cap was reached.
        case memoryLimit
        /// A value cannot be converted between Lua and Swift (cycle, too deep, unsupported type).
        case conversion
        /// A file could not be read.
        case file
        /// The API was used wrongly (for example a reference from another state).
        case usage
    }

    /// What went wrong, broadly.
    public let kind: Kind
    /// A sentence for people, starting with `chunk:line:` when the position is known.
    public let message: String
    /// The error value as raised in Lua: a string, or a table's fields (as `.map`) for table errors.
    public let value: LuaValue
    /// Where the error was raised (`chunk:line` of the nearest Lua frame), when known.
    public let position: String?
    /// The Lua stack traceback at the error, when known.
    public let traceback: String?

    /// An error with these parts.
    public init(
        kind: Kind, message: String, value: LuaValue? = nil, position: String? = nil, traceback: String? = nil
    ) {
        self.kind = kind
        self.message = message
        self.value = value ?? .string(message)
        self.position = position
        self.traceback = traceback
    }

    /// The `code` field of a table error (for example `graph.not_found`), or nil.
    public var code: String? { value["code"].stringValue }

    /// The message.
    public var description: String { message }
}

/// An error a host function throws to raise a Lua table error `{code = ..., message = ..., <fields>}` whose
/// `tostring` is the message, so plugins can branch on `code`.
public struct LuaHostError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code such as `graph.not_found`.
    public var code: String
    /// A sentence for people.
    public var message: String
    /// More fields of the error table (such as `status` or `request_id`).
    public var fields: [String: LuaValue]

    /// A host error with a code, a message and more fields.
    public init(code: String, message: String, fields: [String: LuaValue] = [:]) {
        self.code = code
        self.message = message
        self.fields = fields
    }

    /// The message.
    public var description: String { message }
}

/// An error a host function throws to raise a Lua string error prefixed with the caller's position, as `error()`
/// does: `plugin.lua:12: graph.get: argument 1 (path) must be a string, got nil`.
public struct LuaArgumentError: Error, Sendable, CustomStringConvertible {
    /// The message, without the position.
    public var message: String

    /// An error with this message.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
