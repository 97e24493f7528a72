import QamqorSupport
import QamqorCore
import QamqorBatch
/// One application of a grant round: the household file, the committee's marks, and where it was
/// read from.
public struct RoundApplication: Sendable {
    public let id: String
    /// The line (JSONL, CSV) or position (JSON) it came from.
    public let line: Int
    public let record: RecordValue
    public let marks: RecordValue
}

/// A row that could not be read, left out of the ranking, and why in the three languages.
public struct RejectedRow: Sendable {
    public let line: Int
    /// Why, in Kazakh, Russian and English.
    public let said: Localized
    /// Why, in English.
    public var message: String { said.en }

    public init(line: Int, said: Localized) { self.line = line; self.said = said }
}

/// Where an application ended up.
public enum RankingStatus: String, Sendable, CaseIterable {
    case funded, reserve
    case belowPassMark = "below_pass_mark"
    case ineligible, undetermined

    public var label: Localized {
        switch self {
        case .funded: Localized("ranking.label.funded")
        case .reserve: Localized("ranking.label.reserve")
        case .belowPassMark: Localized("ranking.label.below-pass-mark")
        case .ineligible: Localized("ranking.label.ineligible")
        case .undetermined: Localized("ranking.label.undetermined")
        }
    }
}

/// One ranked application: eligibility, points per criterion, total, rank and status.
public struct RankedApplication: Sendable {
    public let id: String
    public let line: Int
    public let status: RankingStatus
    /// 1-based position among eligible applications at or above the pass mark.
    public let rank: Int?
    public let total: ExactDecimal?
    /// Points per criterion after weight and cap, in the order the criteria are declared.
    public let points: [ExactDecimal]
    /// Points before weight and cap.
    public let rawPoints: [ExactDecimal]
    public let tieValues: [Value]
    public let grant: ExactDecimal?
    /// Why it was not funded (failed conditions, missing facts, a full quota, the budget).
    public let reason: Localized?
    public let region: String?
    /// The applicant's name as written in the household file.
    public let name: String?
    /// The region's name in the three languages (the schema's label of its code).
    public var regionLabel: Localized? = nil
}

/// A ranked round: every application, totals and the budget used.
public struct Ranking: Sendable {
    public let program: ProgramPlan
    public let scoring: ScoringPlan
    public var roundName: String
    public let roundDate: Day
    public let rulesVersion: String
    public let applications: [RankedApplication]
    public let rejected: [RejectedRow]
    /// The budget in tenge when it is set in МРП.
    public let budgetTenge: ExactDecimal?
    public let budgetGrants: Int?
    public let fundedTotal: ExactDecimal
    /// Each IIN found in more than one application of the round (one person applying twice),
    /// masked, with the lines of those applications.
    public var sharedIINs: [(iin: String, lines: [Int])] = []

    public func count(_ s: RankingStatus) -> Int {
        // By index: no application is copied to be counted.
        var n = 0
        for i in applications.indices where applications[i].status == s { n += 1 }
        return n
    }
}
