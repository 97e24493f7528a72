import QamqorSupport
/// The collection items in scope during an evaluation, innermost last, held *borrowed*: a value
/// is copied in bit for bit without retaining it (see the ownership rule in `Memory.swift`).
///
/// Invariants:
/// - whoever pushes a value keeps it alive and unchanged until the matching `pop` (the list being
///   iterated, or a local held past the pop with `withExtendedLifetime`);
/// - pushes and pops are balanced: after an evaluation, nothing is in scope;
/// - reading an item returns a proper (counted) copy; nothing is released when an item leaves.
///
/// Debug builds check the depth of every read and the balance of pushes and pops (``isEmpty``
/// is asserted when a frame is reset).
package struct BorrowedItems: ~Copyable {
    private var base: UnsafeMutablePointer<Value>
    private var capacity = 16
    package private(set) var count = 0

    package init() { base = .allocate(capacity: 16) }

    deinit {
        // The stack owns none of its values: nothing to release.
        base.deallocate()
    }

    package var isEmpty: Bool { count == 0 }

    /// Forgets every item (a frame reset: an evaluation that threw may leave some in scope).
    package mutating func removeAll() { count = 0 }

    /// Brings `v` into scope as the innermost item without retaining it.
    @inline(__always) package mutating func push(borrowing v: Value) {
        if count == capacity { grow() }
        withUnsafeBytes(of: v) { UnsafeMutableRawPointer(base + count).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        count += 1
    }

    /// Brings element `k` of `xs` into scope, straight from the list's memory (no copy, no
    /// count): the caller keeps `xs` alive and unchanged until the matching `pop`.
    @inline(__always) package mutating func push(elementOf xs: [Value], at k: Int) {
        assert(k >= 0 && k < xs.count, "item out of the list")
        if count == capacity { grow() }
        xs.withUnsafeBufferPointer { UnsafeMutableRawPointer(base + count).copyMemory(from: $0.baseAddress! + k, byteCount: MemoryLayout<Value>.size) }
        count += 1
    }

    /// Brings the item `depth` levels out into scope again as the innermost one (it stays alive
    /// while it is in scope further out).
    @inline(__always) package mutating func pushItem(_ depth: Int) {
        precondition(depth >= 0 && depth < count, "item out of scope")
        if count == capacity { grow() }
        UnsafeMutableRawPointer(base + count).copyMemory(from: base + (count - 1 - depth), byteCount: MemoryLayout<Value>.size)
        count += 1
    }

    /// Takes the innermost item out of scope.
    @inline(__always) package mutating func pop() {
        precondition(count > 0, "no item in scope")
        count -= 1
    }

    /// The item `depth` levels out from the innermost (0 = innermost), as a copy of its own.
    @inline(__always) package func item(_ depth: Int) -> Value {
        precondition(depth >= 0 && depth < count, "item out of scope")
        return base[count - 1 - depth]
    }

    /// The ordinal of the record in scope `depth` levels out, or -1 when that item is not a
    /// numbered record. Read in place: no copy of the item, no reference count touched.
    @inline(__always) package func ordinal(_ depth: Int) -> Int {
        precondition(depth >= 0 && depth < count, "item out of scope")
        guard case .record(let r) = base[count - 1 - depth] else { return -1 }
        return r.ordinal
    }

    /// Field `slot` of the record in scope `depth` levels out, or that item itself when it is
    /// not a record (an unknown passes through).
    @inline(__always) package func field(_ depth: Int, _ slot: Int) -> Value {
        precondition(depth >= 0 && depth < count, "item out of scope")
        switch base[count - 1 - depth] {
        case .record(let r): return r[slot]
        case let other: return other
        }
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Value>.allocate(capacity: capacity * 2)
        UnsafeMutableRawPointer(bigger).copyMemory(from: base, byteCount: count * MemoryLayout<Value>.stride)
        base.deallocate()
        base = bigger
        capacity *= 2
    }
}
