/// A calendar date with no time of day and no time zone, stored as days since 1970-01-01
/// (proleptic Gregorian calendar).
///
/// Guarantees: ordering is chronological; `ISO 8601` text round-trips; ages and month counts follow
/// the Civil Code rule for periods: a term that ends in a month without the starting day ends on
/// that month's last day (so a person born on 29 February turns a year older on 28 February in a
/// common year). Every operation is total: no date, however far from today, traps; arithmetic past
/// the representable range (about ±5.8 million years) is clamped.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var ordinal: Int32

    public init(ordinal: Int32) { self.ordinal = ordinal }

    /// Creates a date from its parts; nil when the day does not exist in that month.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        ordinal = Int32(Day.daysFromCivil(year, month, day))
    }

    /// Parses `YYYY-MM-DD`. Returns nil for anything else or for a day that does not exist.
    public init?(iso text: some StringProtocol) {
        var s = String(text)
        guard let d = s.withUTF8({ Day.parse($0, month: false) }) else { return nil }
        self = d
    }

    /// `YYYY-MM-DD`, or with `month: true` `YYYY-MM` (the month's first day), from UTF-8 bytes;
    /// nil for anything else or a day that does not exist.
    package static func parse(_ u: UnsafeBufferPointer<UInt8>, month: Bool) -> Day? {
        guard u.count == (month ? 7 : 10), u[4] == 45, month || u[7] == 45 else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48, u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7) else { return nil }
        if month { return Day(year: y, month: m, day: 1) }
        guard let d = num(8..<10) else { return nil }
        return Day(year: y, month: m, day: d)
    }

    /// Parses `YYYY-MM` as the first day of that month.
    public init?(isoMonth text: some StringProtocol) {
        var s = String(text)
        guard let d = s.withUTF8({ Day.parse($0, month: true) }) else { return nil }
        self = d
    }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }

    /// Year, month (1–12) and day (1–31).
    public var parts: (year: Int, month: Int, day: Int) { Day.civilFromDays(Int(ordinal)) }
    public var year: Int { parts.year }
    public var month: Int { parts.month }

    /// `YYYY-MM-DD`.
    public var description: String {
        let p = parts
        guard (0...9999).contains(p.year) else {
            // Years beyond four digits (or before year 0) as they are.
            func pad(_ v: Int, _ n: Int) -> String {
                let s = String(v)
                return String(repeating: "0", count: max(0, n - s.count)) + s
            }
            return "\(pad(p.year, 4))-\(pad(p.month, 2))-\(pad(p.day, 2))"
        }
        // Ten ASCII digits and dashes, written in place (a date is formatted for every decision).
        let y = p.year, m = p.month, d = p.day
        return ByteScan.asciiString(count: 10) { b in
            b[0] = UInt8(48 + y / 1000); b[1] = UInt8(48 + y / 100 % 10); b[2] = UInt8(48 + y / 10 % 10); b[3] = UInt8(48 + y % 10)
            b[4] = 45; b[5] = UInt8(48 + m / 10); b[6] = UInt8(48 + m % 10)
            b[7] = 45; b[8] = UInt8(48 + d / 10); b[9] = UInt8(48 + d % 10)
        }
    }

    /// The date `n` days later (earlier for negative `n`); clamped to the representable range
    /// (about ±5.8 million years) instead of overflowing.
    public func adding(days n: Int) -> Day {
        let (sum, overflow) = Int(ordinal).addingReportingOverflow(n)
        return Day(ordinal: overflow ? (n < 0 ? .min : .max) : Int32(clamping: sum))
    }

    /// The date with these parts, for any year (also outside 1…9999), with no check that the
    /// day exists: only for parts computed from an existing date. Never traps.
    package static func civil(_ year: Int, _ month: Int, _ day: Int) -> Day {
        let y = max(-5_000_000, min(5_000_000, year))
        return Day(ordinal: Int32(clamping: daysFromCivil(y, month, day)))
    }

    /// The same day `n` months later, clamped to the last day of a shorter month.
    public func adding(months n: Int) -> Day {
        let p = parts
        let total = p.year * 12 + (p.month - 1) + max(-100_000_000, min(100_000_000, n))
        // Floor division: months before year 0 count down from December.
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        let d = min(p.day, Day.daysIn(month: m, year: y))
        return Day.civil(y, m, d)
    }

    /// Whole years from `self` (a birth date) to `date`; negative when `date` is earlier.
    public func years(until date: Day) -> Int {
        months(until: date) / 12
    }

    /// Whole calendar months from `self` to `date` (Civil Code rule: a month from 31 January ends
    /// on the last day of February). Negative when `date` is earlier.
    public func months(until date: Day) -> Int {
        if date < self { return -date.months(until: self) }
        let a = parts, b = date.parts
        var months = (b.year - a.year) * 12 + (b.month - a.month)
        guard months > 0 else { return months }
        // `adding(months:)` lands in `date`'s own month, on `self`'s day clamped to that month's
        // length: it passes `date` exactly when that day does (no date is built).
        if (1...9999).contains(b.year) {
            if min(a.day, Day.daysIn(month: b.month, year: b.year)) > b.day { months -= 1 }
        } else if adding(months: months) > date { months -= 1 }
        return months
    }

    /// First day of the calendar quarter containing this date.
    public var quarterStart: Day {
        let p = parts
        return Day.civil(p.year, (p.month - 1) / 3 * 3 + 1, 1)
    }

    /// First day of this date's month.
    public var monthStart: Day {
        let p = parts
        return Day.civil(p.year, p.month, 1)
    }

    package static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    package static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    package static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (m + 9) % 12
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    package static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

/// An inclusive range of calendar dates, such as the quarter before an application.
public struct DayRange: Hashable, Sendable, CustomStringConvertible {
    public var first: Day
    public var last: Day
    public init(first: Day, last: Day) { self.first = first; self.last = last }
    public func contains(_ d: Day) -> Bool { d >= first && d <= last }
    public var description: String { "\(first)…\(last)" }

    /// Every date from 0001-01-01 to 9999-12-31: no limit beyond the calendar's.
    public static let any = DayRange(first: Day.civil(1, 1, 1), last: Day.civil(9999, 12, 31))

    /// The calendar quarter that contains `d`.
    public static func quarter(containing d: Day) -> DayRange {
        let s = d.quarterStart
        return DayRange(first: s, last: s.adding(months: 3).adding(days: -1))
    }
}
