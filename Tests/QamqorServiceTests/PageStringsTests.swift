import Foundation
import Hummingbird
import HummingbirdTesting
import QamqorEngine
import Testing
@testable import QamqorService

/// The pages' words are the `pages:` section of the message catalogues, and the catalogues agree.
@Suite("Page catalogues")
struct PageStringsTests {
    static let web = ServiceFixture.repo.appendingPathComponent("Sources/QamqorService/Web")
    static let catalogue = MessageCatalogue.builtIn

    /// `{name}` places a text leaves for values.
    static func placeholders(_ v: MessageCatalogue.PageText?) -> [String] {
        let texts: [String] = switch v {
        case .text(let t)?: [t]
        case .forms(let f)?: f
        case nil: []
        }
        return Array(Set(texts.flatMap { t in t.matches(of: /\{[a-z_A-Z]+\}/).map { String($0.output) } })).sorted()
    }

    @Test("every page key is in every language, with the same placeholders, and no text is empty")
    func sameKeys() throws {
        let en = Self.catalogue.pages[2]
        for l in Language.builtIn {
            let c = Self.catalogue.pages[l.slot]
            #expect(Set(c.keys) == Set(en.keys), "\(l): \(Set(en.keys).symmetricDifference(c.keys).sorted())")
            for (k, v) in c {
                #expect(Self.placeholders(v) == Self.placeholders(en[k]), "\(l).\(k)")
                let text: String = switch v { case .text(let t): t; case .forms(let f): f.joined() }
                #expect(text.isEmpty == false, "\(l).\(k) is empty")
            }
            #expect(PageStrings.missing(in: l, catalogue: Self.catalogue).isEmpty)
        }
    }

    @Test("no page key is unused: each is named in the pages' code (or is a kind_/filter_/scheduleState_/fileStatus_ word chosen by value)")
    func noUnusedKey() throws {
        let code = try ["app.js", "caseworker.js", "committee.js", "policy.js", "caseworker.html", "committee.html", "policy.html"]
            .map { try String(contentsOf: Self.web.appendingPathComponent($0), encoding: .utf8) }.joined()
        for key in Self.catalogue.pages[2].keys where !key.hasPrefix("kind_") && !key.hasPrefix("filter_") && !key.hasPrefix("scheduleState_") && !key.hasPrefix("fileStatus_") {
            #expect(code.contains("\"\(key)\"") || code.contains("'\(key)'") || code.contains("t(`\(key)"), "\(key) is not used")
        }
    }

    @Test("the pages get the words from the service: /static/strings.js holds every key in every language")
    func served() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/static/strings.js", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/javascript") == true)
                let text = String(buffer: r.body)
                #expect(text.contains("const LANGS = [\"kk\",\"ru\",\"en\"];"))
                #expect(text.contains("\"kk\":\"Қазақша\""))
                #expect(text.contains("\"Рейтинг құру\"") && text.contains("\"Ранжировать\""))
            }
        }
        let pages = try String(contentsOf: Self.web.appendingPathComponent("app.js"), encoding: .utf8)
        #expect(!pages.contains("kk: \""), "a word written in the pages' code")
    }
}
