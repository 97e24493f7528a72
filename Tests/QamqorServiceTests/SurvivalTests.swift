import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The real `qamqor serve` process, sent one hostile or careless request after another: each is
/// refused with the status the table says, and after each the same process is still running and
/// ready (`/healthz` 200) and still decides a good household.
@Suite("The service survives bad requests")
struct SurvivalTests {
    /// (what, method, path, body, expected status)
    static func badRequests() throws -> [(String, String, String, Data, Int)] {
        let good = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"))
        let text = String(decoding: good, as: UTF8.self)
        func replacing(_ a: String, _ b: String) -> Data { Data(text.replacingOccurrences(of: a, with: b).utf8) }
        let envelope = #"{"household": \#(text), "programs": [\#(Array(repeating: #""ata""#, count: 120_000).joined(separator: ","))]}"#
        return [
            ("a decision in year 1", "POST", "/v1/decisions", replacing("2025-09-10", "0001-01-15"), 422),
            ("a decision in year 9999", "POST", "/v1/decisions", replacing("2025-09-10", "9999-12-31"), 422),
            ("as_of in year 1", "POST", "/v1/decisions?as_of=0001-01-15", good, 422),
            ("a member born after the application", "POST", "/v1/decisions", replacing("2002-05-18", "2030-01-01"), 422),
            ("a duplicate key", "POST", "/v1/decisions", replacing(#""region": "almaty","#, #""region": "almaty", "region": "shymkent","#), 422),
            ("invalid UTF-8", "POST", "/v1/decisions", Data(good.prefix(40)) + Data([0xFF, 0xFE]) + Data(good.dropFirst(40)), 422),
            ("nesting 100 000 deep", "POST", "/v1/decisions", Data(("{\"members\": " + String(repeating: "[", count: 100_000)).utf8), 422),
            ("a number of 100 000 digits", "POST", "/v1/decisions", replacing("42000", String(repeating: "9", count: 100_000)), 422),
            ("an exponent of a million", "POST", "/v1/decisions", replacing("42000", "1e1000000"), 422),
            ("one programme named 120 000 times", "POST", "/v1/decisions", Data(envelope.utf8), 200),
            ("a body of 2 MB", "POST", "/v1/decisions", Data(repeating: 0x20, count: 2 << 20), 413),
            ("a CSV round naming /etc/passwd", "POST", "/v1/rankings?program=isker_ana", Data("id,household\nA1,/etc/passwd\n".utf8), 422),
            ("a round dated in year 1", "POST", "/v1/rankings?program=isker_ana&as_of=0001-01-15", Data("id,household\nA1,{}\n".utf8), 422),
            ("an unknown method", "DELETE", "/v1/decisions", Data(), 405),
            ("a path outside the API", "GET", "/static/..%2F..%2FPackage.swift", Data(), 404),
        ]
    }

    @Test("each bad request is refused and the process stays up and ready")
    func survives() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        let good = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"))
        for (what, method, path, body, status) in try Self.badRequests() {
            var request = URLRequest(url: URL(string: service.base + path)!)
            request.httpMethod = method
            if !body.isEmpty { request.httpBody = body }
            request.setValue(path.contains("rankings") ? "text/csv" : "application/json", forHTTPHeaderField: "Content-Type")
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == status, "\(what)")
            #expect(service.process.isRunning, "the service died after: \(what)")
            let (_, health) = try await URLSession.shared.data(from: URL(string: service.base + "/healthz")!)
            #expect((health as? HTTPURLResponse)?.statusCode == 200, "not ready after: \(what)")
        }
        var decide = URLRequest(url: URL(string: service.base + "/v1/decisions?program=ata")!)
        decide.httpMethod = "POST"
        decide.httpBody = good
        decide.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (_, response) = try await URLSession.shared.data(for: decide)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }
}
