import Foundation
import Hummingbird
import HummingbirdTesting
import QamqorEngine
import Testing
@testable import QamqorService

/// The pages' words live in one catalogue a language, and the catalogues agree.
@Suite("Page catalogues")
struct PageStringsTests {
    static let web = ServiceFixture.repo.appendingPathComponent("Sources/QamqorService/Web")

    static func catalogue(_ l: Language) throws -> [String: Any] {
        let data = try Data(contentsOf: web.appendingPathComponent("strings/\(l.rawValue).json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// `${name}`, `{name}` and `%s`-like places a text leaves for values.
    static func placeholders(_ v: Any) -> [String] {
        let texts = (v as? [String]) ?? [(v as? String) ?? ""]
        return Array(Set(texts.flatMap { t in t.matches(of: /\{[a-z_]+\}|\$\{[^}]+\}/).map { String($0.output) } })).sorted()
    }

    @Test("every key is in every language, with the same placeholders, and no text is empty")
    func sameKeys() throws {
        let en = try Self.catalogue(.en)
        for l in Language.allCases {
            let c = try Self.catalogue(l)
            #expect(Set(c.keys) == Set(en.keys), "\(l): \(Set(en.keys).symmetricDifference(c.keys).sorted())")
            for (k, v) in c {
                #expect(Self.placeholders(v) == Self.placeholders(en[k] ?? ""), "\(l).\(k)")
                let text = (v as? String) ?? (v as? [String])?.joined() ?? ""
                #expect(text.isEmpty == false, "\(l).\(k) is empty")
            }
            #expect(PageStrings.missing(in: l).isEmpty)
        }
    }

    @Test("no key is unused: each is named in the pages' code (or is a kind_/filter_ word chosen by value)")
    func noUnusedKey() throws {
        let code = try ["app.js", "caseworker.js", "committee.js", "policy.js", "caseworker.html", "committee.html", "policy.html"]
            .map { try String(contentsOf: Self.web.appendingPathComponent($0), encoding: .utf8) }.joined()
        for key in try Self.catalogue(.en).keys where !key.hasPrefix("kind_") && !key.hasPrefix("filter_") {
            #expect(code.contains("\"\(key)\"") || code.contains("'\(key)'") || code.contains("t(`\(key)"), "\(key) is not used")
        }
    }

    @Test("the pages get the words from the service: /static/strings.js holds every key in the three languages")
    func served() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/static/strings.js", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/javascript") == true)
                let text = String(buffer: r.body)
                #expect(text.contains("const LANGS = [\"kk\", \"ru\", \"en\"];"))
                #expect(text.contains("\"Рейтинг құру\"") && text.contains("\"Ранжировать\""))
            }
        }
        let pages = try String(contentsOf: Self.web.appendingPathComponent("app.js"), encoding: .utf8)
        #expect(!pages.contains("kk: \""), "a word written in the pages' code")
    }
}
