import Foundation
import Testing
@testable import QamqorEngine

/// The poverty line is set from the regional minimum calculated for the quarter before the
/// application's (order № 160): the Bureau's quarterly figure where entered, else the mean of the
/// quarter's three months where all three are entered, else the latest month as a stand-in that
/// the decision names.
@Suite("The quarter's figure of the poverty line")
struct QuarterFigureTests {
    /// A family of two in `region` applying on 10 February 2026 (income quarter Q4 2025).
    static func family(_ region: String) -> String {
        """
        application: {id: Q-1, date: 2026-02-10, region: \(region), city: other, applicant: m1}
        members:
          - {id: m1, relation: self, sex: female, birth_date: 1990-03-03, employment: employed,
             incomes: [{month: 2025-10, kind: wages, amount: 60000}, {month: 2025-11, kind: wages, amount: 60000}, {month: 2025-12, kind: wages, amount: 60000}]}
          - {id: m2, relation: child, sex: male, birth_date: 2021-05-05, employment: not_working, incomes: []}
        facts: {commission_finding: need_confirmed}
        """
    }

    /// A mother of four children under 18 deciding on 1 March 2026.
    static let largeFamilyOfFour = """
        application: {id: LF-4, date: 2026-03-01, region: almaty, city: almaty, applicant: m1}
        members:
          - {id: m1, relation: self, sex: female, birth_date: 1982-04-10, employment: not_working, incomes: []}
          - {id: c1, relation: child, sex: female, birth_date: 2010-01-15, employment: not_working, incomes: []}
          - {id: c2, relation: child, sex: male, birth_date: 2012-02-15, employment: not_working, incomes: []}
          - {id: c3, relation: child, sex: female, birth_date: 2014-03-15, employment: not_working, incomes: []}
          - {id: c4, relation: child, sex: male, birth_date: 2016-04-15, employment: not_working, incomes: []}
        """

    static func explain(_ region: String, rules: RuleSet = Repo.ruleSet, _ lang: Language) throws -> (Explanation, String) {
        let record = try rules.recordReader.read(SourceFile(path: "family.yaml", text: family(region))).get()
        let e = try #require(try rules.explain(record, programs: ["ata"]).first)
        return (e, ExplanationRenderer(language: lang, level: .decisive, ruleSetVersion: "v").text(e))
    }

    @Test("Astana, Q4 2025: all three months entered, so the line is 70 % of their mean — said in kk and ru")
    func meanOfMonths() throws {
        let (e, kk) = try Self.explain("astana", .kk)
        // (66 605 + 60 551 + 60 922) / 3 = 62 692.666667; × 0.70 = 43 884.866667.
        #expect(e.decision.amount == ExactDecimal(parsing: "34257.23"), "\(e.decision.amount.map { "\($0)" } ?? "none")")
        #expect(kk.contains("62 692,67") && kk.contains("43 884,87"), "\(kk)")
        #expect(kk.contains("62 692,67 ₸ — 01.10.2025") && kk.contains("2025-10-01, 2025-11-01 and 2025-12-01"), "the quarter's figure names the three months it is the mean of: \(kk)")
        let (_, ru) = try Self.explain("astana", .ru)
        #expect(ru.contains("прожиточный минимум за квартал 62 692,67 ₸") && ru.contains("среднее за три месяца квартала") && ru.contains("замена: нет"), "\(ru)")
    }

    @Test("Almaty, Q4 2025: October is not entered, so December's figure stands in, and the decision says so")
    func standIn() throws {
        let (_, en) = try Self.explain("almaty", .en)
        #expect(en.contains("the minimum for the quarter 60 378 ₸") && en.contains("a stand-in: yes"), "\(en)")
    }

    @Test("a quarterly figure entered for the region is the quarter's figure, before the mean of its months")
    func quarterlyFigureFirst() throws {
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "parameters/poverty_line.yaml" })
        let old = "    source: Bureau of National Statistics, the regional subsistence minimum calculated for a quarter (each value names its publication)\n    values: {}"
        #expect(files[i].text.contains(old))
        files[i].text = files[i].text.replacingOccurrences(of: old, with: "    source: Bureau of National Statistics, the regional subsistence minimum calculated for a quarter (each value names its publication)\n    values:\n      astana:\n        2025-10-01: 63000")
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let (e, en) = try Self.explain("astana", rules: rules, .en)
        // 63 000 × 0.70 = 44 100; (44 100 − 30 000) × 2 + 1.5 × 4 325.
        #expect(e.decision.amount == ExactDecimal(parsing: "34687.5"), "\(e.decision.amount.map { "\($0)" } ?? "none")")
        #expect(en.contains("the minimum for the quarter 63 000 ₸"), "\(en)")
    }
}
