import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
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
            for needle in ["Шешім туралы хабарлама", "Атаулы әлеуметтік көмек", "құқылы", "113 147,50 ₸", "Шартты (әлеуметтік келісімшарт)",
                           "Шешімді анықтаған шарттар", "Сома қалай есептелді", "Құқықтық негіз", "Social Code of RK", "Шағымдану тәртібі", id] {
                #expect(kk.contains(needle), "kk notice lacks \(needle)")
            }
            #expect(!kk.contains("Алтын алқа"), "only the programme asked for")
            let ru = try await client.execute(uri: "/v1/decisions/\(id)/notice?lang=ru", method: .get) { r in String(buffer: r.body) }
            for needle in ["Уведомление о решении", "Адресная социальная помощь", "имеет право", "113 147,50 ₸", "Порядок обжалования", "Правовое основание"] {
                #expect(ru.contains(needle), "ru notice lacks \(needle)")
            }
            try await client.execute(uri: "/v1/decisions/nope/notice", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/decisions/\(id)/notice?program=nosuch", method: .get) { r in #expect(r.status == .notFound) }
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
