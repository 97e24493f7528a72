import Foundation
import QamqorEngine

/// The pages' words: the `pages:` section of each language's message catalogue (the same file as
/// every other message), served to the pages as `/static/strings.js` — `LANGS`, `LANG_NAMES` and
/// `T` — so that a translator edits one file a language and no word is written in the pages' code.
///
/// Guarantees: every key of the English catalogue is in `T` for every installed language; a key a
/// language lacks reads its fallback's text, then the English one (``missing`` names such keys).
enum PageStrings {
    /// Keys the English catalogue has and `language`'s own file lacks.
    static func missing(in language: Language, catalogue: MessageCatalogue = .current) -> [String] {
        guard catalogue.pages.count > 2, language.slot < catalogue.pages.count else { return [] }
        return catalogue.pages[2].keys.filter { catalogue.pages[language.slot][$0] == nil }.sorted()
    }

    /// `strings.js` for `catalogue`: `const LANGS = [...]; const LANG_NAMES = {...}; const T = {key: {kk: …, …}, …};`.
    static func script(_ catalogue: MessageCatalogue = .current) -> String {
        guard catalogue.pages.count > 2 else { return "const LANGS = [];\nconst LANG_NAMES = {};\nconst T = {};\n" }
        let english = catalogue.pages[2]
        func json(_ t: MessageCatalogue.PageText) -> JSONValue {
            switch t {
            case .text(let s): .string(s)
            case .forms(let f): .array(f.map { .string($0) })
            }
        }
        let table: [(String, JSONValue)] = english.keys.sorted().map { key in
            (key, .object(catalogue.profiles.enumerated().map { slot, profile in
                let own = slot < catalogue.pages.count ? catalogue.pages[slot][key] : nil
                let fallback = slot >= 3 && profile.fallbackSlot < catalogue.pages.count ? catalogue.pages[profile.fallbackSlot][key] : nil
                return (profile.code, json(own ?? fallback ?? english[key] ?? .text(key)))
            }))
        }
        let langs = JSONValue.array(catalogue.profiles.map { .string($0.code) })
        let names = JSONValue.object(catalogue.profiles.map { ($0.code, .string($0.name)) })
        return "// The pages' words, made by the service from the message catalogues (one file a language).\n"
            + "const LANGS = \(langs.rendered(pretty: false));\n"
            + "const LANG_NAMES = \(names.rendered(pretty: false));\n"
            + "const T = \(JSONValue.object(table).rendered(pretty: false));\n"
    }

    /// The script for the catalogue in use, made once.
    static let served: String = script()
}
