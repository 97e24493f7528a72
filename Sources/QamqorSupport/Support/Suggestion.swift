/// Finds the closest known name to a misspelt one, for "did you mean" hints.
public enum Suggestion {
    /// Names longer than this get no suggestion.
    public static let maxName = 200

    /// The candidate nearest to `name` by edit distance, if it is close enough to be a plausible
    /// typo (at most a third of the name's length, and at least 1 edit).
    /// Linear in the candidates' total length: a name longer than ``maxName`` scalars has no
    /// suggestion, and a candidate whose length differs by more than the limit is not compared.
    public static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        let length = name.unicodeScalars.count
        guard length <= maxName else { return nil }
        let limit = max(1, name.count / 3 + 1)
        var best: (String, Int)?
        for c in candidates where c != name {
            let cl = c.unicodeScalars.count
            guard cl <= maxName, abs(cl - length) <= limit else { continue }
            let d = distance(name, c)
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && c < best!.0) {
                best = (c, d)
            }
        }
        return best?.0
    }

    /// Levenshtein distance between two strings, by Unicode scalars.
    public static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&prev, &cur)
        }
        return prev[y.count]
    }
}
