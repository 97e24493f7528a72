import Foundation
import Testing
@testable import QamqorEngine

/// Paths and loaders shared by the tests: the repository's own rules and samples.
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var rules: String { root.appendingPathComponent("rules").path }
    static var samples: String { root.appendingPathComponent("samples").path }
    static var golden: URL { root.appendingPathComponent("Tests/QamqorEngineTests/Golden") }

    /// The repository's rule files as (relative path, text), for building variants in memory.
    static func ruleFiles() throws -> [(relativePath: String, text: String)] {
        try DirectoryRuleSource(directory: rules).files().map { ($0.relativePath, $0.file.text) }
    }

    /// The repository's rules, loaded once.
    static let ruleSet: RuleSet = {
        switch RuleSet.load(from: DirectoryRuleSource(directory: rules)) {
        case .success(let r): return r
        case .failure(let d): fatalError("the repository rules do not load:\n\(d)")
        }
    }()

    /// The repository's rules with `old` replaced by `new` in the file at `path`.
    static func ruleSet(editing path: String, _ old: String, to new: String) throws -> RuleSet {
        var files = try ruleFiles()
        let i = try #require(files.firstIndex { $0.relativePath == path })
        #expect(files[i].text.contains(old))
        files[i].text = files[i].text.replacingOccurrences(of: old, with: new)
        return try RuleSet.load(from: MemoryRuleSource(files)).get()
    }

    /// Reads an applicant record written inline in a test.
    static func record(_ yaml: String, rules: RuleSet = ruleSet) -> Result<RecordValue, DiagnosticList> {
        rules.recordReader.read(SourceFile(path: "inline.yaml", text: yaml))
    }

    /// Compares `actual` with a golden file; with QAMQOR_RECORD=1 in the environment, rewrites it.
    static func golden(_ relative: String, _ actual: String) -> (expected: String, matches: Bool) {
        let url = golden.appendingPathComponent(relative)
        if ProcessInfo.processInfo.environment["QAMQOR_RECORD"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return (actual, true)
        }
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "<missing golden file \(relative); run with QAMQOR_RECORD=1>"
        return (expected, expected == actual)
    }
}
