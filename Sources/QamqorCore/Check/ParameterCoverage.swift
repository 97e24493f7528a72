import QamqorSupport
import Foundation

/// Which regions and quarters a dated, keyed parameter leaves without a value, among those the
/// decisions of the last eight quarters and the current one read.
///
/// A parameter takes part when it is keyed (`by: region`), its values age (`stale_after`) and it
/// is not marked `required: false` (one the rules fall back from when it has no value):
/// such a parameter is one the rules read per quarter (the regional subsistence minimum of the
/// quarter before the application), and a region or quarter without a value in force makes every
/// decision there undetermined for want of the rules' figure. Each key with a gap is one warning
/// at the line of its values (or of the parameter, for a key with none), naming the quarters.
public enum ParameterCoverage {
    /// Today's date in Kazakhstan (UTC+5), the date coverage is checked on by default.
    public static func today() -> Day {
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 5 * 3600) ?? .current, from: Date())
        return Day(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1) ?? Day(ordinal: 0)
    }

    /// The quarters checked when the rules are checked on `today`: the quarter before each
    /// quarter from eight quarters back to the current one (the income quarters of those
    /// decisions), by their last day, oldest first.
    public static func quarterEnds(before today: Day) -> [Day] {
        let current = today.quarterStart
        return (1...9).reversed().map { current.adding(months: -3 * $0 + 3).adding(days: -1) }
    }

    /// Whether a per-quarter figure the rules prefer (`per: quarter`, keyed alike, read under
    /// `default(…)`) stands for the income quarter ending on `end` for key `i`: a quarterly
    /// figure of that quarter (the Bureau's quarterly minimum, the mean of its months), or one
    /// marked `covers: next_quarter` for the quarter it decides (the poverty line a region
    /// announced for the next quarter).
    package static func quarterFigure(for end: Day, key i: Int, like p: ParameterTable, in parameters: [ParameterTable]) -> ParameterTable? {
        parameters.first { q in
            !q.required && q.staleAfterMonths == 3 && q.key?.name == p.key?.name
                && q.value(on: q.coversNextQuarter ? end.adding(days: 1) : end.quarterStart, key: i) != nil
        }
    }

    /// Whether each month of the quarter ending on `end` has its own figure for key `i`.
    package static func everyMonthEntered(_ p: ParameterTable, end: Day, key i: Int) -> Bool {
        let monthly = p.within(months: 1)
        return (0..<3).allSatisfy { m in monthly.value(on: end.quarterStart.adding(months: m + 1).adding(days: -1), key: i) != nil }
    }

    /// One warning per key of each taking-part parameter that has no value in force at the end
    /// of some quarter of ``quarterEnds(before:)`` (a quarter a per-quarter figure stands for is
    /// covered); errors instead when `strict`. Then, apart, one note per key whose quarters are
    /// decided by a stand-in: a single month's figure where not all three months (nor a quarterly
    /// figure) are entered (``standIns(in:today:)``).
    public static func gaps(in parameters: [ParameterTable], today: Day, strict: Bool = false) -> DiagnosticList {
        var out = DiagnosticList()
        let found = keysWithQuarters(parameters, today: today, taking: { $0.staleAfterMonths != nil }) { p, i, end in
            p.value(on: end, key: i) == nil && quarterFigure(for: end, key: i, like: p, in: parameters) == nil
        }
        for (p, i, name, quarters) in found {
            let stale = p.staleAfterMonths ?? 0
            do {
                out.append(Diagnostic(strict ? .error : .warning, code: .parameterCoverage,
                                      translated: Localized("coverage.has-no-value-no", ["pName": p.name, "name": name, "quarters": quarters, "stale": stale]),
                                      help: Localized("coverage.stale", ["name": name]),
                                      file: p.file, location: p.location(ofKey: i)))
            }
        }
        return out
    }

    /// One note per key of each taking-part monthly parameter whose income quarters of
    /// ``quarterEnds(before:)`` are decided by a stand-in: a value is in force, but neither a
    /// per-quarter figure nor each of the quarter's three months is entered, so one month's
    /// figure stands for the quarter (the decision says so).
    public static func standIns(in parameters: [ParameterTable], today: Day) -> DiagnosticList {
        var out = DiagnosticList()
        let found = keysWithQuarters(parameters, today: today, taking: { $0.staleAfterMonths != nil && $0.staleAfterMonths != 3 }) { p, i, end in
            p.value(on: end, key: i) != nil && quarterFigure(for: end, key: i, like: p, in: parameters) == nil && !everyMonthEntered(p, end: end, key: i)
        }
        for (p, i, name, quarters) in found {
            do {
                out.append(Diagnostic(.warning, code: .parameterStandIn,
                                      translated: Localized("coverage.quarters-are-decided-one", ["pName": p.name, "name": name, "quarters": quarters]),
                                      help: Localized("coverage.found"),
                                      file: p.file, location: p.location(ofKey: i)))
            }
        }
        return out
    }

    /// For each key of each required, keyed parameter `taking` accepts, the income quarters of
    /// ``quarterEnds(before:)`` that `matches` (their runs joined: "2024-Q3…2025-Q1, 2025-Q3").
    package static func keysWithQuarters(_ parameters: [ParameterTable], today: Day, taking: (ParameterTable) -> Bool,
                                 matches: (ParameterTable, Int, Day) -> Bool) -> [(ParameterTable, Int, String, String)] {
        let ends = quarterEnds(before: today)
        var out: [(ParameterTable, Int, String, String)] = []
        for p in parameters where p.required && taking(p) {
            guard let key = p.key else { continue }
            for (i, name) in key.cases.enumerated() {
                let quarters = ends.filter { matches(p, i, $0) }
                if !quarters.isEmpty { out.append((p, i, name, runs(quarters.map(quarterName)).joined(separator: ", "))) }
            }
        }
        return out
    }

    /// "2025-Q4" for the quarter ending on `end`.
    public static func quarterName(_ end: Day) -> String { "\(end.year)-Q\((end.month + 2) / 3)" }

    /// Consecutive quarters joined: ["2024-Q3", "2024-Q4", "2025-Q2"] → ["2024-Q3…2024-Q4", "2025-Q2"].
    package static func runs(_ names: [String]) -> [String] {
        func index(_ n: String) -> Int { (Int(n.prefix(4)) ?? 0) * 4 + (Int(String(n.last ?? "1")) ?? 1) }
        var out: [String] = []
        var start: String?, last: String?
        for n in names {
            if let l = last, index(n) == index(l) + 1 { last = n; continue }
            if let s = start, let l = last { out.append(s == l ? s : "\(s)…\(l)") }
            start = n; last = n
        }
        if let s = start, let l = last { out.append(s == l ? s : "\(s)…\(l)") }
        return out
    }
}
