import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QamqorService

/// The audit log is a hash chain: `verify` names the first decision altered after it was written,
/// and the place a decision was removed.
@Suite("Audit hash chain")
struct AuditChainTests {
    static func log(_ n: Int) async throws -> (AuditLog, [String]) {
        let path = ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path
        let log = try AuditLog(path: path)
        var ids: [String] = []
        for i in 0..<n {
            let id = "d\(i)"
            try await log.record(AuditLog.Entry(id: id, createdAt: "2026-12-02T10:0\(i):00Z", caller: "local", rulesVersion: "v1", asOf: nil,
                                                programs: "*", input: #"{"n": \#(i)}"#, outcome: #"[{"status": "eligible"}]"#, explanation: "{}"))
            ids.append(id)
        }
        return (log, ids)
    }

    @Test("an untouched log verifies, with its head")
    func intact() async throws {
        let (log, _) = try await Self.log(5)
        let v = try await log.verify()
        #expect(v.problem == nil && v.chained == 5 && v.head.count == 64)
    }

    @Test("an outcome changed in the database is named")
    func altered() async throws {
        let (log, _) = try await Self.log(5)
        try await log.pool.write { db in try db.execute(sql: #"UPDATE decisions SET outcome = '[{"status": "ineligible"}]' WHERE id = 'd2'"#) }
        let v = try await log.verify()
        #expect(v.problem == "decision d2 (number 3) was altered after it was written")
    }

    @Test("a removed decision is found between its neighbours")
    func removed() async throws {
        let (log, _) = try await Self.log(5)
        try await log.pool.write { db in try db.execute(sql: "DELETE FROM decisions WHERE id = 'd1'") }
        let v = try await log.verify()
        #expect(v.problem == "1 row(s) were removed after decision d0 (number 1), before decision d2 (number 3)")
    }

    @Test("a row rewritten with a recomputed hash still breaks the link to the next one")
    func rewrittenWithHash() async throws {
        let (log, _) = try await Self.log(4)
        try await log.pool.write { db in
            let prev = try String.fetchOne(db, sql: "SELECT prev_hash FROM decisions WHERE id = 'd1'") ?? ""
            let forged = AuditLog.Entry(id: "d1", createdAt: "2026-12-02T10:01:00Z", caller: "local", rulesVersion: "v1", asOf: nil,
                                        programs: "*", input: #"{"n": 1}"#, outcome: #"[{"status": "ineligible"}]"#, explanation: "{}")
            try db.execute(sql: "UPDATE decisions SET outcome = ?, row_hash = ? WHERE id = 'd1'", arguments: [forged.outcome, AuditChain.hash(prev: prev, forged)])
        }
        let v = try await log.verify()
        #expect(v.problem == "decision d2 (number 3) does not follow the row before it: the chain was altered there")
    }

    @Test("a row inserted with no place in the chain is a forgery, not an old row")
    func forgedUnchainedRow() async throws {
        let (log, _) = try await Self.log(3)
        try await log.pool.write { db in
            try db.execute(sql: #"INSERT INTO decisions (id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation) VALUES ('forged', '2026-12-01T09:00:00Z', 'local', 'v1', NULL, '*', '{}', '[{"status": "eligible"}]', '{}')"#)
        }
        let v = try await log.verify()
        #expect(v.problem == "1 decision row(s) have no place in the chain, but none were written before it: they were inserted afterwards")
    }

    @Test("an emptied log does not verify; a log never written to does")
    func emptied() async throws {
        let (log, _) = try await Self.log(3)
        try await log.pool.write { db in try db.execute(sql: "DELETE FROM decisions") }
        let v = try await log.verify()
        #expect(v.problem?.hasPrefix("the log holds no decision in its chain, but decisions were written to it") == true, "\(v.problem ?? "ok")")
        let (fresh, _) = try await Self.log(0)
        let f = try await fresh.verify()
        #expect(f.problem == nil && f.chained == 0)
    }

    @Test("the latest rows removed: found against a head kept from an earlier verify")
    func truncatedAgainstHead() async throws {
        let (log, _) = try await Self.log(5)
        let earlier = try await log.verify()
        #expect(try await log.verify(expectingHead: earlier.head).problem == nil)
        try await log.pool.write { db in try db.execute(sql: "DELETE FROM decisions WHERE seq >= 4") }
        #expect(try await log.verify().problem == nil, "without the head, a shorter chain is still a chain")
        let v = try await log.verify(expectingHead: earlier.head)
        #expect(v.problem?.hasPrefix("the head \(earlier.head.prefix(16))… is not in the chain") == true, "\(v.problem ?? "ok")")
    }

    @Test("/metrics shows the head the service last wrote, which verify --head then holds the log to")
    func headInMetrics() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: [.contentType: "application/json"],
                                         body: try ServiceFixture.sample("almaty-student-family.json")) { r in #expect(r.status == .ok) }
            }
            let text = try await client.execute(uri: "/metrics", method: .get) { r in String(buffer: r.body) }
            let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("qamqor_audit_chain_head_info{head=\"") })
            let head = String(line.dropFirst("qamqor_audit_chain_head_info{head=\"".count).prefix(64))
            let v = try await api.audit.verify(expectingHead: head)
            #expect(v.problem == nil && v.head == head && v.chained == 3)
        }
    }
}
