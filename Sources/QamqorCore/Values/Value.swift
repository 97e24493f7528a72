import QamqorSupport
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
    @inline(__always) package var holdsReference: Bool {
        switch self {
        case .bool, .int, .decimal, .enumCase, .date, .period: false
        case .text, .list, .record, .unknown: true
        }
    }

    /// -1, 0 or 1 for ordered values (numbers, dates, text); 0 for values that do not compare.
    package static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.date(let x), .date(let y)): return x < y ? -1 : x == y ? 0 : 1
        case (.text(let x), .text(let y)): return x < y ? -1 : x == y ? 0 : 1
        default:
            guard let x = a.asDecimal, let y = b.asDecimal else { return 0 }
            return x < y ? -1 : x == y ? 0 : 1
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

/// The facts an `.unknown` value is waiting for: facts of the record (field paths such as
/// `members[2].birth_date`), or figures the rules lack (a ``RulesGap``), each once, in
/// first-seen order.
public final class MissingFacts: Sendable {
    public let facts: [MissingInput]

    public init(_ facts: [MissingInput]) { self.facts = facts }

    /// Missing facts of the record, by field path.
    public convenience init(paths: [String]) { self.init(paths.map(MissingInput.fact)) }

    /// No missing fact (an amount or form that does not apply), shared rather than allocated.
    public static let none = MissingFacts([])

    /// True when one of the missing inputs is a figure the rules lack.
    public var hasRulesGap: Bool { facts.contains(where: \.isRulesGap) }

    /// The union of two sets of missing facts, in first-seen order.
    public func merged(with other: MissingFacts) -> MissingFacts {
        if other === self || other.facts.isEmpty { return self }
        if facts.isEmpty { return other }
        var seen = Set(facts)
        var all = facts
        for p in other.facts where seen.insert(p).inserted { all.append(p) }
        return MissingFacts(all)
    }
}

/// One input a decision could not be made without: a fact the applicant's record does not give,
/// or a figure the rules do not have. Typed so that no reader ever parses the other back out of
/// a text; ``text`` is how both have always been written for clients.
public enum MissingInput: Hashable, Sendable, CustomStringConvertible {
    /// A fact of the record, by field path: `members[2].birth_date`, `application.applicant`.
    case fact(String)
    /// A figure the rules lack for a key and a day: a policy officer's work, not the applicant's.
    case rulesGap(RulesGap)

    /// True for a figure the rules lack.
    public var isRulesGap: Bool { if case .rulesGap = self { true } else { false } }

    /// The field path of a missing fact; nil for a rules gap.
    public var path: String? { if case .fact(let p) = self { p } else { nil } }

    /// The rules gap; nil for a missing fact.
    public var gap: RulesGap? { if case .rulesGap(let g) = self { g } else { nil } }

    /// The written form: the field path, or `parameter name[key] on day` (as in every answer).
    public var text: String {
        switch self {
        case .fact(let p): p
        case .rulesGap(let g): g.text
        }
    }

    public var description: String { text }
}

/// A figure the rules lack: which parameter, for which key (a case name) and which day. A
/// parameter with no value for a key at all (one the rules may fall back from) has no day.
public struct RulesGap: Hashable, Sendable, CustomStringConvertible {
    /// The parameter's name (`regional_subsistence_minimum`).
    public let parameter: String
    /// The key's case (`astana`); nil for a parameter without a key.
    public let key: String?
    /// The day the figure was asked for; nil when the key has no value on any day.
    public let day: Day?
    /// `parameter name[key] on day`: how a gap is written in answers and batch lines (made once,
    /// with the gap: a batch writes the same few gaps on many lines).
    public let text: String

    public init(parameter: String, key: String?, day: Day?) {
        self.parameter = parameter; self.key = key; self.day = day
        text = "parameter " + parameter + (key.map { "[\($0)]" } ?? "") + (day.map { " on \($0)" } ?? "")
    }

    /// `name[key] on day`: the figure named as the rules name it.
    public var reference: Substring { text.dropFirst("parameter ".count) }

    public var description: String { text }
}
