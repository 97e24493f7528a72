/// A line diff of two texts (Myers' O(ND) algorithm), in unified-diff hunks with three lines of
/// context: what a policy officer reads to see what a draft or a version changed.
///
/// Bounded: texts are compared line by line, and past `maxEdits` differing lines the diff stops
/// and says the files differ throughout, so no request can make it work without end.
public struct LineDiff: Sendable {
    /// One line of a hunk: kept, removed or added, with its line numbers in the old and new text.
    public enum Line: Sendable, Equatable {
        case same(String, old: Int, new: Int)
        case removed(String, old: Int)
        case added(String, new: Int)
    }

    /// A run of changes with their context.
    public struct Hunk: Sendable {
        public let oldStart: Int, oldCount: Int, newStart: Int, newCount: Int
        public let lines: [Line]

        /// `@@ -a,b +c,d @@` and the lines with ` `, `-` or `+`.
        public var text: String {
            var out = "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for l in lines {
                switch l {
                case .same(let s, _, _): out += " \(s)\n"
                case .removed(let s, _): out += "-\(s)\n"
                case .added(let s, _): out += "+\(s)\n"
                }
            }
            return out
        }
    }

    public let hunks: [Hunk]
    /// True when the texts differ in more than `maxEdits` lines and only the first are shown.
    public let truncated: Bool

    public var isEmpty: Bool { hunks.isEmpty }

    public init(old: String, new: String, context: Int = 3, maxEdits: Int = 2_000) {
        let a = Self.lines(old), b = Self.lines(new)
        let (script, truncated) = Self.editScript(a, b, maxEdits: maxEdits)
        self.truncated = truncated
        hunks = Self.hunks(script, context: context)
    }

    static func lines(_ text: String) -> [Substring] {
        var ls = text.split(separator: "\n", omittingEmptySubsequences: false)
        if ls.last == "" { ls.removeLast() }
        return ls
    }

    /// The whole comparison as kept, removed and added lines, in order.
    static func editScript(_ a: [Substring], _ b: [Substring], maxEdits: Int) -> ([Line], Bool) {
        let n = a.count, m = b.count
        let limit = min(n + m, maxEdits)
        // v[k + offset]: the furthest x on diagonal k; one saved copy of v per step d for the walk back.
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        var trace: [[Int]] = []
        var found = false
        outer: for d in 0...limit {
            trace.append(v)
            var k = -d
            while k <= d {
                var x: Int
                if k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]) {
                    x = v[k + 1 + offset]
                } else {
                    x = v[k - 1 + offset] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                v[k + offset] = x
                if x >= n && y >= m { found = true; break outer }
                k += 2
            }
        }
        guard found else {
            // Too different to diff within the bound: every old line removed, every new one added,
            // up to the bound.
            let removed = a.prefix(maxEdits).enumerated().map { Line.removed(String($0.element), old: $0.offset + 1) }
            let added = b.prefix(maxEdits).enumerated().map { Line.added(String($0.element), new: $0.offset + 1) }
            return (removed + added, true)
        }
        // Walk back from (n, m) through the saved diagonals.
        var script: [Line] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let vd = trace[d]
            let k = x - y
            let prevK = (k == -d || (k != d && vd[k - 1 + offset] < vd[k + 1 + offset])) ? k + 1 : k - 1
            let prevX = d == 0 ? 0 : vd[prevK + offset]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                script.append(.same(String(a[x - 1]), old: x, new: y)); x -= 1; y -= 1
            }
            if d > 0 {
                if x == prevX { script.append(.added(String(b[y - 1]), new: y)); y -= 1 } else { script.append(.removed(String(a[x - 1]), old: x)); x -= 1 }
            }
        }
        while x > 0 && y > 0 { script.append(.same(String(a[x - 1]), old: x, new: y)); x -= 1; y -= 1 }
        return (script.reversed(), false)
    }

    /// Groups the changes into hunks with `context` kept lines around each.
    static func hunks(_ script: [Line], context: Int) -> [Hunk] {
        let changed = script.indices.filter { if case .same = script[$0] { false } else { true } }
        guard let firstChange = changed.first else { return [] }
        var ranges: [ClosedRange<Int>] = []
        var start = max(0, firstChange - context), end = min(script.count - 1, firstChange + context)
        for i in changed.dropFirst() {
            if i - context <= end + 1 { end = min(script.count - 1, i + context) } else {
                ranges.append(start...end)
                start = max(0, i - context); end = min(script.count - 1, i + context)
            }
        }
        ranges.append(start...end)
        return ranges.map { r in
            let lines = Array(script[r])
            var oldStart = 0, newStart = 0, oldCount = 0, newCount = 0
            for l in lines {
                switch l {
                case .same(_, let o, let n):
                    if oldStart == 0 { oldStart = o }; if newStart == 0 { newStart = n }; oldCount += 1; newCount += 1
                case .removed(_, let o): if oldStart == 0 { oldStart = o }; oldCount += 1
                case .added(_, let n): if newStart == 0 { newStart = n }; newCount += 1
                }
            }
            return Hunk(oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount, lines: lines)
        }
    }
}
