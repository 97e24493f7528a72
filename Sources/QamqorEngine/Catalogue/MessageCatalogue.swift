import Foundation
import Synchronization
import Yams

/// Every word Qamqor says, one catalogue file a language: `messages/<code>.yaml` in the engine's
/// resources (kk, ru, en), plus the files of a directory named by `QAMQOR_CATALOGUES` — a file
/// for a language already known replaces the keys it gives; a file for a new code adds a language.
///
/// A catalogue file:
/// ```yaml
/// language: uz            # the code; must match the file name
/// name: Oʻzbekcha         # how the language calls itself (the pages' language menu)
/// fallback: ru            # kk, ru or en: answers for every key not translated (new languages only)
/// decimal_mark: ","       # how numbers are written (default: the fallback's)
/// date_format: dd.mm.yyyy # how dates are written (default: the fallback's)
/// messages:               # message id: ICU MessageFormat text (``MessageTemplate``)
///   decision.status.eligible: huquqi bor
/// pages:                  # the pages' words: text, or a list of plural forms
///   decide: Qaror chiqarish
/// ```
///
/// Guarantees: `current` is always usable — a catalogue that cannot be read is reported by
/// ``load(overrides:)`` and never installed; a key missing in a language reads its fallback's text,
/// then English, then the key itself. Installed catalogues are immutable and shared by all threads.
public final class MessageCatalogue: Sendable {
    /// The installed languages in slot order: kk, ru, en, then the others by code.
    public let languages: [Language]
    /// Each language's name for itself (`Қазақша`), by slot.
    public let names: [String]
    /// Each language's messages, by slot.
    let messages: [[String: MessageTemplate]]
    /// Each language's page words (a text, or plural forms), by slot.
    public let pages: [[String: PageText]]

    /// A page word: one text, or the forms a noun takes after a number (Russian one/few/many;
    /// one/other elsewhere).
    public enum PageText: Sendable, Equatable {
        case text(String), forms([String])
    }

    init(languages: [Language], names: [String], messages: [[String: MessageTemplate]], pages: [[String: PageText]]) {
        self.languages = languages; self.names = names; self.messages = messages; self.pages = pages
    }

    /// The language of `code`, if installed.
    public func language(_ code: String) -> Language? { languages.first { $0.rawValue == code } }

    /// Message `key` in `language` (or its fallback, or English), filled with `arguments`.
    public func text(_ key: String, _ arguments: MessageArguments, in language: Language) -> String {
        guard let (template, speaking) = template(key, in: language) else { return key }
        return template.render(arguments, in: speaking)
    }

    /// The template of `key` and the language it is written in: `language`'s own, its fallback's,
    /// or English.
    public func template(_ key: String, in language: Language) -> (MessageTemplate, Language)? {
        for l in [language, language.fallback, .en] where l.slot < messages.count {
            if let t = messages[l.slot][key] { return (t, l) }
        }
        return nil
    }

    /// Every message id of the English catalogue (the reference every other language follows).
    public var keys: [String] { messages.count > 2 ? messages[2].keys.sorted() : [] }

    /// The keys `language`'s own file gives.
    public func ownKeys(_ language: Language) -> Set<String> {
        language.slot < messages.count ? Set(messages[language.slot].keys) : []
    }

    // MARK: - The installed catalogue

    private static let installed = Mutex<MessageCatalogue?>(nil)

    /// The catalogue in use: the built-in one unless ``install(_:)`` put another.
    public static var current: MessageCatalogue {
        if let c = installed.withLock({ $0 }) { return c }
        let built = builtIn
        return installed.withLock { c in
            if let c { return c }
            c = built
            return built
        }
    }

    /// Puts `catalogue` in use for every later message (done once, before work starts).
    public static func install(_ catalogue: MessageCatalogue) { installed.withLock { $0 = catalogue } }

    /// The catalogues shipped in the engine's resources (empty when the resources are missing:
    /// every message then reads as its key).
    public static let builtIn: MessageCatalogue = {
        (try? load(overrides: nil)) ?? MessageCatalogue(languages: Language.builtIn, names: ["kk", "ru", "en"], messages: [[:], [:], [:]], pages: [[:], [:], [:]])
    }()

    /// The directory of the shipped catalogue files.
    public static let resourceDirectory: URL? = Bundle.module.url(forResource: "messages", withExtension: nil)

    /// The shipped catalogues with the files of `overrides` (a directory) laid over them.
    /// Throws ``CatalogueProblem``s (file:line:col and what is wrong) when any file is unreadable.
    public static func load(overrides: String?) throws(CatalogueProblems) -> MessageCatalogue {
        var problems: [CatalogueProblem] = []
        var files: [CatalogueFile] = []
        func read(directory: URL, shipped: Bool) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            if !shipped, names.isEmpty { problems.append(CatalogueProblem(file: directory.path, line: 1, column: 1, reason: "no catalogue file (`<code>.yaml`) in this directory")) }
            for name in names {
                let path = directory.appendingPathComponent(name).path
                switch CatalogueFile.read(path: path) {
                case .success(let f): files.append(f)
                case .failure(let p): problems.append(contentsOf: p.problems)
                }
            }
        }
        if let dir = resourceDirectory { read(directory: dir, shipped: true) }
        else { problems.append(CatalogueProblem(file: "messages", line: 1, column: 1, reason: "the shipped catalogues are missing from the resources")) }
        if let overrides { read(directory: URL(fileURLWithPath: overrides), shipped: false) }
        if !problems.isEmpty { throw CatalogueProblems(problems: problems) }

        // kk, ru, en first, then new languages by code; a later file's keys replace an earlier one's.
        var codes = ["kk", "ru", "en"]
        for f in files where !codes.contains(f.code) { codes.append(f.code) }
        codes = Array(codes.prefix(3)) + codes.dropFirst(3).sorted()
        var languages: [Language] = [], names: [String] = [], messages: [[String: MessageTemplate]] = [], pages: [[String: PageText]] = []
        for (slot, code) in codes.enumerated() {
            let own = files.filter { $0.code == code }
            var fallbackSlot = min(slot, 2)
            if slot > 2 {
                guard let fb = own.compactMap(\.fallback).last, let i = ["kk", "ru", "en"].firstIndex(of: fb) else {
                    let f = own.first
                    problems.append(CatalogueProblem(file: f?.path ?? code, line: 1, column: 1, reason: "a new language needs `fallback: kk`, `ru` or `en`"))
                    continue
                }
                fallbackSlot = i
            }
            let base = Language.builtIn[fallbackSlot]
            languages.append(Language(code: code, slot: languages.count, fallbackSlot: fallbackSlot,
                                      decimalMark: own.compactMap(\.decimalMark).last ?? base.decimalMark,
                                      dateFormat: own.compactMap(\.dateFormat).last ?? base.dateFormat))
            names.append(own.compactMap(\.name).last ?? code)
            messages.append(own.reduce(into: [:]) { $0.merge($1.messages) { _, new in new } })
            pages.append(own.reduce(into: [:]) { $0.merge($1.pages) { _, new in new } })
        }
        if !problems.isEmpty { throw CatalogueProblems(problems: problems) }
        return MessageCatalogue(languages: languages, names: names, messages: messages, pages: pages)
    }
}

/// What is wrong with a catalogue file, and where.
public struct CatalogueProblem: Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let reason: String
    public var description: String { "\(file):\(line):\(column): \(reason)" }
}

/// Every problem found reading the catalogue files.
public struct CatalogueProblems: Error, Sendable, CustomStringConvertible {
    public let problems: [CatalogueProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension MessageCatalogue {
    /// Message `key` of the installed catalogue in `language` alone, filled with `arguments`.
    public static func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:], in language: Language) -> String {
        current.text(key, MessageArguments(arguments), in: language)
    }
}
