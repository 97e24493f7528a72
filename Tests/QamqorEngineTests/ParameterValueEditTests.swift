import Foundation
import Testing
@testable import QamqorEngine

/// "Add a value from a date": the line the form writes into a parameter file, and what it refuses.
@Suite("Adding a parameter value through the form")
struct ParameterValueEditTests {
    static let file = Repo.root.appendingPathComponent("rules/parameters/poverty_line.yaml")
    static let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    static func table(_ name: String) throws -> ParameterTable { try #require(Repo.ruleSet.parameters.first { $0.name == name }) }
    static let today = Day(iso: "2026-12-07")!

    static func edit(_ name: String, key: String? = nil, from: String, value: String, source: String = "ministry order № 1 of 01.12.2026", reason: String? = nil) throws -> Result<String, ParameterValueEdit.Refusal> {
        ParameterValueEdit(parameter: name, key: key, from: try #require(Day(iso: from)), value: value, source: source, correction: reason, today: today)
            .applied(to: text, table: try table(name))
    }

    @Test("a new value from 2027-01-01 is one line after the last, in the series' indentation; the rest of the file is unchanged")
    func appends() throws {
        let out = try Self.edit("poverty_line_share_of_minimum", from: "2027-01-01", value: "0,75").get()
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        let old = Self.text.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(old.firstIndex { $0 == "      2023-07-01: 0.70" })
        #expect(lines[at + 1] == "      2027-01-01: {value: 0.75, source: \"ministry order № 1 of 01.12.2026\"}")
        #expect(lines.count == old.count + 1)
        #expect(Array(lines[..<(at + 1)]) == Array(old[..<(at + 1)]) && Array(lines[(at + 2)...]) == Array(old[(at + 1)...]))
        // And the rules read it: the share from 2027 is 0.75.
        let files = try DirectoryRuleSource(directory: Repo.rules).files().map { f in
            (f.relativePath, f.relativePath == "parameters/poverty_line.yaml" ? out : f.file.text)
        }
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let table = try #require(rules.parameters.first { $0.name == "poverty_line_share_of_minimum" })
        guard case .decimal(let share)? = table.entries.last?.value else { Issue.record("no decimal value"); return }
        #expect(share == ExactDecimal(parsing: "0.75") && table.entries.last?.start == Day(iso: "2027-01-01"))
    }

    @Test("a region's value goes into the region's series, in date order")
    func keyed() throws {
        let out = try Self.edit("published_poverty_line", key: "aktobe_region", from: "2025-04-01", value: "45 000", reason: "the Q2 2025 line was published late").get()
        let lines = out.split(separator: "\n").map(String.init)
        let i = try #require(lines.firstIndex { $0.contains("2025-04-01: {value: 45000,") })
        #expect(lines[i - 1].contains("# corrected 2026-12-07: the Q2 2025 line was published late"))
        #expect(lines[i + 1].contains("2026-01-01:"), "before the later value of the same region")
    }

    @Test("what the form refuses, and the field it names", arguments: [
        ("poverty_line_share_of_minimum", nil, "2027-01-01", "0.75", "", nil, "source"),
        ("poverty_line_share_of_minimum", nil, "2027-01-01", "three quarters", "a source", nil, "value"),
        ("poverty_line_share_of_minimum", nil, "2027-01-01", "0.1234567", "a source", nil, "value"),
        ("poverty_line_share_of_minimum", nil, "2023-01-01", "0.75", "a source", nil, "from"),
        ("poverty_line_share_of_minimum", "almaty", "2027-01-01", "0.75", "a source", nil, "key"),
        ("published_poverty_line", nil, "2027-01-01", "45000", "a source", nil, "key"),
        ("published_poverty_line", "narnia", "2027-01-01", "45000", "a source", nil, "key"),
        ("poverty_line_share_of_minimum", nil, "2027-01-01", "0.75", "line one\nline two", nil, "source"),
    ] as [(String, String?, String, String, String, String?, String)])
    func refused(_ name: String, _ key: String?, _ from: String, _ value: String, _ source: String, _ reason: String?, _ field: String) throws {
        switch try Self.edit(name, key: key, from: from, value: value, source: source, reason: reason) {
        case .success: Issue.record("accepted")
        case .failure(let r):
            #expect(r.field == field)
            #expect(!r.said.kk.isEmpty && r.said.kk != r.said.en && r.said.ru != r.said.en)
        }
    }

    @Test("correcting a dated value replaces its line, with the reason kept above it")
    func correction() throws {
        let out = try Self.edit("poverty_line_share_of_minimum", from: "2023-07-01", value: "0.71", reason: "a typo in the order's copy").get()
        #expect(!out.contains("      2023-07-01: 0.70"))
        #expect(out.contains("      # corrected 2026-12-07: a typo in the order's copy\n      2023-07-01: {value: 0.71, source: \"ministry order № 1 of 01.12.2026\"}"))
    }
}
