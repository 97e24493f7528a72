/// Shares the ``MissingFacts`` value of an absent field among the records one thread reads, so
/// that a batch does not build the same `members[1].youngest_child_birth_date` text and object
/// for every household. Not thread-safe: one cache per thread.
///
/// Guarantees: the value returned for a path always lists exactly that path.
public final class MissingFactsCache {
    private var table: [UInt64: MissingFacts] = [:]

    public init() {}

    /// The cached value for the path encoded as `key`, or the one `make` builds (then cached).
    @inline(__always) func facts(_ key: UInt64?, _ make: () -> String) -> MissingFacts {
        guard let key else { return MissingFacts([make()]) }
        if let m = table[key] { return m }
        let m = MissingFacts([make()])
        if table.count < 4096 { table[key] = m }
        return m
    }
}
