import Foundation
import PluginHost

/// A breakpoint at a line of a plugin (or helper) file.
struct LineBreakpoint {
    let number: Int
    /// The file as shown: a plugin folder joined with the path inside it (`plugins/dataverse/process_owner.lua`).
    let file: String
    /// The absolute path, symlinks resolved: what line events are matched against.
    let path: String
    let line: Int
    var hits = 0
}

/// The breakpoints of a debugging session: lines of plugin files, resolved against the plugin folders and checked
/// to hold code, and the HTTP-error breakpoint. Numbers are never reused.
struct Breakpoints {
    private(set) var lines: [LineBreakpoint] = []
    /// The number of the HTTP-error breakpoint, when set.
    private(set) var httpError: Int?
    private var nextNumber = 1
    /// The plugin folders, as given.
    let roots: [String]
    /// Absolute paths of chunk names seen in line events.
    private var paths: [String: String] = [:]
    /// Lines with a breakpoint, by absolute path.
    private var index: [String: Set<Int>] = [:]
    /// Source files read so far, by absolute path.
    private var sources: [String: LuaSourceLines] = [:]

    init(roots: [String]) {
        self.roots = roots
    }

    var hasLines: Bool { !lines.isEmpty }

    /// Adds a breakpoint; returns the line that confirms it.
    mutating func add(_ target: BreakTarget) throws(DebugCommandError) -> String {
        switch target {
        case .httpError:
            if let number = httpError { return "breakpoint \(number) already stops at HTTP errors" }
            httpError = nextNumber
            nextNumber += 1
            return "breakpoint \(httpError!): stop after any HTTP exchange that answers 400 or more (or fails)"
        case .line(let typed, let line):
            let (file, path) = try resolve(typed)
            let source = try self.source(path, shown: file)
            guard line <= source.lines.count else {
                throw DebugCommandError("\(file) has \(source.lines.count) lines; there is no line \(line)")
            }
            guard source.codeLines.contains(line) else {
                let kind = source.text(line)?.trimmingCharacters(in: .whitespaces).isEmpty == true ? "blank" : "a comment"
                let next = source.nextCodeLine(after: line).map { "; the next line with code is \($0)" } ?? ""
                throw DebugCommandError("\(file):\(line) is \(kind), where Lua never stops\(next)")
            }
            if let existing = lines.first(where: { $0.path == path && $0.line == line }) {
                return "breakpoint \(existing.number) is already at \(file):\(line)"
            }
            lines.append(LineBreakpoint(number: nextNumber, file: file, path: path, line: line))
            index[path, default: []].insert(line)
            nextNumber += 1
            return "breakpoint \(nextNumber - 1) at \(file):\(line): \(Self.excerpt(source.text(line) ?? ""))"
        }
    }

    /// Deletes breakpoint `number`; returns the line that confirms it.
    mutating func delete(_ number: Int) throws(DebugCommandError) -> String {
        if httpError == number {
            httpError = nil
            return "deleted breakpoint \(number) (http-error)"
        }
        guard let position = lines.firstIndex(where: { $0.number == number }) else {
            let numbers = (lines.map(\.number) + (httpError.map { [$0] } ?? [])).sorted()
            throw DebugCommandError("there is no breakpoint \(number)"
                + (numbers.isEmpty ? " (there are none)" : " (they are \(numbers.map(String.init).joined(separator: ", ")))"))
        }
        let removed = lines.remove(at: position)
        index[removed.path]?.remove(removed.line)
        return "deleted breakpoint \(number) (\(removed.file):\(removed.line))"
    }

    /// The breakpoint at this line of the chunk `source` (as line events name it), counting the hit.
    mutating func hit(source: String, line: Int) -> LineBreakpoint? {
        let path: String
        if let known = paths[source] {
            path = known
        } else {
            path = Self.absolute(source)
            paths[source] = path
        }
        guard index[path]?.contains(line) == true,
              let position = lines.firstIndex(where: { $0.path == path && $0.line == line }) else { return nil }
        lines[position].hits += 1
        return lines[position]
    }

    /// The text of a line of the chunk `source`, when the file can be read.
    mutating func text(source: String, line: Int) -> String? {
        let path = paths[source] ?? Self.absolute(source)
        return (try? self.source(path, shown: source))?.text(line)
    }

    /// `breaks`: one line per breakpoint.
    func listing() -> [String] {
        var all: [(Int, String)] = lines.map { breakpoint in
            let hits = breakpoint.hits == 1 ? "1 hit" : "\(breakpoint.hits) hits"
            return (breakpoint.number, "\(breakpoint.number)  \(breakpoint.file):\(breakpoint.line)  (\(hits))")
        }
        if let httpError { all.append((httpError, "\(httpError)  http-error  (any exchange answering 400 or more)")) }
        guard !all.isEmpty else { return ["no breakpoints (break FILE:LINE, break http-error)"] }
        return all.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The file `typed` names, as shown and as an absolute path: a path inside a plugin folder
    /// (`dataverse/process_owner.lua`), a plugin ID (`dataverse.process_owner`), or a path from the working folder.
    private func resolve(_ typed: String) throws(DebugCommandError) -> (String, String) {
        var relative = typed
        if !relative.hasSuffix(".lua") {
            relative = (relative.contains("/") ? relative : relative.replacingOccurrences(of: ".", with: "/")) + ".lua"
        }
        for root in roots {
            let shown = root.hasSuffix("/") ? root + relative : root + "/" + relative
            if FileManager.default.fileExists(atPath: shown) { return (shown, Self.absolute(shown)) }
        }
        if FileManager.default.fileExists(atPath: relative) { return (relative, Self.absolute(relative)) }
        let known = PluginCatalogue(roots: roots).files().map { file in
            String(file.path.dropFirst(file.root.hasSuffix("/") ? file.root.count : file.root.count + 1))
        }
        throw DebugCommandError("no file \(relative) in the plugin folders (\(roots.joined(separator: ", ")))"
            + Suggestion.hint(for: relative, in: known))
    }

    private mutating func source(_ path: String, shown: String) throws(DebugCommandError) -> LuaSourceLines {
        if let known = sources[path] { return known }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DebugCommandError("\(shown) cannot be read")
        }
        let source = LuaSourceLines(text: String(decoding: data, as: UTF8.self))
        sources[path] = source
        return source
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// A line of code, trimmed and cut for a one-line message.
    static func excerpt(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 70 ? String(trimmed.prefix(67)) + "..." : trimmed
    }
}
