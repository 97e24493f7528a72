import QamqorSupport
/// A function of the rule language (other than the list functions `count`, `sum`, `any`, …),
/// declared once: its name, how many arguments it takes and of which types, its result type, what
/// it computes, its usage line, its documentation line, and what the explainer may say about it.
///
/// The checker types a call with ``typing``, the compiler runs ``apply`` (or ``compile`` for the
/// few that decide themselves which arguments to evaluate), the explainer reads
/// ``elapsedMonthsPerUnit``, and `docs/expressions.md` lists every ``doc`` line
/// (`LanguageReferenceTests` fails when the reference is out of date). Adding a function means one
/// entry in ``BuiltinFunction/all``, `QAMQOR_RECORD=1 swift test` to regenerate the reference, and
/// a row in `Tests/QamqorEngineTests/Expressions/semantics.tsv` (a test fails without one).
public final class BuiltinFunction: Sendable {
    public let name: String
    /// How many arguments it takes.
    package let arity: ClosedRange<Int>
    /// How it is called, for "usage:" hints.
    package let usage: String
    /// One line for the language reference.
    public let doc: String
    /// The result type for well-typed arguments; nil (after reporting why) otherwise.
    package let typing: @Sendable (BuiltinTyping) -> ValueType?
    /// The value for known arguments. An unknown argument makes the result unknown before this
    /// runs (unless ``arguments`` says otherwise).
    package let apply: @Sendable (BuiltinArguments, TypedExpr) throws(EvaluationError) -> Value
    /// Which arguments are evaluated, and when: all of them first (most functions), or as the
    /// function chooses (`default` evaluates its fallback only when the first value is missing).
    package let arguments: ArgumentEvaluation
    /// When the function counts whole units since its first argument (`age_on`: 12 months a
    /// unit, `months_between`: 1), the explainer can say from which date a condition holds.
    package let elapsedMonthsPerUnit: Int?

    package init(_ name: String, arity: ClosedRange<Int>, usage: String, doc: String, elapsedMonthsPerUnit: Int? = nil,
         typing: @escaping @Sendable (BuiltinTyping) -> ValueType?,
         arguments: ArgumentEvaluation = .eager,
         apply: @escaping @Sendable (BuiltinArguments, TypedExpr) throws(EvaluationError) -> Value) {
        self.name = name; self.arity = arity; self.usage = usage; self.doc = doc
        self.elapsedMonthsPerUnit = elapsedMonthsPerUnit
        self.typing = typing; self.arguments = arguments; self.apply = apply
    }

    /// The function called `name`, if any.
    package static func named(_ name: String) -> BuiltinFunction? { byName[name] }

    package static let byName: [String: BuiltinFunction] = {
        var m: [String: BuiltinFunction] = [:]
        for f in all { m[f.name] = f }
        return m
    }()

    /// Every function, in the order the language reference lists them.
    public static let all: [BuiltinFunction] = [
        BuiltinFunction("age_on", arity: 2...2, usage: "age_on(<birth date>, <date>)",
                        doc: "`age_on(birth, date)` — whole years; a 29 February birthday is reached on 28 February in a common year (Civil Code rule for periods)",
                        elapsedMonthsPerUnit: 12, typing: { $0.dates(0, 1) ? .integer : nil }) { a, _ in
            .int(Int64(a.date(0).years(until: a.date(1))))
        },
        BuiltinFunction("months_between", arity: 2...2, usage: "months_between(<from date>, <to date>)",
                        doc: "`months_between(from, to)` — whole months", elapsedMonthsPerUnit: 1,
                        typing: { $0.dates(0, 1) ? .integer : nil }) { a, _ in
            .int(Int64(a.date(0).months(until: a.date(1))))
        },
        BuiltinFunction("days_between", arity: 2...2, usage: "days_between(<from date>, <to date>)",
                        doc: "`days_between(from, to)` — days, negative when `to` is earlier",
                        typing: { $0.dates(0, 1) ? .integer : nil }) { a, _ in
            .int(Int64(a.date(1).ordinal) - Int64(a.date(0).ordinal))
        },
        BuiltinFunction("previous_quarter", arity: 1...1, usage: "previous_quarter(<date>)",
                        doc: "`previous_quarter(d)` — the calendar quarter before the one containing `d`",
                        typing: { $0.dates(0) ? .period : nil }) { a, _ in
            .period(DayRange.quarter(containing: a.date(0).quarterStart.adding(days: -1)))
        },
        BuiltinFunction("quarter_of", arity: 1...1, usage: "quarter_of(<date>)",
                        doc: "`quarter_of(d)` — the calendar quarter containing `d`",
                        typing: { $0.dates(0) ? .period : nil }) { a, _ in
            .period(DayRange.quarter(containing: a.date(0)))
        },
        BuiltinFunction("month_of", arity: 1...1, usage: "month_of(<date>)",
                        doc: "`month_of(d)` — the calendar month containing `d`",
                        typing: { $0.dates(0) ? .period : nil }) { a, _ in
            let s = a.date(0).monthStart
            return .period(DayRange(first: s, last: s.adding(months: 1).adding(days: -1)))
        },
        BuiltinFunction("days_in_month", arity: 1...1, usage: "days_in_month(<date>)",
                        doc: "`days_in_month(d)` — the number of days of the month containing `d` (28 to 31)",
                        typing: { $0.dates(0) ? .integer : nil }) { a, _ in
            let d = a.date(0)
            return .int(Int64(Day.daysIn(month: d.month, year: d.year)))
        },
        BuiltinFunction("start_of", arity: 1...1, usage: "start_of(<period>)",
                        doc: "`start_of(p)` — the first day of a period", typing: { $0.periods(0) ? .date : nil }) { a, _ in
            .date(a.period(0).first)
        },
        BuiltinFunction("end_of", arity: 1...1, usage: "end_of(<period>)",
                        doc: "`end_of(p)` — the last day of a period", typing: { $0.periods(0) ? .date : nil }) { a, _ in
            .date(a.period(0).last)
        },
        BuiltinFunction("add_days", arity: 2...2, usage: "add_days(<date>, <whole number>)",
                        doc: "`add_days(d, n)` — the date `n` days later (earlier when negative)",
                        typing: { $0.dates(0) && $0.integers(1) ? .date : nil }) { a, t throws(EvaluationError) in
            .date(a.date(0).adding(days: try a.dateStep(1, t)))
        },
        BuiltinFunction("add_months", arity: 2...2, usage: "add_months(<date>, <whole number>)",
                        doc: "`add_months(d, n)` — the same day `n` months later, or the month's last day when it has no such day",
                        typing: { $0.dates(0) && $0.integers(1) ? .date : nil }) { a, t throws(EvaluationError) in
            .date(a.date(0).adding(months: try a.dateStep(1, t)))
        },
        BuiltinFunction("add_years", arity: 2...2, usage: "add_years(<date>, <whole number>)",
                        doc: "`add_years(d, n)` — `add_months(d, 12 × n)`: 29 February becomes 28 February in a common year",
                        typing: { $0.dates(0) && $0.integers(1) ? .date : nil }) { a, t throws(EvaluationError) in
            let n = try a.dateStep(1, t)
            guard abs(n) <= 10_000 else { throw EvaluationError.dateTooFar(t) }
            return .date(a.date(0).adding(months: n * 12))
        },
        BuiltinFunction("year_of", arity: 1...1, usage: "year_of(<date>)", doc: "`year_of(d)` — the year of a date",
                        typing: { $0.dates(0) ? .integer : nil }) { a, _ in
            .int(Int64(a.date(0).year))
        },
        BuiltinFunction("round", arity: 1...2, usage: "round(<number>) or round(<number>, <decimal places>)",
                        doc: "`round(x)`, `round(x, places)` — half away from zero, to 0–6 decimal places written in the rule",
                        typing: { t in
                            guard t.numbers(0) else { return nil }
                            if t.typed.count == 2 {
                                guard case .constant(.int(let p)) = t.typed[1].kind, (0...6).contains(p) else {
                                    return t.fail(Localized("function.number-decimal-places-must"), at: 1)
                                }
                            }
                            return t.typed[0].type
                        }) { a, _ in
            if case .int = a[0] { return a[0] }
            return .decimal(a.decimal(0).rounded(places: a.count > 1 ? Int(a.int(1)) : 0))
        },
        BuiltinFunction("floor", arity: 1...1, usage: "floor(<number>)", doc: "`floor(x)` — the whole number at or below `x`",
                        typing: { $0.numbers(0) ? $0.typed[0].type : nil }) { a, _ in
            if case .int = a[0] { return a[0] }
            return .decimal(a.decimal(0).floored())
        },
        BuiltinFunction("round_up", arity: 1...1, usage: "round_up(<number>)",
                        doc: "`round_up(x)` — the whole number at or above `x` (allowances are paid in whole tenge, rounded up)",
                        typing: { $0.numbers(0) ? $0.typed[0].type : nil }) { a, _ in
            if case .int = a[0] { return a[0] }
            return .decimal(a.decimal(0).ceiled())
        },
        BuiltinFunction("default", arity: 2...2, usage: "default(<value that may be missing>, <value to use instead>)",
                        doc: "`default(x, y)` — `x`, or `y` when `x` is a missing fact (`y` is evaluated only then)",
                        typing: { t in
                            guard let u = Checker.unify(t.typed[0].type, t.typed[1].type) else {
                                let (a, b) = (t.typed[0].type, t.typed[1].type)
                                return t.fail(Localized("function.default-needs-two-values", ["a": a.said, "b": b.said]), at: nil)
                            }
                            return u
                        },
                        arguments: .fallback) { a, _ in a[0] },
        BuiltinFunction("known", arity: 1...1, usage: "known(<value>)", doc: "`known(x)` — whether `x` is given (not a missing fact)",
                        typing: { _ in .boolean },
                        arguments: .knownness) { a, _ in .bool(!a[0].isUnknown) },
        BuiltinFunction("min", arity: 2...16, usage: "min(<number>, <number>, …) or min(<list>, <expression for each item>)",
                        doc: "`min(a, b, …)` — the smallest of numbers or dates", typing: BuiltinTyping.extremum) { a, t in
            BuiltinArguments.extremum(a, t, smallest: true)
        },
        BuiltinFunction("max", arity: 2...16, usage: "max(<number>, <number>, …) or max(<list>, <expression for each item>)",
                        doc: "`max(a, b, …)` — the largest of numbers or dates", typing: BuiltinTyping.extremum) { a, t in
            BuiltinArguments.extremum(a, t, smallest: false)
        },
    ]
}

/// The typed arguments of a call, for a function's ``BuiltinFunction/typing``: checks with
/// positioned diagnostics.
package struct BuiltinTyping {
    package let checker: Checker
    package let call: Expr
    package let args: [Expr]
    package let typed: [TypedExpr]

    /// Checks argument `i` against `ok`, reporting "expected `what`, found …" at it.
    package func expect(_ i: Int, _ what: Localized, _ ok: (ValueType) -> Bool) -> Bool {
        checker.expectType(typed[i], args[i], ok(typed[i].type), what)
    }

    package func dates(_ positions: Int...) -> Bool {
        positions.allSatisfy { expect($0, Localized("function.dates")) { $0 == .date } }
    }

    package func integers(_ positions: Int...) -> Bool {
        positions.allSatisfy { expect($0, Localized("function.integers")) { $0 == .integer } }
    }

    package func numbers(_ positions: Int...) -> Bool {
        positions.allSatisfy { expect($0, Localized("function.numbers")) { $0.isNumeric } }
    }

    package func periods(_ positions: Int...) -> Bool {
        positions.allSatisfy { expect($0, Localized("function.periods")) { $0 == .period } }
    }

    /// Reports `message` at argument `i` (the whole call when nil); the call has no type.
    package func fail(_ message: Localized, at i: Int?) -> ValueType? {
        checker.error(.typeMismatch, message, i.map { args[$0] } ?? call)
        return nil
    }

    /// `min`/`max` of numbers or dates: all of one comparable type.
    package static let extremum: @Sendable (BuiltinTyping) -> ValueType? = { t in
        var result = t.typed[0].type
        for i in t.typed.indices {
            guard t.expect(i, Localized("function.result"), { $0.isNumeric || $0 == .date }) else { return nil }
            guard let u = Checker.unify(result, t.typed[i].type) else {
                return t.fail(Checker.cannotCompare(result, t.typed[i].type), at: i)
            }
            result = u
        }
        return result
    }
}

/// The values of a call's arguments, all known, without an array for one or two of them.
package struct BuiltinArguments {
    package let count: Int
    private let first: Value
    private let second: Value
    private let more: [Value]

    package init(_ a: Value) { count = 1; first = a; second = a; more = [] }
    package init(_ a: Value, _ b: Value) { count = 2; first = a; second = b; more = [] }
    package init(_ all: [Value]) {
        count = all.count; first = all[0]; second = all.count > 1 ? all[1] : all[0]; more = Array(all.dropFirst(2))
    }

    package subscript(i: Int) -> Value { i == 0 ? first : i == 1 ? second : more[i - 2] }

    // The checker has typed every argument, so each accessor finds its case.
    package func date(_ i: Int) -> Day { if case .date(let d) = self[i] { return d }; return Day(ordinal: 0) }
    package func int(_ i: Int) -> Int64 { if case .int(let x) = self[i] { return x }; return 0 }
    package func decimal(_ i: Int) -> ExactDecimal { self[i].asDecimal ?? .zero }
    package func period(_ i: Int) -> DayRange {
        if case .period(let p) = self[i] { return p }
        return DayRange(first: Day(ordinal: 0), last: Day(ordinal: 0))
    }

    /// A whole number of days or months to move a date by, refused beyond a million.
    package func dateStep(_ i: Int, _ t: TypedExpr) throws(EvaluationError) -> Int {
        let x = int(i)
        guard abs(x) <= 1_000_000 else { throw EvaluationError.dateTooFar(t) }
        return Int(x)
    }

    package static func extremum(_ a: BuiltinArguments, _ t: TypedExpr, smallest: Bool) -> Value {
        var best = a[0]
        for i in 1..<a.count {
            let o = Value.order(a[i], best)
            if (smallest && o < 0) || (!smallest && o > 0) { best = a[i] }
        }
        if t.type != .integer, case .int(let i) = best, let d = try? ExactDecimal(integer: i) { return .decimal(d) }
        return best
    }
}

/// Which arguments of a call are evaluated, and when.
package enum ArgumentEvaluation: Sendable {
    /// Every argument first; an unknown one makes the result unknown before the function runs.
    case eager
    /// The first argument; the second only when the first is missing (`default(x, fallback)`).
    case fallback
    /// The one argument, whose being missing or not is the answer (`known(x)`).
    case knownness
}
