import Testing
@testable import QamqorEngine

@Suite("Calendar dates and exact decimals")
struct CalendarAndDecimalTests {
    static let ages: [(String, String, Int)] = [
        ("2008-06-01", "2026-06-01", 18),   // turns 18 on the day
        ("2008-06-02", "2026-06-01", 17),   // one day short
        ("2008-02-29", "2026-02-27", 17),
        ("2008-02-29", "2026-02-28", 18),   // leap-day birthday: a common year's 28 February
        ("2008-02-29", "2028-02-28", 19),
        ("2008-02-29", "2028-02-29", 20),
        ("2024-06-01", "2025-06-01", 1),
        ("2024-06-02", "2025-06-01", 0),
        ("1962-05-10", "2025-05-10", 63),
    ]

    @Test("ages are exact on birthdays and 29 February", arguments: ages)
    func age(_ birth: String, _ on: String, _ expected: Int) {
        #expect(Day(iso: birth)!.years(until: Day(iso: on)!) == expected)
    }

    static let months: [(String, String, Int)] = [
        ("2025-01-31", "2025-02-28", 1),
        ("2025-01-31", "2025-02-27", 0),
        ("2025-02-01", "2025-08-01", 6),
        ("2025-02-01", "2025-07-31", 5),
        ("2025-06-01", "2025-02-01", -4),
    ]

    @Test("whole months between dates", arguments: months)
    func monthsBetween(_ a: String, _ b: String, _ expected: Int) {
        #expect(Day(iso: a)!.months(until: Day(iso: b)!) == expected)
    }

    /// Whole months are, by definition, the most months that can be added to the first date
    /// (clamped to shorter months) without passing the second: checked on every pair of a year
    /// of days around leap and month ends, against that definition.
    @Test("whole months agree with adding months, around month ends and 29 February")
    func monthsByDefinition() {
        let start = Day(iso: "2023-12-25")!.ordinal
        let days = stride(from: start, to: start + 430, by: 3).map { Day(ordinal: $0) }
            + ["2024-02-29", "2024-01-31", "2025-02-28", "2028-02-29", "2024-03-31"].map { Day(iso: $0)! }
        var checked = 0
        for a in days {
            for b in days where b >= a {
                var expected = 0
                while a.adding(months: expected + 1) <= b { expected += 1 }
                #expect(a.months(until: b) == expected, "\(a) → \(b)")
                checked += 1
            }
        }
        #expect(checked > 10_000)
    }

    @Test("dates round-trip and reject impossible days")
    func isoText() {
        for s in ["1970-01-01", "2000-02-29", "2025-12-31", "1900-03-01", "0001-01-01", "9999-12-31", "0999-09-09"] { #expect(Day(iso: s)?.description == s) }
        #expect(Day.civil(10000, 1, 1).description == "10000-01-01")
        for s in ["2025-02-29", "2025-13-01", "2025-1-1", "20250101", "2025-00-10"] { #expect(Day(iso: s) == nil) }
        #expect(DayRange.quarter(containing: Day(iso: "2025-06-01")!).description == "2025-04-01…2025-06-30")
    }

    static let arithmetic: [(String, String, String, String)] = [
        ("0.1", "+", "0.2", "0.3"),
        ("42416.5", "-", "23166.666667", "19249.833333"),
        ("0.70", "*", "60595", "42416.5"),
        ("417000", "/", "18", "23166.666667"),
        ("1", "/", "3", "0.333333"),
        ("2", "/", "3", "0.666667"),
        ("-2", "/", "3", "-0.666667"),
        ("1.5", "*", "3932", "5898"),
    ]

    @Test("decimal arithmetic is exact, division rounds at the 6th digit", arguments: arithmetic)
    func decimals(_ a: String, _ op: String, _ b: String, _ expected: String) throws {
        let x = ExactDecimal(parsing: a)!, y = ExactDecimal(parsing: b)!
        let r: ExactDecimal = switch op {
        case "+": try x.adding(y)
        case "-": try x.subtracting(y)
        case "*": try x.multiplied(by: y)
        default: try x.divided(by: y)
        }
        #expect(r.description == expected)
    }

    /// The text of a decimal as it has always been written: sign, whole digits, the fraction
    /// without trailing zeros — built from strings, the way the fast writer must agree with.
    static func referenceText(_ units: Int64) -> String {
        let magnitude = units.magnitude
        var frac = magnitude % 1_000_000
        var text = (units < 0 ? "-" : "") + String(magnitude / 1_000_000)
        if frac != 0 {
            var digits = 6
            while frac % 10 == 0 { frac /= 10; digits -= 1 }
            let f = String(frac)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    @Test("a decimal's text, and its grouped text for people, agree with the string-built reference over the whole range")
    func decimalText() {
        var rng = SplitMix64(seed: 2026)
        var units: [Int64] = [0, 1, -1, 5, -500_000, 1_000_000, -1_000_000, 999_999, 1_234_567_500_000, .max, .min, .min + 1, 100_000_000_000]
        for _ in 0..<20_000 { units.append(Int64(bitPattern: rng.next()) >> Int64(rng.next() % 64)) }
        for u in units {
            let plain = Self.referenceText(u)
            #expect(ExactDecimal(units: u).description == plain, "units \(u)")
            // Grouped as people read it: − for the sign, threes separated by a space, a comma.
            var grouped = plain.hasPrefix("-") ? "−" : ""
            let body = plain.hasPrefix("-") ? String(plain.dropFirst()) : plain
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            let whole = Array(parts[0])
            for (k, c) in whole.enumerated() { if k > 0, (whole.count - k) % 3 == 0 { grouped += " " }; grouped.append(c) }
            if parts.count > 1 { grouped += "," + parts[1] }
            #expect(ValueFormatter(language: .ru).number(ExactDecimal(units: u)) == grouped, "units \(u)")
        }
        // Padding: to two places for tiyn, and as far as asked.
        #expect(ValueFormatter(language: .en).number(ExactDecimal(parsing: "0.5")!, fractionDigits: 25) == "0." + "5" + String(repeating: "0", count: 24))
        #expect(ValueFormatter(language: .kk).number(ExactDecimal(parsing: "-1234.5")!, fractionDigits: 2) == "−1 234,50")
    }

    @Test("overflow and division by zero are reported, not trapped")
    func faults() {
        let big = ExactDecimal(units: .max)
        #expect(throws: ArithmeticFault.overflow) { try big.adding(ExactDecimal(parsing: "1")!) }
        #expect(throws: ArithmeticFault.overflow) { try big.multiplied(by: ExactDecimal(parsing: "2")!) }
        #expect(throws: ArithmeticFault.divisionByZero) { try big.divided(by: .zero) }
        #expect(ExactDecimal(parsing: "1.1234567") == nil)
        #expect(ExactDecimal(parsing: "99999999999999") == nil)
    }

    @Test("money is formatted per language")
    func moneyText() {
        let d = ExactDecimal(parsing: "45210")!
        #expect(ValueFormatter(language: .en).money(d) == "45 210 ₸")
        #expect(ValueFormatter(language: .ru).money(ExactDecimal(parsing: "122.5")!) == "122,50 ₸")
        #expect(ValueFormatter(language: .en).money(ExactDecimal(parsing: "1234567.891")!) == "1 234 567.89 ₸")
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be found again.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

