import Foundation
import Testing
@testable import QamqorEngine

/// Rules that would cost too much to check or to run are refused when they are loaded, at their
/// file, line and column — never a crash, a freeze or a decision that takes seconds.
@Suite("Rules that cost too much")
struct RuleCostTests {
    /// The repository's rules with `definitions` added under `household:` and one more programme
    /// whose only condition is `when`.
    static func load(definitions: String = "", when: String) throws -> Result<RuleSet, DiagnosticList> {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "definitions.yaml" })
        files[i].text = files[i].text.replacingOccurrences(of: "  household:\n", with: "  household:\n" + definitions)
        files.append(("programs/zz_cost.yaml", """
            program: zz_cost
            title: {kk: т, ru: т, en: t}
            source: law
            eligible:
              all:
                - id: c
                  label: {kk: а, ru: а, en: a}
                  when: "\(when)"
            """))
        return RuleSet.load(from: MemoryRuleSource(files))
    }

    static func diagnostics(_ r: Result<RuleSet, DiagnosticList>) -> [Diagnostic] {
        if case .failure(let d) = r { return d.sorted.filter { $0.severity == .error } }
        return []
    }

    /// `n` chained definitions, `chain_0` using `chain_1` … (`forward`: each checked before the
    /// next, as written) or the reverse (each needs the next one checked first: deep recursion).
    static func chain(_ n: Int, usingNext: Bool) -> String {
        (0..<n).map { i in
            let body = usingNext ? (i == n - 1 ? "1" : "chain_\(i + 1) + 1") : (i == 0 ? "1" : "chain_\(i - 1) + 1")
            return "    chain_\(i):\n      label: {kk: c, ru: c, en: c}\n      expr: \(body)\n"
        }.joined()
    }

    @Test("a chain of 8 000 definitions is one too-deep error at the definition where it goes too deep, whichever way it is written",
          arguments: [false, true])
    func definitionChain(usingNext: Bool) throws {
        let found = Self.diagnostics(try Self.load(definitions: Self.chain(8_000, usingNext: usingNext), when: usingNext ? "chain_0 > 0" : "chain_7999 > 0"))
        #expect(found.count == 1, "\(found.prefix(3))")
        let d = try #require(found.first)
        #expect(d.code == .tooDeep)
        #expect(d.file.hasSuffix("definitions.yaml") && (d.location?.line ?? 0) > 1, "\(d)")
    }

    @Test("a chain of 50 definitions is fine")
    func shortChain() throws {
        let rules = try Self.load(definitions: Self.chain(50, usingNext: false), when: "chain_49 > 0").get()
        #expect(rules.programs.contains { $0.id == "zz_cost" })
    }

    @Test("nested list functions over members: three levels pass, four are refused naming the costly expression")
    func nestedCounts() throws {
        _ = try Self.load(when: "count(members, count(members, count(members, is_child) > 0) > 0) > 0").get()
        let found = Self.diagnostics(try Self.load(when: "count(members, count(members, count(members, count(members, count(members, is_child) > 0) > 0) > 0) > 0) > 0"))
        let d = try #require(found.first)
        #expect(found.count == 1)
        #expect(d.code == .tooCostly)
        #expect(d.file.hasSuffix("programs/zz_cost.yaml") && d.location?.line == 8, "\(d)")
        #expect(d.message.hasPrefix("`count(members, count(members, count(members, count(members, is_child)"), "\(d.message)")
        #expect(d.message.contains("5\u{00a0}000\u{00a0}000"))
    }

    @Test("the shipped rules cost well under the budget: under a fifth of it for every expression")
    func shippedRulesAreCheap() throws {
        let worst = Repo.ruleSet.costliestExpression
        print("the costliest shipped expression: \(worst) steps, \(Repo.ruleSet.costliestExpressionSite)")
        #expect(worst > 0 && worst < CostEstimate.budget / 5, "costliest shipped expression: \(worst)")
    }

    @Test("a list of 100 000 items is checked in linear time, and a name of 900 000 letters is refused without being echoed")
    func linearChecks() throws {
        let started = ContinuousClock.now
        let list = "1 in [" + Array(repeating: "1", count: 100_000).joined(separator: ", ") + "]"
        _ = try Self.load(when: list).get()
        // Not a timing assertion: the time is printed for the record.
        print("a 100 000-item list checked in \(ContinuousClock.now - started)")
        let found = Self.diagnostics(try Self.load(when: String(repeating: "x", count: 900_000) + " > 1"))
        let d = try #require(found.first)
        #expect(d.code == .nameTooLong)
        #expect(d.description.utf8.count < 2_000, "the diagnostic echoes \(d.description.utf8.count) bytes")
    }

    @Test("a list the schema gives no max_items holds at most 1 000 items: the readers refuse more, as the cost estimate assumes")
    func defaultListBound() throws {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "schema.yaml" })
        let old = "      completed_courses: {max_items: 120, type: list of course,"
        #expect(files[i].text.contains(old))
        files[i].text = files[i].text.replacingOccurrences(of: old, with: "      completed_courses: {type: list of course,")
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let member = try #require(rules.schema.records["member"])
        #expect(member.fields.first { $0.name == "completed_courses" }?.maxItems == FieldSpec.defaultMaxItems)
        let courses = Array(repeating: "\"bastau_business\"", count: 1_001).joined(separator: ",")
        let json = "{\"application\": {\"id\": \"A\", \"date\": \"2025-06-01\", \"region\": \"almaty\", \"city\": \"almaty\", \"applicant\": \"m0\"}, \"members\": [{\"id\": \"m0\", \"relation\": \"self\", \"sex\": \"female\", \"birth_date\": \"1990-01-01\", \"completed_courses\": [\(courses)]}]}"
        guard case .failure(let d) = JSONRecordReader(schema: rules.schema).read(Array(json.utf8), source: "big") else {
            Issue.record("1 001 courses were read"); return
        }
        #expect(d.items.first?.code == .recordTooLarge)
    }
}
