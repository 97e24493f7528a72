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
    /// A language as its catalogue sets it up.
    public struct Profile: Sendable {
        public let code: String
        /// How the language calls itself (`Қазақша`).
        public let name: String
        package let fallbackSlot: Int
        package let decimalMark: Character?
        package let dateFormat: String?
    }

    /// The installed languages' settings, in slot order: kk, ru, en, then the others by code.
    public let profiles: [Profile]
    /// Each language's messages, by slot (its own file's, for checking a catalogue).
    package let messages: [[String: MessageTemplate]]
    /// Each language's page words (a text, or plural forms), by slot.
    public let pages: [[String: PageText]]
    /// For each message id, the template every installed language speaks it with (its own, its
    /// fallback's or the English one) and the language that template is written in: one lookup a
    /// message, however many languages.
    package let resolved: [String: Entry]

    /// A message id's templates by language, and its texts when it has no placeholders.
    package struct Entry: Sendable {
        package let row: [(template: MessageTemplate, speaker: Language)]
        package let constants: [String]?
    }

    /// A page word: one text, or the forms a noun takes after a number (Russian one/few/many;
    /// one/other elsewhere).
    public enum PageText: Sendable, Equatable {
        case text(String), forms([String])
    }

    /// Each language's explanation words, looked up once (``PhraseBook``), by slot.
    package let books: [PhraseBook]

    package init(profiles: [Profile], messages: [[String: MessageTemplate]], pages: [[String: PageText]]) {
        self.profiles = profiles; self.messages = messages; self.pages = pages
        var resolved: [String: Entry] = [:]
        let english = messages.count > 2 ? messages[2] : [:]
        var keys = Set(english.keys)
        for m in messages { keys.formUnion(m.keys) }
        for key in keys {
            var row: [(template: MessageTemplate, speaker: Language)] = []
            for slot in profiles.indices {
                let fallback = slot < 3 ? slot : profiles[slot].fallbackSlot
                if let t = messages[slot][key] { row.append((t, Language(slot: slot))) }
                else if let t = messages[fallback][key] { row.append((t, Language(slot: fallback))) }
                else if let t = english[key] { row.append((t, .en)) }
                else if let any = messages.lazy.compactMap({ $0[key] }).first { row.append((any, Language(slot: slot))) }
            }
            let texts = row.compactMap(\.template.constant)
            resolved[key] = Entry(row: row, constants: texts.count == row.count ? texts : nil)
        }
        self.resolved = resolved
        books = profiles.indices.map { slot in PhraseBook(resolved, language: Language(slot: slot)) }
    }

    /// The installed languages in slot order: kk, ru, en, then the others by code.
    public var languages: [Language] { profiles.indices.map(Language.init(slot:)) }

    /// Each language's name for itself (`Қазақша`), by slot.
    public var names: [String] { profiles.map(\.name) }

    /// The language of `code`, if installed.
    public func language(_ code: String) -> Language? { profiles.firstIndex { $0.code == code }.map(Language.init(slot:)) }

    /// Message `key` in `language` (or its fallback, or English), filled with `arguments`.
    public func text(_ key: String, _ arguments: MessageArguments, in language: Language) -> String {
        guard let entry = resolved[key], language.slot < entry.row.count else { return key }
        if let texts = entry.constants { return texts[language.slot] }
        let (template, speaker) = entry.row[language.slot]
        return template.render(arguments, in: speaker)
    }

    /// Message `key` in every installed language (slot order), filled with `arguments`.
    package func texts(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument>) -> [String] {
        guard let entry = resolved[key] else { return Array(repeating: key, count: profiles.count) }
        if let texts = entry.constants { return texts }
        let args = MessageArguments(arguments)
        return entry.row.map { $0.template.render(args, in: $0.speaker) }
    }

    /// The template of `key` and the language it is written in: `language`'s own, its fallback's,
    /// or English.
    public func template(_ key: String, in language: Language) -> (MessageTemplate, Language)? {
        guard let row = resolved[key]?.row, language.slot < row.count else { return nil }
        return (row[language.slot].template, row[language.slot].speaker)
    }

    /// Every message id of the English catalogue (the reference every other language follows).
    public var keys: [String] { messages.count > 2 ? messages[2].keys.sorted() : [] }

    /// The keys `language`'s own file gives.
    public func ownKeys(_ language: Language) -> Set<String> {
        language.slot < messages.count ? Set(messages[language.slot].keys) : []
    }

    // MARK: - The installed catalogue

    /// Written once, by ``install(_:)`` before any other thread runs; read without a lock after.
    nonisolated(unsafe) private static var installed: MessageCatalogue?
    private static let installing = Mutex(false)

    /// The catalogue in use: the one ``install(_:)`` put, else the built-in one. A plain read: it
    /// is said for every condition of every explained household.
    public static var current: MessageCatalogue { installed ?? builtIn }

    /// Puts `catalogue` in use for every later message. Done once, first thing, before any other
    /// thread runs (the CLI and the service do it before reading their arguments); false, and
    /// nothing changed, when one was installed already.
    @discardableResult
    public static func install(_ catalogue: MessageCatalogue) -> Bool {
        installing.withLock { done in
            guard !done else { return false }
            done = true
            installed = catalogue
            return true
        }
    }

    /// The catalogues shipped in the engine's resources (empty when the resources are missing:
    /// every message then reads as its key).
    public static let builtIn: MessageCatalogue = {
        (try? load(overrides: nil)) ?? MessageCatalogue(profiles: ["kk", "ru", "en"].enumerated().map { Profile(code: $1, name: $1, fallbackSlot: $0, decimalMark: nil, dateFormat: nil) },
                                                        messages: [[:], [:], [:]], pages: [[:], [:], [:]])
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
        var profiles: [Profile] = [], messages: [[String: MessageTemplate]] = [], pages: [[String: PageText]] = []
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
            profiles.append(Profile(code: code, name: own.compactMap(\.name).last ?? code, fallbackSlot: fallbackSlot,
                                    decimalMark: slot > 2 ? own.compactMap(\.decimalMark).last : nil, dateFormat: slot > 2 ? own.compactMap(\.dateFormat).last : nil))
            messages.append(own.reduce(into: [:]) { $0.merge($1.messages) { _, new in new } })
            pages.append(own.reduce(into: [:]) { $0.merge($1.pages) { _, new in new } })
        }
        if !problems.isEmpty { throw CatalogueProblems(problems: problems) }
        return MessageCatalogue(profiles: profiles, messages: messages, pages: pages)
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
