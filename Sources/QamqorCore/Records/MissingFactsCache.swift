import QamqorSupport
/// Shares the ``MissingFacts`` value of an absent field among the records one thread reads, so
/// that a batch does not build the same `members[1].youngest_child_birth_date` text and object
/// for every household. Not thread-safe: one cache per thread.
///
/// Guarantees: the value returned for a path always lists exactly that path.
public final class MissingFactsCache {
    /// Open addressing over 4 096 places: a key (0 = empty) and its value at the same index.
    @exclusivity(unchecked) private var keys = [UInt64](repeating: 0, count: 4096)
    @exclusivity(unchecked) private var values = [MissingFacts?](repeating: nil, count: 4096)
    @exclusivity(unchecked) private var used = 0

    public init() {}

    /// The value cached for the path encoded as `key` (not 0), or nil.
    @inline(__always) package func facts(_ key: UInt64) -> MissingFacts? {
        var h = Self.place(key)
        while true {
            let k = keys[h]
            if k == key { return values[h] }
            if k == 0 { return nil }
            h = (h + 1) & 4095
        }
    }

    /// Keeps `facts` for the path encoded as `key` (not 0) while the table is less than three
    /// quarters full.
    package func keep(_ facts: MissingFacts, key: UInt64) {
        guard used < 3072 else { return }
        var h = Self.place(key)
        while keys[h] != 0 && keys[h] != key { h = (h + 1) & 4095 }
        if keys[h] == 0 { used += 1 }
        keys[h] = key; values[h] = facts
    }

    @inline(__always) private static func place(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52) }
}
