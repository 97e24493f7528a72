import Foundation
import Testing
@testable import QamqorEngine

@Suite("Population: generator, batch, impact")
struct PopulationTests {
    static func write(_ lines: [String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pop-\(UUID().uuidString).jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test("the same seed gives the same households; every one reads with the schema")
    func generator() throws {
        let a = (0..<200).map(HouseholdGenerator(seed: 7).line)
        let b = (0..<200).map(HouseholdGenerator(seed: 7).line)
        let c = (0..<200).map(HouseholdGenerator(seed: 8).line)
        #expect(a == b)
        #expect(a != c)
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        for line in a { #expect((try? reader.read(Array(line.utf8), source: "g").get()) != nil, "\(line.prefix(80))") }
        let sizes = Set(a.map { $0.components(separatedBy: "\"relation\"").count - 1 })
        #expect(sizes.count >= 5)   // household sizes vary
    }

    @Test("3 broken lines among 10 000 give 9 997 decisions in input order and 3 rejects with line numbers")
    func batch() throws {
        var lines = (0..<10_000).map(HouseholdGenerator(seed: 3).line)
        lines[99] = #"{"application": {"id": "broken""#
        lines[4999] = #"{"members": [{"birth_date": 5}]}"#
        lines[8999] = "not json"
        let input = try Self.write(lines)
        defer { try? FileManager.default.removeItem(at: input) }
        var out = "", rej = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, jobs: 2).run(input: try FileHandle(forReadingFrom: input), output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { rej += String(decoding: $0, as: UTF8.self) })
        #expect(summary.read == 10_000 && summary.decided == 9_997 && summary.rejected == 3)
        let rejectLines = rej.split(separator: "\n").compactMap { l -> Int? in
            (try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])?["line"] as? Int
        }
        #expect(rejectLines == [100, 5000, 9000])
        #expect(rej.contains("`members[0].birth_date`: expected a date (YYYY-MM-DD), found `5`"))
        let outLines = out.split(separator: "\n")
        #expect(outLines.count == 9_997)
        let numbers = outLines.compactMap { l -> Int? in (try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])?["line"] as? Int }
        #expect(numbers == numbers.sorted())
        #expect(summary.counts["ata"].map { $0.values.reduce(0, +) } == 9_997)
    }

    @Test("one shared rule set decides every household the same on one thread, two, or more workers than cores")
    func sharedRules() throws {
        let rules = Repo.ruleSet
        let input = try Self.write((0..<3_000).map(HouseholdGenerator(seed: 11).line))
        defer { try? FileManager.default.removeItem(at: input) }
        func run(_ r: RuleSet, jobs: Int) throws -> String {
            var out = ""
            _ = try BatchRunner(rules: r, jobs: jobs).run(input: try FileHandle(forReadingFrom: input), output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { _ in })
            return out
        }
        let one = try run(rules, jobs: 1)
        #expect(one.split(separator: "\n").count == 3_000)
        #expect(try run(rules, jobs: 2) == one)
        #expect(try run(rules, jobs: 8) == one)
    }

    @Test("the closing summary and the explanations of a batch speak kk, ru and en", arguments: [
        (Language.kk, "оқылды 40 = шешілді 40 + қабылданбады 0", "құқылы емес", "айына"),
        (Language.ru, "прочитано 40 = решено 40 + отклонено 0", "не имеет права", "в месяц"),
        (Language.en, "read 40 = decided 40 + rejected 0", "not eligible", "a month"),
    ])
    func languages(language: Language, first: String, ineligible: String, perMonth: String) throws {
        let input = try Self.write((0..<40).map(HouseholdGenerator(seed: 5).line))
        defer { try? FileManager.default.removeItem(at: input) }
        var out = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, explain: true, jobs: 1, language: language)
            .run(input: try FileHandle(forReadingFrom: input), output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { _ in })
        let lines = BatchSummaryText(language: language).lines(summary, programs: Repo.ruleSet.programs, seconds: 2)
        #expect(lines.first?.hasPrefix(first) == true, "\(lines.first ?? "")")
        #expect(lines.count == 1 + Repo.ruleSet.programs.count)
        #expect(lines.contains { $0.hasPrefix("  ata: ") && $0.contains(ineligible) })
        #expect(lines.contains { $0.contains(perMonth) })
        #expect(out.contains("\"status_text\":\"\(ineligible)\""))
    }

    /// A batch without explanations keeps no text the rules never read (a member's name), but
    /// checks it like any other: each such line is refused, or decided, exactly as when read whole.
    @Test("a batch checks the names it does not keep", arguments: [
        #""Ә \"Q\"""#, #""Ә \u04D8""#, #""bad \u12""#, #""bad \u12zz end""#, "\"ctrl \u{01}\"", #""unterminated"#, "5", "null", "true", #""\\""#,
    ])
    func uncheckedNames(_ name: String) throws {
        let line = JSONRecordReaderTests.valid.replacingOccurrences(of: #""name": "Ә \"Q\"""#, with: #""name": "# + name)
        let input = try Self.write([line])
        defer { try? FileManager.default.removeItem(at: input) }
        var out = "", rej = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, jobs: 1).run(input: try FileHandle(forReadingFrom: input),
                                                                   output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { rej += String(decoding: $0, as: UTF8.self) })
        switch JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(line.utf8), source: "input") {
        case .success:
            #expect(summary.decided == 1 && rej.isEmpty, "\(rej)")
        case .failure(let d):
            #expect(summary.rejected == 1)
            let error = try #require(try JSONSerialization.jsonObject(with: Data(rej.utf8)) as? [String: Any])["error"] as? String
            #expect(error == d.oneLine)
        }
    }

    @Test("the Russian rate agrees with its number", arguments: [
        (1, "семья"), (21, "семья"), (3, "семьи"), (104, "семьи"), (5, "семей"), (11, "семей"), (14, "семей"), (112, "семей"), (123_849, "семей"), (200_001, "семья"),
    ])
    func russianRate(perSecond: Int, word: String) {
        let line = MessageCatalogue.say("batch.summary", ["read": 1, "decided": 1, "rejected": 0, "time": "1,00", "rate": String(perSecond), "perSecond": perSecond], in: .ru)
        #expect(line.hasSuffix("\(perSecond) \(word) в секунду"), "\(line)")
    }

    @Test("an output that cannot be written stops the batch with its error, and nothing is written after it")
    func outputFailure() throws {
        struct DiskFull: Error {}
        // Enough lines for several blocks.
        let input = try Self.write((0..<20_000).map(HouseholdGenerator(seed: 9).line))
        defer { try? FileManager.default.removeItem(at: input) }
        var calls = 0
        #expect(throws: DiskFull.self) {
            _ = try BatchRunner(rules: Repo.ruleSet, jobs: 2).run(input: try FileHandle(forReadingFrom: input),
                                                                  output: { _ in calls += 1; throw DiskFull() }, rejects: { _ in })
        }
        #expect(calls == 1)
    }

    @Test("missing facts name the member they belong to, though a batch shares them among households")
    func missingPaths() throws {
        let valid = JSONRecordReaderTests.valid
        let noFirst = valid.replacingOccurrences(of: #""birth_date": "1990-01-01", "#, with: "")
        let noSecond = valid.replacingOccurrences(of: #""birth_date": "2021-03-04", "#, with: "")
        let input = try Self.write([noFirst, noSecond, noFirst, noSecond])
        defer { try? FileManager.default.removeItem(at: input) }
        var out = ""
        _ = try BatchRunner(rules: Repo.ruleSet, programs: ["ata"], jobs: 1).run(input: try FileHandle(forReadingFrom: input),
                                                                              output: { out += String(decoding: $0, as: UTF8.self) }, rejects: { _ in })
        let missing = out.split(separator: "\n").map { l -> [String] in
            let d = (try? JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any]) ?? [:]
            return ((d["decisions"] as? [String: Any])?["ata"] as? [String: Any])?["missing"] as? [String] ?? []
        }
        #expect(missing == [["members[0].birth_date"], ["members[1].birth_date"], ["members[0].birth_date"], ["members[1].birth_date"]])
    }

    @Test("raising the poverty-line share from 0.70 to 0.75 shows households that gain and the cost change")
    func impact() throws {
        let proposed = try Repo.ruleSet(editing: "parameters/poverty_line.yaml", "2023-07-01: 0.70", to: "2023-07-01: 0.75")
        var lines = (0..<2_000).map(HouseholdGenerator(seed: 11).line)
        lines[41] = lines[41].replacingOccurrences(of: "\"relation\":\"self\",\"sex\":\"", with: "\"relation\":\"self\",\"sex\":\"x")
        lines[1_500] = "{"
        lines[1_800] = "{\"application\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
        let input = try Self.write(lines)
        defer { try? FileManager.default.removeItem(at: input) }
        let analysis = ImpactAnalysis(base: Repo.ruleSet, proposed: proposed)
        let report = try analysis.run(input: try FileHandle(forReadingFrom: input))
        // Lines that cannot be read are counted and named with their line and why.
        #expect(report.households == 2_000 && report.rejected == 3)
        #expect(report.unreadable.map(\.line) == [42, 1_501, 1_801])
        #expect(report.unreadable.last?.message.en == "the line is longer than 1024 KB; one household takes a few KB")
        #expect(report.unreadable.first?.message.en.hasPrefix("`members[0].sex`: `x") == true)
        let ata = try #require(report.programs.first { $0.program == "ata" })
        #expect(ata.gains > 0 && ata.losses == 0)
        #expect(ata.eligibleAfter == ata.eligibleBefore + ata.gains)
        #expect(ata.costChange > .zero)
        let example = try #require(ata.gainExamples.first)
        #expect(analysis.explain(example.1, program: "ata", proposed: false)?.decision.status == .ineligible)
        #expect(analysis.explain(example.1, program: "ata", proposed: true)?.decision.status == .eligible)
        // Programmes that do not depend on income do not move.
        #expect(report.programs.first { $0.program == "large_family_allowance" }?.costChange == .zero)
        // The report in each language, and as a page with one row per programme, changed ones marked.
        for (lang, word) in [(Language.kk, "қосылды"), (.ru, "получают"), (.en, "gain")] {
            let r = ImpactRenderer(language: lang, analysis: analysis, baseName: "rules", proposedName: "proposed")
            #expect(r.text(report).contains("ata — \(Repo.ruleSet.program("ata")!.title[lang]): "))
            #expect(r.text(report).contains("\(word) \(ata.gains)"))
            let page = r.html(report)
            #expect(page.components(separatedBy: "<tr").count - 1 == report.programs.count + 1)
            #expect(page.components(separatedBy: "<tr class=\"changed\">").count - 1 == report.programs.filter { $0.gains > 0 || $0.losses > 0 || $0.costChange != .zero }.count)
            #expect(page.contains(r.signed(ata.costChange)))
        }
        let text = ImpactRenderer(language: .en, analysis: analysis, baseName: "rules", proposedName: "proposed").text(report)
        #expect(text.contains("\nline 42: `members[0].sex`: `x"))
        #expect(text.contains("\nline 1501: "))
    }

    @Test("a monthly total beyond exact arithmetic is said, not shown as a wrong figure")
    func impactOverflow() throws {
        // Some 3.9 trillion tenge per household: three eligible households exceed exact arithmetic.
        let proposed = try Repo.ruleSet(editing: "programs/ata.yaml", "expr: income_gap + child_supplement", to: "expr: 1000000000 * mrp")
        let input = try Self.write((0..<500).map(HouseholdGenerator(seed: 11).line))
        defer { try? FileManager.default.removeItem(at: input) }
        let analysis = ImpactAnalysis(base: Repo.ruleSet, proposed: proposed)
        let report = try analysis.run(input: try FileHandle(forReadingFrom: input))
        let ata = try #require(report.programs.first { $0.program == "ata" })
        #expect(ata.eligibleAfter >= 3 && ata.costTooLarge)
        #expect(report.programs.first { $0.program == "kumis_alqa" }?.costTooLarge == false)
        let r = ImpactRenderer(language: .en, analysis: analysis, baseName: "rules", proposedName: "proposed")
        #expect(r.text(report).contains("ata — \(proposed.program("ata")!.title[.en]): eligible \(ata.eligibleBefore) → \(ata.eligibleAfter) (gain \(ata.gains), lose 0); monthly cost beyond exact arithmetic"))
        let json = r.json(report)
        guard case .object(let top) = json, case .array(let programs)? = top.first(where: { $0.0 == "programs" })?.1,
              case .object(let first)? = programs.first(where: { if case .object(let o) = $0 { o.contains { $0.0 == "program" && $0.1 == .string("ata") } } else { false } }) else {
            Issue.record("no ata in the JSON report"); return
        }
        #expect(first.first { $0.0 == "monthly_cost_too_large" }?.1 == .bool(true))
        #expect(first.first { $0.0 == "monthly_cost_after" }?.1 == .null)
    }
}
