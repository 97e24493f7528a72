import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
import QamqorEngine
@testable import QamqorService

/// The decision notice a caseworker hands to the applicant: made from the audit log, in Kazakh,
/// Russian or English, and printable to PDF.
@Suite("Decision notice")
struct NoticeTests {
    @Test("the notice of a widow's decisions in kk and ru: who, what, how much, why, the law, where to appeal")
    func kazakhAndRussian() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            let body = try ServiceFixture.sample("almaty-student-family.json")
            let id: String = try await client.execute(uri: "/v1/decisions", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                ServiceFixture.json(r.body)["audit_id"] as? String ?? ""
            }
            let kk = try await client.execute(uri: "/v1/decisions/\(id)/notice?lang=kk&program=ata", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                return String(buffer: r.body)
            }
            for needle in ["Шешім туралы хабарлама", "Атаулы әлеуметтік көмек", "тағайындалсын", "113 147,50 ₸", "Шартты (әлеуметтік келісімшарт)",
                           "Шешімді анықтаған шарттар", "Сома қалай есептелді", "Құқықтық негіз", "Әлеуметтік кодексі", "122, 127, 128-баптар", "Шағымдану тәртібі", id] {
                #expect(kk.contains(needle), "kk notice lacks \(needle)")
            }
            #expect(!kk.contains("Алтын алқа"), "only the programme asked for")
            let ru = try await client.execute(uri: "/v1/decisions/\(id)/notice?lang=ru", method: .get) { r in String(buffer: r.body) }
            for needle in ["Уведомление о решении", "Адресная социальная помощь", "Назначить", "113 147,50 ₸", "Порядок обжалования", "Правовое основание"] {
                #expect(ru.contains(needle), "ru notice lacks \(needle)")
            }
            try await client.execute(uri: "/v1/decisions/nope/notice", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/decisions/\(id)/notice?program=nosuch", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    static let issuer = NoticeIssuer(
        name: Localized(kk: "Алмалы ауданының жұмыспен қамту бөлімі", ru: "Отдел занятости Алмалинского района", en: "Almaly district employment department"),
        address: Localized(kk: "Алматы қ., Төле би к-сі, 1", ru: "г. Алматы, ул. Толе би, 1", en: "1 Tole bi St, Almaty"),
        appealTo: Localized(kk: "Алматы қаласының жұмыспен қамту басқармасы", ru: "Управление занятости города Алматы", en: "Almaty city employment office"))

    /// What a notice says in words once its markup, style, ids and the codes it may show are set
    /// aside: a word of Latin letters is English that reached a citizen.
    static func latinWords(_ html: String, except: [String]) -> [String] {
        var text = html.replacingOccurrences(of: #"(?s)<style>.*?</style>|<title>.*?</title>|<[^>]*>"#, with: " ", options: .regularExpression)
        for code in except { text = text.replacingOccurrences(of: code, with: " ") }
        // Codes are not words: an application number such as ALM-2025-000123.
        text = text.replacingOccurrences(of: #"\b[A-Z]{2,}-[0-9][0-9-]*"#, with: " ", options: .regularExpression)
        return text.matches(of: /[A-Za-z]{2,}/).map { String($0.output) }.filter { !["VII"].contains($0) }
    }

    @Test("a granted and a refused ATA notice in kk and ru: the issuing body, the decision sentence, the ground, the articles, the appeal and its deadline, no English", arguments: [
        ("almaty-student-family.json", "application/json", "eligible"), ("almaty-refused-4-months-ago.yaml", "application/yaml", "ineligible"),
    ])
    func administrativeDocument(_ sample: String, _ type: String, _ outcome: String) async throws {
        let api = try await ServiceFixture.api { $0.issuer = Self.issuer }
        try await ServiceFixture.app(api).test(.router) { client in
            let (id, version): (String, String) = try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: [.contentType: type], body: try ServiceFixture.sample(sample)) { r in
                let json = ServiceFixture.json(r.body)
                return (json["audit_id"] as? String ?? "", json["rules_version"] as? String ?? "")
            }
            let expected: [String: [String]] = [
                "kk": ["Алмалы ауданының жұмыспен қамту бөлімі", "Төле би", "Алматы қаласының жұмыспен қамту басқармасы",
                       outcome == "eligible" ? "«Атаулы әлеуметтік көмек» бойынша айына" : "«Атаулы әлеуметтік көмек» бойынша өтінішті қанағаттандырудан бас тартылсын.",
                       "122, 127, 128-баптар", "91-бабы", "үш айдан кешіктірілмей", "92-бабы", "Басып шығару"],
                "ru": ["Отдел занятости Алмалинского района", "Толе би", "Управление занятости города Алматы",
                       outcome == "eligible" ? "Назначить выплату по программе «Адресная социальная помощь»:" : "Отказать в удовлетворении заявления по программе «Адресная социальная помощь».",
                       "статьи 122, 127, 128", "статья 91", "не позднее трёх месяцев", "статья 92", "Распечатать"],
            ]
            for (lang, needles) in expected {
                let html = try await client.execute(uri: "/v1/decisions/\(id)/notice?lang=\(lang)", method: .get) { r in String(buffer: r.body) }
                for needle in needles { #expect(html.contains(needle), "\(lang) \(outcome) notice lacks \(needle)") }
                if outcome == "ineligible" { #expect(html.contains(lang == "kk" ? "Бас тарту негізі" : "Основание отказа")) }
                // Dates as dd.mm.yyyy; nothing internal (the rule's `source`, a policy note) printed.
                #expect(html.contains(try #require(html.firstMatch(of: /\d\d\.\d\d\.\d{4}/)).output), "a date as dd.mm.yyyy")
                for note in ["domain brief", "policy choice", "Social Code of RK"] { #expect(!html.contains(note), "\(lang): \(note)") }
                #expect(Self.latinWords(html, except: [id, version]) == [], "\(lang) \(outcome) notice prints English")
            }
        }
    }

    @Test("an issuer file gives every text in kk, ru and en, or is refused naming the key", arguments: [
        ("name: {kk: А, ru: Б, en: C}\nappeal_to: {kk: А, ru: Б, en: C}\n", nil),
        ("address: {kk: А, ru: Б, en: C}\n", "`name` is missing"),
        ("name: {kk: А, ru: Б}\n", "`name` must give the text in kk, ru and en"),
        ("name: {kk: А, ru: Б, en: C}\nstamp: x\n", "unknown key `stamp`"),
        ("- a list\n", "must be a mapping"),
    ] as [(String, String?)])
    func issuerFile(_ text: String, _ refusal: String?) {
        switch NoticeIssuer.read(text) {
        case .success(let i): #expect(refusal == nil); #expect(i.appealTo?.ru == "Б")
        case .failure(let e): #expect(e.message.contains(refusal ?? "—"), "\(e.message)")
        }
    }

    @Test("a decision posted as a YAML household file is replayed and has its notice, as one posted as JSON")
    func yamlDecision() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let yaml = try ServiceFixture.sample("almaty-widow-five-children.yaml")
            let id: String = try await client.execute(uri: "/v1/decisions?program=ata", method: .post,
                                                      headers: [.contentType: "application/yaml", .authorization: "Bearer caseworker-token"], body: yaml) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)["audit_id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/decisions/\(id)/replay", method: .get, headers: [.authorization: "Bearer all-token"]) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
                #expect(ServiceFixture.json(r.body)["same"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/decisions/\(id)/notice?lang=kk", method: .get, headers: [.authorization: "Bearer all-token"]) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body).prefix(300))")
                #expect(String(buffer: r.body).contains("127 295"))
            }
        }
    }

    @Test("Chromium prints the notice to a PDF", .enabled(if: BrowserTests.available, "needs Debian's chromium"))
    func pdf() async throws {
        let service = try RunningService()
        defer { service.kill() }
        try await service.ready()
        var request = URLRequest(url: URL(string: service.base + "/v1/decisions")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "content-type")
        request.httpBody = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"))
        let (data, _) = try await URLSession.shared.data(for: request)
        let id = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["audit_id"] as? String)
        let pdf = ServiceFixture.temporaryDirectory().appendingPathComponent("notice.pdf")
        let chromium = Process()
        chromium.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        chromium.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-pdf-header-footer",
                              "--print-to-pdf=\(pdf.path)", service.base + "/v1/decisions/\(id)/notice?lang=kk"]
        chromium.standardOutput = FileHandle.nullDevice
        chromium.standardError = FileHandle.nullDevice
        try chromium.run()
        chromium.waitUntilExit()
        let bytes = try Data(contentsOf: pdf)
        #expect(bytes.starts(with: Data("%PDF".utf8)))
        #expect(bytes.count > 10_000, "a page with text: \(bytes.count) bytes")
    }
}
