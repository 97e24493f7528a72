import QamqorSupport
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

    /// The type's name in Kazakh, Russian and English, for diagnostics (enum and record types by
    /// their schema names).
    public var said: Localized {
        switch self {
        case .boolean: Localized("type.said.boolean")
        case .integer: Localized("type.said.integer")
        case .decimal: Localized("type.said.decimal")
        case .money: Localized("type.said.money")
        case .string: Localized("type.said.string")
        case .date: Localized("type.said.date")
        case .period: Localized("type.said.period")
        case .enumeration(let e): Localized(uniform: e.name)
        case .list(let t): Localized("type.list-of", ["what": t.said])
        case .record(let r): Localized(uniform: r.name)
        case .emptyList: Localized("type.r.empty-list")
        case .programOutcome: Localized("type.r.program-outcome")
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
    package let caseTable: UTF8NameTable

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
///
/// Immutable: made with its fields (the schema makes a type after the types its fields name).
public final class RecordType: Hashable, Sendable {
    public let name: String
    public let label: Localized
    /// Fields in declaration order; a field's slot is its index.
    public let fields: [FieldSpec]
    private let slotByName: [String: Int]
    /// Each field's type, in slot order.
    package let fieldTypes: [ValueType]
    /// What a reader needs per field, as plain memory (see ``ReadPlan``), and that memory.
    package let readPlan: ReadPlan
    private let readPlanStorage: ReadPlan.Storage
    /// Position among the schema's record types (0, 1, …); -1 for types made outside the schema.
    /// Records of a type are numbered per applicant file (``RecordValue/ordinal``).
    public let number: Int

    package init(name: String, label: Localized, fields: [FieldSpec] = [], number: Int = -1) {
        self.name = name; self.label = label; self.number = number
        self.fields = fields
        var slots: [String: Int] = [:]
        for (i, x) in fields.enumerated() { slots[x.name] = i }
        slotByName = slots
        fieldTypes = fields.map(\.type)
        readPlanStorage = ReadPlan.Storage(fields: fields)
        readPlan = readPlanStorage.plan
    }

    /// How a reader takes apart a value of this type (as the root of a document).
    package var shape: FieldShape { FieldShape(kind: .record, record: .passUnretained(self)) }

    /// The text fields (of the first 64) whose names are not in `read`, as a bit mask: what a
    /// batch that writes no explanation checks but keeps no text of (see ``FieldsRead``).
    package func unreadTextSlots(read: Set<String>) -> UInt64 {
        var mask: UInt64 = 0
        for (k, f) in fields.enumerated() where k < 64 && f.type == .string && f.format == nil && !read.contains(f.name) { mask |= 1 << UInt64(k) }
        return mask
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
    /// For date and month fields: the dates a record may give (the schema's `dates` range).
    public var dates: DayRange = .any
    /// For list fields: the most items a record may give (`max_items`, else
    /// ``defaultMaxItems``); nil only for fields that are not lists.
    public var maxItems: Int? = nil
    /// The most items of a list field whose schema gives no `max_items`.
    public static let defaultMaxItems = 1_000
    /// For text fields: a format the text must have (`format: iin`), checked by every reader.
    public var format: TextFormat? = nil
    /// For a member's field: the age from which forms ask it (`asked_from_age`); younger members
    /// are not asked. Only a hint to forms: records and rules read the field at every age.
    public var askedFromAge: Int? = nil

    public init(name: String, type: ValueType, label: Localized, defaultValue: Value? = nil, minimum: ExactDecimal? = nil, maximum: ExactDecimal? = nil,
                isMonth: Bool = false, dates: DayRange = .any, maxItems: Int? = nil, format: TextFormat? = nil, askedFromAge: Int? = nil) {
        self.name = name; self.type = type; self.label = label; self.defaultValue = defaultValue; self.minimum = minimum; self.maximum = maximum
        self.isMonth = isMonth; self.dates = dates; self.maxItems = maxItems; self.format = format; self.askedFromAge = askedFromAge
    }
}

/// A format a text field's value must have, checked when a record is read.
public enum TextFormat: String, Sendable {
    /// A Kazakh individual identification number (see ``IIN``).
    case iin
}

/// What a reader checks about a value beyond its type: month format, numeric bounds, the date
/// range and the length of a list.
public struct FieldBounds: Sendable {
    public var isMonth: Bool
    public var minimum: ExactDecimal?
    public var maximum: ExactDecimal?
    public var dates: DayRange = .any
    public var maxItems: Int = .max
    public var format: TextFormat? = nil
}
