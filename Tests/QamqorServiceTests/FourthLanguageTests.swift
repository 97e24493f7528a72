import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import QamqorService

/// Adding a language is adding one catalogue file: with `QAMQOR_CATALOGUES` naming a directory
/// that holds `uz.yaml` (a few keys translated, the rest falling back to Russian), the CLI, the
/// API and the pages speak it.
@Suite("A fourth language")
struct FourthLanguageTests {
    static let uzbek = """
        # A few words in Uzbek; every other word falls back to Russian.
        language: uz
        name: Oʻzbekcha
        fallback: ru
        messages:
          explain.status.eligible: huquqi bor
          explain.status.ineligible: huquqi yoʻq
          explain.why: "Sababi:"
        pages:
          decide: Qaror chiqarish
          caseworker: Ijtimoiy xodim
        """

    static func catalogues(_ text: String = uzbek) throws -> URL {
        let dir = ServiceFixture.temporaryDirectory().appendingPathComponent("catalogues-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try text.write(to: dir.appendingPathComponent("uz.yaml"), atomically: true, encoding: .utf8)
        return dir
    }

    static func qamqor(_ args: [String], catalogues: URL) throws -> CommandLineTests.Run {
        try CommandLineTests.qamqor(args, environment: ["QAMQOR_CATALOGUES": catalogues.path])
    }

    @Test("the CLI explains in the fourth language: its own words, Russian for the rest and for the rules' labels")
    func commandLine() async throws {
        let dir = try Self.catalogues()
        let run = try await TestPostgres.offThread { try Self.qamqor(["explain", "--rules", "rules", "samples/almaty-student-family.json", "--program", "ata", "--lang", "uz"], catalogues: dir) }
        #expect(run.status == 0, "\(run.err)")
        #expect(run.out.contains("[ata] — huquqi bor"), "\(run.out)")
        #expect(run.out.contains("сумма: 113 147,50 ₸ в месяц"), "the untranslated words fall back to Russian: \(run.out)")
        #expect(run.out.contains("Адресная социальная помощь"), "a rule file's title falls back to Russian")
    }

    @Test("a broken catalogue is refused at start with its file:line:col, and nothing runs")
    func brokenCatalogue() async throws {
        let dir = try Self.catalogues(Self.uzbek.replacingOccurrences(of: "explain.why: \"Sababi:\"", with: "explain.why: \"{oops\""))
        let run = try await TestPostgres.offThread { try Self.qamqor(["programs", "--lang", "uz"], catalogues: dir) }
        #expect(run.status == 1)
        #expect(run.err.contains("uz.yaml:8:16:") && run.err.contains("explain.why"), "\(run.err)")
        #expect(run.out.isEmpty)
    }

    @Test("the service offers the fourth language to the pages and answers in it")
    func service() async throws {
        let dir = try Self.catalogues()
        let service = try RunningService(environment: ["QAMQOR_CATALOGUES": dir.path])
        defer { service.kill() }
        try await service.ready()
        let (script, _) = try await URLSession.shared.data(from: URL(string: service.base + "/static/strings.js")!)
        let text = String(decoding: script, as: UTF8.self)
        #expect(text.contains("const LANGS = [\"kk\",\"ru\",\"en\",\"uz\"];"))
        #expect(text.contains("\"uz\":\"Oʻzbekcha\""))
        #expect(text.contains("\"uz\":\"Qaror chiqarish\""), "a translated page word")
        #expect(text.contains("\"uz\":\"Загрузить пример…\""), "an untranslated page word falls back to Russian")

        var request = URLRequest(url: URL(string: service.base + "/v1/decisions?program=ata&lang=uz")!)
        request.httpMethod = "POST"
        request.httpBody = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"))
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self).contains("huquqi bor"))

        var bad = URLRequest(url: URL(string: service.base + "/v1/decisions?lang=tr")!)
        bad.httpMethod = "POST"
        bad.httpBody = Data("{}".utf8)
        bad.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (refused, badResponse) = try await URLSession.shared.data(for: bad)
        #expect((badResponse as? HTTPURLResponse)?.statusCode == 400)
        #expect(String(decoding: refused, as: UTF8.self).contains("kk, ru, en, uz"), "the refusal names the languages there are")
    }
}
