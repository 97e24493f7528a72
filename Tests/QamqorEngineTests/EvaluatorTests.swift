import Testing
@testable import QamqorEngine

/// The evaluator, as a table: an expression over a fixed household → its value (as JSON text, or
/// `unknown: <missing paths>`). Each expression becomes a `let` of a probe programme added to the
/// repository's own rules, so names resolve exactly as in real rule files.
@Suite("Evaluator")
struct EvaluatorTests {
    static let household = """
    application: {id: T-1, date: 2025-06-01, region: almaty, city: almaty, applicant: m1}
    members:
      - {id: m1, relation: self, sex: female, birth_date: 1990-02-28, employment: employed,
         incomes: [{month: 2025-01, kind: wages, amount: 90000}, {month: 2025-02, kind: wages, amount: 90000},
                   {month: 2025-03, kind: wages, amount: 90000}, {month: 2025-03, kind: stipend, amount: 5000},
                   {month: 2024-12, kind: wages, amount: 1000000}]}
      - {id: m2, relation: child, sex: male, birth_date: 2020-06-01, employment: not_working, incomes: []}
      - {id: m3, relation: child, sex: female, employment: not_working, incomes: []}
    facts: {commission_finding: need_confirmed, refusals: [{date: 2025-02-01, ground: declined_employment_measures}]}
    """

    static let cases: [(String, String)] = [
        ("1 + 2 * 3", "7"),
        ("7 / 2", "3.5"),
        ("0.70 * 60595", "42416.5"),
        ("count(members)", "3"),
        ("count(members, sex == 'female')", "2"),
        ("count(members, age < 18)", "unknown: members[2].birth_date"),
        ("count(members, relation == 'self' or age < 18)", "unknown: members[2].birth_date"),
        ("any(members, age < 18)", "true"),
        ("all(members, age < 18)", "false"),
        ("applicant.age", "35"),
        ("applicant.sex == 'female'", "true"),
        ("household_quarter_income", "270000"),
        ("per_capita_income", "30000"),
        ("poverty_line", "42416.5"),
        ("previous_quarter(application.date)", "{\"from\":\"2025-01-01\",\"to\":\"2025-03-31\"}"),
        ("months_between(2025-02-01, application.date)", "4"),
        ("any(facts.refusals, months_between(date, application.date) < 6)", "true"),
        ("mrp", "3932"),
        ("mrp(2026-06-01)", "4325"),
        ("mrp(2022-06-01)", "unknown: parameter mrp on 2022-06-01"),
        ("regional_subsistence_minimum(application.region, 2024-03-31)", "51615"),
        ("regional_median_income(application.region)", "unknown: parameter regional_median_income[almaty] on 2025-06-01"),
        ("default(regional_median_income(application.region), 0)", "0"),
        ("known(members[0])".replacingOccurrences(of: "members[0]", with: "application.id"), "true"),
        ("max(1, 2.5, 2)", "2.5"),
        ("min(members, age)", "unknown: members[2].birth_date"),
        ("max(filter(members, known(birth_date)), age)", "35"),
        ("sum(filter(members, relation == 'child'), 1)", "2"),
        ("if false then 1 else 2", "2"),
        ("false and members[0]".replacingOccurrences(of: "members[0]", with: "count(members, age < 18) > 0"), "false"),
        ("true and count(members, age < 18) > 0", "unknown: members[2].birth_date"),
        ("true or count(members, age < 18) > 0", "true"),
        ("\"child_under_3\" in applicant.caring_for", "false"),
        ("application.date in previous_quarter(application.date)", "false"),
        ("2025-02-15 in previous_quarter(application.date)", "true"),
        ("round(10 / 3, 2)", "3.33"),
        ("round(2.5)", "3"),
        ("floor(2.7)", "2"),
        ("add_months(2025-01-31, 1)", "\"2025-02-28\""),
        ("age_on(2008-02-29, 2026-02-28)", "18"),
        ("year_of(as_of)", "2025"),
        ("applicant.pension_age_months", "732"),
        ("'almaty' == application.region", "true"),
        // Items in scope within items in scope: member definitions inside a walk over incomes.
        ("count(members, any(incomes, amount > 50000) and age > 30)", "1"),
        // A list built while evaluating (owned by nothing else) walked item by item in place.
        ("count([applicant, applicant], sex == 'female' and age > 30)", "2"),
        ("sum([applicant, applicant, applicant], age)", "105"),
        // Twenty-one collections deep: more items in scope at once than the frame starts with room for.
        ("count(members, " + String(repeating: "any(members, ", count: 20) + "sex == 'female'" + String(repeating: ")", count: 20) + ")", "3"),
    ]

    static let probe: RuleSet = {
        var files = (try? Repo.ruleFiles()) ?? []
        let lets = cases.enumerated().map { i, c in
            "  e\(i):\n    label: {kk: e\(i), ru: e\(i), en: e\(i)}\n    expr: \(yamlQuoted(c.0))"
        }.joined(separator: "\n")
        files.append(("programs/probe.yaml", """
        program: probe
        title: {kk: probe, ru: probe, en: probe}
        source: test probe
        let:
        \(lets)
        eligible:
          all:
            - {id: always, label: {kk: a, ru: a, en: a}, when: "true"}
        """))
        switch RuleSet.load(from: MemoryRuleSource(files)) {
        case .success(let r): return r
        case .failure(let d): fatalError("\(d)")
        }
    }()

    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func render(_ v: UsedValue?) -> String {
        guard let v else { return "<not evaluated>" }
        if case .unknown(let m) = v.value { return "unknown: " + m.paths.joined(separator: ", ") }
        return ValueFormatter.json(v.value, type: v.type).rendered(pretty: false)
    }

    @Test("evaluates to the expected value", arguments: Array(cases.enumerated()))
    func evaluates(_ index: Int, _ c: (String, String)) throws {
        let record = try Repo.record(Self.household, rules: Self.probe).get()
        let d = try #require(try Self.probe.decide(record, programs: ["probe"], trace: true).first)
        #expect(Self.render(d.values.first { $0.name == "e\(index)" }) == c.1, "\(c.0)")
    }

    @Test("division by zero and overflow are evaluation errors at the rule's position")
    func faults() throws {
        var files = try Repo.ruleFiles()
        files.append(("programs/broken.yaml", """
        program: broken
        title: {kk: b, ru: b, en: b}
        source: test
        eligible:
          all:
            - id: zero
              label: {kk: z, ru: z, en: z}
              when: 100 / (count(members) - count(members)) > 1
        amount:
          label: {kk: a, ru: a, en: a}
          expr: 9000000000000 * 9000000000000
        """))
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let record = try Repo.record(Self.household, rules: rules).get()
        let d = try #require(try rules.decide(record, programs: ["broken", "ata"]).first)
        #expect(d.status == .error)
        #expect(d.error?.code == .divisionByZero)
        // The message quotes the whole division, its closing parenthesis included.
        #expect(d.error?.message == "division by zero in `100 / (count(members) - count(members))`")
        #expect(d.error?.site.file == "rules/programs/broken.yaml")
        #expect(d.error?.site.location.line == 8)
        #expect(d.error?.site.location.column == 13)
        // The other programme in the same request is still decided.
        let ata = try rules.decide(record, programs: ["ata"])
        #expect(ata.first?.status != .error)
    }

    @Test("decisions without and with the trace agree")
    func traceDoesNotChangeOutcome() throws {
        let record = try Repo.record(Self.household).get()
        let fast = try Repo.ruleSet.decide(record)
        let traced = try Repo.ruleSet.decide(record, trace: true)
        #expect(fast.map(\.status) == traced.map(\.status))
        #expect(fast.map(\.amount) == traced.map(\.amount))
        #expect(fast.allSatisfy { $0.conditions.isEmpty && $0.values.isEmpty })
        #expect(traced.allSatisfy { !$0.conditions.isEmpty })
    }
}
