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
            return .failure(DiagnosticList([Diagnostic(code: "input-too-large",
                "the file is \(source.text.utf8.count) bytes; the limit is \(maxBytes)", in: source, at: nil)]))
        }
        if let refusal = YAMLGuard.screen(source.text) {
            return .failure(DiagnosticList([Diagnostic(code: "yaml-unsafe", refusal.message, in: source,
                at: SourceLocation(line: refusal.line, column: refusal.column))]))
        }
        do {
            let node = try Yams.compose(yaml: source.text)
            return .success(YAMLDocument(source: source, root: node))
        } catch let error as YamlError {
            return .failure(DiagnosticList([diagnostic(for: error, in: source)]))
        } catch {
            return .failure(DiagnosticList([Diagnostic(code: "yaml-syntax", "\(error)", in: source, at: nil)]))
        }
    }

    static func diagnostic(for error: YamlError, in source: SourceFile) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return Diagnostic(code: "yaml-syntax", "malformed YAML: \(ctx)\(problem)", in: source,
                              at: SourceLocation(line: mark.line, column: mark.column))
        case let .reader(problem, _, _, _):
            return Diagnostic(code: "yaml-syntax", "unreadable text: \(problem)", in: source, at: nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            return Diagnostic(code: "duplicate-key", "the key `\(key)` appears more than once in one mapping",
                              in: source, at: locateDuplicate(key, in: source, after: context.mark.line))
        default:
            return Diagnostic(code: "yaml-syntax", "\(error)", in: source, at: nil)
        }
    }

    /// Yams reports a duplicate at the mapping's start; find the second occurrence of the key.
    static func locateDuplicate(_ key: String, in source: SourceFile, after line: Int) -> SourceLocation? {
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
    var location: SourceLocation? {
        guard let m = mark else { return nil }
        return SourceLocation(line: m.line, column: m.column, length: scalar.map { max(1, $0.string.unicodeScalars.count) } ?? 1)
    }

    /// A short name of the node's kind for error messages.
    var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
