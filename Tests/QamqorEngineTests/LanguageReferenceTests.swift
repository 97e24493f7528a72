import Foundation
import Testing
@testable import QamqorEngine

/// `docs/expressions.md` lists every builtin function and every diagnostic code from the tables
/// that declare them: a function or code added without its line in the reference fails here.
/// `QAMQOR_RECORD=1 swift test` rewrites the generated parts.
@Suite("Language reference")
struct LanguageReferenceTests {
    static let path = Repo.root.appendingPathComponent("docs/expressions.md")

    static var functionRows: String {
        "| function | result |\n|---|---|\n" + BuiltinFunction.all.map { f in
            let parts = f.doc.components(separatedBy: " — ")
            return "| \(parts[0]) | \(parts.dropFirst().joined(separator: " — ")) |"
        }.joined(separator: "\n") + "\n"
    }

    static var codeRows: String {
        "| code | where | kk | ru | en |\n|---|---|---|---|---|\n" + DiagnosticCode.allCases.map { c in
            "| `\(c.rawValue)` | \(c.area.rawValue) | \(c.title.kk) | \(c.title.ru) | \(c.title.en) |"
        }.joined(separator: "\n") + "\n"
    }

    /// The text between `<!-- marker … -->` and the next `<!-- end -->`, replaced by `content`.
    static func replacing(_ marker: String, in text: String, with content: String) -> (current: String, updated: String)? {
        guard let open = text.range(of: "<!-- \(marker)"), let openEnd = text[open.upperBound...].range(of: "-->\n"),
              let close = text[openEnd.upperBound...].range(of: "<!-- end -->") else { return nil }
        let current = String(text[openEnd.upperBound..<close.lowerBound])
        return (current, text.replacingCharacters(in: openEnd.upperBound..<close.lowerBound, with: content))
    }

    @Test("the reference lists every builtin function and every diagnostic code")
    func generatedParts() throws {
        var text = try String(contentsOf: Self.path, encoding: .utf8)
        for (marker, content) in [("builtin functions", Self.functionRows), ("diagnostic codes", Self.codeRows)] {
            let r = try #require(Self.replacing(marker, in: text, with: content), "no `<!-- \(marker)` … `<!-- end -->` in docs/expressions.md")
            if ProcessInfo.processInfo.environment["QAMQOR_RECORD"] == "1" {
                text = r.updated
            } else {
                #expect(r.current == content, "docs/expressions.md is out of date for \(marker); run QAMQOR_RECORD=1 swift test")
            }
        }
        if ProcessInfo.processInfo.environment["QAMQOR_RECORD"] == "1" {
            try text.write(to: Self.path, atomically: true, encoding: .utf8)
        }
    }

    @Test("every function has a row in the semantics file")
    func everyFunctionIsTested() {
        let rows = EvaluatorTests.cases.map(\.0)
        let untested = BuiltinFunction.all.map(\.name).filter { name in !rows.contains { $0.contains("\(name)(") } }
        #expect(untested.isEmpty, "functions with no row in Expressions/semantics.tsv: \(untested)")
    }
}
