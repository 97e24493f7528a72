import QamqorSupport
import Yams

/// A named expression with a label: a shared definition from `definitions.yaml` or a programme's
/// `let:` entry.
public struct DefinitionSpec: Sendable {
    public let name: String
    public let label: Localized
    public let body: SourceExpression
    /// The record type it is defined on (`member`), or nil for the whole household.
    public let scope: RecordType?
    /// The programme it belongs to, or nil for a shared definition.
    public let program: String?
    public let location: SourceLocation?
}

/// One node of a programme's eligibility tree, as written.
public indirect enum ConditionSpec: Sendable {
    /// Passes when every child passes.
    case all(id: String?, label: Localized?, children: [ConditionSpec], location: SourceLocation?)
    /// Passes when at least one child passes.
    case any(id: String?, label: Localized?, children: [ConditionSpec], location: SourceLocation?)
    /// A single test with its label and an optional reason template.
    case test(id: String, label: Localized, when: SourceExpression, reason: Localized?, location: SourceLocation?)
}

/// A programme file as written, before checking.
public struct ProgramSpec: Sendable {
    public let id: String
    public let title: Localized
    /// Where the rule comes from, for officers: the act and its articles, or `policy choice — why`
    /// (internal notes included). Never printed on a notice.
    public let source: String
    /// The legal basis a decision notice cites, in the applicant's language (`legal_basis:`);
    /// nil for a programme whose rule is a departmental decision (`policy choice`).
    public var legalBasis: Localized? = nil
    public let file: SourceFile
    public let location: SourceLocation?
    public let lets: [DefinitionSpec]
    public let eligible: ConditionSpec?
    public let amount: SourceExpression?
    public let amountLabel: Localized?
    public let formEnum: String?
    public let formEnumLocation: SourceLocation?
    public let form: SourceExpression?
    /// The ranking rules, for grant programmes.
    public let scoring: ScoringSpec?

    package static let keys = ["program", "title", "source", "legal_basis", "let", "eligible", "amount", "form", "scoring"]

    /// Reads a programme file.
    package static func load(_ document: YAMLDocument, schema: Schema, ids: Parser.IDAllocator) -> (ProgramSpec?, DiagnosticList) {
        var r = NodeReader(source: document.source)
        guard let root = document.root, let top = r.mapping(root, Place.programmeFile) else {
            r.error(.missingKey, Localized("program.programme-file-empty"), at: nil as Node?)
            return (nil, r.diagnostics)
        }
        r.checkKeys(top, allowed: keys, in: Place.programmeFile)
        func entry(_ k: String) -> Node? { top.first { $0.key == k }?.value }
        guard let idNode = r.require(top, "program", in: Place.programmeFile, at: root), let id = r.scalar(idNode, Place.key("program")) else {
            return (nil, r.diagnostics)
        }
        let title = r.localized(r.require(top, "title", in: Place.named(.programme, id), at: root), Place.key("title", of: Place.named(.programme, id))) ?? Localized(uniform: id)
        let source = r.scalar(r.require(top, "source", in: Place.named(.programme, id), at: root), Place.key("source")) ?? ""
        if source.trimmingCharacters(in: .whitespaces).isEmpty, entry("source") != nil {
            r.error(.missingSource, Localized("program.source", ["id": id]), at: entry("source"))
        }
        let legalBasis = entry("legal_basis").flatMap { r.localized($0, Place.key("legal_basis", of: Place.named(.programme, id))) }
        var lets: [DefinitionSpec] = []
        for l in r.mapping(entry("let"), Place.key("let")) ?? [] {
            if let d = loadDefinition(&r, name: l.key, keyNode: l.keyNode, node: l.value, scope: nil, program: id, ids: ids) { lets.append(d) }
        }
        var eligible: ConditionSpec?
        if let e = r.require(top, "eligible", in: Place.named(.programme, id), at: root) {
            eligible = loadCondition(&r, e, path: "eligible", ids: ids)
        }
        var amount: SourceExpression?, amountLabel: Localized?
        if let a = entry("amount"), let spec = r.mapping(a, Place.key("amount")) {
            r.checkKeys(spec, allowed: ["label", "expr"], in: Place.key("amount"))
            amountLabel = r.localized(r.require(spec, "label", in: Place.key("amount"), at: a), Place.key("label", of: Place.key("amount")))
            amount = r.expression(r.require(spec, "expr", in: Place.key("amount"), at: a), Place.key("amount.expr"), ids: ids)
        }
        var formEnum: String?, formLocation: SourceLocation?, form: SourceExpression?
        if let f = entry("form"), let spec = r.mapping(f, Place.key("form")) {
            r.checkKeys(spec, allowed: ["enum", "expr"], in: Place.key("form"))
            if let en = r.require(spec, "enum", in: Place.key("form"), at: f) { formEnum = r.scalar(en, Place.key("form.enum")); formLocation = en.location }
            form = r.expression(r.require(spec, "expr", in: Place.key("form"), at: f), Place.key("form.expr"), ids: ids)
        }
        let scoring = entry("scoring").flatMap { ScoringSpec.load(&r, $0, ids: ids) }
        let spec = ProgramSpec(id: id, title: title, source: source, file: document.source, location: idNode.location, lets: lets,
                               eligible: eligible, amount: amount, amountLabel: amountLabel, formEnum: formEnum,
                               formEnumLocation: formLocation, form: form, scoring: scoring)
        var withBasis = spec
        withBasis.legalBasis = legalBasis
        return (withBasis, r.diagnostics)
    }

    package static func loadDefinition(_ r: inout NodeReader, name: String, keyNode: Node, node: Node, scope: RecordType?, program: String?, ids: Parser.IDAllocator) -> DefinitionSpec? {
        let what = Place.key(name)
        guard let spec = r.mapping(node, what) else { return nil }
        r.checkKeys(spec, allowed: ["label", "expr"], in: what)
        let label = r.localized(r.require(spec, "label", in: what, at: keyNode), Place.key("label", of: what)) ?? Localized(uniform: name)
        guard let body = r.expression(r.require(spec, "expr", in: what, at: keyNode), Place.key("\(name).expr"), ids: ids) else { return nil }
        return DefinitionSpec(name: name, label: label, body: body, scope: scope, program: program, location: keyNode.location)
    }

    package static func loadCondition(_ r: inout NodeReader, _ node: Node, path: String, ids: Parser.IDAllocator) -> ConditionSpec? {
        guard let spec = r.mapping(node, Place.Kind.condition.unnamed) else { return nil }
        func entry(_ k: String) -> Node? { spec.first { $0.key == k }?.value }
        let id = entry("id").flatMap { r.scalar($0, Place.key("id")) }
        if entry("all") != nil || entry("any") != nil {
            r.checkKeys(spec, allowed: ["id", "label", "all", "any"], in: Localized("program.group-conditions"))
            let isAll = entry("all") != nil
            if entry("all") != nil && entry("any") != nil {
                r.error(.wrongShape, Localized("program.is-all"), at: node)
            }
            let label = entry("label").flatMap { r.localized($0, Place.key("label", of: Place.key("\(id ?? path)"))) }
            var children: [ConditionSpec] = []
            let items = r.sequence(entry(isAll ? "all" : "any"), Place.key(isAll ? "all" : "any"))
            for (i, c) in (items ?? []).enumerated() {
                if let child = loadCondition(&r, c, path: "\(path)[\(i)]", ids: ids) { children.append(child) }
            }
            if items?.isEmpty == true {
                let k = isAll ? "all" : "any"
                r.error(.wrongShape, Localized("program.needs-least-one-condition", ["k": k]), at: node)
            }
            return isAll ? .all(id: id, label: label, children: children, location: node.location)
                         : .any(id: id, label: label, children: children, location: node.location)
        }
        r.checkKeys(spec, allowed: ["id", "label", "when", "reason", "off"], in: Place.Kind.condition.unnamed)
        guard let idNode = r.require(spec, "id", in: Place.Kind.condition.unnamed, at: node), let cid = r.scalar(idNode, Place.key("id")) else { return nil }
        let label = r.localized(r.require(spec, "label", in: Place.named(.condition, cid), at: node), Place.key("label", of: Place.named(.condition, cid))) ?? Localized(uniform: cid)
        var reason = entry("reason").flatMap { r.localized($0, Place.key("reason", of: Place.named(.condition, cid))) }
        guard var when = r.expression(r.require(spec, "when", in: Place.named(.condition, cid), at: node), Place.key("\(cid).when"), ids: ids) else { return nil }
        // `off: "why"` switches a condition off: it holds for everyone, and every explanation says
        // it was switched off and why. Its test is still read (and checked), to be switched on again.
        if let offNode = entry("off") {
            guard let note = r.scalar(offNode, Place.key("off", of: Place.named(.condition, cid))), !note.trimmingCharacters(in: .whitespaces).isEmpty,
                  case .success(let always) = Parser.parse("true", ids: ids) else {
                r.error(.badLiteral, Localized("program.off-needs-note", ["id": cid]), at: offNode)
                return nil
            }
            let said = note.replacingOccurrences(of: "{", with: "(").replacingOccurrences(of: "}", with: ")")
            reason = Localized("program.condition-off", ["note": said])
            when = SourceExpression(text: "true", expr: always, file: when.file, locator: when.locator)
        }
        return .test(id: cid, label: label, when: when, reason: reason, location: idNode.location)
    }
}
