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

    /// Whether the value holds a counted reference (a text, a list, a record, missing facts);
    /// numbers, booleans, dates, periods and enum cases are plain bits, copied and dropped as such.
    @inline(__always) var holdsReference: Bool {
        switch self {
        case .bool, .int, .decimal, .enumCase, .date, .period: false
        case .text, .list, .record, .unknown: true
        }
    }

    /// The value as an exact decimal (integers widened); nil for non-numbers.
    @inline(__always) public var asDecimal: ExactDecimal? {
        switch self {
        case .decimal(let d): d
        case .int(let i): try? ExactDecimal(integer: i)
        default: nil
        }
    }
}

/// The facts an `.unknown` value is waiting for: field paths such as `members[2].birth_date`, or
/// parameters such as `parameter regional_median_income[almaty] on 2025-03-31`.
public final class MissingFacts: Sendable {
    public let paths: [String]

    public init(_ paths: [String]) { self.paths = paths }

    /// No missing fact (an amount or form that does not apply), shared rather than allocated.
    public static let none = MissingFacts([])

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
