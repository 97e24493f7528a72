import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `qamqor serve --log-format json`: one JSON object a line, each request's line with its
/// request id (the client's, when it sends one), route, status and time — never the query.
@Suite("Structured logs")
struct LogFormatTests {
    @Test("JSON log lines carry the request id, the route and the status, and no query")
    func json() async throws {
        guard let binary = QamqorBinary.path else { throw TestFailure("cannot find or build the qamqor executable") }
        let port = Int.random(in: 20000...40000)
        let log = ServiceFixture.temporaryDirectory().appendingPathComponent("serve.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["serve", "--rules", ServiceFixture.repo.appendingPathComponent("rules").path, "--port", String(port),
                       "--db", ServiceFixture.temporaryDirectory().appendingPathComponent("a.sqlite").path, "--log-format", "json"]
        p.standardError = handle
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        var ready = false
        for _ in 0..<200 where !ready {
            if let (_, r) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!), (r as? HTTPURLResponse)?.statusCode == 200 { ready = true }
            else { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/v1/programs?lang=kk")!)
        request.setValue("case-42", forHTTPHeaderField: "X-Request-Id")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "X-Request-Id") == "case-42")
        kill(p.processIdentifier, SIGTERM)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "a graceful stop on SIGTERM")
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        let objects = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(objects.count == lines.count, "every line is a JSON object")
        let line = objects.first { $0["request_id"] as? String == "case-42" }
        #expect(line?["route"] as? String == "/v1/programs")
        #expect(line?["status"] as? String == "200")
        // The time taken, in milliseconds with one decimal.
        let ms = line?["ms"] as? String ?? ""
        #expect(ms.wholeMatch(of: /[0-9]+\.[0-9]/) != nil, "ms: \(ms)")
        #expect(!lines.contains { $0.contains("lang=kk") }, "the query is not logged")
    }
}
