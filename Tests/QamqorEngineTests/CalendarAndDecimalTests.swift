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
