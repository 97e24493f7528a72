import Foundation
import Testing

/// axe-core on every page in every language, in headless Chromium, with content on them (a
/// decided household, a ranked round, an open draft). Needs `QAMQOR_AXE` (axe-core's
/// `axe.min.js`, which `.ci/run` takes from a PyPI wheel).
@Suite("Accessibility (axe-core)")
struct AccessibilityTests {
    static let axe = ProcessInfo.processInfo.environment["QAMQOR_AXE"].flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }

    @Test("no violations on /, /committee and /policy in kk, ru and en",
          .enabled(if: BrowserTests.available && axe != nil, "needs chromium, chromium-driver and QAMQOR_AXE"))
    func pages() async throws {
        let service = try RunningService(rules: try ServiceFixture.rulesCopy())
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in try await Self.steps(web, service) }
    }

    static func violations(_ web: WebDriver) async throws -> [String] {
        _ = try await web.script((axe ?? "") + "\n;return true;")
        _ = try await web.script("window.__axe = null; axe.run(document).then(r => { window.__axe = r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ') + ' ' + n.html.slice(0, 200) + ' ' + (n.failureSummary || '').slice(0, 300)).slice(0, 3).join(' | ')); }); return true;")
        try await web.wait("return window.__axe !== null", seconds: 30)
        return try await web.script("return window.__axe;") as? [String] ?? ["axe did not run"]
    }

    static func steps(_ web: WebDriver, _ service: RunningService) async throws {
        for lang in ["kk", "ru", "en"] {
            try await web.go(service.base + "/")
            _ = try await web.script("localStorage.setItem('qamqor.lang', '\(lang)'); return true;")
            try await web.go(service.base + "/?sample=almaty-widow-five-children.yaml")
            try await web.wait("return document.querySelectorAll('.decision').length === 20")
            #expect(try await web.script("return document.documentElement.lang;") as? String == lang)
            let caseworker = try await violations(web)
            #expect(caseworker.isEmpty, "/ in \(lang): \(caseworker)")

            try await web.go(service.base + "/committee")
            try await web.wait("return document.querySelectorAll('#program option').length >= 2")
            _ = try await web.call("POST", "/session/\(web.session)/element/\(try await web.element("#round"))/value",
                                   ["text": ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl").path])
            try await web.wait("return document.querySelectorAll('#ranking tbody tr').length === 60", seconds: 40)
            let committee = try await violations(web)
            #expect(committee.isEmpty, "/committee in \(lang): \(committee)")

            try await web.go(service.base + "/policy")
            try await web.wait("return !!document.getElementById('rulesVersion') && document.querySelectorAll('#parameters details').length > 0")
            let policy = try await violations(web)
            #expect(policy.isEmpty, "/policy in \(lang): \(policy)")
        }
    }
}
