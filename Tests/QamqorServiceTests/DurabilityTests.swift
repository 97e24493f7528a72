import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import Testing
@testable import QamqorService

@Suite("Audit durability")
struct DurabilityTests {
    @Test("SIGKILL right after a 200 answer loses no audited decision; /metrics of the running service counted them and its open connections")
    func sigkill() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        var ids: [String] = []
        let body = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-widow-five-children.yaml"))
        _ = body
        let json = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"))
        for _ in 0..<20 {
            var request = URLRequest(url: URL(string: service.base + "/v1/decisions?program=ata")!)
            request.httpMethod = "POST"
            request.httpBody = json
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let (data, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            ids.append(try #require(obj?["audit_id"] as? String))
        }
        // The running service counts what it did, and the connection this very request holds.
        let (metrics, _) = try await URLSession.shared.data(from: URL(string: service.base + "/metrics")!)
        let lines = String(decoding: metrics, as: UTF8.self).split(separator: "\n")
        let open = lines.first { $0.hasPrefix("qamqor_connections_open ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
        #expect((open ?? 0) >= 1, "the metrics request's own connection is open")
        let ata = lines.filter { $0.hasPrefix("qamqor_decisions_total{program=\"ata\"") }.compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(ata.reduce(0, +) == 20)
        // Killed at once after the last 200: no chance to flush anything more.
        service.kill()
        let audit = try AuditLog(path: service.database)
        for id in ids {
            let entry = try await audit.entry(id)
            #expect(entry != nil, "audited decision \(id) lost")
            #expect(entry?.outcome.contains("\"program\":\"ata\"") == true)
        }
        #expect(try await audit.count() == ids.count)
    }

    static func decide(_ service: RunningService) throws -> RawHTTP.Answer {
        let household = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"), encoding: .utf8)
        return try RawHTTP.send(port: service.port, ["POST /v1/decisions?program=ata HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"], body: household)
    }

    @Test("the write-ahead log removed while serving: decisions answer 503 and the service is not ready, instead of ids of rows a crash would lose")
    func walRemoved() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        #expect(try Self.decide(service).status == 200)
        try FileManager.default.removeItem(atPath: service.database + "-wal")
        let after = try Self.decide(service)
        #expect(after.status == 503, "\(after.status) \(after.body.prefix(200))")
        #expect(after.body.contains("write-ahead log"))
        let health = try RawHTTP.send(port: service.port, ["GET /healthz HTTP/1.1", "Host: 127.0.0.1"])
        #expect(health.status == 503)
    }

    @Test("another process holding the write lock is waited for; held too long, the answer is 503 without any SQL")
    func writeLockHeld() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        #expect(try Self.decide(service).status == 200)
        let other = try DatabaseQueue(path: service.database)
        /// Takes the write lock on a thread of its own for `seconds`; returns once it is held.
        func hold(_ seconds: Double) async throws -> Thread {
            let held = DispatchSemaphore(value: 0)
            let thread = Thread {
                try? other.inDatabase { db in
                    try db.execute(sql: "BEGIN IMMEDIATE")
                    held.signal()
                    Thread.sleep(forTimeInterval: seconds)
                    try db.execute(sql: "COMMIT")
                }
            }
            thread.start()
            try await TestPostgres.offThread { held.wait() }
            return thread
        }
        // Held for one second: the decision waits and is recorded.
        _ = try await hold(1)
        #expect(try Self.decide(service).status == 200)
        try await Task.sleep(for: .seconds(1))
        // Held for longer than the service waits: 503, and nothing of the database's internals.
        _ = try await hold(15)
        let refused = try Self.decide(service)
        try await Task.sleep(for: .seconds(15))
        #expect(refused.status == 503)
        #expect(!refused.body.contains("INSERT") && !refused.body.contains("SELECT") && !refused.body.contains("decisions ("), "\(refused.body)")
        #expect(refused.body.contains("locked by another process"), "\(refused.body)")
        #expect(try Self.decide(service).status == 200, "served again once the lock is released")
    }
}
