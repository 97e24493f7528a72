import Foundation
import Testing

/// The workstation service (no `--auth`) as another site's page would reach it: by a name that
/// resolves to this machine (DNS rebinding), from another origin, with a body a form can send.
/// Each request is written byte for byte to the real `qamqor serve`.
@Suite("Origin, Host and content-type boundary of the service")
struct OriginBoundaryTests {
    static let household = (try? String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"), encoding: .utf8)) ?? ""

    /// (what, request head after the request line, body, expected status)
    static let requests: [(String, String, [String], String, Int)] = [
        ("a decision by loopback name", "POST /v1/decisions?program=ata HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: application/json"], household, 200),
        ("a decision by localhost", "POST /v1/decisions?program=ata HTTP/1.1", ["Host: localhost:8080", "Content-Type: application/json"], household, 200),
        ("a decision from the same origin", "POST /v1/decisions?program=ata HTTP/1.1", ["Host: localhost", "Origin: http://localhost", "Content-Type: application/json"], household, 200),
        ("a rebound name asking for a decision", "POST /v1/decisions HTTP/1.1", ["Host: evil.example", "Origin: http://evil.example", "Content-Type: text/plain"], household, 421),
        ("a rebound name reading the programmes", "GET /v1/programs HTTP/1.1", ["Host: evil.example"], "", 421),
        ("a rebound name starting with 127.", "GET /v1/workbench HTTP/1.1", ["Host: 127.attacker.example"], "", 421),
        ("a rebound name creating a draft", "POST /v1/drafts?name=x HTTP/1.1", ["Host: evil.example:8080", "Origin: http://evil.example:8080"], "", 421),
        ("another origin creating a draft", "POST /v1/drafts?name=x HTTP/1.1", ["Host: 127.0.0.1", "Origin: http://evil.example"], "", 403),
        ("another origin publishing a draft", "POST /v1/drafts/abc/publish HTTP/1.1", ["Host: 127.0.0.1", "Origin: null"], "", 403),
        ("a cross-site fetch without Origin", "POST /v1/drafts?name=x HTTP/1.1", ["Host: 127.0.0.1", "Sec-Fetch-Site: cross-site"], "", 403),
        ("another origin deleting the schedule", "DELETE /v1/rules/scheduled HTTP/1.1", ["Host: 127.0.0.1", "Origin: https://evil.example"], "", 403),
        ("a household as text/plain", "POST /v1/decisions HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: text/plain"], household, 415),
        ("a household as a form", "POST /v1/decisions HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: application/x-www-form-urlencoded"], household, 415),
        ("a household as multipart", "POST /v1/households/read HTTP/1.1", ["Host: 127.0.0.1", "Content-Type: multipart/form-data; boundary=x"], household, 415),
    ]

    @Test("foreign Host names are refused (421), foreign origins may change nothing (403), bodies only with their types (415)")
    func boundary() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        for (what, line, headers, body, status) in Self.requests {
            let answer = try RawHTTP.send(port: service.port, [line] + headers, body: body)
            #expect(answer.status == status, "\(what): \(answer.status) \(answer.body.prefix(200))")
            if status >= 400 { #expect(answer.body.contains("\"code\""), "\(what): the refusal is a JSON error") }
        }
        // Nothing was created by the refused requests.
        let workbench = try RawHTTP.send(port: service.port, ["GET /v1/workbench HTTP/1.1", "Host: 127.0.0.1"])
        #expect(workbench.status == 200)
        #expect(workbench.body.contains("\"drafts\":[]"), "\(workbench.body.prefix(300))")
    }

    @Test("every answer carries the security headers; pages run no inline script; personal data is never cached")
    func headers() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        for path in ["/", "/committee", "/policy", "/static/app.js", "/v1/programs", "/healthz", "/no-such-page"] {
            let a = try RawHTTP.send(port: service.port, ["GET \(path) HTTP/1.1", "Host: 127.0.0.1"])
            let csp = a.header("content-security-policy") ?? ""
            #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe"), "\(path): \(csp)")
            #expect(a.header("x-content-type-options") == "nosniff", "\(path)")
            #expect(a.header("referrer-policy") == "no-referrer", "\(path)")
            #expect(a.header("x-frame-options") == "DENY", "\(path)")
            if path.hasSuffix("/") || !path.contains(".") && !path.hasPrefix("/v1") && path != "/healthz" && path != "/no-such-page" {
                // No inline <script> block: every script has a src.
                let inline = a.body.components(separatedBy: "<script").dropFirst().filter { !$0.hasPrefix(" src=") }
                #expect(inline.isEmpty, "\(path) has inline script: \(inline.first?.prefix(80) ?? "")")
                #expect(!a.body.contains(" onclick=") && !a.body.contains(" onload="), "\(path) has an inline handler")
            }
        }
        let decision = try RawHTTP.send(port: service.port, ["POST /v1/decisions?program=ata HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"], body: Self.household)
        #expect(decision.status == 200)
        #expect(decision.header("cache-control") == "no-store")
        let id = (try? JSONSerialization.jsonObject(with: Data(decision.body.utf8)) as? [String: Any])?["audit_id"] as? String ?? ""
        let notice = try RawHTTP.send(port: service.port, ["GET /v1/decisions/\(id)/notice?lang=kk HTTP/1.1", "Host: 127.0.0.1"])
        #expect(notice.status == 200 && notice.header("cache-control") == "no-store", "notice: \(notice.status)")
    }

    @Test("--host that only looks like loopback (127.attacker.example) is refused without --auth; a loopback address is served")
    func hostFlag() throws {
        let refused = try CommandLineTests.qamqor(["serve", "--host", "127.attacker.example", "--port", "1", "--db", ServiceFixture.temporaryDirectory().appendingPathComponent("a.sqlite").path])
        #expect(refused.status == 2)
        #expect(refused.err.contains("needs --auth"), "\(refused.err)")
        let named = try CommandLineTests.qamqor(["serve", "--public-name", "qamqor.example", "--port", "1", "--db", ServiceFixture.temporaryDirectory().appendingPathComponent("b.sqlite").path])
        #expect(named.status == 2, "--public-name without --auth is refused")
    }

    @Test("HTTP/1.0 without keep-alive is answered and closed at once; HTTP/1.1 without Host is refused (400) and closed")
    func httpVersions() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        // The request deadline is 10 s: a connection still open after 5 s would time the read out.
        let old = try RawHTTP.send(port: service.port, ["GET /healthz HTTP/1.0"], close: false, readTimeout: 5)
        #expect(old.status == 200)
        #expect(old.closedByServer, "an HTTP/1.0 connection without keep-alive was held open")
        let noHost = try RawHTTP.send(port: service.port, ["GET /healthz HTTP/1.1"], close: false, readTimeout: 5)
        #expect(noHost.status == 400)
        #expect(noHost.closedByServer)
        #expect(noHost.body.contains("missing-host"))
        // Two Hosts, or a request line naming a host, are refused: the name checked is the one routed.
        let twoHosts = try RawHTTP.send(port: service.port, ["GET /v1/programs HTTP/1.1", "Host: 127.0.0.1", "Host: evil.example"], readTimeout: 5)
        #expect(twoHosts.status == 400 && twoHosts.header("content-security-policy") != nil)
        let absolute = try RawHTTP.send(port: service.port, ["GET http://evil.example/v1/programs HTTP/1.1", "Host: 127.0.0.1"], readTimeout: 5)
        #expect(absolute.status == 400)
        // However the path is spelt, an API answer is not cached.
        let doubled = try RawHTTP.send(port: service.port, ["GET //v1/programs HTTP/1.1", "Host: 127.0.0.1"])
        #expect(doubled.header("cache-control") == "no-store", "\(doubled.status) \(doubled.headers)")
        // Kept alive as asked, HTTP/1.0 still gets its answer.
        let kept = try RawHTTP.send(port: service.port, ["GET /healthz HTTP/1.0", "Connection: keep-alive"], close: false, readTimeout: 2)
        #expect(kept.status == 200)
    }
}
