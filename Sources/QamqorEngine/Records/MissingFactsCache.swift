/// Shares the ``MissingFacts`` value of an absent field among the records one thread reads, so
/// that a batch does not build the same `members[1].youngest_child_birth_date` text and object
/// for every household. Not thread-safe: one cache per thread.
///
/// Guarantees: the value returned for a path always lists exactly that path.
public final class MissingFactsCache {
    /// Open addressing over 4 096 places: a key (0 = empty) and its value at the same index.
    private var keys = [UInt64](repeating: 0, count: 4096)
    private var values = [MissingFacts?](repeating: nil, count: 4096)
    private var used = 0

    public init() {}

    /// The cached value for the path encoded as `key`, or the one `make` builds (then cached,
    /// while the table is less than three quarters full).
    @inline(__always) func facts(_ key: UInt64, _ make: () -> String) -> MissingFacts {
        guard key != 0 else { return MissingFacts([make()]) }
        var h = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52)
        while true {
            let k = keys[h]
            if k == key, let m = values[h] { return m }
            if k == 0 { break }
            h = (h + 1) & 4095
        }
        let m = MissingFacts([make()])
        if used < 3072 { keys[h] = key; values[h] = m; used += 1 }
        return m
    }
}
