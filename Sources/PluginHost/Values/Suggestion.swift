/// "Did you mean ...?" for misspelt names: the closest candidate by edit distance, when it is close enough.
public enum Suggestion {
    /// The candidate nearest to `word` (case-insensitive Levenshtein distance of at most a third of its length,
    /// and at least 1 or 2), else the only candidate that `word` begins, or nil.
    public static func closest(to word: String, in candidates: some Collection<String>) -> String? {
        let target = Array(word.lowercased())
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        if let best, best.distance <= max(2, word.count / 3), best.distance < word.count { return best.name }
        // A word that begins exactly one candidate is a shortened name ("adobe-campaign" for "adobe-campaign-d365").
        let lowered = word.lowercased()
        let extensions = candidates.filter { $0.lowercased().hasPrefix(lowered) }
        return word.count >= 3 && extensions.count == 1 ? extensions[0] : nil
    }

    /// ` (did you mean 'x'?)`, or an empty string.
    public static func hint(for word: String, in candidates: some Collection<String>) -> String {
        closest(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
