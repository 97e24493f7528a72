import Foundation
import QamqorEngine

/// The pages' words: one catalogue a language, `Web/strings/<lang>.json` (`{"key": "text"}`, or a
/// list of plural forms), served to the pages as `/static/strings.js` — `LANGS` and `T` — so that
/// a translator edits one file and no word is written in the pages' code.
///
/// Guarantees: every key of the English catalogue is in `T`; a key another language lacks falls
/// back to its English text (and ``missing`` names it); only the service's languages are offered.
enum PageStrings {
    /// Each language's catalogue, read once from the resource bundle.
    nonisolated(unsafe) static let catalogues: [Language: [String: Any]] = {
        var out: [Language: [String: Any]] = [:]
        guard let dir = WebAssets.directory?.appendingPathComponent("strings") else { return out }
        for l in Language.allCases {
            if let data = FileManager.default.contents(atPath: dir.appendingPathComponent("\(l.rawValue).json").path),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] { out[l] = object }
        }
        return out
    }()

    /// Keys the English catalogue has and `language`'s lacks.
    static func missing(in language: Language) -> [String] {
        let english = catalogues[.en] ?? [:], own = catalogues[language] ?? [:]
        return english.keys.filter { own[$0] == nil }.sorted()
    }

    /// `strings.js`: `const LANGS = [...]; const T = {key: {kk: …, ru: …, en: …}, …};`.
    static let script: String = {
        let english = catalogues[.en] ?? [:]
        var table: [String: [String: Any]] = [:]
        for key in english.keys {
            var entry: [String: Any] = [:]
            for l in Language.allCases { entry[l.rawValue] = catalogues[l]?[key] ?? english[key] }
            table[key] = entry
        }
        let json = (try? JSONSerialization.data(withJSONObject: table, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "// The pages' words, made by the service from Web/strings/<lang>.json (one catalogue a language).\n"
            + "const LANGS = [\(Language.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))];\n"
            + "const T = \(json);\n"
    }()
}
