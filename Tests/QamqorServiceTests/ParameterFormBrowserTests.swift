import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The officer who never sees YAML, in Kazakh, in headless Chromium: search «кедейлік», open the
/// poverty-line share, add a value from 2027-01-01 with its source through the form — refused
/// first without a source, then accepted into a new draft — and see the draft's tests react.
/// Every state is checked for English words (``WebDriver/wait(_:seconds:)``) and, with
/// `QAMQOR_AXE`, by axe-core; `QAMQOR_SCREENSHOTS=DIR` saves the steps.
@Suite("Parameter form in a browser")
struct ParameterFormBrowserTests {
    @Test("search «кедейлік» → the share → add a value from 2027-01-01 with a source → the draft holds it and its tests change",
          .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
    func addValueThroughTheForm() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let service = try RunningService(rules: rules)
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in
            try await web.go(service.base + "/policy")
            try await web.click("header [data-lang='kk']")
            try await web.wait("return document.getElementById('parameterSearchLabel').textContent.startsWith('Параметрді іздеу') && document.querySelectorAll('#parameters details').length > 3")
            try await web.type("#parameterSearch", "кедейлік")
            try await web.wait("return document.getElementById('parameterCount').textContent.startsWith('Табылды')")
            let shown = try await web.script("return [...document.querySelectorAll('#parameters details')].filter(d => !d.hidden).map(d => d.dataset.parameter);") as? [String] ?? []
            #expect(shown.contains("poverty_line_share_of_minimum") && !shown.contains("mrp"), "\(shown)")
            _ = try await web.script("document.querySelector(\"details[data-parameter='poverty_line_share_of_minimum']\").open = true; return true;")
            try await web.click("button[data-add-value='poverty_line_share_of_minimum']")
            try await web.wait("return !!document.getElementById('from-poverty_line_share_of_minimum')")
            // A day already decided: the form asks for a reason and says what the audit log holds for those days.
            _ = try await web.script("const f = document.getElementById('from-poverty_line_share_of_minimum'); f.value = '2023-01-01'; f.dispatchEvent(new Event('input', {bubbles: true})); return true;")
            try await web.wait("const r = document.getElementById('reached-poverty_line_share_of_minimum'); return !!r && !r.hidden && r.textContent.includes('аудиттегі 0 шешім')")
            #expect(try await web.text("#reached-poverty_line_share_of_minimum").hasPrefix("Бұл мән 2023-01-01 – 2023-07-01 күндеріне әсер етеді"))
            _ = try await web.script("const f = document.getElementById('from-poverty_line_share_of_minimum'); f.value = ''; f.dispatchEvent(new Event('input', {bubbles: true})); return true;")
            try await web.type("#from-poverty_line_share_of_minimum", "2027-01-01")
            try await web.type("#value-poverty_line_share_of_minimum", "0,75")
            // No source: the page says what is missing and sends nothing.
            try await web.click("#submit-poverty_line_share_of_minimum")
            try await web.wait("return document.getElementById('state-poverty_line_share_of_minimum').textContent.includes('дереккөз')")
            #expect(try await web.script("return document.getElementById('draftPanel').hidden;") as? Bool == true, "nothing was written")
            try await WorkbenchBrowserTests.screenshot(web, "form-1-no-source")
            try await web.type("#source-poverty_line_share_of_minimum", "ҚР Еңбек министрінің 2026 жылғы 1 желтоқсандағы № 1 бұйрығы")
            try await web.click("#submit-poverty_line_share_of_minimum")
            try await web.wait("return document.getElementById('state-poverty_line_share_of_minimum').textContent.startsWith('Жобаға қосылды')", seconds: 30)
            try await WorkbenchBrowserTests.screenshot(web, "form-2-added")
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            // The draft holds the line the form wrote, and nothing else changed.
            let draftID = try #require(try await web.script("return draft.id;") as? String)
            let (_, file) = try await RunningService.fetch(service.base + "/v1/drafts/\(draftID)/file?path=parameters/poverty_line.yaml")
            let text = String(decoding: file, as: UTF8.self)
            #expect(text.contains("      2023-07-01: 0.70\n      2027-01-01: {value: 0.75, source: \"ҚР Еңбек министрінің 2026 жылғы 1 желтоқсандағы № 1 бұйрығы\"}\n"))
            // The draft is open on the file the value went into, with the line selected.
            #expect(try await web.script("return document.getElementById('fileSelect').value;") as? String == "parameters/poverty_line.yaml")
            // In the YAML view, Enter keeps the indentation (and opens a block after `key:`).
            _ = try await web.script("""
                const e = document.getElementById('editor'); const at = e.value.indexOf('      2027-01-01:');
                e.focus(); e.setSelectionRange(at + 16, at + 16); return true;
                """)
            _ = try await web.call("POST", "/session/\(web.session)/element/\(try await web.element("#editor"))/value", ["text": "\n"])
            #expect(try await web.script("const e = document.getElementById('editor'); return e.value.slice(e.selectionStart - 7, e.selectionStart);") as? String == "\n      ")
            // (The line break undone: the file is as the form wrote it.)
            _ = try await web.script("const e = document.getElementById('editor'); e.value = savedText; e.dispatchEvent(new Event('input')); return true;")
            // Its tests run as for any draft: decisions of 2027 change with the share.
            _ = try await web.script("document.getElementById('testsButton').click(); return true;")
            try await web.wait("return !!document.getElementById('testsState')", seconds: 180)
        }
    }
}
