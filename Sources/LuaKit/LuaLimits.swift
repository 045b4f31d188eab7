/// Bounds on a call into Lua: an instruction budget and a memory cap. `nil` means unbounded.
public struct LuaLimits: Sendable, Equatable {
    /// How many Lua VM instructions a top-level call may run (nested calls share it).
    public var instructions: Int?
    /// How many bytes the whole Lua state may hold while Lua code runs.
    public var memoryBytes: Int?

    /// Limits with an instruction budget and a memory cap in bytes.
    public init(instructions: Int? = nil, memoryBytes: Int? = nil) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
    }

    /// Limits with an instruction budget and a memory cap in mebibytes.
    public init(instructions: Int?, memoryMB: Int?) {
        self.init(instructions: instructions, memoryBytes: memoryMB.map { $0 * 1024 * 1024 })
    }

    /// No limits.
    public static let unlimited = LuaLimits()

    /// The limits for plugin steps: 100,000,000 instructions and 256 MB.
    public static let pluginDefault = LuaLimits(instructions: 100_000_000, memoryMB: 256)

    /// "instruction budget of 1000000 exceeded" (what the error says).
    static func instructionMessage(_ limit: Int) -> String {
        "instruction budget of \(limit) exceeded"
    }

    /// "memory limit of 64 MB exceeded" (what the error says).
    static func memoryMessage(_ bytes: Int) -> String {
        let size = if bytes % (1024 * 1024) == 0 {
            "\(bytes / (1024 * 1024)) MB"
        } else if bytes % 1024 == 0 {
            "\(bytes / 1024) KB"
        } else {
            "\(bytes) bytes"
        }
        return "memory limit of \(size) exceeded"
    }
}
