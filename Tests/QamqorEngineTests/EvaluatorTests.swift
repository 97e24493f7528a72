import Foundation
import Testing
@testable import QamqorEngine

/// The evaluator, as a data file (`Expressions/semantics.tsv`): an expression over a fixed
/// household → its value (as JSON text, or `unknown: <missing paths>`). Each expression becomes a `let` of a probe programme added to the
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

    /// The rows of `Expressions/semantics.tsv`: expression and expected value.
    static let cases: [(String, String)] = {
        let url = Repo.root.appendingPathComponent("Tests/QamqorEngineTests/Expressions/semantics.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let tab = line.firstIndex(of: "\t") else { return nil }
            return (String(line[..<tab]), String(line[line.index(after: tab)...]))
        }
    }()

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
        if case .unknown(let m) = v.value { return "unknown: " + m.facts.map(\.text).joined(separator: ", ") }
        return ValueFormatter.json(v.value, type: v.type).rendered(pretty: false)
    }

    @Test("the semantics file has its rows")
    func rowsRead() { #expect(Self.cases.count >= 60) }

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
