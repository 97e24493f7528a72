import QamqorSupport
/// Elements in memory of their own that were written before the buffer was made and are never
/// written again: what the read plans and name tables are made of. One pointer wide (the owner
/// knows how many elements there are), so that a plan taken out of its type copies little.
///
/// Why it may cross threads (the one waiver for all of them): nothing writes the memory after
/// the buffer exists, so any number of threads may read it at once; its owner (a ``ReadPlan``'s
/// storage, a ``UTF8NameTable``) frees it in its `deinit`, after the last reader is gone. It is
/// `Sendable` only when its elements are.
package struct FrozenBuffer<Element> {
    package let base: UnsafePointer<Element>

    /// Copies `items` into memory of their own (at least one element's room, so the base is never null).
    package init(copying items: [Element]) {
        let p = UnsafeMutablePointer<Element>.allocate(capacity: max(1, items.count))
        p.initialize(from: items, count: items.count)
        base = UnsafePointer(p)
    }

    /// The first `count` elements as a buffer, to iterate.
    @inline(__always) package func elements(_ count: Int) -> UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Element `i` (not checked: the callers index with slots of the same plan).
    @inline(__always) package subscript(i: Int) -> Element { base[i] }

    /// Destroys the `count` elements it was made with and frees the memory: for the owner's `deinit` only.
    package func free(count: Int) {
        UnsafeMutablePointer(mutating: base).deinitialize(count: count)
        base.deallocate()
    }
}

extension FrozenBuffer: @unchecked Sendable where Element: Sendable {}
