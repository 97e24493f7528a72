import Foundation
import Testing
@testable import QamqorEngine

/// The traced evaluation (explanations) and the untraced one (batch, rankings) are compiled from
/// the same checked rules: for every sample and for generated households, across all 20
/// programmes, they agree on status, amount, form and missing facts. `QAMQOR_PROPERTY_HOUSEHOLDS`
/// sets how many generated households (default 3 000; the figure in the closing note used 100 000).
@Suite("Traced and untraced evaluation agree")
struct TracedUntracedTests {
    static let households = Int(ProcessInfo.processInfo.environment["QAMQOR_PROPERTY_HOUSEHOLDS"] ?? "") ?? 3_000

    static func key(_ d: Decision) -> String {
        "\(d.program) \(d.status.rawValue) \(d.amount?.description ?? "-") \(d.form ?? "-") [\(d.missing.map(\.text).sorted().joined(separator: ","))]"
    }

    static func disagreements(_ record: RecordValue, _ rules: RuleSet) -> [String] {
        guard let fast = try? rules.decide(record), let traced = try? rules.decide(record, trace: true) else { return [] }
        return zip(fast, traced).compactMap { a, b in key(a) == key(b) ? nil : "untraced \(key(a)) ≠ traced \(key(b))" }
    }

    @Test("every sample household")
    func samples() throws {
        let rules = Repo.ruleSet
        let files = try FileManager.default.contentsOfDirectory(atPath: Repo.samples).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 20)
        for f in files {
            let record = try Repo.record(try String(contentsOfFile: Repo.samples + "/" + f, encoding: .utf8)).get()
            let d = Self.disagreements(record, rules)
            #expect(d.isEmpty, "\(f): \(d)")
        }
    }

    @Test("generated households")
    func generated() {
        let rules = Repo.ruleSet
        let reader = JSONRecordReader(schema: rules.schema)
        let generator = HouseholdGenerator(seed: 2026)
        var checked = 0, decided = 0
        var first: [String] = []
        for i in 0..<Self.households {
            guard case .success(let record) = reader.read(Array(generator.line(i).utf8), source: "gen") else { continue }
            checked += 1
            let d = Self.disagreements(record, rules)
            if !d.isEmpty, first.count < 5 { first.append("household \(i): \(d.first ?? "")") }
            decided += d.isEmpty ? 1 : 0
        }
        #expect(checked > Self.households * 9 / 10)
        #expect(decided == checked, "\(checked - decided) households disagree; first: \(first)")
    }
}
