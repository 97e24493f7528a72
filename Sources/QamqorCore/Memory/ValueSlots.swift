import QamqorSupport
/// Values kept by number for one decision (household-level definitions, per-record values), in
/// memory of their own, with the numbers set since the last clear.
///
/// Guarantees: `clear()` empties exactly the entries set since the last clear, so its cost is
/// that of the decision and not of the table; an entry holding a plain value (a number, a date,
/// an enum case) is emptied without a call to release anything. Not thread-safe: one per frame.
package final class ValueSlots {
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<Value?>
    @exclusivity(unchecked) package private(set) var capacity: Int
    @exclusivity(unchecked) private var set: UnsafeMutablePointer<Int>
    @exclusivity(unchecked) private var setCount = 0

    package init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
        base.initialize(repeating: nil, count: self.capacity)
        set = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: capacity)
        base.deallocate()
        set.deallocate()
    }

    /// The value of entry `i`, or nil when unset (or beyond the table).
    @inline(__always) package subscript(i: Int) -> Value? {
        i >= 0 && i < capacity ? base[i] : nil
    }

    /// Sets entry `i` (growing the table to at least `grow` entries when `i` is beyond it).
    @inline(__always) package func keep(_ v: Value, at i: Int, grow: Int = 0) {
        precondition(i >= 0, "value slot out of range")
        if i >= capacity { enlarge(to: max(i + 1, grow, capacity * 2)) }
        if base[i] == nil { set[setCount] = i; setCount += 1 }
        base[i] = v
    }

    /// Empties every entry set since the last clear.
    package func clear() {
        for k in 0..<setCount {
            let p = base + set[k]
            if p.pointee?.holdsReference == true { p.pointee = nil } else {
                // Plain bits: overwritten without destroying.
                (UnsafeMutableRawPointer(p)).initializeMemory(as: Value?.self, repeating: nil, count: 1)
            }
        }
        setCount = 0
    }

    private func enlarge(to n: Int) {
        let bigger = UnsafeMutablePointer<Value?>.allocate(capacity: n)
        bigger.moveInitialize(from: base, count: capacity)
        (bigger + capacity).initialize(repeating: nil, count: n - capacity)
        base.deallocate()
        base = bigger
        let biggerSet = UnsafeMutablePointer<Int>.allocate(capacity: n)
        biggerSet.moveInitialize(from: set, count: setCount)
        set.deallocate()
        set = biggerSet
        capacity = n
    }
}
