import Foundation

/// Generates client secrets shaped like Entra's: 40 characters, a 3-character hint, `~ . _ -` in every value, and
/// in every other value (the first included) characters that break naive form encoding (`+ @ [ ] : % & =`).
enum SecretGenerator {
    private static let plain = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    private static let safePunctuation = Array("~._-")
    private static let hostile = Array("+@[]:%&=")

    /// The `sequence`-th secret of a twin (0-based).
    static func make(sequence: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        var characters = (0..<3).map { _ in plain.randomElement(using: &generator)! }
        characters += Array("8Q~")
        var body = (0..<34).map { _ in plain.randomElement(using: &generator)! }
        var positions = Array(0..<34).shuffled(using: &generator)
        for mark in safePunctuation { body[positions.removeFirst()] = mark }
        if sequence % 2 == 0 {
            for _ in 0..<3 { body[positions.removeFirst()] = hostile.randomElement(using: &generator)! }
        }
        return String(characters + body)
    }
}
