/// A run-time value. Enum values are case indices (their type is known statically); records are
/// arrays indexed by field slot; a missing fact is `.unknown`, carrying the field paths it needs.
public enum Value: Sendable {
    case bool(Bool)
    case int(Int64)
    case decimal(ExactDecimal)
    case text(String)
    case enumCase(Int)
    case date(Day)
    case period(DayRange)
    case list([Value])
    case record(RecordValue)
    case unknown(MissingFacts)

    /// True for `.unknown`.
    public var isUnknown: Bool { if case .unknown = self { true } else { false } }

    /// The value as an exact decimal (integers widened); nil for non-numbers.
    @inline(__always) public var asDecimal: ExactDecimal? {
        switch self {
        case .decimal(let d): d
        case .int(let i): try? ExactDecimal(integer: i)
        default: nil
        }
    }
}

/// One record of an applicant file (the household, a member, an income line) with its field values
/// in slot order, and the path it was read from (`members[2]`) for reporting missing facts.
public final class RecordValue: Sendable {
    public let type: RecordType
    public let fields: [Value]
    public let path: String
    /// The record's position among the records of its type in its applicant file (0, 1, …), so
    /// that a decision can keep per-record values such as a member's age; -1 when not numbered.
    public let ordinal: Int

    public init(type: RecordType, fields: [Value], path: String, ordinal: Int = -1) {
        self.type = type; self.fields = fields; self.path = path; self.ordinal = ordinal
    }

    /// The value of field `name`, or nil when the type has no such field.
    public subscript(name: String) -> Value? {
        type.slot(of: name).map { fields[$0] }
    }
}

/// The facts an `.unknown` value is waiting for: field paths such as `members[2].birth_date`, or
/// parameters such as `parameter regional_median_income[almaty] on 2025-03-31`.
public final class MissingFacts: Sendable {
    public let paths: [String]

    public init(_ paths: [String]) { self.paths = paths }

    /// The union of two sets of missing facts, in first-seen order.
    public func merged(with other: MissingFacts) -> MissingFacts {
        if other === self || other.paths.isEmpty { return self }
        if paths.isEmpty { return other }
        var seen = Set(paths)
        var all = paths
        for p in other.paths where seen.insert(p).inserted { all.append(p) }
        return MissingFacts(all)
    }
}
