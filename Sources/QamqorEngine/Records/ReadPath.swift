/// The path of the value a reader is at, as steps: a field by slot (≥ 0), list position `i` as
/// `-(i + 1)`, and `Int.min` for a key that is not a field (only while it is reported).
///
/// Guarantees: holds up to 80 steps in place (readers refuse nesting deeper than 64, and each
/// level adds at most one step), so following a document's nesting allocates nothing.
struct ReadPath {
    static let capacity = 80
    private var steps = InlineArray<80, Int>(repeating: 0)
    private(set) var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    @inline(__always) mutating func append(_ step: Int) {
        precondition(count < Self.capacity, "read path deeper than the reader allows")
        steps[count] = step
        count += 1
    }

    @inline(__always) mutating func removeLast() {
        precondition(count > 0, "read path is empty")
        count -= 1
    }

    /// The steps, first to last.
    var all: [Int] { (0..<count).map { steps[$0] } }

    @inline(__always) subscript(k: Int) -> Int { steps[k] }
}
