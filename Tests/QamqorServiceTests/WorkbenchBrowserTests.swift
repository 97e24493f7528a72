import Foundation
import Testing

/// The policy workbench in headless Chromium, as an officer uses it in Kazakh: open a draft,
/// change the share of the subsistence minimum from 0.70 to 0.75, see a typo's diagnostic and
/// then none, run the tests, accept the reviewed results, run the impact on 10 000 generated
/// households, publish, see the rules' version change and a decision use it, roll back.
///
/// With `QAMQOR_SCREENSHOTS=DIR` the steps are saved as PNG files there; with `QAMQOR_AXE=FILE`
/// (axe-core's `axe.min.js`), axe-core checks the page and the test fails on any violation.
@Suite("Policy workbench in a browser")
struct WorkbenchBrowserTests {
    @Test("draft → 0.75 → typo → fixed → tests → accept → impact → publish → version in force → rollback",
          .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
    func workbench() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let service = try RunningService(rules: rules)
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in try await Self.steps(web, service, rules) }
    }

    static func screenshot(_ web: WebDriver, _ name: String) async throws {
        guard let dir = ProcessInfo.processInfo.environment["QAMQOR_SCREENSHOTS"] else { return }
        guard let b64 = try await web.call("GET", "/session/\(web.session)/screenshot") as? String, let data = Data(base64Encoded: b64) else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent("\(name).png"))
    }

    /// axe-core's violations on the page, when `QAMQOR_AXE` names its script.
    static func axe(_ web: WebDriver) async throws -> [String]? {
        guard let path = ProcessInfo.processInfo.environment["QAMQOR_AXE"], let script = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        _ = try await web.script(script + "\n;return true;")
        _ = try await web.script("window.__axe = null; axe.run(document).then(r => { window.__axe = r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.length + ' — ' + v.nodes.slice(0, 2).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').slice(0, 300)).join(', ')); }); return true;")
        try await web.wait("return window.__axe !== null", seconds: 30)
        let violations = try await web.script("return window.__axe;") as? [String]
        FileHandle.standardError.write(Data("axe-core on /policy: \(violations?.count ?? -1) violations \(violations ?? [])\n".utf8))
        return violations
    }

    /// Sets the editor's text as typing would (an `input` event, so the page checks it).
    static func setEditor(_ web: WebDriver, _ js: String) async throws {
        _ = try await web.script("const e = document.getElementById('editor'); e.value = (\(js))(e.value); e.dispatchEvent(new Event('input')); return true;")
    }

    static func steps(_ web: WebDriver, _ service: RunningService, _ rules: URL) async throws {
        try await web.go(service.base + "/policy")
        try await web.click("header [data-lang='kk']")
        try await web.wait("return document.getElementById('newDraftButton').textContent === 'Жаңа жоба' && !!document.getElementById('rulesVersion')")
        let before = try await web.text("#rulesVersion")
        // The confirmations a publish and a rollback ask for are answered yes.
        _ = try await web.script("window.confirm = () => true; return true;")

        try await web.type("#draftName", "Кедейлік шегі 75%")
        try await web.click("#newDraftButton")
        try await web.wait("return !document.getElementById('draftPanel').hidden && document.getElementById('fileSelect').value === 'parameters/national.yaml'")
        _ = try await web.script("const s = document.getElementById('fileSelect'); s.value = 'parameters/poverty_line.yaml'; s.dispatchEvent(new Event('change')); return true;")
        try await web.wait("return document.getElementById('editor').value.includes('2023-07-01: 0.70')")
        try await web.wait("return ((document.getElementById('checkState') || {}).textContent || '').startsWith('Қате жоқ')")

        // A typo: the page says what and where, in Kazakh, with the closest key.
        try await setEditor(web, "(t) => t.replace('2023-07-01: 0.70', '2023-07-01: 0.75').replace('  poverty_line_share_of_minimum:\\n    label:', '  poverty_line_share_of_minimum:\\n    lable:')")
        try await web.wait("return (document.getElementById('diagnostics').textContent || '').includes('белгісіз кілт lable')")
        let diagnostics = try await web.text("#diagnostics")
        #expect(diagnostics.contains("poverty_line.yaml:"))
        #expect(diagnostics.contains("label болуы мүмкін бе?"))
        _ = try await web.script("return document.querySelector('#gutter').textContent.includes('●');")
        try await screenshot(web, "1-typo")
        // Fixed: no errors; saved.
        try await setEditor(web, "(t) => t.replace('    lable:', '    label:')")
        try await web.wait("return ((document.getElementById('checkState') || {}).textContent || '').startsWith('Қате жоқ')")
        try await web.click("#saveButton")
        try await web.wait("return document.getElementById('saveState').textContent === 'Сақталды'")

        // The tests: the ATA amounts changed; the reviewed results are accepted.
        try await web.click("#testsButton")
        try await web.wait("return !!document.getElementById('testsState')")
        #expect(try await web.text("#testsState").contains("✘"))
        try await web.click("#acceptButton")
        // Every change but one is taken: the test named «… is not eligible» now expects eligible,
        // and stays failing until its name is edited.
        try await web.wait("return !!document.getElementById('refusedChanges')")
        #expect(try await web.text("#refusedChanges").contains("қайшы"))
        #expect(try await web.text("#results").contains("145473.5"))
        try await web.wait("return (document.getElementById('testsState') || {}).textContent === 'Тесттер өтті: \(ServiceFixture.shippedRuleTests - 1) ✔ · 1 ✘'")
        _ = try await web.script("const s = document.getElementById('fileSelect'); s.value = 'tests/ata.yaml'; s.dispatchEvent(new Event('change')); return true;")
        try await web.wait("return document.getElementById('editor').value.includes('above the line is not eligible')")
        try await setEditor(web, "(t) => t.replace('above the line is not eligible', 'above the 0.70 line is within the 0.75 line')")
        try await web.click("#saveButton")
        try await web.wait("return document.getElementById('saveState').textContent === 'Сақталды'")
        try await web.click("#testsButton")
        try await web.wait("return !!document.querySelector('button[data-accept-change]')")
        try await web.click("button[data-accept-change]")
        try await web.wait("return (document.getElementById('testsState') || {}).textContent === 'Тесттер өтті: \(ServiceFixture.shippedRuleTests) ✔ · 0 ✘'")
        try await screenshot(web, "2-accepted")

        // The impact on 10 000 generated households: ATA gains households and costs more.
        try await web.type("#households", "10000")
        try await web.click("#impactButton")
        try await web.wait("return !!document.getElementById('impactTable')", seconds: 60)
        let impact = try await web.text("#impactTable")
        #expect(impact.contains("Атаулы әлеуметтік көмек"))
        let ataRow = try await web.script("""
            const row = [...document.querySelectorAll('#impactTable tbody tr')].find(r => r.cells[0].textContent === 'Атаулы әлеуметтік көмек');
            return row ? [...row.cells].map(c => c.textContent) : [];
            """) as? [String] ?? []
        #expect(ataRow.count == 7)
        #expect((Int(ataRow.count > 3 ? ataRow[3] : "0") ?? 0) > 0, "households gaining ATA: \(ataRow)")
        #expect(ataRow.count > 4 && ataRow[4] == "0")
        #expect(try await web.text("#results").contains("құқылы"))
        try await screenshot(web, "3-impact")

        // Publish: the version in force changes, and a decision uses it.
        try await web.type("#note", "Кедейлік шегі: 75%")
        try await web.click("#publishButton")
        try await web.wait("return !!document.getElementById('publishState')")
        try await web.wait("return document.getElementById('rulesVersion').textContent !== '\(before)'")
        let published = try await web.text("#rulesVersion")
        let decided = try await web.script("""
            const done = arguments[arguments.length - 1];
            return fetch('/v1/samples/almaty-student-family.json').then(r => r.text()).then(h =>
              fetch('/v1/decisions?program=ata', {method: 'POST', headers: {'content-type': 'application/json'}, body: h})).then(r => r.json())
              .then(j => window.__decided = j.rules_version + ' ' + j.decisions[0].amount);
            """)
        _ = decided
        try await web.wait("return !!window.__decided")
        #expect(try await web.script("return window.__decided;") as? String == "\(published) 122236.75")
        #expect(try String(contentsOf: rules.appendingPathComponent("parameters/poverty_line.yaml"), encoding: .utf8).contains("2023-07-01: 0.75"))
        try await screenshot(web, "4-published")
        if let violations = try await axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }

        // Roll back to the version before.
        _ = try await web.script("document.querySelector(\"button[data-rollback='\(before)']\").scrollIntoView({block: 'center'}); return true;")
        try await web.click("button[data-rollback='\(before)']")
        try await web.wait("return document.getElementById('rulesVersion').textContent === '\(before)'")
        #expect(try String(contentsOf: rules.appendingPathComponent("parameters/poverty_line.yaml"), encoding: .utf8).contains("2023-07-01: 0.70"))
        try await screenshot(web, "5-rolled-back")

        // A gap in the rules in force: «add the figure» opens a new draft at the line of the
        // region that lacks it, in the parameters file.
        try await web.click("#closeButton")
        try await web.wait("return !!document.querySelector('#coverage button[data-fill]')")
        let fill = try await web.script("return document.querySelector('#coverage button[data-fill]').dataset.fill;") as? String ?? ""
        let line = Int(fill.split(separator: "|").last ?? "") ?? 0
        #expect(fill.contains("parameters/poverty_line.yaml|") && line > 1)
        // Each gap says what to add (the check's help), in the page's language.
        let said = try await web.script("return document.querySelector('#coverage li').textContent;") as? String ?? ""
        #expect(said.contains("айдың бірінші күнімен"))
        _ = try await web.script("const d = document.getElementById('coverage'); d.open = true; d.querySelector('button[data-fill]').click(); return true;")
        try await web.wait("return !document.getElementById('draftPanel').hidden && document.getElementById('fileSelect').value === 'parameters/poverty_line.yaml'")
        try await web.wait("const e = document.getElementById('editor'); return e.selectionEnd > e.selectionStart && e.value.slice(0, e.selectionStart).split('\\n').length === \(line)")
        #expect(try await web.text("#draftTitle").contains("Өңірлік көрсеткіштер"))
        let selected = try await web.script("const e = document.getElementById('editor'); return e.value.slice(e.selectionStart, e.selectionEnd);") as? String ?? ""
        let onDisk = try String(contentsOf: rules.appendingPathComponent("parameters/poverty_line.yaml"), encoding: .utf8).components(separatedBy: "\n")
        #expect(line <= onDisk.count && selected == onDisk[line - 1])
        try await screenshot(web, "6-gap-to-draft")
        if let violations = try await axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
    }
}
