import Foundation

/// Multi-valued HTTP header fields: names compare case-insensitively, order and repeats are kept.
public struct HTTPHeaders: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible {
    /// One header line.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields in the order they were added or received.
    public private(set) var fields: [Field] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { add(name, value) }
    }

    /// The first value for `name`, or nil.
    public subscript(name: String) -> String? {
        fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping existing ones with the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field named `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field named `name` (without copying shared storage when there is none).
    public mutating func remove(_ name: String) {
        guard contains(name) else { return }
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// Gives every field named `name` this value, in place (no field is added when there is none).
    public mutating func replaceValues(of name: String, with value: String) {
        for index in fields.indices where Self.namesMatch(fields[index].name, name) { fields[index].value = value }
    }

    /// Makes room for `count` fields, so adding up to that many allocates nothing more.
    public mutating func reserveCapacity(_ count: Int) {
        fields.reserveCapacity(count)
    }

    /// Whether two header names are the same, ignoring case: a byte comparison for ASCII names (all real ones),
    /// Foundation's case-insensitive comparison otherwise.
    public static func namesMatch(_ first: String, _ second: String) -> Bool {
        var first = first
        var second = second
        let ascii: Bool? = first.withUTF8 { left in
            second.withUTF8 { right in
                guard left.count == right.count else {
                    return left.contains { $0 >= 0x80 } || right.contains { $0 >= 0x80 } ? nil : false
                }
                for index in left.indices {
                    let (a, b) = (left[index], right[index])
                    if a >= 0x80 || b >= 0x80 { return nil }
                    if a == b { continue }
                    guard a | 0x20 == b | 0x20, a | 0x20 >= 0x61, a | 0x20 <= 0x7A else { return false }
                }
                return true
            }
        }
        return ascii ?? (first.caseInsensitiveCompare(second) == .orderedSame)
    }

    /// Appends `continuation` to the value of the last field (for folded header lines).
    mutating func appendToLastValue(_ continuation: String) {
        guard !fields.isEmpty else { return }
        fields[fields.count - 1].value += continuation
    }

    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }

    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}
