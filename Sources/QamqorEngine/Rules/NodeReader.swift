import Yams

/// Walks Yams nodes of one rule file and turns shape mistakes into positioned diagnostics
/// (a list where a mapping belongs, an unknown key with the closest known one, a missing
/// translation), collecting them rather than stopping at the first.
struct NodeReader {
    let source: SourceFile
    var diagnostics = DiagnosticList()

    init(source: SourceFile) { self.source = source }

    mutating func error(_ code: DiagnosticCode, _ message: Localized, at node: Node?, help: Localized? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: node?.location, help: help))
    }

    mutating func error(_ code: DiagnosticCode, _ message: Localized, at location: SourceLocation?, help: Localized? = nil) {
        diagnostics.append(Diagnostic(code: code, message, in: source, at: location, help: help))
    }

    /// The entries of a mapping, keys as text, in file order; reports anything else.
    mutating func mapping(_ node: Node?, _ what: Localized) -> [(key: String, keyNode: Node, value: Node)]? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            let k = node.kindName
            error(.wrongShape, Localized(kk: "\(what.kk): кесте керек (кілт: мән жолдары), табылғаны: \(k.kk)",
                                         ru: "\(what.ru): нужен словарь (строки «ключ: значение»), найдено: \(k.ru)",
                                         en: "\(what.en) must be a mapping (key: value lines), found \(k.en)"), at: node)
            return nil
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                error(.wrongShape, what.map(kk: { "\($0): кілттер қарапайым атау болуы керек" }, ru: { "\($0): ключи должны быть простыми именами" },
                                            en: { "keys in \($0) must be plain names" }), at: k)
                continue
            }
            out.append((key, k, v))
        }
        return out
    }

    /// The items of a list; reports anything else.
    mutating func sequence(_ node: Node?, _ what: Localized) -> [Node]? {
        guard let node else { return nil }
        guard case .sequence(let s) = node else {
            let k = node.kindName
            error(.wrongShape, Localized(kk: "\(what.kk): тізім керек (`- ` деп басталатын жолдар), табылғаны: \(k.kk)",
                                         ru: "\(what.ru): нужен список (строки, начинающиеся с `- `), найдено: \(k.ru)",
                                         en: "\(what.en) must be a list (lines starting with `- `), found \(k.en)"), at: node)
            return nil
        }
        return Array(s)
    }

    /// The text of a scalar; reports anything else.
    mutating func scalar(_ node: Node?, _ what: Localized) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            let k = node.kindName
            error(.wrongShape, Localized(kk: "\(what.kk): бір мән керек, табылғаны: \(k.kk)", ru: "\(what.ru): нужно одно значение, найдено: \(k.ru)",
                                         en: "\(what.en) must be a single value, found \(k.en)"), at: node)
            return nil
        }
        return s.string
    }

    /// Reports keys not in `allowed`, with the closest allowed one.
    mutating func checkKeys(_ entries: [(key: String, keyNode: Node, value: Node)], allowed: [String], in what: Localized) {
        for e in entries where !allowed.contains(e.key) {
            let list = allowed.joined(separator: ", ")
            error(.unknownKey, what.map(kk: { "\($0): белгісіз кілт `\(e.key)`" }, ru: { "\($0): неизвестный ключ `\(e.key)`" },
                                        en: { "unknown key `\(e.key)` in \($0)" }), at: e.keyNode,
                  help: Suggestion.didYouMean(e.key, among: allowed)
                      ?? Localized(kk: "рұқсат етілген кілттер: \(list)", ru: "допустимые ключи: \(list)", en: "allowed keys: \(list)"))
        }
    }

    /// Reports a required key that is absent.
    mutating func require(_ entries: [(key: String, keyNode: Node, value: Node)], _ key: String, in what: Localized, at node: Node) -> Node? {
        if let v = entries.first(where: { $0.key == key })?.value { return v }
        error(.missingKey, what.map(kk: { "\($0): `\(key):` кілті керек" }, ru: { "\($0): нужен ключ `\(key):`" }, en: { "\($0) needs `\(key):`" }), at: node)
        return nil
    }

    /// A `{kk: …, ru: …, en: …}` text; a missing language is `missing-translation`.
    mutating func localized(_ node: Node?, _ what: Localized) -> Localized? {
        guard let node else { return nil }
        guard let entries = mapping(node, what) else { return nil }
        checkKeys(entries, allowed: ["kk", "ru", "en"], in: what)
        var texts: [Language: String] = [:]
        for e in entries { if let l = Language(rawValue: e.key), let s = scalar(e.value, Place.key(e.key, of: what)) { texts[l] = s } }
        var missing: [String] = []
        for l in Language.allCases where (texts[l] ?? "").isEmpty { missing.append(l.rawValue) }
        if !missing.isEmpty {
            let list = missing.joined(separator: ", ")
            error(.missingTranslation, what.map(kk: { "\($0): мына тілдерде мәтін жоқ: \(list)" }, ru: { "\($0): нет текста на языках: \(list)" },
                                                en: { "\($0) has no text in \(list)" }), at: node,
                  help: Localized(kk: "әр белгі мен себеп kk, ru және en тілдерінде керек", ru: "каждая метка и причина нужна на kk, ru и en",
                                  en: "every label and reason is needed in kk, ru and en"))
        }
        return Localized(kk: texts[.kk] ?? texts[.en] ?? "", ru: texts[.ru] ?? texts[.en] ?? "", en: texts[.en] ?? texts[.ru] ?? "")
    }

    /// An expression written in a scalar, parsed, with a locator for diagnostics inside it.
    mutating func expression(_ node: Node?, _ what: Localized, ids: Parser.IDAllocator) -> SourceExpression? {
        guard let node else { return nil }
        guard let s = node.scalar else {
            let k = node.kindName
            error(.wrongShape, Localized(kk: "\(what.kk): мәтінмен жазылған өрнек керек, табылғаны: \(k.kk)",
                                         ru: "\(what.ru): нужно выражение, записанное текстом, найдено: \(k.ru)",
                                         en: "\(what.en) must be an expression written as text, found \(k.en)"), at: node)
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
