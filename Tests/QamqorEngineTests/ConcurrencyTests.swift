import Foundation
import Testing
@testable import QamqorEngine

/// One compiled rule set is shared by every thread that decides: the service's request handlers,
/// batch workers, a ranking's workers. Deciding, explaining and ranking at the same time on many
/// threads gives exactly what one thread gives. Run under ThreadSanitizer with
/// `swift test --sanitize=thread --filter Concurrency`.
@Suite("Concurrency: one shared rule set")
struct ConcurrencyTests {
    static let households: [RecordValue] = {
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        let generator = HouseholdGenerator(seed: 23)
        return (0..<200).compactMap { i in try? reader.read(Array(generator.line(i).utf8), source: "gen").get() }
    }()

    static func summary(_ ds: [Decision]) -> String {
        ds.map { "\($0.program)=\($0.status.rawValue):\($0.amount?.description ?? "-"):\($0.missing.map(\.text).joined(separator: ","))" }.joined(separator: " ")
    }

    @Test("decisions and explanations on eight threads at once equal those made on one")
    func decideAndExplainTogether() throws {
        let rules = Repo.ruleSet
        #expect(Self.households.count == 200)
        let serial = try Self.households.map { try Self.summary(rules.decide($0)) }
        let explainedSerial = try Self.households.prefix(40).map { try rules.explain($0).map(\.decision.status.rawValue).joined() }
        let results = Results(8)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            var mine: [String] = []
            for (i, h) in Self.households.enumerated() {
                // Half the threads explain (the traced tables), half decide (the fast ones).
                if t % 2 == 0, i < 40 {
                    mine.append((try? rules.explain(h).map(\.decision.status.rawValue).joined()) ?? "error")
                } else {
                    mine.append((try? Self.summary(rules.decide(h))) ?? "error")
                }
            }
            lock.lock(); results.value[t] = mine; lock.unlock()
        }
        for t in 0..<8 {
            let got = results.value[t]
            for (i, s) in got.enumerated() {
                let want = t % 2 == 0 && i < 40 ? explainedSerial[i] : serial[i]
                #expect(s == want, "thread \(t), household \(i)")
            }
        }
    }

    @Test("four rankings of one round at once equal one ranking")
    func rankTogether() throws {
        let round = Array(try String(contentsOfFile: Repo.samples + "/rounds/isker-ana-2025.jsonl", encoding: .utf8).utf8)
        let ranker = Ranker(rules: Repo.ruleSet)
        @Sendable func order(_ r: Ranking) -> [String] { r.applications.map { "\($0.id):\($0.total?.description ?? "-")" } }
        let want = order(try ranker.rank(programID: "isker_ana", round: round, path: "round.jsonl"))
        let results = Results(4)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            let got = (try? ranker.rank(programID: "isker_ana", round: round, path: "round.jsonl")).map(order) ?? []
            lock.lock(); results.value[t] = got; lock.unlock()
        }
        for t in 0..<4 { #expect(results.value[t] == want, "ranking \(t)") }
    }

    /// What each thread got, written under a lock.
    final class Results: @unchecked Sendable {
        var value: [[String]]
        init(_ n: Int) { value = Array(repeating: [], count: n) }
    }
}
