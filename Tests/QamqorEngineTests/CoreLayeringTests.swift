import Foundation
import Testing

/// Inside `QamqorCore` (the hot path, kept in one target: a target boundary there costs
/// instructions, see BENCHMARKS.md) the folders are layers too, in one direction:
/// values and their memory → syntax → rules → records → check → evaluate → explain → the rule
/// set. The compiler cannot enforce a direction inside a target, so this test does: a file may
/// name only types declared in its own folder or in a folder below it. (Between targets the
/// compiler enforces it: Package.swift.)
@Suite("The core's folders depend one way")
struct CoreLayeringTests {
    /// The folders of `Sources/QamqorCore`, lowest first; `""` is the files at its top (the rule set).
    static let order = ["Values", "Memory", "Syntax", "Rules", "Records", "Check", "Evaluate", "Explain", ""]
    /// Folders that form one layer: a record value holds values and a value holds records.
    static let sameLayer: Set<[String]> = [["Memory", "Values"]]

    static var core: URL { Repo.root.appendingPathComponent("Sources/QamqorCore") }

    /// Every file of the core by folder, with its text (comments and string literals removed).
    static func files() -> [(folder: String, name: String, code: String)] {
        let all = FileManager.default.enumerator(atPath: core.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".swift") }.sorted().compactMap { rel in
            guard let text = try? String(contentsOf: core.appendingPathComponent(rel), encoding: .utf8) else { return nil }
            let parts = rel.split(separator: "/")
            let code = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                var l = String(line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                while let a = l.firstIndex(of: "\""), let b = l[l.index(after: a)...].firstIndex(of: "\"") { l.removeSubrange(a...b) }
                return l
            }.joined(separator: "\n")
            return (parts.count > 1 ? String(parts[0]) : "", rel, code)
        }
    }

    /// The types each folder declares at the top level of its files.
    static func declarations(_ files: [(folder: String, name: String, code: String)]) -> [String: String] {
        let pattern = try! NSRegularExpression(pattern: #"^(?:@\w+(?:\([^)]*\))? )*(?:(?:public|package|internal|final|indirect) )*(?:struct|class|enum|protocol|typealias|actor) (\w+)"#,
                                               options: [.anchorsMatchLines])
        var owner: [String: String] = [:]
        for f in files {
            let ns = f.code as NSString
            for m in pattern.matches(in: f.code, range: NSRange(location: 0, length: ns.length)) {
                owner[ns.substring(with: m.range(at: 1))] = f.folder
            }
        }
        return owner
    }

    static func level(_ folder: String) -> Int {
        for group in sameLayer where group.contains(folder) { return group.compactMap { order.firstIndex(of: $0) }.min() ?? 0 }
        return order.firstIndex(of: folder) ?? -1
    }

    /// Every use of a type declared in a folder above the user's: `file: Type (Folder)`.
    static func backEdges() -> [String] {
        let files = files()
        let owner = declarations(files)
        let word = try! NSRegularExpression(pattern: #"\b[A-Z][A-Za-z0-9]*\b"#)
        var found: [String] = []
        for f in files {
            let ns = f.code as NSString
            var seen = Set<String>()
            for m in word.matches(in: f.code, range: NSRange(location: 0, length: ns.length)) {
                let name = ns.substring(with: m.range)
                guard seen.insert(name).inserted, let folder = owner[name], folder != f.folder else { continue }
                if level(folder) > level(f.folder) { found.append("\(f.name): \(name) (\(folder.isEmpty ? "top" : folder))") }
            }
        }
        return found
    }

    @Test("no file of the core names a type of a folder above its own")
    func oneWay() {
        #expect(Self.files().count > 60, "the core's sources were not found")
        for folder in Self.order where !folder.isEmpty {
            #expect(FileManager.default.fileExists(atPath: Self.core.appendingPathComponent(folder).path), "\(folder) is not a folder of the core")
        }
        let edges = Self.backEdges()
        #expect(edges.isEmpty, "back-edges:\n\(edges.joined(separator: "\n"))")
    }
}
