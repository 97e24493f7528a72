import QamqorSupport
import Yams

/// Walks Yams nodes of one rule file and turns shape mistakes into positioned diagnostics
/// (a list where a mapping belongs, an unknown key with the closest known one, a missing
/// translation), collecting them rather than stopping at the first.
package struct NodeReader {
    package let source: SourceFile
    package var diagnostics = DiagnosticList()

    package init(source: SourceFile) { self.source = source }

    package mutating func error(_ code: DiagnosticCode, _ message: Localized, at node: Node?, help: Localized? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: node?.location, help: help))
    }

    package mutating func error(_ code: DiagnosticCode, _ message: Localized, at location: SourceLocation?, help: Localized? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: location, help: help))
    }

    /// The entries of a mapping, keys as text, in file order; reports anything else.
    package mutating func mapping(_ node: Node?, _ what: Localized) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            let k = node.kindName
            error(.wrongShape, Localized("rules.must-mapping-key-value", ["what": what, "k": k]), at: node)
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                error(.wrongShape, Localized("rules.keys-must-plain-names", ["what": what]), at: k)
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    /// The items of a list; reports anything else.
    package mutating func sequence(_ node: Node?, _ what: Localized) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let s) = node else {
            let k = node.kindName
            error(.wrongShape, Localized("rules.must-list-lines-starting", ["what": what, "k": k]), at: node)
            return nil
        }
        return Array(s)
    }

    /// The text of a scalar; reports anything else.
    package mutating func scalar(_ node: Node?, _ what: Localized) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            let k = node.kindName
            error(.wrongShape, Localized("rules.must-single-value-found", ["what": what, "k": k]), at: node)
            return nil
        }
        return s.string
    }

    /// Reports keys not in `allowed`, with the closest allowed one.
    package mutating func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: Localized) {
        for e in entries where !allowed.contains(e.key) {
            let list = allowed.joined(separator: ", ")
            error(.unknownKey, Localized("rules.unknown-key", ["key": e.key, "what": what]), at: e.keyNode,
                  help: Suggestion.didYouMean(e.key, among: allowed)
                      ?? Localized("rules.allowed-keys", ["list": list]))
        }
    }

    /// Reports a required key that is absent.
    package mutating func require(_ entries: [(key: String, keyNode: Node, value: Node)], _ key: String, in what: Localized, at node: Node) -> Node? {
        if let v = entries.first(where: { $0.key == key })?.value { return v }
        error(.missingKey, Localized("rules.needs", ["what": what, "key": key]), at: node)
        return nil
    }

    /// A `{kk: …, ru: …, en: …}` text; a missing language is `missing-translation`.
    package mutating func localized(_ node: Node?, _ what: Localized) -> Localized? {
        guard let node else { return nil }
        guard let entries = mapping(node, what) else { return nil }
        checkKeys(entries, allowed: ["kk", "ru", "en"], in: what)
        var texts: [Language: String] = [:]
        for e in entries { if let l = Language(rawValue: e.key), let s = scalar(e.value, Place.key(e.key, of: what)) { texts[l] = s } }
        var missing: [String] = []
        for l in Language.builtIn where (texts[l] ?? "").isEmpty { missing.append(l.rawValue) }
        if !missing.isEmpty {
            error(.missingTranslation, Localized("rules.missing-translation", ["what": what, "list": missing.joined(separator: ", ")]), at: node,
                  help: Localized("rules.every-label-reason-needed"))
        }
        // A further installed language the file gives (`uz:`) is kept; one it does not give reads
        // its fallback's text.
        return Localized(each: { l in texts[l] ?? texts[l.fallback] ?? texts[.en] ?? texts[.ru] ?? "" })
    }

    /// An expression written in a scalar, parsed, with a locator for diagnostics inside it.
    package mutating func expression(_ node: Node?, _ what: Localized, ids: Parser.IDAllocator) -> SourceExpression? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            let k = node.kindName
            error(.wrongShape, Localized("rules.must-expression-written-text", ["what": what, "k": k]), at: node)
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
    /// The expression as written.
    public let text: String
    package let expr: Expr
    /// The file it was written in.
    public let file: SourceFile
    package let locator: ExpressionLocator
    /// The text's Unicode scalars, split once: every checked node quotes its own part of them.
    package let scalars: [Unicode.Scalar]

    package init(text: String, expr: Expr, file: SourceFile, locator: ExpressionLocator) {
        self.text = text; self.expr = expr; self.file = file; self.locator = locator
        scalars = Array(text.unicodeScalars)
    }

    /// The file location of the sub-expression `e`.
    package func location(of e: Expr) -> SourceLocation { locator.location(of: e.range) }
    /// The file location of characters `range` in the text.
    package func location(of range: Range<Int>) -> SourceLocation { locator.location(of: range) }
}
