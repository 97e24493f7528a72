import Yams

/// A programme's `scoring:` section as written: the committee's expert marks, the criteria with
/// their points, weights and caps, the pass mark, tie-break keys, quotas and the budget.
public struct ScoringSpec: Sendable {
    public struct Mark: Sendable { public let name: String; public let label: Localized }
    public struct Criterion: Sendable {
        public let id: String
        public let label: Localized
        public let points: SourceExpression
        public let weight: ExactDecimal
        public let cap: ExactDecimal?
    }
    public struct TieBreak: Sendable {
        public let id: String
        public let label: Localized
        public let expr: SourceExpression
        public let descending: Bool
    }
    public struct Quota: Sendable {
        public let id: String
        public let label: Localized
        public let key: SourceExpression
        public let limit: Int
    }
    /// At most `grants` grants, and/or grants worth at most `totalMRP` МРП in all.
    public struct Budget: Sendable {
        public let grants: Int?
        public let totalMRP: ExactDecimal?
    }

    public let source: String
    public let marks: [Mark]
    public let criteria: [Criterion]
    public let passMark: ExactDecimal
    public let tieBreaks: [TieBreak]
    public let quotas: [Quota]
    public let budget: Budget
    public let location: SourceLocation?

    static func load(_ r: inout NodeReader, _ node: Node, ids: Parser.IDAllocator) -> ScoringSpec? {
        guard let top = r.mapping(node, "`scoring`") else { return nil }
        r.checkKeys(top, allowed: ["source", "marks", "criteria", "pass_mark", "tie_break", "quotas", "budget"], in: "`scoring`")
        func entry(_ k: String) -> Node? { top.first { $0.key == k }?.value }
        let source = r.scalar(r.require(top, "source", in: "`scoring`", at: node), "`scoring.source`") ?? ""
        func number(_ n: Node?, _ what: String) -> ExactDecimal? {
            guard let n, let t = r.scalar(n, what) else { return nil }
            guard let v = ExactDecimal(parsing: t) else { r.error("bad-literal", "\(what) must be a number", at: n); return nil }
            return v
        }
        var marks: [Mark] = []
        for m in r.mapping(r.require(top, "marks", in: "`scoring`", at: node), "`scoring.marks`") ?? [] {
            guard let spec = r.mapping(m.value, "mark `\(m.key)`") else { continue }
            r.checkKeys(spec, allowed: ["label"], in: "mark `\(m.key)`")
            marks.append(Mark(name: m.key, label: r.localized(r.require(spec, "label", in: "mark `\(m.key)`", at: m.keyNode), "the label of mark `\(m.key)`") ?? Localized(uniform: m.key)))
        }
        var criteria: [Criterion] = []
        for c in r.sequence(r.require(top, "criteria", in: "`scoring`", at: node), "`scoring.criteria`") ?? [] {
            guard let spec = r.mapping(c, "a criterion") else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "points", "weight", "cap"], in: "a criterion")
            guard let id = r.scalar(r.require(spec, "id", in: "a criterion", at: c), "`id`") else { continue }
            let label = r.localized(r.require(spec, "label", in: "criterion `\(id)`", at: c), "the label of criterion `\(id)`") ?? Localized(uniform: id)
            guard let points = r.expression(r.require(spec, "points", in: "criterion `\(id)`", at: c), "`\(id).points`", ids: ids) else { continue }
            let weight = number(spec.first { $0.key == "weight" }?.value, "`weight`") ?? ExactDecimal(units: ExactDecimal.scale)
            let cap = number(spec.first { $0.key == "cap" }?.value, "`cap`")
            criteria.append(Criterion(id: id, label: label, points: points, weight: weight, cap: cap))
        }
        let passMark = number(r.require(top, "pass_mark", in: "`scoring`", at: node), "`pass_mark`") ?? .zero
        var ties: [TieBreak] = []
        for t in r.sequence(entry("tie_break"), "`tie_break`") ?? [] {
            guard let spec = r.mapping(t, "a tie-break key") else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "expr", "order"], in: "a tie-break key")
            guard let id = r.scalar(r.require(spec, "id", in: "a tie-break key", at: t), "`id`") else { continue }
            let label = r.localized(r.require(spec, "label", in: "tie-break `\(id)`", at: t), "the label of tie-break `\(id)`") ?? Localized(uniform: id)
            guard let e = r.expression(r.require(spec, "expr", in: "tie-break `\(id)`", at: t), "`\(id).expr`", ids: ids) else { continue }
            let order = spec.first { $0.key == "order" }.flatMap { r.scalar($0.value, "`order`") } ?? "descending"
            if order != "ascending" && order != "descending" {
                r.error("bad-literal", "`order` is `ascending` or `descending`", at: spec.first { $0.key == "order" }?.value)
            }
            ties.append(TieBreak(id: id, label: label, expr: e, descending: order != "ascending"))
        }
        var quotas: [Quota] = []
        for q in r.sequence(entry("quotas"), "`quotas`") ?? [] {
            guard let spec = r.mapping(q, "a quota") else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "key", "limit"], in: "a quota")
            guard let id = r.scalar(r.require(spec, "id", in: "a quota", at: q), "`id`") else { continue }
            let label = r.localized(r.require(spec, "label", in: "quota `\(id)`", at: q), "the label of quota `\(id)`") ?? Localized(uniform: id)
            guard let key = r.expression(r.require(spec, "key", in: "quota `\(id)`", at: q), "`\(id).key`", ids: ids) else { continue }
            guard let limitNode = r.require(spec, "limit", in: "quota `\(id)`", at: q), let lt = r.scalar(limitNode, "`limit`"), let limit = Int(lt), limit >= 0 else {
                r.error("bad-literal", "quota `\(id)` needs a whole-number `limit`", at: q); continue
            }
            quotas.append(Quota(id: id, label: label, key: key, limit: limit))
        }
        var budget = Budget(grants: nil, totalMRP: nil)
        if let b = r.mapping(r.require(top, "budget", in: "`scoring`", at: node), "`budget`") {
            r.checkKeys(b, allowed: ["grants", "total_mrp"], in: "`budget`")
            let grants = b.first { $0.key == "grants" }.flatMap { r.scalar($0.value, "`grants`") }.flatMap { Int($0) }
            let total = number(b.first { $0.key == "total_mrp" }?.value, "`total_mrp`")
            if grants == nil && total == nil { r.error("missing-key", "`budget` needs `grants:` (a number of grants) or `total_mrp:`", at: node) }
            budget = Budget(grants: grants, totalMRP: total)
        }
        return ScoringSpec(source: source, marks: marks, criteria: criteria, passMark: passMark, tieBreaks: ties, quotas: quotas, budget: budget, location: node.location)
    }
}
