/// The static type of an expression or a record field.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    case boolean
    case integer
    /// A plain exact decimal (a share, a ratio).
    case decimal
    /// An exact decimal amount of tenge.
    case money
    case string
    case date
    /// An inclusive range of dates (a quarter, a month).
    case period
    case enumeration(EnumType)
    case list(ValueType)
    case record(RecordType)
    /// The type of `[]` before it meets a context.
    case emptyList
    /// The outcome of another programme: `programs.ata.eligible`, `.amount`, `.form`.
    case programOutcome

    public var description: String {
        switch self {
        case .boolean: "boolean"
        case .integer: "integer"
        case .decimal: "decimal"
        case .money: "money"
        case .string: "text"
        case .date: "date"
        case .period: "period"
        case .enumeration(let e): e.name
        case .list(let t): "list of \(t)"
        case .record(let r): r.name
        case .emptyList: "empty list"
        case .programOutcome: "programme outcome"
        }
    }

    /// Integer, decimal or money.
    public var isNumeric: Bool {
        switch self {
        case .integer, .decimal, .money: true
        default: false
        }
    }
}

/// A closed set of named values with kk/ru/en labels, declared in `schema.yaml`.
/// At run time a value is its case's index, so comparing enums never compares strings.
public final class EnumType: Hashable, Sendable {
    public let name: String
    public let label: Localized
    public let cases: [String]
    public let labels: [Localized]
    private let indexByName: [String: Int]
    let caseTable: UTF8NameTable

    public init(name: String, label: Localized, cases: [String], labels: [Localized]) {
        self.name = name; self.label = label; self.cases = cases; self.labels = labels
        var m: [String: Int] = [:]
        for (i, c) in cases.enumerated() { m[c] = i }
        indexByName = m
        caseTable = UTF8NameTable(cases)
    }

    /// The index of case `name`, or nil.
    public func index(of name: String) -> Int? { indexByName[name] }

    public static func == (a: EnumType, b: EnumType) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// A record shape declared in `schema.yaml`: named, typed, labelled fields in a fixed order.
/// At run time a record is an array indexed by field slot, so a field access is an array index.
public final class RecordType: Hashable, @unchecked Sendable {
    public let name: String
    public internal(set) var label: Localized
    /// Fields in declaration order; a field's slot is its index. Filled once while loading, then
    /// never changed.
    public internal(set) var fields: [FieldSpec] = []
    private var slotByName: [String: Int] = [:]
    private(set) var nameTable = UTF8NameTable([])
    /// Each field's type, in slot order.
    private(set) var fieldTypes: [ValueType] = []
    /// What a reader needs per field, behind one reference (taking it out of the type is one
    /// count per record read, where an array per need would be one each).
    private(set) var readPlan = ReadPlan(types: [], bounds: [], template: [], referenceSlots: [], required: [])

    /// Plain memory, made once when the fields are set and freed with the type: each field's
    /// type and bounds; the template a record starts from (each field's default, or a placeholder
    /// for a field without one); which template values hold a reference (the others are copied
    /// as bytes); and the required slots (no default: a missing fact when a record leaves them out).
    final class ReadPlan {
        let count: Int
        let types: UnsafeMutablePointer<ValueType>
        let bounds: UnsafeMutablePointer<FieldBounds>
        let template: UnsafeMutablePointer<Value>
        let referenceSlots: UnsafeBufferPointer<Int>
        let required: UnsafeBufferPointer<Int>

        init(types t: [ValueType], bounds b: [FieldBounds], template v: [Value], referenceSlots r: [Int], required q: [Int]) {
            count = t.count
            types = .allocate(capacity: max(1, t.count)); types.initialize(from: t, count: t.count)
            bounds = .allocate(capacity: max(1, b.count)); bounds.initialize(from: b, count: b.count)
            template = .allocate(capacity: max(1, v.count)); template.initialize(from: v, count: v.count)
            let rp = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, r.count)); _ = rp.initialize(from: r)
            referenceSlots = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(rp)[0..<r.count])
            let qp = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, q.count)); _ = qp.initialize(from: q)
            required = UnsafeBufferPointer(rebasing: UnsafeBufferPointer(qp)[0..<q.count])
        }

        deinit {
            types.deinitialize(count: count); types.deallocate()
            bounds.deinitialize(count: count); bounds.deallocate()
            template.deinitialize(count: count); template.deallocate()
            UnsafeMutableRawPointer(mutating: referenceSlots.baseAddress)?.deallocate()
            UnsafeMutableRawPointer(mutating: required.baseAddress)?.deallocate()
        }
    }

    /// Text fields (of the first 64) that no rule of the rule set reads, as a bit mask: a batch
    /// that writes no explanation checks them but keeps no text (see ``FieldsRead``). Set once
    /// while the rule set is made, before it is shared.
    var unreadTextSlots: UInt64 = 0

    func markUnreadTexts(read: Set<String>) {
        var mask: UInt64 = 0
        for (k, f) in fields.enumerated() where k < 64 && f.type == .string && !read.contains(f.name) { mask |= 1 << UInt64(k) }
        unreadTextSlots = mask
    }


    /// Position among the schema's record types (0, 1, …); -1 for types made outside the schema.
    /// Records of a type are numbered per applicant file (``RecordValue/ordinal``).
    public internal(set) var number = -1

    init(name: String, label: Localized) { self.name = name; self.label = label }

    func setFields(_ f: [FieldSpec]) {
        fields = f
        slotByName = [:]
        for (i, x) in f.enumerated() { slotByName[x.name] = i }
        nameTable = UTF8NameTable(f.map(\.name))
        fieldTypes = f.map(\.type)
        let template = f.map { $0.defaultValue ?? .bool(false) }
        readPlan = ReadPlan(
            types: fieldTypes,
            bounds: f.map { FieldBounds(isMonth: $0.isMonth, minimum: $0.minimum, maximum: $0.maximum) },
            template: template,
            referenceSlots: template.indices.filter { k in
                switch template[k] {
                case .bool, .int, .decimal, .enumCase, .date, .period: false
                case .text, .list, .record, .unknown: true
                }
            },
            required: f.indices.filter { f[$0].defaultValue == nil })
    }


    /// The slot of field `name`, or nil.
    public func slot(of name: String) -> Int? { slotByName[name] }

    public static func == (a: RecordType, b: RecordType) -> Bool { a === b }
    public func hash(into h: inout Hasher) { h.combine(name) }
}

/// One field of a record type.
public struct FieldSpec: Sendable {
    public var name: String
    public var type: ValueType
    public var label: Localized
    /// The value used when a record leaves the field out; nil means "missing" (unknown).
    public var defaultValue: Value?
    /// Inclusive bounds for integer and money fields.
    public var minimum: ExactDecimal?
    public var maximum: ExactDecimal?
    /// A `month` field: written `YYYY-MM`, read as the month's first day.
    public var isMonth: Bool = false
}

/// What a reader checks about a value beyond its type: month format and numeric bounds.
public struct FieldBounds: Sendable {
    public var isMonth: Bool
    public var minimum: ExactDecimal?
    public var maximum: ExactDecimal?
}
