import Yams

/// Walks Yams nodes of one rule file and turns shape mistakes into positioned diagnostics
/// (a list where a mapping belongs, an unknown key with the closest known one, a missing
/// translation), collecting them rather than stopping at the first.
struct NodeReader {
    let source: SourceFile
    var diagnostics = DiagnosticList()

    init(source: SourceFile) { self.source = source }

    mutating func error(_ code: String, _ message: String, at node: Node?, help: String? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: node?.location, help: help))
    }

    mutating func error(_ code: String, _ message: String, at location: SourceLocation?, help: String? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: location, help: help))
    }

    /// The entries of a mapping, keys as text, in file order; reports anything else.
    mutating func mapping(_ node: Node?, _ what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            error("wrong-shape", "\(what) must be a mapping (key: value lines), found \(node.kindName)", at: node)
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                error("wrong-shape", "keys in \(what) must be plain names", at: k)
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    /// The items of a list; reports anything else.
    mutating func sequence(_ node: Node?, _ what: String) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let s) = node else {
            error("wrong-shape", "\(what) must be a list (lines starting with `- `), found \(node.kindName)", at: node)
            return nil
        }
        return Array(s)
    }

    /// The text of a scalar; reports anything else.
    mutating func scalar(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            error("wrong-shape", "\(what) must be a single value, found \(node.kindName)", at: node)
            return nil
        }
        return s.string
    }

    /// Reports keys not in `allowed`, with the closest allowed one.
    mutating func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: String) {
        for e in entries where !allowed.contains(e.key) {
            let near = Suggestion.closest(to: e.key, among: allowed)
            error("unknown-key", "unknown key `\(e.key)` in \(what)", at: e.keyNode,
                  help: near.map { "did you mean `\($0)`?" } ?? "allowed keys: \(allowed.joined(separator: ", "))")
        }
    }

    /// Reports a required key that is absent.
    mutating func require(_ entries: [(key: String, keyNode: Node, value: Node)], _ key: String, in what: String, at node: Node) -> Node? {
        if let v = entries.first(where: { $0.key == key })?.value { return v }
        error("missing-key", "\(what) needs `\(key):`", at: node)
        return nil
    }

    /// A `{kk: …, ru: …, en: …}` text; a missing language is `missing-translation`.
    mutating func localized(_ node: Node?, _ what: String) -> Localized? {
        guard let node else { return nil }
        guard let entries = mapping(node, what) else { return nil }
        checkKeys(entries, allowed: ["kk", "ru", "en"], in: what)
        var texts: [Language: String] = [:]
        for e in entries { if let l = Language(rawValue: e.key), let s = scalar(e.value, "\(what).\(e.key)") { texts[l] = s } }
        var missing: [String] = []
        for l in Language.allCases where (texts[l] ?? "").isEmpty { missing.append(l.rawValue) }
        if !missing.isEmpty {
            error("missing-translation", "\(what) has no text in \(missing.joined(separator: ", "))", at: node,
                  help: "every label and reason is needed in kk, ru and en")
        }
        return Localized(kk: texts[.kk] ?? texts[.en] ?? "", ru: texts[.ru] ?? texts[.en] ?? "", en: texts[.en] ?? texts[.ru] ?? "")
    }

    /// An expression written in a scalar, parsed, with a locator for diagnostics inside it.
    mutating func expression(_ node: Node?, _ what: String, ids: Parser.IDAllocator) -> SourceExpression? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            error("wrong-shape", "\(what) must be an expression written as text, found \(node.kindName)", at: node)
            return nil
        }
        let locator = ExpressionLocator(node: s, source: source)
        switch Parser.parse(s.string, ids: ids) {
        case .success(let e):
            return SourceExpression(text: s.string, expr: e, file: source, locator: locator)
        case .failure(let err):
            error(err.code, err.message, at: locator.location(of: err.range), help: err.help)
            return nil
        }
    }
}

/// A parsed expression together with where it was written.
public struct SourceExpression: Sendable {
    public let text: String
    public let expr: Expr
    public let file: SourceFile
    public let locator: ExpressionLocator

    /// The file location of the sub-expression `e`.
    public func location(of e: Expr) -> SourceLocation { locator.location(of: e.range) }
    /// The file location of characters `range` in the text.
    public func location(of range: Range<Int>) -> SourceLocation { locator.location(of: range) }
}
