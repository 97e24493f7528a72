import Foundation

/// Where rule files come from: a directory on disk, or files held in memory (tests, uploads).
/// The rule set is built from whatever a source lists, so loading never depends on the filesystem
/// directly.
public protocol RuleSource: Sendable {
    /// Every rule file: `schema.yaml`, `definitions.yaml`, `parameters/*.yaml`, `programs/*.yaml`,
    /// `tests/*.yaml`, each with its path relative to the rules root in `relativePath`.
    func files() throws -> [(relativePath: String, file: SourceFile)]
}

/// Reads rule files from a directory. Paths in diagnostics are shown as `<dir>/<relative path>`.
public struct DirectoryRuleSource: RuleSource {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    public func files() throws -> [(relativePath: String, file: SourceFile)] {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw RuleSourceError(message: "rules directory `\(directory)` does not exist")
        }
        var out: [(String, SourceFile)] = []
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        guard let walker = fm.enumerator(atPath: directory) else { return [] }
        for case let rel as String in walker where rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") {
            let path = "\(base)/\(rel)"
            guard let data = fm.contents(atPath: path) else { continue }
            guard let text = String(data: data, encoding: .utf8) else {
                throw RuleSourceError(message: "\(path): the file is not UTF-8 text")
            }
            out.append((rel, SourceFile(path: path, text: text)))
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
struct LoadedRuleSource: RuleSource {
    let entries: [(relativePath: String, file: SourceFile)]

    func files() throws -> [(relativePath: String, file: SourceFile)] { entries }
}

/// A rule source that could not be read at all.
public struct RuleSourceError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
