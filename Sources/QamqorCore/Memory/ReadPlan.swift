import QamqorSupport
/// How a reader takes apart one value of a field, as plain data: the kind of value, and for
/// records, enums and lists what they need, by pointers that count no reference.
///
/// Guarantees: the types and tables a shape points at are kept alive by the record type whose
/// ``ReadPlan`` holds the shape (its field types hold them), so a shape is valid while that type is.
package struct FieldShape: Sendable {
    package enum Kind: UInt8 { case boolean, integer, decimal, money, string, date, enumeration, record, list, other }

    package let kind: Kind
    /// The record type of a `record` value.
    package let record: Unmanaged<RecordType>?
    /// The enum type of an `enumeration` value (for messages) and its cases by their bytes.
    package let enumeration: Unmanaged<EnumType>?
    package let cases: UTF8NameTable.View?
    /// The shape of each element of a `list` (one element).
    package let element: FrozenBuffer<FieldShape>?

    package init(kind: Kind, record: Unmanaged<RecordType>? = nil, enumeration: Unmanaged<EnumType>? = nil,
         cases: UTF8NameTable.View? = nil, element: FrozenBuffer<FieldShape>? = nil) {
        self.kind = kind; self.record = record; self.enumeration = enumeration; self.cases = cases; self.element = element
    }

    /// The shape of a value of `type`; the element shapes of lists are allocated and added to
    /// `elements`, for their owner to free.
    package init(_ type: ValueType, elements: inout [FrozenBuffer<FieldShape>]) {
        switch type {
        case .boolean: self.init(kind: .boolean)
        case .integer: self.init(kind: .integer)
        case .decimal: self.init(kind: .decimal)
        case .money: self.init(kind: .money)
        case .string: self.init(kind: .string)
        case .date: self.init(kind: .date)
        case .enumeration(let e): self.init(kind: .enumeration, enumeration: .passUnretained(e), cases: e.caseTable.view)
        case .record(let r): self.init(kind: .record, record: .passUnretained(r))
        case .list(let inner):
            let element = FrozenBuffer(copying: [FieldShape(inner, elements: &elements)])
            elements.append(element)
            self.init(kind: .list, element: element)
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
        return element[0]
    }

    /// The enum type of an `enumeration` shape.
    package var enumType: EnumType {
        guard let enumeration else { preconditionFailure("an enum shape without its type") }
        return enumeration.takeUnretainedValue()
    }

    /// The static type of a number shape, for messages.
    package var numberType: ValueType { kind == .integer ? .integer : kind == .money ? .money : .decimal }
}

/// What a reader needs about a record type, as plain memory made once with the type and freed
/// with it: each field's shape and bounds; the template a record starts from (each field's
/// default, or a placeholder for a field without one); which template values hold a reference
/// (the others are copied as bytes); the required slots (no default: a missing fact when a
/// record leaves them out); and the field names by their bytes.
///
/// Taking a plan out of its type copies no reference: a record read costs no count for it.
package struct ReadPlan: Sendable {
    package let count: Int
    package let shapes: FrozenBuffer<FieldShape>
    package let bounds: FrozenBuffer<FieldBounds>
    package let template: FrozenBuffer<Value>
    package let referenceSlots: FrozenBuffer<Int>
    package let referenceSlotCount: Int
    package let required: FrozenBuffer<Int>
    package let requiredCount: Int
    package let names: UTF8NameTable.View

    /// The template's values that hold a reference, by slot.
    @inline(__always) package var referenceSlotList: UnsafeBufferPointer<Int> { referenceSlots.elements(referenceSlotCount) }
    /// The slots a record must give (no default).
    @inline(__always) package var requiredList: UnsafeBufferPointer<Int> { required.elements(requiredCount) }

    /// The memory of one plan, made with it and freed with it; nothing in it is written after.
    package final class Storage: Sendable {
        package let plan: ReadPlan
        /// The name table the plan's `names` view looks into.
        private let nameTable: UTF8NameTable
        /// The element shapes of list fields (and of lists of lists), one each.
        private let elementShapes: [FrozenBuffer<FieldShape>]

        /// The plan of fields `f` (types, defaults, bounds, names) and its memory.
        package init(fields f: [FieldSpec]) {
            nameTable = UTF8NameTable(f.map(\.name))
            var elements: [FrozenBuffer<FieldShape>] = []
            let shapes = FrozenBuffer(copying: f.map { FieldShape($0.type, elements: &elements) })
            elementShapes = elements
            let values = f.map { $0.defaultValue ?? .bool(false) }
            let referenceSlots = values.indices.filter { values[$0].holdsReference }, required = f.indices.filter { f[$0].defaultValue == nil }
            plan = ReadPlan(count: f.count, shapes: shapes,
                            bounds: FrozenBuffer(copying: f.map { FieldBounds(isMonth: $0.isMonth, minimum: $0.minimum, maximum: $0.maximum, dates: $0.dates, maxItems: $0.maxItems ?? .max, format: $0.format) }),
                            template: FrozenBuffer(copying: values),
                            referenceSlots: FrozenBuffer(copying: referenceSlots), referenceSlotCount: referenceSlots.count,
                            required: FrozenBuffer(copying: required), requiredCount: required.count,
                            names: nameTable.view)
        }

        deinit {
            for e in elementShapes { e.free(count: 1) }
            plan.shapes.free(count: plan.count); plan.bounds.free(count: plan.count); plan.template.free(count: plan.count)
            plan.referenceSlots.free(count: plan.referenceSlotCount); plan.required.free(count: plan.requiredCount)
        }
    }
}
