import Foundation
import Testing
@testable import QamqorEngine

/// Which regions and quarters the regional parameters leave without a value, as `qamqor check`
/// reports them, and what a decision there says.
@Suite("Parameter coverage and rules gaps")
struct ParameterCoverageTests {
    static func gaps(_ rules: RuleSet, asOf: String) -> [String: String] {
        let list = ParameterCoverage.gaps(in: rules.parameters, today: Day(iso: asOf)!)
        var out: [String: String] = [:]
        for d in list.items {
            // "`regional_subsistence_minimum` has no value for `astana` for 2023-Q4…2024-Q2 (…"
            let parts = d.message.components(separatedBy: "`")
            out[parts[3]] = d.message.components(separatedBy: " for ")[2].components(separatedBy: " (")[0]
        }
        return out
    }

    /// (as of, region, the income quarters it lacks; nil: none)
    static let table: [(String, String, String?)] = [
        ("2026-02-10", "astana", nil),
        ("2026-02-10", "mangystau_region", nil),
        ("2026-02-10", "karaganda_region", "2023-Q4…2024-Q2"),
        ("2026-02-10", "atyrau_region", "2023-Q4…2025-Q4"),
        ("2026-02-10", "pavlodar_region", "2025-Q3…2025-Q4"),
        ("2026-02-10", "aktobe_region", "2025-Q3"),
        ("2026-02-10", "turkistan_region", "2024-Q3…2025-Q4"),
        ("2025-11-12", "shymkent", "2023-Q3…2023-Q4"),
        ("2025-11-12", "almaty", nil),
    ]

    @Test("check lists each region's missing quarters among the income quarters of the last eight and the current", arguments: table)
    func coverage(_ asOf: String, _ region: String, _ quarters: String?) {
        #expect(Self.gaps(Repo.ruleSet, asOf: asOf)[region] == quarters)
    }

    @Test("deleting a region's values makes check name it, at the parameter's line")
    func deletedRegion() throws {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "parameters/poverty_line.yaml" })
        let text = files[i].text
        let start = try #require(text.range(of: "      almaty:\n"))
        let end = try #require(text.range(of: "      astana:\n"))
        files[i].text = String(text[..<start.lowerBound]) + String(text[end.lowerBound...])
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        #expect(Self.gaps(rules, asOf: "2026-02-10")["almaty"] == "2023-Q4…2025-Q4")
        let d = try #require(ParameterCoverage.gaps(in: rules.parameters, today: Day(iso: "2026-02-10")!).items.first { $0.message.contains("`almaty`") })
        let line = try #require(files[i].text.components(separatedBy: "\n").firstIndex { $0 == "  regional_subsistence_minimum:" })
        #expect(d.file.hasSuffix("parameters/poverty_line.yaml") && d.location?.line == line + 1 && d.severity == .warning)
        // --strict makes it an error.
        #expect(ParameterCoverage.gaps(in: rules.parameters, today: Day(iso: "2026-02-10")!, strict: true).items.allSatisfy { $0.severity == .error })
    }

    @Test("a figure 12 months old no longer stands: the lookup is a gap, said as the rules' gap in each language")
    func staleFigure() throws {
        let p = try #require(Repo.ruleSet.parameters.first { $0.name == "regional_subsistence_minimum" })
        let shymkent = try #require(p.key?.index(of: "shymkent"))
        func amount(_ day: String) -> String? {
            if case .decimal(let d)? = p.value(on: Day(iso: day)!, key: shymkent) { return d.description }
            return nil
        }
        #expect(amount("2024-06-30") == "48545")
        #expect(amount("2025-06-30") == "50305")
        #expect(amount("2025-07-01") == nil)
        #expect(amount("2025-07-31") == nil)
        #expect(amount("2025-09-30") == "61209")
        #expect(p.entry(on: Day(iso: "2025-09-30")!, key: shymkent)?.source?.contains("lada.kz, 01.10.2025") == true)
        let said = FieldPathLabel.rulesGap(RulesGap(parameter: "regional_subsistence_minimum", key: "karaganda_region", day: Day(iso: "2025-12-31")), parameters: Repo.ruleSet.parameters)
        #expect(said.en == "the rules have no regional subsistence minimum (Karaganda region) for the 4th quarter of 2025 — a policy officer must add it")
        #expect(said.ru == "в правилах нет значения «Региональный прожиточный минимум (Карагандинская область)» за 4-й квартал 2025 года — его должен добавить специалист по правилам")
        #expect(said.kk == "ережелерде 2025 жылғы 4-тоқсанға «Өңірлік ең төменгі күнкөріс деңгейі (Қарағанды облысы)» мәні жоқ — оны ережелер маманы қосуы керек")
    }

    @Test("a decision in a region without the figure names the rules' gap apart from the facts to ask")
    func decisionSaysGap() throws {
        let yaml = """
        application: {id: T1, date: 2026-02-10, region: turkistan_region, city: other, applicant: m1}
        members:
          - {id: m1, name: A, relation: self, sex: female, birth_date: 1990-01-01, employment: employed, incomes: [{month: 2025-10, kind: wages, amount: 60000}, {month: 2025-11, kind: wages, amount: 60000}, {month: 2025-12, kind: wages, amount: 60000}]}
        facts: {commission_finding: need_confirmed}
        """
        let record = try Repo.record(yaml).get()
        let e = try #require(try Repo.ruleSet.explain(record, programs: ["ata"]).first)
        #expect(e.decision.status == .undetermined)
        #expect(e.facts.isEmpty)
        #expect(e.gaps.map(\.path) == ["parameter regional_subsistence_minimum[turkistan_region] on 2025-12-31"])
        // Typed, not parsed: the parameter, its key and the day travel as such.
        #expect(e.decision.missing == [.rulesGap(RulesGap(parameter: "regional_subsistence_minimum", key: "turkistan_region", day: Day(iso: "2025-12-31")))])
        let text = ExplanationRenderer(language: .en, ruleSetVersion: "v").text(e)
        #expect(text.contains("Gap in the rules:\n    • the rules have no regional subsistence minimum (Turkistan region) for the 4th quarter of 2025"))
        #expect(!text.contains("Facts needed"))
        let json = ExplanationRenderer(language: .ru, ruleSetVersion: "v").json(e).rendered(pretty: false)
        #expect(json.contains(#""missing":[],"rules_gaps":[{"parameter":"parameter regional_subsistence_minimum[turkistan_region] on 2025-12-31","message":"в правилах нет значения"#))
    }

    @Test("a batch writes rules gaps apart from missing facts and counts them in its summary")
    func batchGaps() throws {
        let gap = #"{"application":{"id":"A","date":"2026-02-10","region":"turkistan_region","city":"other","applicant":"m1"},"members":[{"id":"m1","name":"A","relation":"self","sex":"female","birth_date":"1990-01-01","employment":"employed","incomes":[{"month":"2025-10","kind":"wages","amount":60000}]}],"facts":{"commission_finding":"need_confirmed"}}"#
        let fact = gap.replacingOccurrences(of: "turkistan_region", with: "almaty").replacingOccurrences(of: #""birth_date":"1990-01-01","#, with: "")
        let input = try PopulationTests.write([gap, fact])
        defer { try? FileManager.default.removeItem(at: input) }
        for explain in [false, true] {
            var out = ""
            let summary = try BatchRunner(rules: Repo.ruleSet, programs: ["ata"], explain: explain, jobs: 1)
                .run(input: try FileHandle(forReadingFrom: input), output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { _ in })
            #expect(summary.counts["ata"]?[.undetermined] == 2)
            #expect(summary.rulesGaps == ["ata": 1])
            let lines = out.split(separator: "\n")
            #expect(lines.first?.contains(#""rules_gaps":["#) == true && lines.first?.contains("parameter regional_subsistence_minimum[turkistan_region] on 2025-12-31") == true)
            #expect(lines.last?.contains("members[0].birth_date") == true && lines.last?.contains("rules_gaps\":[{") != true)
            if !explain { #expect(lines.first?.contains(#""missing":[],"rules_gaps""#) == true) }
            let text = BatchSummaryText(language: .kk).lines(summary, programs: Repo.ruleSet.programs, seconds: 1)
            #expect(text.contains { $0.contains("1 ережелердегі олқылықтан анықталмады") })
        }
    }

    @Test("the impact of entering a region's figure: the gaps it closes, counted before and after")
    func impactClosesGap() throws {
        let gap = #"{"application":{"id":"A","date":"2026-02-10","region":"turkistan_region","city":"other","applicant":"m1"},"members":[{"id":"m1","name":"A","relation":"self","sex":"female","birth_date":"1990-01-01","employment":"employed","incomes":[{"month":"2025-10","kind":"wages","amount":60000}]}],"facts":{"commission_finding":"need_confirmed"}}"#
        let input = try PopulationTests.write([gap, gap.replacingOccurrences(of: #""id":"A""#, with: #""id":"B""#)])
        defer { try? FileManager.default.removeItem(at: input) }
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "parameters/poverty_line.yaml" })
        // Turkistan's latest figure is July 2023 (44 400): enter December 2025 after it.
        var lines = files[i].text.components(separatedBy: "\n")
        let july = try #require(lines.firstIndex { $0.hasPrefix("        2023-07-01: {value: 44400,") })
        lines.insert("        2025-12-01: 60000", at: july + 1)
        files[i].text = lines.joined(separator: "\n")
        let proposed = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let analysis = ImpactAnalysis(base: Repo.ruleSet, proposed: proposed)
        let report = try analysis.run(input: try FileHandle(forReadingFrom: input))
        let ata = try #require(report.programs.first { $0.program == "ata" })
        #expect(ata.gapsBefore == 2 && ata.gapsAfter == 0 && ata.gains == 2)
        let text = ImpactRenderer(language: .en, analysis: analysis, baseName: "rules", proposedName: "draft").text(report)
        #expect(text.contains("undetermined for a gap in the rules 2 → 0"))
        let renderer = ImpactRenderer(language: .ru, analysis: analysis, baseName: "rules", proposedName: "draft")
        #expect(renderer.html(report).contains("Пробел в правилах: до → после") && renderer.html(report).contains("<td class=\"num\">2 → 0</td>"))
        #expect(renderer.json(report).rendered(pretty: false).contains(#""rules_gaps_before":2,"rules_gaps_after":0"#))
    }

    @Test("a line a region published for a quarter is that quarter's line, named with its publication; it is no coverage gap where absent")
    func publishedLine() throws {
        let p = try #require(Repo.ruleSet.parameters.first { $0.name == "published_poverty_line" })
        #expect(!p.required && p.staleAfterMonths == 3)
        let aktobe = try #require(p.key?.index(of: "aktobe_region"))
        #expect(p.value(on: Day(iso: "2025-12-31")!, key: aktobe) == nil)
        func line(_ day: String) -> String? {
            if case .decimal(let d)? = p.value(on: Day(iso: day)!, key: aktobe) { return d.description }
            return nil
        }
        #expect(line("2026-01-01") == "37060" && line("2026-03-31") == "37060")
        #expect(p.value(on: Day(iso: "2026-04-01")!, key: aktobe) == nil)
        // Keyed and ageing, but not required: no region without a published line is a gap.
        #expect(!ParameterCoverage.gaps(in: Repo.ruleSet.parameters, today: Day(iso: "2026-02-10")!).items.contains { $0.message.contains("published_poverty_line") })
        let yaml = """
        application: {id: T1, date: 2026-02-10, region: aktobe_region, city: other, applicant: m1}
        members:
          - {id: m1, name: A, relation: self, sex: female, birth_date: 1990-01-01, employment: employed, incomes: [{month: 2025-10, kind: wages, amount: 60000}, {month: 2025-11, kind: wages, amount: 0}, {month: 2025-12, kind: wages, amount: 0}]}
        facts: {commission_finding: need_confirmed}
        """
        let e = try #require(try Repo.ruleSet.explain(try Repo.record(yaml).get(), programs: ["ata"]).first)
        // Per capita 60 000 / 1 / 3 = 20 000; (37 060 − 20 000) × 1.
        #expect(e.decision.status == .eligible && e.decision.amount == ExactDecimal(parsing: "17060"))
        #expect(e.figures.map(\.from) == [Day(iso: "2026-01-01")!])
        #expect(ExplanationRenderer(language: .ru, ruleSetVersion: "v").text(e).contains("Опубликованная черта бедности (Актюбинская область): 37 060 ₸"))
    }

    /// (text of the published line's entry, what replaces it, the line the error is at, the error)
    static let perCases: [(String, String, String, String)] = [
        ("    per: quarter\n", "    per: month\n", "    per: month", "`per` can only be `quarter`; not `month`"),
        ("    per: quarter\n", "    per: quarter\n    stale_after: 3 months\n", "    per: quarter",
         "`per: quarter` already makes a value stand for its quarter only; leave out `stale_after`"),
        ("        2026-01-01: {value: 37060", "        2026-02-01: {value: 37060", "        2026-02-01: {value: 37060",
         "a quarter's value (`per: quarter`) is dated on the quarter's first day: `2026-01-01`, not `2026-02-01`"),
    ]

    @Test("a quarter's values are dated on its first day; `per` takes `quarter` alone, without `stale_after`", arguments: perCases)
    func perQuarter(_ from: String, _ to: String, _ at: String, _ message: String) throws {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "parameters/poverty_line.yaml" })
        #expect(files[i].text.contains(from))
        files[i].text = files[i].text.replacingOccurrences(of: from, with: to)
        guard case .failure(let list) = RuleSet.load(from: MemoryRuleSource(files)) else { Issue.record("loaded"); return }
        let d = try #require(list.items.first { $0.message == message })
        let line = try #require(files[i].text.components(separatedBy: "\n").firstIndex { $0.hasPrefix(at) })
        #expect(d.file.hasSuffix("parameters/poverty_line.yaml") && d.location?.line == line + 1)
    }

    @Test("`required` is true or false; anything else is an error at its line")
    func requiredIsBoolean() throws {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "parameters/poverty_line.yaml" })
        files[i].text = files[i].text.replacingOccurrences(of: "    required: false\n", with: "    required: sometimes\n")
        let line = try #require(files[i].text.components(separatedBy: "\n").firstIndex { $0 == "    required: sometimes" })
        guard case .failure(let list) = RuleSet.load(from: MemoryRuleSource(files)) else { Issue.record("loaded"); return }
        let d = try #require(list.items.first { $0.message.contains("`required`") })
        #expect(d.message == "`required` is true or false; not `sometimes`" && d.location?.line == line + 1)
    }

    @Test("an explanation names the dated figure a decision used, with its publication; a programme that reads none names none")
    func figureNamed() throws {
        let text = try String(contentsOfFile: Repo.samples + "/almaty-student-family.json", encoding: .utf8)
        let record = try JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json").get()
        let explanations = try Repo.ruleSet.explain(record, programs: ["ata", "teng_qogam"])
        let ata = try #require(explanations.first)
        // Applied 10 September 2025: the income quarter is Q2 2025, whose last day finds August 2024's figure.
        #expect(ata.figures.map(\.from) == [Day(iso: "2024-08-01")!])
        #expect(ata.figures.first?.askedFor == Day(iso: "2025-06-30")!)
        #expect(ata.figures.first?.source?.hasPrefix("finance.digitalbusiness.kz, 30.08.2024") == true)
        #expect(ExplanationRenderer(language: .en, ruleSetVersion: "v").text(ata)
            .contains("Figures used:\n    Regional subsistence minimum (Almaty city): 60 595 ₸ — the figure dated 2024-08-01"))
        #expect(explanations[1].figures.isEmpty)
    }
}
