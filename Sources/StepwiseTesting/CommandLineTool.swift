import Foundation
import RunbookEngine

/// Runs command-line tools (`curl`, `openssl`) for tests through `ChildProcess` (posix_spawn). Foundation's
/// `Process.run()` can crash when several tests start processes at once (swiftlang/swift-corelibs-foundation#5472):
/// it did, in a clean-clone run, while one test ran `openssl` and another `curl`.
public enum CommandLineTool {
    /// What a tool printed and how it ended.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `arguments` (a program found on `PATH`, then its arguments) with `input` on standard input (closed
    /// at once when nil) and waits for it to end.
    public static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let outcome = try ChildProcess.run(
            "/usr/bin/env", arguments, environment: ProcessInfo.processInfo.environment, input: input.map { Data($0.utf8) })
        return Result(
            status: outcome.signaled ? -outcome.status : outcome.status,
            stdout: String(decoding: outcome.stdout, as: UTF8.self), stderr: String(decoding: outcome.stderr, as: UTF8.self))
    }
}
