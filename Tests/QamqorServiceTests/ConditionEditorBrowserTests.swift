import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A programme's conditions changed through the form, in Kazakh, without the YAML: Kumis Alqa's
/// «six children» becomes five, and its label says so in the three languages; the draft still
/// checks, and its file holds the two changed lines.
@Suite("Condition editor in a browser")
struct ConditionEditorBrowserTests {
    @Test("Kumis Alqa: the number of children 6 → 5, the label in kk/ru/en, a condition switched off with its note, through the form; the draft checks",
          .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
    func editKumisAlqa() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let service = try RunningService(rules: rules)
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in
            _ = try await web.call("POST", "/session/\(web.session)/window/rect", ["width": 1366, "height": 1000])
            try await web.go(service.base + "/policy")
            try await web.click("header [data-lang='kk']")
            try await web.wait("return document.getElementById('newDraftButton').textContent === 'Жаңа жоба'")
            try await web.type("#draftName", "Күміс алқа: бес бала")
            try await web.click("#newDraftButton")
            try await web.wait("return !document.getElementById('draftPanel').hidden")
            _ = try await web.script("document.getElementById('conditionsBox').open = true; return true;")
            try await web.wait("return document.querySelectorAll('#programSelect option').length == 20")
            _ = try await web.script("const s = document.getElementById('programSelect'); s.value = 'kumis_alqa'; s.dispatchEvent(new Event('change')); return true;")
            try await web.wait("return !!document.getElementById('num-six_children-0')")
            #expect(try await web.script("return document.getElementById('num-six_children-0').value;") as? String == "6")
            #expect(try await web.text("li[data-condition-id='six_children'] > b").hasPrefix("6 бала"))
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            // The number.
            _ = try await web.script("document.getElementById('num-six_children-0').value = '5'; return true;")
            _ = try await web.script("document.querySelector(\"button[data-save-number='0'][data-condition='six_children']\").click(); return true;")
            try await web.wait("return document.getElementById('conditionState').textContent.includes('programs/kumis_alqa.yaml') && document.querySelector(\"li[data-condition-id='six_children'] .detail code\").textContent.endsWith('== 5')", seconds: 30)
            // The label, in the three languages.
            _ = try await web.script("document.querySelector(\"button[data-edit-texts='label'][data-condition='six_children']\").click(); return true;")
            for (lang, text) in [("kk", "5 бала туған не асырап алынған"), ("ru", "Рождено или усыновлено 5 детей"), ("en", "Five children born or adopted")] {
                _ = try await web.script("document.getElementById('label-\(lang)-six_children').value = '\(text)'; return true;")
            }
            _ = try await web.script("document.querySelector(\"button[data-save-texts='label'][data-condition='six_children']\").click(); return true;")
            try await web.wait("return document.querySelector(\"li[data-condition-id='six_children'] > b\").textContent === '5 бала туған не асырап алынған'", seconds: 30)
            try await web.wait("return ((document.getElementById('checkState') || {}).textContent || '').startsWith('Қате жоқ')", seconds: 30)
            // Switched off: a note is required; with it, the condition says it is off and why.
            _ = try await web.script("document.querySelector(\"button[data-edit-texts='off'][data-condition='all_children_alive']\").click(); return true;")
            _ = try await web.script("document.querySelector(\"button[data-switch-off='all_children_alive']\").click(); return true;")
            try await web.wait("return document.getElementById('conditionState').textContent === 'Шартты өшіру үшін себебін жазыңыз'")
            _ = try await web.script("document.getElementById('off-note-all_children_alive').value = 'Әкімдік бұйрығы бойынша сынақ'; document.querySelector(\"button[data-switch-off='all_children_alive']\").click(); return true;")
            try await web.wait("return !!document.getElementById('off-all_children_alive')", seconds: 30)
            #expect(try await web.text("#off-all_children_alive").hasPrefix("Шарт өшірілген: Әкімдік бұйрығы бойынша сынақ"))
            _ = try await web.script("document.getElementById('conditionsBox').scrollIntoView({block: 'start'}); window.scrollBy(0, -60); return true;")
            try await WorkbenchBrowserTests.screenshot(web, "officer-kk-6-conditions")
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            // The large-family allowance's МРП multiples, in the expression as written: 16.03 → 16.5 for four children.
            _ = try await web.script("const s = document.getElementById('programSelect'); s.value = 'large_family_allowance'; s.dispatchEvent(new Event('change')); return true;")
            try await web.wait("return !!document.getElementById('fig-allowance_in_mrp-1')")
            #expect(try await web.script("return document.getElementById('fig-allowance_in_mrp-1').value;") as? String == "16.03")
            _ = try await web.script("document.getElementById('fig-allowance_in_mrp-1').value = '16,5'; document.querySelector(\"button[data-save-figure='allowance_in_mrp']\").click(); return true;")
            try await web.wait("return document.getElementById('conditionState').textContent.includes('large_family_allowance.yaml') && (document.getElementById('fig-allowance_in_mrp-1') || {}).value === '16.5'", seconds: 30)
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            let id = try #require(try await web.script("return draft.id;") as? String)
            let (_, lf) = try await RunningService.fetch(service.base + "/v1/drafts/\(id)/file?path=programs/large_family_allowance.yaml")
            #expect(String(decoding: lf, as: UTF8.self).contains("then 16.5 else"))
            // The state grant's scoring table: market research weighs 1,5.
            _ = try await web.script("const s = document.getElementById('programSelect'); s.value = 'state_business_grant'; s.dispatchEvent(new Event('change')); return true;")
            try await web.wait("return !!document.getElementById('crit-weight-market_research')")
            _ = try await web.script("document.getElementById('crit-weight-market_research').value = '1,5'; document.querySelector(\"button[data-save-criterion='market_research']\").click(); return true;")
            try await web.wait("return document.getElementById('conditionState').textContent.includes('state_business_grant.yaml') && (document.getElementById('crit-weight-market_research') || {}).value === '1.5'", seconds: 30)
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            let (_, data) = try await RunningService.fetch(service.base + "/v1/drafts/\(id)/file?path=programs/kumis_alqa.yaml")
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("      when: 'applicant.children_born_or_adopted == 5'\n"))
            #expect(text.contains("      label: {kk: \"5 бала туған не асырап алынған\", ru: \"Рождено или усыновлено 5 детей\", en: \"Five children born or adopted\"}\n"))
            #expect(text.contains("            - id: youngest_at_least_one\n"), "the rest of the file as it was")
            #expect(text.contains("              off: \"Әкімдік бұйрығы бойынша сынақ\"\n              when: applicant.children_deceased == 0\n"))
        }
    }
}
