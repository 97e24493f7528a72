import QamqorSupport
import Foundation

/// Where rule files come from: a directory on disk, or files held in memory (tests, uploads).
/// The rule set is built from whatever a source lists, so loading never depends on the filesystem
/// directly.
public protocol RuleSource: Sendable {
    /// Every rule file: `schema.yaml`, `definitions.yaml`, `parameters/*.yaml`, `programs/*.yaml`,
    /// `tests/*.yaml`, each with its path relative to the rules root in `relativePath`.
    func files() throws -> [(relativePath: String, file: SourceFile)]
}

/// Which files of a rules directory belong to the rules: YAML files anywhere, and the JSON
/// households of rule tests (`tests/households/*.json`).
public enum RuleFiles {
    /// Rule tests name their households by a path inside this folder of `tests/`.
    public static let householdFolder = "tests/households/"

    public static func isRuleFile(_ relativePath: String) -> Bool {
        relativePath.hasSuffix(".yaml") || relativePath.hasSuffix(".yml")
            || (relativePath.hasPrefix(householdFolder) && relativePath.hasSuffix(".json"))
    }
}

/// Reads rule files from a directory. Paths in diagnostics are shown as `<display>/<relative
/// path>`, where `display` is the directory as given — or, for a service that must not reveal
/// where it runs, a short name such as `rules`.
public struct DirectoryRuleSource: RuleSource {
    public let directory: String
    public let displayRoot: String

    public init(directory: String, displayRoot: String? = nil) { self.directory = directory; self.displayRoot = displayRoot ?? directory }

    public func files() throws -> [(relativePath: String, file: SourceFile)] {
        let shown = displayRoot.hasSuffix("/") ? String(displayRoot.dropLast()) : displayRoot
        return try texts().map { ($0.relativePath, SourceFile(path: "\(shown)/\($0.relativePath)", text: $0.text)) }
    }

    /// The version a rule set loaded from this directory now would have (the rule set's content hash
    /// of ``files()``), from the texts alone, without making a source file (lines and all) of each:
    /// what hot reload asks every poll.
    public func version() throws -> String {
        var hash = ContentHash()
        for (rel, text) in try texts() { hash.add(rel); hash.add(text) }
        return hash.hex
    }

    /// Every rule file's text by its path relative to the directory, in path order.
    private func texts() throws -> [(relativePath: String, text: String)] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw RuleSourceError(said: Localized("rules.is-dir", ["displayRoot": displayRoot]))
        }
        var out: [(String, String)] = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let shown = displayRoot.hasSuffix("/") ? String(displayRoot.dropLast()) : displayRoot
        guard let walker = fm.enumerator(atPath: directory) else { return [] }
        for case let rel as String in walker where RuleFiles.isRuleFile(rel) {
            let path = "\(base)/\(rel)"
            guard let data = fm.contents(atPath: path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleSourceError(said: Localized("rules.file-not-utf-text", ["shown": shown, "rel": rel]))
            }
            out.append((rel, text))
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

/// Rule files held in memory.
public struct MemoryRuleSource: RuleSource {
    public let entries: [(relativePath: String, text: String)]
    public let displayRoot: String

    public init(_ entries: [(relativePath: String, text: String)], displayRoot: String = "rules") {
        self.entries = entries; self.displayRoot = displayRoot
    }

    public func files() throws -> [(relativePath: String, file: SourceFile)] {
        entries.map { ($0.relativePath, SourceFile(path: "\(displayRoot)/\($0.relativePath)", text: $0.text)) }
            .sorted { $0.0 < $1.0 }
    }
}

/// The files a rule set was loaded from, as they were read (paths and texts unchanged).
package struct LoadedRuleSource: RuleSource {
    package let entries: [(relativePath: String, file: SourceFile)]

    package func files() throws -> [(relativePath: String, file: SourceFile)] { entries }
}

/// A rule source that could not be read at all.
public struct RuleSourceError: Error, Sendable, CustomStringConvertible {
    /// The English text.
    public let message: String
    /// The text in the three languages.
    public let said: Localized
    public init(message: String) { self.message = message; said = Localized(uniform: message) }
    public init(said: Localized) { message = said.en; self.said = said }
    public var description: String { message }
}
