import Foundation
import Testing
@testable import QamqorEngine

/// Every word comes from one catalogue file a language; the files agree, every key is used, the
/// message format is read strictly, and a fourth language is one more file.
@Suite("Message catalogues")
struct MessageCatalogueTests {
    static let catalogue = MessageCatalogue.builtIn
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    @Test("the shipped catalogues read without a problem, kk, ru and en in that order")
    func shippedRead() throws {
        let c = try MessageCatalogue.load(overrides: nil)
        #expect(c.languages.map(\.rawValue) == ["kk", "ru", "en"])
        #expect(c.names == ["Қазақша", "Русский", "English"])
        #expect(c.keys.count > 400)
    }

    @Test("every message id is in every language, with the same placeholders, and no text is empty", arguments: [Language.kk, .ru])
    func sameKeysAndPlaceholders(_ l: Language) throws {
        let c = Self.catalogue
        #expect(c.ownKeys(l) == c.ownKeys(.en), "\(l): \(c.ownKeys(l).symmetricDifference(c.ownKeys(.en)).sorted())")
        for key in c.keys {
            let (mine, said) = try #require(c.template(key, in: l))
            let (english, _) = try #require(c.template(key, in: .en))
            #expect(said == l, "\(key) falls back from \(l)")
            #expect(Set(mine.placeholders) == Set(english.placeholders), "\(l) \(key): \(mine.placeholders) vs \(english.placeholders)")
            #expect(mine.constant?.isEmpty != true, "\(l) \(key) is empty")
        }
        #expect(Set(c.pages[l.slot].keys) == Set(c.pages[2].keys), "\(l) pages: \(Set(c.pages[l.slot].keys).symmetricDifference(c.pages[2].keys).sorted())")
    }

    @Test("no message id is unused: each is named in the code (or by a prefix the code completes)")
    func noUnusedKey() throws {
        var code = ""
        let walker = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard ["swift", "js", "html"].contains(url.pathExtension) else { continue }
            code += try String(contentsOf: url, encoding: .utf8)
        }
        #expect(code.count > 100_000)
        for key in Self.catalogue.keys {
            var prefixes = [key]
            var k = Substring(key)
            while let dot = k.lastIndex(of: ".") { k = k[..<dot]; prefixes.append(String(k) + ".") }
            #expect(code.contains("\"\(key)\"") || prefixes.dropFirst().contains { code.contains("\"\($0)") }, "\(key) is not used")
        }
    }

    @Test("no word is written in the code: no three-language literal outside the catalogue's own types")
    func noWordsInCode() throws {
        let walker = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard url.pathExtension == "swift", !url.path.contains("/Catalogue/") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.firstMatch(of: /Localized\(\s*kk: "/) == nil, "\(url.lastPathComponent) writes words in code")
        }
    }

    @Test("a message renders with its grammar", arguments: [
        ("{n} {n, plural, one {ребёнок} few {ребёнка} many {детей} other {ребёнка}}", "ru", ["n": "21"], "21 ребёнок"),
        ("{n, plural, one {# ребёнок} few {# ребёнка} many {# детей} other {# ребёнка}}", "ru", ["n": "12"], "12 детей"),
        ("{n, plural, one {# ребёнок} few {# ребёнка} many {# детей} other {# ребёнка}}", "ru", ["n": "3"], "3 ребёнка"),
        ("{n, plural, =0 {no files} one {# file} other {# files}}", "en", ["n": "0"], "no files"),
        ("{n, plural, one {# file} other {# files}}", "en", ["n": "1"], "1 file"),
        ("{amount, case, dative} кем", "kk", ["amount": "171 022,26 ₸"], "171 022,26 ₸-ге кем"),
        ("{n, case, ablative}", "kk", ["n": "4"], "4-тен"),
        ("{label, phrase, ablative}", "kk", ["label": "кедейлік шегі"], "кедейлік шегінен"),
        ("{label, lower}", "en", ["label": "Poverty line"], "poverty line"),
        ("{label, lower}", "en", ["label": "IIN"], "IIN"),
        ("{ok, select, true {выше} other {ниже}}", "ru", ["ok": "false"], "ниже"),
        ("the household's '{'braces'}' and ''quotes''", "en", [:], "the household's {braces} and 'quotes'"),
        ("{missing} stays", "en", [:], "{missing} stays"),
    ] as [(String, String, [String: String], String)])
    func renders(_ text: String, _ code: String, _ args: [String: String], _ expected: String) throws {
        let t = try MessageTemplate(text)
        let l = try #require(Language(rawValue: code))
        let arguments = MessageArguments(names: Array(args.keys), values: args.values.map { v in Int(v).map { $0 as any MessageArgument } ?? v })
        #expect(t.render(arguments, in: l) == expected)
    }

    @Test("a malformed message is refused with where and why", arguments: [
        ("{", 0, "a placeholder needs a name"),
        ("{n, plural, one {x}}", 0, "needs an `other"),
        ("{n, plural, lots {x} other {y}}", 12, "not a plural category"),
        ("{n, case, sideways}", 18, "is not a case"),
        ("{n, colour}", 0, "is not a placeholder type"),
        ("text }", 5, "closes nothing"),
        ("{a, select, x {{b, select, x {{c, select, x {{d, select, x {{e, select, x {{f, select, x {{g, select, x {y} other {z}}} other {z}}} other {z}}} other {z}}} other {z}}} other {z}}} other {z}}", 105, "nested deeper"),
    ] as [(String, Int, String)])
    func refused(_ text: String, _ offset: Int, _ reason: String) {
        #expect(throws: MessageFormatError.self) { try MessageTemplate(text) }
        do { _ = try MessageTemplate(text) } catch {
            #expect(error.reason.contains(reason), "\(error)")
            #expect(error.offset == offset, "\(error)")
        }
    }

    @Test("a fourth language is one more file: its words where given, its fallback's elsewhere, rules' labels too")
    func fourthLanguage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-uz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        language: uz
        name: Oʻzbekcha
        fallback: ru
        messages:
          explain.status.eligible: huquqi bor
          explain.why: "Sababi:"
        pages:
          decide: Qaror chiqarish
        """.write(to: dir.appendingPathComponent("uz.yaml"), atomically: true, encoding: .utf8)
        let c = try MessageCatalogue.load(overrides: dir.path)
        let uz = try #require(c.language("uz"))
        #expect(c.profiles.map(\.code) == ["kk", "ru", "en", "uz"])
        #expect(c.names[uz.slot] == "Oʻzbekcha")
        #expect(c.profiles[uz.slot].fallbackSlot == Language.ru.slot)
        #expect(c.text("explain.status.eligible", MessageArguments([:]), in: uz) == "huquqi bor")
        #expect(c.text("explain.status.ineligible", MessageArguments([:]), in: uz) == "не имеет права", "an untranslated id reads the fallback's text")
        #expect(c.texts("explain.why", [:]) == ["Себебі:", "Почему:", "Why:", "Sababi:"])
        #expect(c.pages[uz.slot]["decide"] == .text("Qaror chiqarish"))
        // (A rule file's label, which has no Uzbek, reads the Russian once the catalogue is
        // installed: the CLI and service tests show it.)
    }

    @Test("a broken catalogue file is refused with file:line:col, and the shipped one stays in use", arguments: [
        ("language: uz\nfallback: ru\nmessages:\n  explain.why: \"{oops\"\n", 4, "explain.why"),
        ("language: uz\nmessages:\n  explain.why: x\n", 1, "needs `fallback"),
        ("language: tr\nfallback: ru\n", 1, "disagrees with the file name"),
        ("language: uz\nfallback: ru\nmessages: [a, b]\n", 3, "`messages` is a mapping"),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n", 6, "expands to more than"),
        ("language: uz\nfallback: ru\nmessages:\n  a: [unclosed\n", 5, "not valid YAML"),
    ] as [(String, Int, String)])
    func brokenRefused(_ text: String, _ line: Int, _ reason: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-cat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try text.write(to: dir.appendingPathComponent("uz.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try MessageCatalogue.load(overrides: dir.path)
            Issue.record("accepted")
        } catch {
            let p = try #require(error.problems.first)
            #expect(p.file.hasSuffix("uz.yaml") && p.line == line && p.reason.contains(reason), "\(error)")
        }
        #expect(MessageCatalogue.current.languages.count == 3)
    }
}
