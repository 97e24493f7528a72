import Foundation
import Testing
@testable import QamqorEngine

/// Rule-file mistakes and the exact diagnostics they produce, checked against golden files.
/// Each `Golden/diagnostics/<case>.yaml` is added as a programme to the repository's rules;
/// `<case>.expected` holds the full output. Re-record with `QAMQOR_RECORD=1 swift test`.
@Suite("Diagnostics (golden files)")
struct DiagnosticGoldenTests {
    static let cases: [String] = {
        let dir = Repo.golden.appendingPathComponent("diagnostics")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    @Test("there are golden cases to run")
    func casesExist() { #expect(Self.cases.count >= 7) }

    @Test("every mistake is reported at file:line:col with a caret", arguments: cases)
    func diagnostics(_ name: String) throws {
        let text = try String(contentsOf: Repo.golden.appendingPathComponent("diagnostics/\(name).yaml"), encoding: .utf8)
        var files = try Repo.ruleFiles()
        files.append(("programs/\(name).yaml", text))
        guard case .failure(let d) = RuleSet.load(from: MemoryRuleSource(files)) else {
            Issue.record("\(name) loaded without errors"); return
        }
        let actual = d.rendered() + "\n"
        let golden = Repo.golden("diagnostics/\(name).expected", actual)
        #expect(golden.matches, "\(name): got\n\(actual)\nexpected\n\(golden.expected)")
    }

    @Test("a rules directory that does not exist is said plainly, with no empty file name before it")
    func missingDirectory() {
        guard case .failure(let d) = RuleSet.load(from: DirectoryRuleSource(directory: "/nonexistent-rules")) else {
            Issue.record("loaded rules from nowhere"); return
        }
        #expect(d.items.first?.description == "error[rules-unreadable]: rules directory `/nonexistent-rules` does not exist")
    }
}
