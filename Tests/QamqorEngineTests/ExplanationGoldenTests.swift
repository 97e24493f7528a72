import Foundation
import Testing
@testable import QamqorEngine

/// Explanations of sample households, in kk, ru and en, as text and JSON, checked against golden
/// files in `Golden/explanations/`. Re-record with `QAMQOR_RECORD=1 swift test`.
@Suite("Explanations (golden files)")
struct ExplanationGoldenTests {
    static let samples: [(file: String, programs: [String])] = [
        ("almaty-widow-five-children.yaml", ["ata", "large_family_allowance", "kumis_alqa"]),
        ("almaty-income-at-line.yaml", ["ata"]),
        ("shymkent-pensioner-couple.yaml", ["ata", "belsendi_omir", "teng_qogam"]),
        ("almaty-missing-birth-date.yaml", ["ata", "large_family"]),
        ("shymkent-kumis-alqa-six.yaml", ["kumis_alqa", "altyn_alqa"]),
        ("shymkent-woman-near-pension.yaml", ["belsendi_omir"]),
        ("almaty-refused-4-months-ago.yaml", ["ata"]),
        ("turkistan-disabled-child.yaml", ["ata", "qamqorlyq_zhanuya"]),
        ("almaty-isker-ana-candidate.yaml", ["isker_ana", "state_business_grant"]),
        ("almaty-bastau-no-priority.yaml", ["state_business_grant"]),
        ("astana-family.yaml", ["ata"]),
        ("almaty-altyn-alqa-mother-seven.yaml", ["altyn_alqa", "large_family_allowance"]),
    ]

    static var cases: [(String, [String], Language)] {
        samples.flatMap { s in Language.allCases.map { (s.file, s.programs, $0) } }
    }

    static func explanations(_ file: String, _ programs: [String]) throws -> [Explanation] {
        let text = try String(contentsOfFile: Repo.samples + "/" + file, encoding: .utf8)
        let record = try Repo.ruleSet.recordReader.read(SourceFile(path: file, text: text)).get()
        return try Repo.ruleSet.explain(record, programs: programs)
    }

    @Test("text explanation matches its golden file", arguments: cases)
    func text(_ file: String, _ programs: [String], _ lang: Language) throws {
        let r = ExplanationRenderer(language: lang, level: .decisive, ruleSetVersion: "<version>")
        let actual = r.text(try Self.explanations(file, programs)) + "\n"
        let name = "explanations/\(file.split(separator: ".")[0]).\(lang.rawValue).txt"
        let golden = Repo.golden(name, actual)
        #expect(golden.matches, "\(name): got\n\(actual)")
    }

    @Test("JSON explanation matches its golden file", arguments: cases)
    func json(_ file: String, _ programs: [String], _ lang: Language) throws {
        let r = ExplanationRenderer(language: lang, level: .decisive, ruleSetVersion: "<version>")
        let actual = JSONValue.array(try Self.explanations(file, programs).map(r.json)).rendered() + "\n"
        let name = "explanations/\(file.split(separator: ".")[0]).\(lang.rawValue).json"
        let golden = Repo.golden(name, actual)
        #expect(golden.matches, "\(name): got\n\(actual)")
    }

    @Test("an explanation made for the decisive level says exactly what one made in full says at that level, and works out nothing more", arguments: cases)
    func decisiveLevelMadeToMeasure(_ file: String, _ programs: [String], _ lang: Language) throws {
        let text = try String(contentsOfFile: Repo.samples + "/" + file, encoding: .utf8)
        let record = try Repo.ruleSet.recordReader.read(SourceFile(path: file, text: text)).get()
        let full = try Repo.ruleSet.explain(record, programs: programs, level: .full)
        let decisive = try Repo.ruleSet.explain(record, programs: programs, level: .decisive)
        let r = ExplanationRenderer(language: lang, level: .decisive, ruleSetVersion: "<version>")
        #expect(r.text(decisive) == r.text(full))
        #expect(JSONValue.array(decisive.map(r.json)).rendered() == JSONValue.array(full.map(r.json)).rendered())
        #expect(decisive.map(\.level) == Array(repeating: .decisive, count: programs.count))
        // The conditions that did not decide keep their result, and nothing the level never shows.
        func hidden(_ c: ExplainedCondition) -> [ExplainedCondition] { (c.decisive ? [] : [c]) + c.children.flatMap(hidden) }
        for (d, f) in zip(decisive, full) {
            let dHidden = d.root.map(hidden) ?? [], fHidden = f.root.map(hidden) ?? []
            #expect(dHidden.map(\.id) == fHidden.map(\.id))
            #expect(dHidden.map(\.result) == fHidden.map(\.result))
            #expect(dHidden.allSatisfy { $0.values.isEmpty && $0.threshold == nil && $0.holdsFrom == nil && $0.reasonValues.isEmpty })
        }
    }

    @Test("an ATA refusal names the failed condition, both numbers, the gap and the change, in every language", arguments: Language.allCases)
    func ataRefusal(_ lang: Language) throws {
        let e = try #require(try Self.explanations("shymkent-pensioner-couple.yaml", ["ata"]).first)
        let t = try #require(e.root?.children.first { $0.id == "income_below_poverty_line" }?.threshold)
        #expect(t.subject.name == "per_capita_income" && t.bound.name == "poverty_line")
        #expect(t.gap == ExactDecimal(parsing: "28503.7"))
        #expect(t.changes.last?.quantity.name == "household_quarter_income")
        // Income equal to the line is eligible: exactly the gap, 28 503.70 × 2 members × 3 months.
        #expect(t.changes.last?.delta == ExactDecimal(parsing: "-171022.2"))
        let text = ExplanationRenderer(language: lang, ruleSetVersion: "v").text(e)
        // In Kazakh the gap takes its case ending after ₸ (read "теңге"): 28 503,70 ₸-ге жоғары.
        for needle in ["71 350 ₸", "42 846,30 ₸", lang == .kk ? "28 503,70 ₸-ге" : "28 503,70 ₸", lang == .kk ? "171 022,20 ₸-ге" : "171 022,20 ₸"] {
            #expect(text.contains(lang == .en ? needle.replacingOccurrences(of: ",", with: ".") : needle), "\(lang): \(needle)")
        }
    }

    @Test("a missing birth date is named in the undetermined explanation")
    func missingBirthDate() throws {
        let e = try #require(try Self.explanations("almaty-missing-birth-date.yaml", ["large_family"]).first)
        #expect(e.decision.status == .undetermined)
        #expect(e.missing.map(\.path) == ["members[2].birth_date"])
        #expect(e.missing.first?.label.en.contains("Томирис") == true)
    }

    @Test("an age-based refusal gives the date from which the person qualifies")
    func ageDate() throws {
        let kumis = try #require(try Self.explanations("shymkent-kumis-alqa-six.yaml", ["kumis_alqa"]).first)
        var dates: [Day] = []
        func walk(_ c: ExplainedCondition) { if let d = c.holdsFrom { dates.append(d) }; c.children.forEach(walk) }
        kumis.root.map(walk)
        #expect(dates == [Day(iso: "2025-06-20")!])
        let pension = try #require(try Self.explanations("shymkent-woman-near-pension.yaml", ["belsendi_omir"]).first)
        dates = []
        pension.root.map(walk)
        #expect(dates.contains(Day(iso: "2028-09-01")!))
    }
}
