import QamqorSupport
/// One record of an applicant file (the household, a member, an income line) with its field values
/// in slot order, and the path it was read from (`members[2]`) for reporting missing facts.
///
/// The field values live in the same allocation as the record (one allocation per record, and
/// reading a field follows no second pointer). A record is immutable once made: its fields are
/// set only while a reader builds it, before it is shared.
public struct RecordValue: @unchecked Sendable {
    /// What a record knows besides its field values.
    package struct Header {
        package let type: RecordType
        package let path: String
        package let ordinal: Int
        /// The number of field values that follow.
        package let count: Int
    }

    /// The header and the field values in one allocation.
    package final class Storage: ManagedBuffer<Header, Value> {
        deinit {
            withUnsafeMutablePointers { h, e in
                // Values without a reference need no destroying: only the others go through the
                // value witness (most fields of a household are numbers, dates and cases).
                for k in 0..<h.pointee.count where e[k].holdsReference { (e + k).deinitialize(count: 1) }
            }
        }
    }

    package let storage: Storage

    /// A record of `type` with `fields` in slot order (as many as the type has fields). Readers
    /// pass the type's template of absent values and then set the fields they read.
    public static func make(type: RecordType, fields: [Value], path: String, ordinal: Int = -1) -> RecordValue {
        let b = Storage.create(minimumCapacity: fields.count) { _ in Header(type: type, path: path, ordinal: ordinal, count: fields.count) }
        let s = unsafeDowncast(b, to: Storage.self)
        s.withUnsafeMutablePointerToElements { e in
            fields.withUnsafeBufferPointer { t in if let base = t.baseAddress { e.initialize(from: base, count: t.count) } }
        }
        return RecordValue(storage: s)
    }

    /// A record of `type` holding its template (defaults, and placeholders for the fields without
    /// one), for a reader to fill in: the template's plain values are copied as bytes, only those
    /// holding a reference one by one.
    package static func fromTemplate(_ type: RecordType, plan: ReadPlan, ordinal: Int) -> RecordValue {
        let n = plan.count
        let b = Storage.create(minimumCapacity: n) { _ in Header(type: type, path: "", ordinal: ordinal, count: n) }
        let s = unsafeDowncast(b, to: Storage.self)
        s.withUnsafeMutablePointerToElements { e in
            UnsafeMutableRawPointer(e).copyMemory(from: plan.template.base, byteCount: n * MemoryLayout<Value>.stride)
            // Those bits were not counted copies: the values with a reference are copied properly.
            for k in plan.referenceSlotList { (e + k).initialize(to: plan.template[k]) }
        }
        return RecordValue(storage: s)
    }

    /// The record's type.
    @inline(__always) public var type: RecordType { storage.withUnsafeMutablePointerToHeader { $0.pointee.type } }
    /// Where the record was read from (`members[2]`); empty when the reader did not keep it.
    public var path: String { storage.withUnsafeMutablePointerToHeader { $0.pointee.path } }
    /// The record's position among the records of its type in its applicant file (0, 1, …), so
    /// that a decision can keep per-record values such as a member's age; -1 when not numbered.
    @inline(__always) public var ordinal: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee.ordinal } }
    /// The number of fields.
    @inline(__always) public var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// The value of the field in `slot` (a slot of the record's type).
    ///
    /// The bounds check stays a `precondition` on purpose: slots come from the compiled schema the
    /// record was read with, so no input can reach it, and it keeps an engine bug from reading
    /// memory outside the record. Reading an out-of-range slot as a missing fact instead was
    /// measured at 95 804 instructions a household against 91 829, with 50 % more retains
    /// (`bench/instructions.sh`, 2026-12-02).
    @inline(__always) public subscript(slot: Int) -> Value {
        precondition(slot >= 0 && slot < storage.withUnsafeMutablePointerToHeader { $0.pointee.count }, "field slot out of range")
        return storage.withUnsafeMutablePointerToElements { $0[slot] }
    }

    /// Sets a field while the record is being built (only readers call this, before the record
    /// is shared).
    @inline(__always) package func set(_ slot: Int, _ value: consuming Value) {
        precondition(slot >= 0 && slot < storage.withUnsafeMutablePointerToHeader { $0.pointee.count }, "field slot out of range")
        // The value is moved in; a plain value it replaces (most template entries) needs no destroying.
        let e = storage.withUnsafeMutablePointerToElements { $0 } + slot
        if e.pointee.holdsReference { e.pointee = value } else { e.initialize(to: value) }
        withExtendedLifetime(storage) {}
    }

    /// All field values in slot order (a copy).
    public var fields: [Value] {
        storage.withUnsafeMutablePointerToElements { e in Array(UnsafeBufferPointer(start: e, count: storage.withUnsafeMutablePointerToHeader { $0.pointee.count })) }
    }

    /// The value of field `name`, or nil when the type has no such field.
    public subscript(name: String) -> Value? {
        type.slot(of: name).map { self[$0] }
    }
}
