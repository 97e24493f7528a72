import QamqorSupport
/// The core's performance code: everything that handles raw memory or skips reference counting
/// for records, values and decisions lives in this folder; the byte-level part (scans, sinks,
/// parallel slices) is `QamqorSupport/Memory/`. Nowhere else in any target
/// (`MemoryContainmentTests` fails when an unsafe construct appears outside the two; the one
/// exception is `QamqorSupport/Support/YAMLGuard.swift`, which drives libyaml's C API).
///
/// Outside this folder, code may only *read* bytes through an `UnsafeBufferPointer<UInt8>`
/// handed to a closure (`withUnsafeBufferPointer`, ``JSONBytes/withBytes(_:)``) and must not keep
/// it after the closure returns; and mark stored properties of thread-confined objects
/// `@exclusivity(unchecked)` (the rule on ``Frame``).
///
/// ## Who owns what
/// - **Records** (``RecordValue``): a record's header and field values share one allocation.
///   Fields are set only while a reader builds the record, before it is shared; after that it
///   is immutable. A record made from a type's template copies the template's plain values
///   (numbers, dates, cases: no reference) as bytes and the others as counted copies
///   (``ReadPlan/referenceSlots`` lists them); its deinit destroys only values that hold a
///   reference.
/// - **Read plans** (``ReadPlan``, ``FieldShape``): flat memory made once with a record type
///   (its fields are given when it is made), freed with the type. The types and tables a shape
///   points at without counting are kept alive by that record type's field types: a shape is
///   valid while its record type is.
/// - **Frozen buffers** (``FrozenBuffer``): what plans and name tables are made of — memory
///   written before the buffer exists and never after, freed by its owner's `deinit`: the one
///   waiver of the compiler's `Sendable` check for the rule model's memory (read-only memory may be read by any thread).
/// - **Borrowed items** (``BorrowedItems``): the collection items in scope are copied in bit
///   for bit without a retain. Whoever pushes keeps the value alive and unchanged until the
///   matching pop; pushes and pops are balanced.
/// - **Unretained programmes** (``UnretainedReference``; `Unretained.swift`): a programme table
///   owns its programmes; a decision holds the table through its frame, and closures compiled
///   into the table reach it through the frame they are given (they hold no reference to it).
/// - **Value slots** (``ValueSlots``): one per frame, owned by it; emptied entry by entry.
/// - **Trace events** (``TraceEvents``): one per trace (so one per frame), owned by it; each
///   event a counted copy of its value, released when the trace is reset or freed.
/// - **Name tables** (``UTF8NameTable``): memory of their own, immutable after they are made,
///   freed with them; a ``UTF8NameTable/View`` is valid while its table is.
///
/// ## When a borrowed value may be read
/// A value reached without a count (a borrowed item, an unretained programme, a shape's type, a
/// name table's view, a byte buffer handed to a closure) may be read only while its owner is
/// alive: within the decision, the read, or the closure that handed it out.
///
/// ## Debug checks
/// Debug builds (`swift build`, `swift test`) check these invariants with `assert`: every read of
/// a borrowed item is within the items in scope and no item is left in scope when a frame is
/// reset; `put` stays within the room `reserve` made; byte scans stay inside their buffer; a
/// string made in place is ASCII. (Programme tables, plans and record types need no check:
/// they are immutable, and the compiler checks that they are `Sendable`.) Release builds keep only
/// the `precondition`s that stop a bug from reading outside memory (field slots, item depth).
package enum Memory {
    /// Whether this build checks the invariants above (a debug build).
    package static var checksInvariants: Bool {
        var on = false
        assert({ on = true; return true }())
        return on
    }
}
