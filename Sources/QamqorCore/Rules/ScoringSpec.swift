import QamqorSupport
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

    package static func load(_ r: inout NodeReader, _ node: Node, ids: Parser.IDAllocator) -> ScoringSpec? {
        guard let top = r.mapping(node, Place.key("scoring")) else { return nil }
        r.checkKeys(top, allowed: ["source", "marks", "criteria", "pass_mark", "tie_break", "quotas", "budget"], in: Place.key("scoring"))
        func entry(_ k: String) -> Node? { top.first { $0.key == k }?.value }
        let source = r.scalar(r.require(top, "source", in: Place.key("scoring"), at: node), Place.key("scoring.source")) ?? ""
        func number(_ n: Node?, _ what: Localized) -> ExactDecimal? {
            guard let n, let t = r.scalar(n, what) else { return nil }
            guard let v = ExactDecimal(parsing: t) else {
                r.error(.badLiteral, Localized("scoring.must-number", ["what": what]), at: n); return nil
            }
            return v
        }
        var marks: [Mark] = []
        for m in r.mapping(r.require(top, "marks", in: Place.key("scoring"), at: node), Place.key("scoring.marks")) ?? [] {
            guard let spec = r.mapping(m.value, Place.named(.mark, m.key)) else { continue }
            r.checkKeys(spec, allowed: ["label"], in: Place.named(.mark, m.key))
            marks.append(Mark(name: m.key, label: r.localized(r.require(spec, "label", in: Place.named(.mark, m.key), at: m.keyNode), Place.key("label", of: Place.named(.mark, m.key))) ?? Localized(uniform: m.key)))
        }
        var criteria: [Criterion] = []
        for c in r.sequence(r.require(top, "criteria", in: Place.key("scoring"), at: node), Place.key("scoring.criteria")) ?? [] {
            guard let spec = r.mapping(c, Place.Kind.criterion.unnamed) else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "points", "weight", "cap"], in: Place.Kind.criterion.unnamed)
            guard let id = r.scalar(r.require(spec, "id", in: Place.Kind.criterion.unnamed, at: c), Place.key("id")) else { continue }
            let label = r.localized(r.require(spec, "label", in: Place.named(.criterion, id), at: c), Place.key("label", of: Place.named(.criterion, id))) ?? Localized(uniform: id)
            guard let points = r.expression(r.require(spec, "points", in: Place.named(.criterion, id), at: c), Place.key("\(id).points"), ids: ids) else { continue }
            let weight = number(spec.first { $0.key == "weight" }?.value, Place.key("weight")) ?? ExactDecimal(units: ExactDecimal.scale)
            let cap = number(spec.first { $0.key == "cap" }?.value, Place.key("cap"))
            criteria.append(Criterion(id: id, label: label, points: points, weight: weight, cap: cap))
        }
        let passMark = number(r.require(top, "pass_mark", in: Place.key("scoring"), at: node), Place.key("pass_mark")) ?? .zero
        var ties: [TieBreak] = []
        for t in r.sequence(entry("tie_break"), Place.key("tie_break")) ?? [] {
            guard let spec = r.mapping(t, Place.Kind.tieBreak.unnamed) else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "expr", "order"], in: Place.Kind.tieBreak.unnamed)
            guard let id = r.scalar(r.require(spec, "id", in: Place.Kind.tieBreak.unnamed, at: t), Place.key("id")) else { continue }
            let label = r.localized(r.require(spec, "label", in: Place.named(.tieBreak, id), at: t), Place.key("label", of: Place.named(.tieBreak, id))) ?? Localized(uniform: id)
            guard let e = r.expression(r.require(spec, "expr", in: Place.named(.tieBreak, id), at: t), Place.key("\(id).expr"), ids: ids) else { continue }
            let order = spec.first { $0.key == "order" }.flatMap { r.scalar($0.value, Place.key("order")) } ?? "descending"
            if order != "ascending" && order != "descending" {
                r.error(.badLiteral, Localized("scoring.order"), at: spec.first { $0.key == "order" }?.value)
            }
            ties.append(TieBreak(id: id, label: label, expr: e, descending: order != "ascending"))
        }
        var quotas: [Quota] = []
        for q in r.sequence(entry("quotas"), Place.key("quotas")) ?? [] {
            guard let spec = r.mapping(q, Place.Kind.quota.unnamed) else { continue }
            r.checkKeys(spec, allowed: ["id", "label", "key", "limit"], in: Place.Kind.quota.unnamed)
            guard let id = r.scalar(r.require(spec, "id", in: Place.Kind.quota.unnamed, at: q), Place.key("id")) else { continue }
            let label = r.localized(r.require(spec, "label", in: Place.named(.quota, id), at: q), Place.key("label", of: Place.named(.quota, id))) ?? Localized(uniform: id)
            guard let key = r.expression(r.require(spec, "key", in: Place.named(.quota, id), at: q), Place.key("\(id).key"), ids: ids) else { continue }
            guard let limitNode = r.require(spec, "limit", in: Place.named(.quota, id), at: q), let lt = r.scalar(limitNode, Place.key("limit")), let limit = Int(lt), limit >= 0 else {
                r.error(.badLiteral, Localized("scoring.limit", ["id": id]), at: q); continue
            }
            quotas.append(Quota(id: id, label: label, key: key, limit: limit))
        }
        var budget = Budget(grants: nil, totalMRP: nil)
        if let b = r.mapping(r.require(top, "budget", in: Place.key("scoring"), at: node), Place.key("budget")) {
            r.checkKeys(b, allowed: ["grants", "total_mrp"], in: Place.key("budget"))
            let grants = b.first { $0.key == "grants" }.flatMap { r.scalar($0.value, Place.key("grants")) }.flatMap { Int($0) }
            let total = number(b.first { $0.key == "total_mrp" }?.value, Place.key("total_mrp"))
            if grants == nil && total == nil { r.error(.missingKey, Localized("scoring.total"), at: node) }
            budget = Budget(grants: grants, totalMRP: total)
        }
        return ScoringSpec(source: source, marks: marks, criteria: criteria, passMark: passMark, tieBreaks: ties, quotas: quotas, budget: budget, location: node.location)
    }
}
