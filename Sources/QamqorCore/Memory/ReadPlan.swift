import QamqorSupport
/// How a reader takes apart one value of a field, as plain data: the kind of value, and for
/// records, enums and lists what they need, by pointers that count no reference.
///
/// Guarantees: the types and tables a shape points at are kept alive by the record type whose
/// ``ReadPlan`` holds the shape (its field types hold them), so a shape is valid while that type is.
package struct FieldShape: @unchecked Sendable {
    package enum Kind: UInt8 { case boolean, integer, decimal, money, string, date, enumeration, record, list, other }

    package let kind: Kind
    /// The record type of a `record` value.
    package let record: Unmanaged<RecordType>?
    /// The enum type of an `enumeration` value (for messages) and its cases by their bytes.
    package let enumeration: Unmanaged<EnumType>?
    package let cases: UTF8NameTable.View?
    /// The shape of each element of a `list`.
    package let element: UnsafePointer<FieldShape>?

    package init(kind: Kind, record: Unmanaged<RecordType>? = nil, enumeration: Unmanaged<EnumType>? = nil,
         cases: UTF8NameTable.View? = nil, element: UnsafePointer<FieldShape>? = nil) {
        self.kind = kind; self.record = record; self.enumeration = enumeration; self.cases = cases; self.element = element
    }

    /// The shape of a value of `type`; the element shapes of lists are allocated in `owner`.
    package init(_ type: ValueType, owner: ReadPlan.Storage) {
        switch type {
        case .boolean: self.init(kind: .boolean)
        case .integer: self.init(kind: .integer)
        case .decimal: self.init(kind: .decimal)
        case .money: self.init(kind: .money)
        case .string: self.init(kind: .string)
        case .date: self.init(kind: .date)
        case .enumeration(let e): self.init(kind: .enumeration, enumeration: .passUnretained(e), cases: e.caseTable.view)
        case .record(let r): self.init(kind: .record, record: .passUnretained(r))
        case .list(let inner): self.init(kind: .list, element: owner.keep(FieldShape(inner, owner: owner)))
        case .period, .emptyList, .programOutcome: self.init(kind: .other)
        }
    }

    /// Calls `body` with the record type of a `record` shape, counting no reference.
    @inline(__always) package func withRecordType<R>(_ body: (RecordType) -> R) -> R {
        guard let record else { preconditionFailure("a record shape without its type") }
        return record._withUnsafeGuaranteedRef(body)
    }

    /// The shape of each element of a `list` shape.
    @inline(__always) package var elementShape: FieldShape {
        guard let element else { preconditionFailure("a list shape without its element") }
        return element.pointee
    }

    /// The enum type of an `enumeration` shape.
    package var enumType: EnumType {
        guard let enumeration else { preconditionFailure("an enum shape without its type") }
        return enumeration.takeUnretainedValue()
    }

    /// The static type of a number shape, for messages.
    package var numberType: ValueType { kind == .integer ? .integer : kind == .money ? .money : .decimal }
}

/// What a reader needs about a record type, as plain memory made once when the type's fields are
/// set and freed with it: each field's shape and bounds; the template a record starts from (each
/// field's default, or a placeholder for a field without one); which template values hold a
/// reference (the others are copied as bytes); the required slots (no default: a missing fact
/// when a record leaves them out); and the field names by their bytes.
///
/// Taking a plan out of its type copies no reference: a record read costs no count for it.
package struct ReadPlan: @unchecked Sendable {
    package let count: Int
    package let shapes: UnsafePointer<FieldShape>
    package let bounds: UnsafePointer<FieldBounds>
    package let template: UnsafePointer<Value>
    package let referenceSlots: UnsafeBufferPointer<Int>
    package let required: UnsafeBufferPointer<Int>
    package let names: UTF8NameTable.View

    /// The memory of one plan, freed with it.
    package final class Storage: @unchecked Sendable {
        private var blocks: [UnsafeMutableRawPointer] = []
        private var template: (UnsafeMutablePointer<Value>, Int)?
        /// The name table the plan's `names` view looks into.
        package var nameTable = UTF8NameTable([])

        package func copy<T>(_ items: [T]) -> UnsafeBufferPointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, items.count))
            p.initialize(from: items, count: items.count)
            blocks.append(UnsafeMutableRawPointer(p))
            return UnsafeBufferPointer(start: p, count: items.count)
        }

        package func keep(_ shape: FieldShape) -> UnsafePointer<FieldShape> { copy([shape]).baseAddress! }

        package func copyTemplate(_ values: [Value]) -> UnsafePointer<Value> {
            let p = UnsafeMutablePointer<Value>.allocate(capacity: max(1, values.count))
            p.initialize(from: values, count: values.count)
            template = (p, values.count)
            return UnsafePointer(p)
        }

        deinit {
            // Shapes, bounds and slots are plain data; only the template's values are counted.
            for b in blocks { b.deallocate() }
            if let (p, n) = template { p.deinitialize(count: n); p.deallocate() }
        }
    }

    /// The plan of fields `f` (types, defaults, bounds, names), its memory kept by `storage`.
    package init(fields f: [FieldSpec], storage: Storage) {
        count = f.count
        storage.nameTable = UTF8NameTable(f.map(\.name))
        names = storage.nameTable.view
        shapes = storage.copy(f.map { FieldShape($0.type, owner: storage) }).baseAddress!
        bounds = storage.copy(f.map { FieldBounds(isMonth: $0.isMonth, minimum: $0.minimum, maximum: $0.maximum, dates: $0.dates, maxItems: $0.maxItems ?? .max, format: $0.format) }).baseAddress!
        let values = f.map { $0.defaultValue ?? .bool(false) }
        template = storage.copyTemplate(values)
        referenceSlots = storage.copy(values.indices.filter { values[$0].holdsReference })
        required = storage.copy(f.indices.filter { f[$0].defaultValue == nil })
    }
}
