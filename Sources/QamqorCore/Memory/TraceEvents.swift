import QamqorSupport
/// The events of one traced decision, in memory of their own: a value appended is one store
/// (no array uniqueness or capacity bookkeeping beyond a bound check), and each node's latest
/// event is noted as it is appended, so that the explainer finds a node's value with one read.
///
/// Guarantees: ``removeAll()`` releases exactly the events appended since the last one and
/// forgets every node's latest event (by counting on, not by clearing the table); ``last(_:)``
/// is the index of the node's latest event since then, or nil. Not thread-safe: one per trace,
/// and a trace belongs to one frame.
package final class TraceEvents {
    /// One value produced by one node of the checked tree (``TypedExpr/id``; negative ids are
    /// the reasons' placeholders, which nothing looks up by node).
    package struct Event {
        package let node: Int
        package let value: Value
    }

    @exclusivity(unchecked) private var base: UnsafeMutablePointer<Event>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) package private(set) var count = 0
    /// By node id: `generation << 32 | index` of the node's latest event, valid only when its
    /// upper half is the current `generation`.
    @exclusivity(unchecked) private var latest: UnsafeMutablePointer<UInt64>
    @exclusivity(unchecked) private var nodes: Int
    @exclusivity(unchecked) private var generation: UInt64 = 1

    package init() {
        capacity = 256
        base = .allocate(capacity: capacity)
        nodes = 256
        latest = .allocate(capacity: nodes)
        latest.initialize(repeating: 0, count: nodes)
    }

    deinit {
        for i in 0..<count where base[i].value.holdsReference { (base + i).deinitialize(count: 1) }
        base.deallocate()
        latest.deallocate()
    }

    /// Records that `node` produced `value`.
    @inline(__always) package func append(_ node: Int, _ value: Value) {
        if count == capacity { grow() }
        (base + count).initialize(to: Event(node: node, value: value))
        if node >= 0 {
            if node >= nodes { growNodes(to: node) }
            latest[node] = generation << 32 | UInt64(truncatingIfNeeded: count)
        }
        count += 1
    }

    /// Event `i`, or nil outside 0..<``count`` (nothing is read beyond the events recorded; a
    /// stretch of a test is always within them, so nil is never seen in practice).
    @inline(__always) package subscript(i: Int) -> Event? {
        i >= 0 && i < count ? base[i] : nil
    }

    /// The index of `node`'s latest event, or nil when it produced none since the last reset.
    @inline(__always) package func last(_ node: Int) -> Int? {
        guard node >= 0, node < nodes, latest[node] >> 32 == generation else { return nil }
        return Int(truncatingIfNeeded: latest[node] & 0xFFFF_FFFF)
    }

    /// Empties it for the next decision, keeping its memory. Only the events whose value holds
    /// a reference are destroyed one by one; the others (numbers, dates, results) need nothing.
    package func removeAll() {
        for i in 0..<count where base[i].value.holdsReference { (base + i).deinitialize(count: 1) }
        count = 0
        generation += 1
        if generation == 1 << 32 {
            generation = 1
            latest.update(repeating: 0, count: nodes)
        }
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<Event>.allocate(capacity: capacity * 2)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    private func growNodes(to node: Int) {
        let n = max(node + 1, nodes * 2)
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: n)
        bigger.moveInitialize(from: latest, count: nodes)
        (bigger + nodes).initialize(repeating: 0, count: n - nodes)
        latest.deallocate()
        latest = bigger
        nodes = n
    }
}
