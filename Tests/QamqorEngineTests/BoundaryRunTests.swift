import Foundation
import Testing
@testable import QamqorEngine

/// Bad input inside bulk work: a batch, a round, the rule tests. Each bad item is refused with
/// where and why; nothing else is lost, and nothing outside the input is read.
@Suite("Input boundary in bulk work")
struct BoundaryRunTests {
    @Test("a batch line dated 0001-01-15 among good lines is rejected with its line number; the rest are decided")
    func batchYearOne() throws {
        var lines = (0..<500).map(HouseholdGenerator(seed: 5).line)
        lines[41] = lines[41].replacingOccurrences(of: #""date":"2025-"#, with: #""date":"0001-01-15","was":"2025-"#)
            .replacingOccurrences(of: #","was":"2025-\d\d-\d\d""#, with: "", options: .regularExpression)
        #expect(lines[41].contains("0001-01-15"))
        let input = try PopulationTests.write(lines)
        defer { try? FileManager.default.removeItem(at: input) }
        var out = "", rej = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, jobs: 2).run(input: try FileHandle(forReadingFrom: input),
                                                                       output: { out += String(decoding: $0, as: UTF8.self) },
                                                                       rejects: { rej += String(decoding: $0, as: UTF8.self) })
        #expect(summary.read == 500 && summary.decided == 499 && summary.rejected == 1)
        #expect(summary.read == summary.decided + summary.rejected)
        let reject = try #require(rej.split(separator: "\n").first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(reject["line"] as? Int == 42)
        #expect((reject["error"] as? String ?? "\(reject)").contains("`application.date`: the date 0001-01-15 is outside the allowed range"))
        #expect(out.split(separator: "\n").count == 499)
    }

    static func round(_ cell: String) -> [UInt8] {
        Array("id,market_demand,financial_viability,market_research,entrepreneurial_skills,jobs_created,household\nIA-1,8,7,7,9,2,\(cell)\n".utf8)
    }

    static func rank(_ cell: String, files: RoundReader.HouseholdFiles) throws -> Ranking {
        try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: round(cell), path: "round.csv", householdFiles: files)
    }

    @Test("a CSV round read for a client names no file: a path in a household cell is refused the same way whether or not it exists")
    func csvRefusesFilesByDefault() throws {
        var said: [String] = []
        for path in ["/etc/passwd", "/etc/no-such-file", Repo.samples + "/almaty-student-family.json", "samples/almaty-student-family.json"] {
            let r = try Self.rank(path, files: .refused)
            #expect(r.applications.isEmpty)
            said.append(try #require(r.rejected.first).said.en)
        }
        #expect(Set(said).count == 1, "the answers must not tell which files exist: \(said)")
        #expect(said[0] == "line 2: the `household` cell must hold the household as JSON; file references are not read here")
    }

    @Test("on the command line a CSV round reads household files inside its own folder only")
    func csvFilesInsideFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("round-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("hh"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let json = try String(contentsOfFile: Repo.samples + "/almaty-student-family.json", encoding: .utf8)
        try json.write(to: dir.appendingPathComponent("hh/one.json"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("hh/out.json").path, withDestinationPath: Repo.samples + "/almaty-student-family.json")
        let inside = try Self.rank("hh/one.json", files: .inside(dir.path))
        #expect(inside.rejected.isEmpty && inside.applications.count == 1)
        for (path, said) in [("/etc/passwd", "a household file must be a relative path inside the round file's folder (no leading /, no ..)"),
                             ("hh/../../x.json", "a household file must be a relative path inside the round file's folder (no leading /, no ..)"),
                             ("hh/out.json", "household file `hh/out.json` cannot be read"),
                             ("hh/missing.json", "household file `hh/missing.json` cannot be read")] {
            let r = try Self.rank(path, files: .inside(dir.path))
            #expect(r.applications.isEmpty)
            #expect(r.rejected.first?.said.en.hasSuffix(said) == true, "\(path): \(r.rejected.first?.said.en ?? "accepted")")
        }
    }

    @Test("CSV cells a spreadsheet would run as formulas are escaped; numbers stay numbers")
    func csvInjection() throws {
        let household = try String(contentsOfFile: Repo.samples + "/almaty-student-family.json", encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ")
        for (id, written) in [("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1", "\"'+1\""), ("-2", "\"'-2\""), ("@SUM(A1)", "\"'@SUM(A1)\""), ("IA-9", "IA-9")] {
            let cell = "\"" + household.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let text = String(decoding: Self.round(cell), as: UTF8.self).replacingOccurrences(of: "IA-1,", with: JSONValue.quote(id).replacingOccurrences(of: "\\\"", with: "\"\"") + ",")
            let r = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(text.utf8), path: "round.csv")
            let csv = RankingRenderer(language: .en).csv(r)
            let row = try #require(csv.split(separator: "\n").dropFirst().first)
            #expect(row.contains("," + written + ",") || row.hasPrefix(written + ",") , "\(id): \(row)")
        }
    }

    @Test("a rule test names its household inside the rules; a path out of them is a failed test, never a read")
    func ruleTestHouseholds() throws {
        var files = try Repo.ruleFiles()
        files.append(("tests/escape.yaml", """
        tests:
          - {name: absolute, household: /etc/passwd, program: ata, expect: {status: eligible}}
          - {name: up, household: ../../samples/almaty-widow-five-children.yaml, program: ata, expect: {status: eligible}}
          - {name: inside, household: households/almaty-widow-five-children.yaml, program: ata, expect: {status: eligible}}
        """))
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let results = RuleTestRunner(rules: rules).runAll().filter { $0.file.hasSuffix("escape.yaml") }
        #expect(results.map(\.passed) == [false, false, true])
        for r in results.prefix(2) {
            #expect(r.failures.first?.hasPrefix("no household `") == true)
            #expect(r.failures.joined().contains("root:") == false, "nothing of the file may be shown")
        }
    }

    @Test("ranking and deciding on many threads at once give the answers of one thread")
    func concurrentRankingAndDecisions() async throws {
        let rules = Repo.ruleSet
        let round = try Data(contentsOf: Repo.root.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl"))
        let expectedRanking = RankingRenderer(language: .en).csv(try Ranker(rules: rules).rank(programID: "isker_ana", round: [UInt8](round), path: "r.jsonl"))
        let households = (0..<200).map(HouseholdGenerator(seed: 9).line)
        let reader = JSONRecordReader(schema: rules.schema)
        func decideAll() throws -> [String] {
            try households.map { line in
                let r = try reader.read(Array(line.utf8), source: "g").get()
                return try rules.decide(r).map { "\($0.status.rawValue) \($0.amount?.description ?? "-")" }.joined(separator: ",")
            }
        }
        let expectedDecisions = try decideAll()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for k in 0..<8 {
                group.addTask {
                    if k % 2 == 0 {
                        let r = try Ranker(rules: rules).rank(programID: "isker_ana", round: [UInt8](round), path: "r.jsonl")
                        return RankingRenderer(language: .en).csv(r) == expectedRanking
                    }
                    return try decideAll() == expectedDecisions
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
