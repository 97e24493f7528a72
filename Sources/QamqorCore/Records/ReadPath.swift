import QamqorSupport
/// The path of the value a reader is at, as steps: a field by slot (≥ 0), list position `i` as
/// `-(i + 1)`, and `Int.min` for a key that is not a field (only while it is reported).
///
/// Guarantees: holds up to 80 steps in place (readers refuse nesting deeper than 64, and each
/// level adds at most one step), so following a document's nesting allocates nothing.
package struct ReadPath {
    package static let capacity = 80
    private var steps = InlineArray<80, Int>(repeating: 0)
    package private(set) var count = 0

    package init() {}

    package var isEmpty: Bool { count == 0 }

    @inline(__always) package mutating func append(_ step: Int) {
        precondition(count < Self.capacity, "read path deeper than the reader allows")
        steps[count] = step
        packAppended(at: count, step)
        count += 1
    }

    @inline(__always) package mutating func removeLast() {
        precondition(count > 0, "read path is empty")
        count -= 1
        packRemoved(at: count)
    }

    /// The steps, first to last.
    package var all: [Int] { (0..<count).map { steps[$0] } }

    @inline(__always) package subscript(k: Int) -> Int { steps[k] }

    /// The first four steps packed 16 bits each (see ``key(slot:)``), kept as steps come and go;
    /// `unpackableAt` is the position of the first step among them that does not fit, or `Int.max`.
    private var packed: UInt64 = 0
    private var unpackableAt = Int.max

    /// A step as 16 bits (a field `0x8000 | slot`, a list position `i + 1`), or nil when it does not fit.
    @inline(__always) private static func packs(_ step: Int) -> UInt64? {
        if step >= 0, step < 0x7fff { return 0x8000 | UInt64(step) }
        if step < 0, step > -0x7fff { return UInt64(-step) }
        return nil
    }

    @inline(__always) private mutating func packAppended(at p: Int, _ step: Int) {
        guard p < 4, unpackableAt > p else { return }
        if let bits = Self.packs(step) { packed = packed << 16 | bits } else { unpackableAt = p }
    }

    @inline(__always) private mutating func packRemoved(at p: Int) {
        guard p < 4, unpackableAt >= p else { return }
        if unpackableAt == p { unpackableAt = .max } else { packed >>= 16 }
    }

    /// The path with a final field `slot` as one number (16 bits a step, up to four steps), or
    /// nil: how a thread's ``MissingFactsCache`` finds the missing fact of a field it has seen.
    package func key(slot: Int?) -> UInt64? {
        guard count + (slot == nil ? 0 : 1) <= 4, unpackableAt >= count else { return nil }
        guard let slot else { return packed }
        guard slot < 0x7fff else { return nil }
        return packed << 16 | 0x8000 | UInt64(slot)
    }
}
