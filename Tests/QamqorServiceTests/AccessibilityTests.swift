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

    /// Latin words a Kazakh or Russian page shows (its text, and the titles, placeholders and
    /// labels a reader meets), outside a short allowlist: the product's name, file formats, the
    /// language codes of the language switch, and codes (a token with a digit, `_`, `.`, `/`, `@`
    /// or in brackets — ids, file names, versions, addresses — and anything set as `<code>`).
    static let allowedLatin: Set<String> = ["Qamqor", "YAML", "JSON", "JSONL", "CSV", "HTML", "PDF", "XLSX", "Excel", "kk", "ru", "en", "English", "Bearer", "Authorization"]

    static func englishWords(_ web: WebDriver) async throws -> [String] {
        // Visible text, and what a reader meets in attributes; text marked `lang="en"` (a rule
        // file's note for developers, labelled as such in the page's language) is English by design,
        // and so is a diff of rule files (`pre.diff`: the files as their authors wrote them).
        let text = try await web.script("""
            const parts = [document.title];
            const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
              const el = n.parentElement;
              if (!el || el.closest('[lang="en"]') || el.closest('script, style, code, pre.diff') || !el.checkVisibility()) continue;
              parts.push(n.textContent);
            }
            for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]'))
              if (!el.closest('[lang="en"]')) parts.push(el.getAttribute('title') || '', el.getAttribute('placeholder') || '', el.getAttribute('aria-label') || '');
            return parts.join('\\n');
            """) as? String ?? ""
        // Each word found, with the text it was found in (so that a failure shows where).
        var found: [String: String] = [:]
        for line in text.split(separator: "\n") {
            for token in line.split(whereSeparator: { $0.isWhitespace }) {
                if token.contains(where: { $0.isNumber || "_./@[]{}<>=:`".contains($0) }) { continue }
                for word in token.split(whereSeparator: { !($0.isASCII && $0.isLetter) }) where word.count >= 2 {
                    // Roman numerals (an order's degree: «Ана даңқы» II) are no English.
                    if allowedLatin.contains(String(word)) || word.allSatisfy({ "IVX".contains($0) }) { continue }
                    if found[String(word)] == nil { found[String(word)] = String(line.prefix(120)) }
                }
            }
        }
        return found.keys.sorted().map { "\($0) (in «\(found[$0] ?? "")»)" }
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
            if lang != "en" { let words = try await englishWords(web); #expect(words.isEmpty, "English on / in \(lang): \(words)") }

            try await web.go(service.base + "/committee")
            try await web.wait("return document.querySelectorAll('#program option').length >= 2")
            _ = try await web.call("POST", "/session/\(web.session)/element/\(try await web.element("#round"))/value",
                                   ["text": ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl").path])
            try await web.wait("return document.querySelectorAll('#ranking tbody tr').length === 60", seconds: 40)
            let committee = try await violations(web)
            #expect(committee.isEmpty, "/committee in \(lang): \(committee)")
            if lang != "en" { let words = try await englishWords(web); #expect(words.isEmpty, "English on /committee in \(lang): \(words)") }

            try await web.go(service.base + "/policy")
            try await web.wait("return !!document.getElementById('rulesVersion') && document.querySelectorAll('#parameters details').length > 0")
            let policy = try await violations(web)
            #expect(policy.isEmpty, "/policy in \(lang): \(policy)")
            if lang != "en" { let words = try await englishWords(web); #expect(words.isEmpty, "English on /policy in \(lang): \(words)") }
        }
    }
}
