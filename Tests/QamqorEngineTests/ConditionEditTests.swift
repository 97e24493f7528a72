import Foundation
import Testing
@testable import QamqorEngine

/// A programme's conditions read as an officer sees them, and changed in place in the rule file:
/// the rest of the file stays as it was written, and the rules still load.
@Suite("Programme outline and condition edits")
struct ConditionEditTests {
    static func file(_ name: String) throws -> String {
        try String(contentsOf: Repo.root.appendingPathComponent("rules/programs/\(name).yaml"), encoding: .utf8)
    }

    @Test("Kumis Alqa reads as a tree: groups, tests, their numbers and what they read")
    func outline() throws {
        let o = try #require(ProgramOutline.read(try Self.file("kumis_alqa")))
        #expect(o.program == "kumis_alqa" && o.conditions.count == 1 && o.conditions[0].kind == .all)
        let top = o.conditions[0].children
        #expect(top.map(\.id) == ["applicant_is_mother", "not_altyn_holder", "award_or_criteria"])
        let criteria = try #require(top.last?.children.last)
        #expect(criteria.kind == .all && criteria.children.map(\.id) == ["six_children", "youngest_at_least_one", "all_children_alive"])
        let six = criteria.children[0]
        #expect(six.when == "applicant.children_born_or_adopted == 6" && six.numbers.map(\.text) == ["6"])
        #expect(six.reads == ["applicant", "children_born_or_adopted"])
        #expect(six.label?.ru == "Рождено или усыновлено 6 детей (7 и более — «Алтын алқа»)")
    }

    /// (file, condition, change, what the file then holds, what it no longer holds)
    static let cases: [(String, String, ConditionEdit.Change, String, String)] = [
        ("kumis_alqa", "six_children", .number(index: 0, value: "5"), "      when: 'applicant.children_born_or_adopted == 5'\n", "== 6\n"),
        ("hippotherapy", "served_city", .label(Localized(kk: "Алматыда қызмет көрсетеді", ru: "Обслуживает Алматы", en: "Serves Almaty")),
         "      label: {kk: \"Алматыда қызмет көрсетеді\", ru: \"Обслуживает Алматы\", en: \"Serves Almaty\"}\n", "Город обслуживания: Алматы"),
        ("hippotherapy", "served_city", .reason(Localized(kk: "Орталық тек Алматыда", ru: "Центр только в Алматы", en: "The centre is in Almaty only")),
         "      reason: {kk: \"Орталық тек Алматыда\", ru: \"Центр только в Алматы\", en: \"The centre is in Almaty only\"}\n      when:", "never"),
    ]

    @Test("a label, a reason or a number changed: one line written, the rest untouched, the rules still load", arguments: 0..<3)
    func edit(_ k: Int) throws {
        let (name, id, change, holds, gone) = Self.cases[k]
        let before = try Self.file(name)
        let after = try ConditionEdit(condition: id, change: change).applied(to: before).get()
        #expect(after.contains(holds), "\(after)")
        #expect(!after.contains(gone))
        // Only the condition's own lines differ.
        let a = before.split(separator: "\n", omittingEmptySubsequences: false), b = after.split(separator: "\n", omittingEmptySubsequences: false)
        var head = 0, tail = 0
        while head < min(a.count, b.count), a[head] == b[head] { head += 1 }
        while tail < min(a.count, b.count) - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        #expect(a.count - head - tail <= 1 && b.count - head - tail == 1, "one line replaced or added")
        // The rules with the changed file load and check.
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "programs/\(name).yaml" })
        files[i].text = after
        let loaded = RuleSet.load(from: MemoryRuleSource(files))
        #expect((try? loaded.get()) != nil, "\(loaded)")
    }

    @Test("refused: no such condition, not a number, an empty language, a line break")
    func refusals() throws {
        let text = try Self.file("kumis_alqa")
        func field(_ e: ConditionEdit) -> String? { if case .failure(let r) = e.applied(to: text) { r.field } else { nil } }
        #expect(field(ConditionEdit(condition: "nope", change: .number(index: 0, value: "1"))) == "condition")
        #expect(field(ConditionEdit(condition: "six_children", change: .number(index: 0, value: "six"))) == "number")
        #expect(field(ConditionEdit(condition: "six_children", change: .number(index: 3, value: "1"))) == "number")
        #expect(field(ConditionEdit(condition: "six_children", change: .number(index: 0, value: "-1"))) == "number")
        #expect(field(ConditionEdit(condition: "six_children", change: .label(Localized(kk: "", ru: "а", en: "b")))) == "label.kk")
        #expect(field(ConditionEdit(condition: "six_children", change: .label(Localized(kk: "a\nb", ru: "а", en: "b")))) == "label.kk")
        #expect((try? ConditionEdit(condition: "six_children", change: .number(index: 0, value: "5,5")).applied(to: text).get())?.contains("== 5.5'") == true)
    }

    @Test("a condition switched off with a note holds for everyone and says so; switched on again, the file is as before")
    func offAndOn() throws {
        let text = try Self.file("kumis_alqa")
        let off = try ConditionEdit(condition: "six_children", change: .off("Pilot: five children from 2027 (order of the akimat)")).applied(to: text).get()
        #expect(off.contains("              off: \"Pilot: five children from 2027 (order of the akimat)\"\n              when: applicant.children_born_or_adopted == 6\n"))
        #expect(try ConditionEdit(condition: "six_children", change: .off(nil)).applied(to: off).get() == text)
        #expect({ if case .failure(let r) = ConditionEdit(condition: "six_children", change: .off("  ")).applied(to: text) { r.field == "off" } else { false } }())
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "programs/kumis_alqa.yaml" })
        files[i].text = off
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let five = try String(contentsOf: Repo.root.appendingPathComponent("samples/shymkent-kumis-alqa-six.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "children_born_or_adopted: 6", with: "children_born_or_adopted: 5")
        let record = try rules.recordReader.read(SourceFile(path: "five.yaml", text: five)).get()
        #expect(try Repo.ruleSet.decide(record, asOf: Day(iso: "2025-07-01"), programs: ["kumis_alqa"]).first?.status == .ineligible)
        let e = try #require(try rules.explain(record, asOf: Day(iso: "2025-07-01"), programs: ["kumis_alqa"]).first)
        #expect(e.decision.status == .eligible)
        func find(_ c: ExplainedCondition) -> ExplainedCondition? { c.id == "six_children" ? c : c.children.lazy.compactMap(find).first }
        let six = try #require(e.root.flatMap(find))
        #expect(six.result == true && six.reason?.ru == "Это условие отключено в правилах: Pilot: five children from 2027 (order of the akimat)")
    }

    @Test("the large-family allowance's МРП multiples read as numbers of a named value, and one changes in place")
    func figures() throws {
        let text = try Self.file("large_family_allowance")
        let o = try #require(ProgramOutline.read(text))
        let multiples = try #require(o.figures.first { $0.name == "allowance_in_mrp" })
        #expect(multiples.numbers.map(\.text) == ["4", "16.03", "5", "20.04", "6", "24.05", "7", "28.06", "4"])
        #expect(o.figures.map(\.name) == ["allowance_in_mrp", "exact_allowance", "amount"])
        let after = try ConditionEdit(condition: "allowance_in_mrp", change: .number(index: 1, value: "16,5")).applied(to: text).get()
        #expect(after.contains("    expr: 'if children_for_large_family == 4 then 16.5 else if children_for_large_family == 5 then 20.04"))
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "programs/large_family_allowance.yaml" })
        files[i].text = after
        #expect((try? RuleSet.load(from: MemoryRuleSource(files)).get()) != nil)
    }

    @Test("the state grant's scoring criteria read as a table; a weight changes in place and the rules still load")
    func criteria() throws {
        let text = try Self.file("state_business_grant")
        let o = try #require(ProgramOutline.read(text))
        #expect(o.criteria.map(\.id).prefix(3) == ["market_demand", "financial_viability", "market_research"])
        #expect(o.criteria.first?.weight == "2" && o.criteria.first?.cap == "20")
        let after = try ConditionEdit(condition: "market_research", change: .criterion(key: "weight", value: "1,5")).applied(to: text).get()
        #expect(after.contains("    - id: market_research\n      label: {kk: Нарықты зерттеу, ru: Изучение рынка, en: Market research}\n      points: marks.market_research\n      weight: 1.5\n      cap: 10\n"))
        var files = try Repo.ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == "programs/state_business_grant.yaml" })
        files[i].text = after
        #expect((try? RuleSet.load(from: MemoryRuleSource(files)).get()) != nil)
        #expect({ if case .failure(let r) = ConditionEdit(condition: "market_research", change: .criterion(key: "weight", value: "x")).applied(to: text) { r.field == "weight" } else { false } }())
    }

    @Test("every condition of every shipped programme takes every kind of change and the rules still load")
    func everyCondition() throws {
        let files = try Repo.ruleFiles()
        var edits = 0
        for (i, f) in files.enumerated() where f.relativePath.hasPrefix("programs/") {
            let outline = try #require(ProgramOutline.read(f.text), "\(f.relativePath)")
            func walk(_ c: ProgramOutline.Condition) -> [ProgramOutline.Condition] { [c] + c.children.flatMap(walk) }
            for c in outline.conditions.flatMap(walk) where c.kind == .test {
                let id = try #require(c.id)
                var changes: [ConditionEdit.Change] = [.label(Localized(kk: "ж", ru: "р", en: "e")), .reason(Localized(kk: "ж", ru: "р", en: "e")), .off("pilot")]
                if !c.numbers.isEmpty { changes.append(.number(index: c.numbers.count - 1, value: "7")) }
                for change in changes {
                    let written = try ConditionEdit(condition: id, change: change).applied(to: f.text).get()
                    var changed = files
                    changed[i].text = written
                    let loaded = RuleSet.load(from: MemoryRuleSource(changed))
                    #expect((try? loaded.get()) != nil, "\(f.relativePath) \(id) \(change): \(loaded)")
                    edits += 1
                }
            }
        }
        #expect(edits > 150)
    }
}
