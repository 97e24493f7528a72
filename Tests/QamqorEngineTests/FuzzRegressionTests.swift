import Foundation
import Testing
@testable import QamqorEngine

/// Every input a fuzzer found that crashed the engine (Tests/QamqorEngineTests/Fuzz/): each is
/// read by both record readers and as a round in each format, and whatever is accepted is
/// decided and explained, or ranked. Before its fix
/// each one trapped; now each must be refused or decided.
@Suite("Fuzzer finds")
struct FuzzRegressionTests {
    static let directory = Repo.root.appendingPathComponent("Tests/QamqorEngineTests/Fuzz")
    static let files: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()

    @Test("each crash input is refused or decided, never a trap", arguments: files)
    func replay(_ name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.directory.appendingPathComponent(name)))
        let rules = Repo.ruleSet
        let json = JSONRecordReader(schema: rules.schema).read(bytes, source: name)
        if case .success(let r) = json { _ = try? rules.explain(r) }
        _ = JSONRecordReader.topLevelKeys(bytes)
        let yaml = rules.recordReader.read(SourceFile(path: name + ".yaml", text: String(decoding: bytes, as: UTF8.self)))
        if case .success(let r) = yaml { _ = try? rules.explain(r) }
        // As a round in each format (what FuzzRound finds).
        if let scoring = rules.program("isker_ana")?.scoring {
            for format in RoundFormat.allCases {
                let input = RoundInput(bytes: bytes, format: format, name: format.fileName, reader: RoundReader(schema: rules.schema, scoring: scoring), limit: 1_000)
                _ = try? Ranker(rules: rules).rank(programID: "isker_ana", input: input)
            }
        }
        // The inputs found so far are all malformed: the readers say so.
        if name.hasPrefix("json-") { if case .success = json { Issue.record("\(name) was accepted") } }
    }
}
