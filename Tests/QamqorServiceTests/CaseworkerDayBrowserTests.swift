import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// A caseworker's day in the browser: saying a member has no income, going to what is missing,
/// and the service going away and coming back under the page.
@Suite("Caseworker's day (browser)", .serialized)
struct CaseworkerDayBrowserTests {
    @Test("«Нет дохода» decides ATA; the missing-fact link goes to the list's choice; a stopped service shows a banner, keeps the decisions and recovers",
          .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver"))
    func workingDay() async throws {
        let database = ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path
        var service = try RunningService(database: database)
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in
            try await web.go(service.base + "/")
            try await web.wait("return document.querySelectorAll('#sample option').length > 5")
            try await web.click("header [data-lang='ru']")
            try await web.wait("return document.getElementById('decide').textContent === 'Решить'")
            try await web.click("#sample option[value='shymkent-missing-incomes.yaml']")
            try await web.click("#loadSample")
            try await web.wait("return !!document.querySelector(\".decision[data-program='ata'].undetermined .missing button[data-goto]\")")
            // The link to a list goes to the list's own control: here its «Нет дохода» choice.
            try await web.click(".decision[data-program='ata'] .missing button[data-goto]")
            let focused = try await web.script("return document.activeElement.dataset.none || document.activeElement.dataset.add || '';") as? String ?? ""
            #expect(focused.hasSuffix(".incomes"), "focus went to \(focused)")
            #expect(try await web.script("return document.activeElement.closest('label').textContent;") as? String == "Нет дохода")
            // Saying the member has no income is a fact: ATA is decided.
            try await web.click("#form [data-none$='.incomes']")
            try await web.wait("return !document.querySelector(\".decision[data-program='ata']\").classList.contains('undetermined')")
            #expect(try await web.script("return JSON.parse(document.getElementById('json').value).members.some(m => Array.isArray(m.incomes) && m.incomes.length === 0);") as? Bool == true)

            // The service stops: a banner in Russian, the last decisions kept (greyed), then recovery without a reload.
            service.kill()
            try await web.type("[data-path='application.id']", "SHY-2025-STOP")
            try await web.wait("return !!document.getElementById('serviceDown')")
            #expect(try await web.text("#serviceDown").hasPrefix("Сервис недоступен"))
            #expect(try await web.script("return document.querySelectorAll('.decision').length;") as? Int == 20)
            #expect(try await web.script("return document.getElementById('decisions').classList.contains('stale');") as? Bool == true)
            service = try RunningService(database: database, port: service.port)
            try await service.ready()
            try await web.wait("return !document.getElementById('serviceDown') && !document.getElementById('decisions').classList.contains('stale')", seconds: 30)
            #expect(try await web.script("return document.querySelectorAll('.decision').length;") as? Int == 20)
        }
    }

    @Test("a Shymkent family in Kazakh: this place's programmes first, other places collapsed; no pregnancy question for a baby; a phone shows a tab bar",
          .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver"))
    func regionFirstAndPhone() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in
            _ = try await web.call("POST", "/session/\(web.session)/window/rect", ["width": 1366, "height": 900])
            try await web.go(service.base + "/")
            try await web.wait("return document.querySelectorAll('#sample option').length > 5")
            try await web.click("header [data-lang='kk']")
            try await web.wait("return document.getElementById('decide').textContent === 'Шешу'")
            try await web.click("#sample option[value='shymkent-kumis-alqa-six.yaml']")
            try await web.click("#loadSample")
            try await web.wait("return !!document.querySelector('#elsewhere')")
            // Almaty's and Turkistan's programmes are under «басқа өңірлер», closed; Shymkent's and the national ones above.
            #expect(try await web.text("#elsewhere summary").hasPrefix("Басқа өңірлердің бағдарламалары"))
            #expect(try await web.script("return document.getElementById('elsewhere').open;") as? Bool == false)
            let above = try await web.script("return [...document.querySelectorAll('#decisions > .decision')].map(d => d.dataset.program);") as? [String] ?? []
            let below = try await web.script("return [...document.querySelectorAll('#elsewhere .decision')].map(d => d.dataset.program);") as? [String] ?? []
            #expect(above.contains("ata") && above.contains("kumis_alqa") && above.contains("ayaly_alaqan"), "\(above)")
            #expect(below.contains("hippotherapy") && below.contains("qamqorlyq_zhanuya") && !below.contains("ata"), "\(below)")
            #expect(above.count + below.count == 20)
            // The baby (member 8) is not asked about pregnancy, veterans' status or loans; the mother is.
            #expect(try await web.script("return !!document.querySelector(\"[data-path='members.0.pregnant']\");") as? Bool == true)
            #expect(try await web.script("return ['pregnant', 'veteran', 'debt_problem'].every(f => !document.querySelector(`[data-path='members.7.${f}']`));") as? Bool == true)
            #expect(try await web.text("#form fieldset fieldset:nth-of-type(8) .not-asked").contains("сұрақ"))
            // A filter keeps the focus where the caseworker clicked.
            try await web.click("button[data-filter='eligible']")
            #expect(try await web.script("return document.activeElement.dataset.filter;") as? String == "eligible")
            #expect(try await web.script("return document.querySelectorAll('.decision').length;") as? Int == 3)
            try await web.click("button[data-filter='all']")
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            try await WorkbenchBrowserTests.screenshot(web, "caseworker-desktop-kk")
            // A birth date that makes her an adult asks the questions.
            _ = try await web.script("const e = document.querySelector(\"[data-path='members.7.birth_date']\"); e.focus(); e.value = '1990-01-01'; e.dispatchEvent(new Event('input')); return true;")
            try await web.wait("return !!document.querySelector(\"[data-path='members.7.pregnant']\")")
            #expect(try await web.script("return document.activeElement && document.activeElement.dataset.path;") as? String == "members.7.birth_date")

            // On a phone: a tab bar; the form first (near the top), the decisions one tap away.
            _ = try await web.call("POST", "/session/\(web.session)/window/rect", ["width": 390, "height": 844])
            try await web.wait("return getComputedStyle(document.getElementById('tabbar')).display === 'flex'")
            #expect(try await web.script("return document.getElementById('decisionsPanel').offsetParent === null && document.getElementById('form').getBoundingClientRect().top + window.scrollY < 700;") as? Bool == true)
            #expect(try await web.text("#tabDecisions") == "Шешімдер")
            let wide = try await web.script("return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.offsetParent !== null).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));") as? [String] ?? []
            #expect(wide.isEmpty, "wider than the phone: \(wide)")
            _ = try await web.script("window.scrollTo(0, 0); return true;")
            try await WorkbenchBrowserTests.screenshot(web, "caseworker-phone-kk-form")
            try await web.click("#tabDecisions")
            #expect(try await web.script("return document.getElementById('formPanel').offsetParent === null && document.getElementById('decisionsPanel').offsetParent !== null;") as? Bool == true)
            #expect(try await web.script("return document.documentElement.scrollWidth <= window.innerWidth;") as? Bool == true)
            if let violations = try await WorkbenchBrowserTests.axe(web) { #expect(violations.isEmpty, "axe-core: \(violations)") }
            try await WorkbenchBrowserTests.screenshot(web, "caseworker-phone-kk-decisions")
            // A missing fact's link leads back to the form tab.
            try await web.click("#tabForm")
            #expect(try await web.script("return document.getElementById('formPanel').offsetParent !== null;") as? Bool == true)
        }
    }
}
