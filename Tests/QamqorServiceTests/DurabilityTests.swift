import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
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
}
