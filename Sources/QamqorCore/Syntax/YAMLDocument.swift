import QamqorSupport
import Yams

/// A YAML file read into Yams nodes with their line/column marks, after ``YAMLGuard`` has screened
/// it. Every failure becomes a ``Diagnostic`` at the offending position; nothing is thrown past it.
public struct YAMLDocument {
    public let source: SourceFile
    /// The root node, or nil for an empty document.
    public let root: Node?

    /// Reads `source`. On failure returns the diagnostics instead.
    public static func load(_ source: SourceFile, maxBytes: Int = 16 << 20) -> Result<YAMLDocument, DiagnosticList> {
        if source.text.utf8.count > maxBytes {
            return .failure(DiagnosticList([Diagnostic(code: .inputTooLarge,
                Localized("yaml.load", ["utf8": source.text.utf8.count, "maxBytes": maxBytes]), in: source, at: nil)]))
        }
        if let refusal = YAMLGuard.screen(source.text) {
            return .failure(DiagnosticList([Diagnostic(code: .yamlUnsafe, refusal.message, in: source,
                at: SourceLocation(line: refusal.line, column: refusal.column))]))
        }
        do {
            let node = try Yams.compose(yaml: source.text)
            return .success(YAMLDocument(source: source, root: node))
        } catch let error as YamlError {
            return .failure(DiagnosticList([diagnostic(for: error, in: source)]))
        } catch {
            return .failure(DiagnosticList([Diagnostic(code: .yamlSyntax, unreadable("\(error)"), in: source, at: nil)]))
        }
    }

    package static func diagnostic(for error: YamlError, in source: SourceFile) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let at = SourceLocation(line: mark.line, column: mark.column)
            // What it means and what to do, in the reader's language, for the problems people meet.
            // libyaml says a tab "cannot start any token": say it is a tab.
            let tab = problem == "found character that cannot start any token" && source.line(mark.line).map { line in
                line.dropFirst(max(0, mark.column - 1)).first == "\t" } == true
            if let words = YAMLProblemWords.table[tab ? "found a tab character that violates indentation" : problem] {
                var d = Diagnostic(code: .yamlSyntax, words.said, in: source, at: at)
                d.help = words.help.en
                d.translatedHelp = words.help
                return d
            }
            // Any other: libyaml's own words, quoted after a sentence in the reader's language.
            let ctx = context.map { "\($0.text) " } ?? ""
            let said = "\(ctx)\(problem)"
            return Diagnostic(code: .yamlSyntax, Localized("yaml.malformed-yaml", ["said": said]), in: source, at: at)
        case let .reader(problem, _, _, _):
            return Diagnostic(code: .yamlSyntax, unreadable(problem), in: source, at: nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            return Diagnostic(code: .duplicateKey, Localized("yaml.key-appears-more-than", ["key": key]),
                              in: source, at: locateDuplicate(key, in: source, after: context.mark.line))
        default:
            return Diagnostic(code: .yamlSyntax, unreadable("\(error)"), in: source, at: nil)
        }
    }

    package static func unreadable(_ problem: String) -> Localized {
        Localized("yaml.unreadable", ["problem": problem])
    }

    /// Yams reports a duplicate at the mapping's start; find the second occurrence of the key.
    package static func locateDuplicate(_ key: String, in source: SourceFile, after line: Int) -> SourceLocation? {
        var seen = 0
        // A mark past the last line (a mapping that ends the file) finds nothing: no range is formed backwards.
        for n in stride(from: max(1, line), through: source.lines.count, by: 1) {
            guard let text = source.line(n) else { break }
            let trimmed = text.drop { $0 == " " || $0 == "-" }
            if trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("\"\(key)\":") {
                seen += 1
                if seen == 2 {
                    let col = text.unicodeScalars.count - trimmed.unicodeScalars.count + 1
                    return SourceLocation(line: n, column: col, length: key.unicodeScalars.count)
                }
            }
        }
        return SourceLocation(line: line, column: 1)
    }
}

extension Node {
    /// The node's position as a ``SourceLocation`` underlining its scalar text when it has one.
    package var location: SourceLocation? {
        guard let m = mark else { return nil }
        return SourceLocation(line: m.line, column: m.column, length: scalar.map { max(1, $0.string.unicodeScalars.count) } ?? 1)
    }

    /// A short name of the node's kind for error messages.
    package var kindName: Localized {
        switch self {
        case .scalar: Localized("yaml.kind-name.scalar")
        case .mapping: Localized("yaml.kind-name.mapping")
        case .sequence: Localized("yaml.kind-name.sequence")
        case .alias: Localized("yaml.kind-name.alias")
        }
    }
}
