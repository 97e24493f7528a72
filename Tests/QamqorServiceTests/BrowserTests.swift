import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import AsyncHTTPClient
import NIOCore

/// A minimal WebDriver client (the W3C protocol that chromedriver speaks).
struct WebDriver {
    let base: String
    var session = ""

    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        if ProcessInfo.processInfo.environment["QAMQOR_WEBDRIVER_LOG"] != nil { FileHandle.standardError.write(Data("webdriver \(method) \(path)\n".utf8)) }
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let body {
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            request.headers.add(name: "content-type", value: "application/json")
        }
        // Generous: on two cores a browser, the service and the other suites share the machine.
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
        let data = Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        if let v = json?["value"] as? [String: Any], let error = v["error"] as? String {
            throw TestFailure("webdriver \(path): \(error): \(v["message"] ?? "")")
        }
        return json?["value"]
    }

    mutating func start() async throws {
        let caps: [String: Any] = ["capabilities": ["alwaysMatch": ["browserName": "chrome", "goog:chromeOptions": [
            "binary": "/usr/bin/chromium", "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000"]]]]]
        let v = try await call("POST", "/session", caps) as? [String: Any]
        session = v?["sessionId"] as? String ?? ""
    }

    func go(_ url: String) async throws { _ = try await call("POST", "/session/\(session)/url", ["url": url]) }
    func script(_ js: String) async throws -> Any? { try await call("POST", "/session/\(session)/execute/sync", ["script": js, "args": []]) }
    func element(_ css: String) async throws -> String {
        let v = try await call("POST", "/session/\(session)/element", ["using": "css selector", "value": css]) as? [String: Any]
        return v?.values.first as? String ?? ""
    }
    func click(_ css: String) async throws { _ = try await call("POST", "/session/\(session)/element/\(try await element(css))/click", [:]) }
    func type(_ css: String, _ text: String) async throws {
        let e = try await element(css)
        _ = try await call("POST", "/session/\(session)/element/\(e)/clear", [:])
        _ = try await call("POST", "/session/\(session)/element/\(e)/value", ["text": text])
    }
    /// The element's text; found again when the page redrew it in between.
    func text(_ css: String) async throws -> String {
        for attempt in 0..<5 {
            do { return try await call("GET", "/session/\(session)/element/\(try await element(css))/text") as? String ?? "" } catch {
                guard "\(error)".contains("stale element"), attempt < 4 else { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        return ""
    }
    /// Polls `js` (which returns a boolean) until it is true, at most `seconds`.
    /// Waits until `js` is true; then, on a Kazakh or Russian page, checks that the state reached
    /// shows no English word (``AccessibilityTests/englishWords(_:)``): every state a browser
    /// test reaches is checked.
    func wait(_ js: String, seconds: Int = 20) async throws {
        for _ in 0..<(seconds * 10) {
            if (try? await script(js)) as? Bool == true {
                if let lang = try? await script("return document.documentElement.lang;") as? String, lang == "kk" || lang == "ru" {
                    let words = try await AccessibilityTests.englishWords(self)
                    let page = (try? await script("return location.pathname;") as? String) ?? "?"
                    #expect(words.isEmpty, "English on \(page) in \(lang) after «\(js.prefix(80))»: \(words)")
                }
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("timed out waiting for: \(js)")
    }
    func quit() async { _ = try? await call("DELETE", "/session/\(session)") }

    /// Starts chromedriver and a headless Chromium session, runs `steps` in it, then ends the
    /// session before the driver (killed first, it would leave the browser running).
    static func session(_ steps: (WebDriver) async throws -> Void) async throws {
        let driverPort = Int.random(in: 40001...50000)
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
        driver.arguments = ["--port=\(driverPort)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        defer { kill(driver.processIdentifier, SIGKILL); driver.waitUntilExit() }
        var web = WebDriver(base: "http://127.0.0.1:\(driverPort)")
        for _ in 0..<100 {
            if (try? await web.call("GET", "/status")) != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try await web.start()
        do { try await steps(web) } catch { await web.quit(); throw error }
        await web.quit()
    }
}

@Suite("Caseworker page in a browser")
struct BrowserTests {
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")

    @Test("load a sample, read the explanation, change a field and see the decision change", .enabled(if: available, "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
    func caseworker() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in try await Self.steps(web, service) }
    }

    static func steps(_ web: WebDriver, _ service: RunningService) async throws {
        try await web.go(service.base + "/")
        try await web.wait("return document.querySelectorAll('#sample option').length > 5")
        // A sample over an edited form asks first: the answer here is yes, and counted.
        _ = try await web.script("window.__asked = 0; window.confirm = () => { window.__asked++; return true; }; return true;")
        // English, then load the sample whose income is exactly at the poverty line.
        try await web.click("header [data-lang='en']")
        try await web.wait("return document.querySelectorAll('#sample option').length > 5 && document.getElementById('decide').textContent === 'Decide'")
        try await web.click("#sample option[value='almaty-income-at-line.yaml']")
        try await web.click("#loadSample")
        try await web.wait("return !!document.querySelector(\".decision[data-program='ata'] .threshold\")")
        let atLine = try await web.text(".decision[data-program='ata']")
        #expect(atLine.contains("eligible") && !atLine.contains("not eligible"), "income equal to the line is eligible: \(atLine.prefix(200))")
        #expect(atLine.contains("equals poverty line 42 416.50 ₸"))

        // One tiyn more a month in January and she is above the line.
        try await web.type("[data-path='members.0.incomes.0.amount']", "42416.53")
        try await web.wait("return document.querySelector(\".decision[data-program='ata']\").classList.contains('ineligible')")
        let ata = try await web.text(".decision[data-program='ata']")
        #expect(ata.contains("not eligible"))
        #expect(ata.contains("0.01 ₸ above poverty line 42 416.50 ₸"), "\(ata)")
        #expect(ata.contains("would have to be 0.03 ₸ lower"))

        // Below the line again: eligible, with a gap to pay.
        try await web.type("[data-path='members.0.incomes.0.amount']", "42416.49")
        try await web.wait("return document.querySelector(\".decision[data-program='ata']\").classList.contains('eligible')")
        let after = try await web.text(".decision[data-program='ata']")
        #expect(after.contains("eligible"))
        #expect(after.contains("a month"))
        let audit = try await web.text("#auditId")
        #expect(audit.count == 36)
        // The amount is explained: its breakdown adds up to it.
        try await web.click("#sample option[value='almaty-widow-five-children.yaml']")
        try await web.click("#loadSample")
        try await web.wait("return !!document.querySelector(\".decision[data-program='ata'] ul.breakdown li\")")
        let breakdown = try await web.text(".decision[data-program='ata'] ul.breakdown li")
        // The summary above the form says the ATA decision and the count, and stays in view while the form scrolls.
        let summary = try await web.text("#summary")
        #expect(summary.contains("127 295 ₸") && summary.contains("eligible:"), "\(summary)")
        _ = try await web.script("window.scrollTo(0, document.body.scrollHeight / 2); return true;")
        #expect(try await web.script("const r = document.getElementById('summary').getBoundingClientRect(); return r.top >= 0 && r.top < 5;") as? Bool == true, "the summary stays at the top")
        _ = try await web.script("window.scrollTo(0, 0); return true;")
        #expect(breakdown == "Monthly ATA amount 127 295 ₸ = Gap to the poverty line 115 499 ₸ + Supplement for children aged 1–6 11 796 ₸")
        #expect(try await web.text(".decision[data-program='ata'] .amount").hasPrefix("127 295 ₸"))

        // Letters in an amount: marked at once, nothing sent, the old decision withdrawn.
        try await web.type("[data-path='members.0.incomes.0.amount']", "42 41x")
        try await web.wait("return document.querySelector(\"[data-path='members.0.incomes.0.amount']\").getAttribute('aria-invalid') === 'true' && !!document.getElementById('staleNote')")
        #expect(try await web.text("#err-f-members-0-incomes-0-amount") == "not a number")
        // A negative amount: refused by the service; the last decisions stay, greyed and marked stale, and the field is marked.
        try await web.type("[data-path='members.0.incomes.0.amount']", "-98000")
        try await web.wait("return !!document.getElementById('refusal')")
        #expect(try await web.script("return document.querySelectorAll('.decision').length;") as? Int == 20)
        #expect(try await web.script("return document.getElementById('decisions').classList.contains('stale') && !!document.getElementById('staleNote');") as? Bool == true)
        #expect(try await web.script("return document.querySelector(\"[data-path='members.0.incomes.0.amount']\").getAttribute('aria-invalid');") as? String == "true")
        #expect(!(try await web.text("#refusal")).contains("1:"), "no JSON position in the message")
        _ = try await web.script("window.__asked = 0; return true;")
        try await web.type("[data-path='members.0.incomes.0.amount']", "120000")
        try await web.wait("return document.querySelectorAll('.decision').length === 20 && !document.getElementById('decisions').classList.contains('stale')")

        // Missing facts by their label and the member's name, in Kazakh.
        try await web.click("header [data-lang='kk']")
        try await web.wait("return document.querySelectorAll('#sample option').length > 5 && document.getElementById('decide').textContent === 'Шешу'")
        try await web.click("#sample option[value='almaty-missing-birth-date.yaml']")
        try await web.click("#loadSample")
        try await web.wait("return !!document.querySelector(\".decision[data-program='ata'] .missing\")")
        // The decision date is a date field like the form's, in the page's words: a wrong one is
        // said and decides nothing; a whole one decides as of it.
        #expect(try await web.script("return document.getElementById('asOf').type;") as? String == "text")
        #expect(try await web.script("return document.getElementById('asOf').placeholder;") as? String == "ЖЖЖЖ-АА-КК")
        try await web.type("#asOf", "2025-13-40")
        try await web.wait("return document.getElementById('asOfHint').textContent.startsWith('күн') && document.getElementById('asOf').getAttribute('aria-invalid') === 'true'")
        _ = try await web.script("const e = document.getElementById('asOf'); e.value = ''; e.dispatchEvent(new Event('input')); return true;")
        try await web.type("#asOf", "2025-07-01")
        try await web.wait("return [...document.querySelectorAll('.decision .meta')].some(m => m.textContent.includes('2025-07-01'))")
        _ = try await web.script("const e = document.getElementById('asOf'); e.value = ''; e.dispatchEvent(new Event('input')); return true;")
        let asked = try await web.script("return window.__asked;")
        #expect(asked as? Int == 1, "the edited form was not replaced without asking: \(String(describing: asked))")
        let missing = try await web.text(".decision[data-program='ata'] .missing")
        #expect(missing.contains("Туған күні — 3-отбасы мүшесі (Томирис Тоқтарова)"), "\(missing)")
        #expect(!missing.contains("members[2]"))
        // Eligible programmes come first.
        let order = try await web.script("return [...document.querySelectorAll('.decision')].map(d => d.classList.contains('eligible') ? 0 : d.classList.contains('ineligible') ? 2 : 1);") as? [Int] ?? []
        #expect(order == order.sorted())

        // A household file from the caseworker's computer fills the form and is decided; a file
        // with a mistake is refused with the file's name and line, and the form keeps its household.
        let file = ServiceFixture.repo.appendingPathComponent("samples/astana-family.yaml").path
        _ = try await web.call("POST", "/session/\(web.session)/element/\(try await web.element("#householdFile"))/value", ["text": file])
        try await web.wait("return document.querySelector(\"[data-path='application.region']\").value === 'astana' && document.querySelectorAll('.decision').length === 20")
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-household.yaml")
        try String(contentsOfFile: file, encoding: .utf8).replacingOccurrences(of: "sex: female", with: "sex: femal").write(to: broken, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: broken) }
        _ = try await web.call("POST", "/session/\(web.session)/element/\(try await web.element("#householdFile"))/value", ["text": broken.path])
        try await web.wait("return !!document.getElementById('fileRefusal')")
        let refusal = try await web.text("#fileRefusal")
        #expect(refusal.contains("broken-household.yaml, жол 18") && refusal.contains("femal") && refusal.contains("2-отбасы мүшесі · Жынысы") && !refusal.contains("`"), "\(refusal)")
        #expect(try await web.script("return document.querySelector(\"[data-path='application.region']\").value;") as? String == "astana")
        try await web.click("#sample option[value='almaty-missing-birth-date.yaml']")
        try await web.click("#loadSample")
        let askedAgain = try await web.script("return window.__asked;")
        #expect(askedAgain as? Int == 1, "a form not edited since it was loaded is replaced without a question: \(String(describing: askedAgain))")
        try await web.wait("return !!document.querySelector(\".decision[data-program='ata'] .missing\")")

        // The shareable link reopens the same household.
        let link = try await web.script("return document.getElementById('shareLink').href;") as? String ?? ""
        #expect(link.contains("#h="))
        try await web.go(service.base + "/?fresh=1")
        try await web.go(link)
        try await web.wait("return document.querySelectorAll('.decision').length === 20")
        #expect(try await web.script("return document.querySelector(\"[data-path='members.2.name']\").value;") as? String == "Томирис Тоқтарова")
    }
}

@Suite("A shared link cannot run script")
struct SharedLinkScriptTests {
    /// A household link whose fragment breaks out of a number field's attribute and names a
    /// member with markup: before, both ran script in the page (and could read the token).
    static func hostileLink(base: String) throws -> String {
        let household: [String: Any] = [
            "application": ["date": "2025-09-10", "region": "almaty", "applicant": "m1"],
            "members": [["id": "m1", "name": "<img src=x onerror=\"window.__xss=2\">", "birth_date": "1990-01-01", "sex": "female",
                         "incomes": [["month": "2025-06", "amount": "1\"><img src=x onerror=\"window.__xss=1\">", "kind": "wages"]]]],
            "__proto__": ["polluted": true],
        ]
        let data = try JSONSerialization.data(withJSONObject: household)
        let b64 = data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return base + "/#h=" + b64
    }

    @Test("a crafted share link fills the form with what the schema allows and runs nothing", .enabled(if: BrowserTests.available, "needs Debian's chromium and chromium-driver (.ci/run installs them)"))
    func hostileShareLink() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        try await WebDriver.session { web in
            try await web.go(service.base + "/?fresh=1")
            try await web.go(try Self.hostileLink(base: service.base))
            try await web.wait("return !!document.querySelector(\"[data-path='members.0.name']\")")
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await web.script("return typeof window.__xss;") as? String == "undefined", "script from the link ran")
            #expect(try await web.script("return document.querySelectorAll('#form img').length;") as? Int == 0, "markup from the link became elements")
            // The name is kept as text; the amount that is not a number is dropped, not shown.
            #expect(try await web.script("return document.querySelector(\"[data-path='members.0.name']\").value;") as? String == "<img src=x onerror=\"window.__xss=2\">")
            #expect(try await web.script("return document.querySelector(\"[data-path='members.0.incomes.0.amount']\").value;") as? String == "")
            #expect(try await web.script("return ({}).polluted === undefined;") as? Bool == true)
        }
    }
}
