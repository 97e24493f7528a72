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
}
