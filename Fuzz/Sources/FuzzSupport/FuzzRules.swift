import Foundation
import QamqorEngine

/// What every harness shares: the repository's rules, loaded once (`QAMQOR_RULES`, default
/// `rules`), and a rule set built from them with one file replaced.
public enum FuzzRules {
    public static let directory = ProcessInfo.processInfo.environment["QAMQOR_RULES"] ?? "rules"

    public static let files: [(relativePath: String, text: String)] = {
        guard let files = try? DirectoryRuleSource(directory: directory).files() else {
            FileHandle.standardError.write(Data("cannot read the rules at \(directory) (set QAMQOR_RULES)\n".utf8))
            exit(2)
        }
        return files.map { ($0.relativePath, $0.file.text) }
    }()

    public static let ruleSet: RuleSet = {
        guard case .success(let r) = RuleSet.load(from: MemoryRuleSource(files)) else {
            FileHandle.standardError.write(Data("the rules at \(directory) do not load\n".utf8))
            exit(2)
        }
        return r
    }()

    /// The rules with file `path` replaced by `text`, loaded (checked and compiled), or nil.
    public static func replacing(_ path: String, with text: String) -> RuleSet? {
        var copy = files
        if let i = copy.firstIndex(where: { $0.relativePath == path }) { copy[i].text = text } else { copy.append((path, text)) }
        return try? RuleSet.load(from: MemoryRuleSource(copy)).get()
    }

    /// Decides, explains and so renders every programme for a record that was read: no input may
    /// make any of it trap.
    public static func exercise(_ rules: RuleSet, _ record: RecordValue) {
        _ = try? rules.decide(record)
        if let explanations = try? rules.explain(record) {
            let renderer = ExplanationRenderer(language: .kk, level: .full, ruleSetVersion: rules.version)
            for e in explanations { _ = renderer.json(e).rendered(pretty: false) }
        }
    }
}
