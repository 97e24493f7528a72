import QamqorSupport
/// A static bound on what deciding one household costs, estimated from the checked rules before
/// any of them runs (as CEL's checker does): every node costs one step, a list function
/// (`count`, `sum`, `any`, `filter`, …) costs its body once per item of the longest list the
/// schema lets a record give (`max_items`: members, incomes), `in` a list costs its length.
///
/// A definition's value is kept once computed (a household-level one once per decision, one on a
/// record — a member's `age` — once per record): an expression costs its own nodes (one step for
/// each use of a definition) plus, once, the body of every definition it reaches, times the most
/// records of its type a household can hold for a definition on a record.
/// Rules whose estimate is over ``budget`` are refused with the smallest expression that alone
/// goes over it; rules whose evaluation would nest deeper than ``maxDepth`` (expressions inside
/// definitions inside expressions) are refused too — each at its file, line and column.
///
/// Linear in the size of the rules: each definition is estimated once, after every definition
/// it uses (``Checker/finishedDefinitions``), so no estimate recurses through definitions.
package struct CostEstimate {
    /// Steps one expression may cost for one household at most. The shipped rules' costliest
    /// expression estimates under a fifth of this (``RuleSet/costliestExpression``; a test keeps it so).
    package static let budget = 5_000_000
    /// Items assumed for a list of unknown length (a function's result): as many as a list field
    /// without `max_items` may hold (``FieldSpec/defaultMaxItems``, which the readers enforce).
    package static let unboundedItems = FieldSpec.defaultMaxItems
    /// The deepest evaluation: expressions and the definitions they use, one inside another.
    package static let maxDepth = 400

    /// The most items of each list field, by field name (the largest where names repeat).
    package let listSizes: [String: Int]
    private var cost: [ObjectIdentifier: Int] = [:]
    /// The definitions each definition reaches, itself excluded.
    private var reach: [ObjectIdentifier: Set<ObjectIdentifier>] = [:]
    /// How many times a definition's body is computed at most in one decision: 1 for a
    /// household-level one, the most records of its type for one on a record.
    private var times: [ObjectIdentifier: Int] = [:]
    /// The most records of each type one household can hold.
    private let records: [ObjectIdentifier: Int]
    private var depth: [ObjectIdentifier: Int] = [:]
    private var size: [ObjectIdentifier: Int] = [:]
    /// The estimate of the costliest expression seen.
    package private(set) var costliest = 0
    /// Where the costliest expression is written.
    package private(set) var costliestSite: TypedExpr.Site?
    /// Definitions already refused (or built on one that was).
    private var refused: Set<ObjectIdentifier> = []

    /// Whether `e` uses a refused definition.
    private func usesRefused(_ e: TypedExpr) -> Bool {
        switch e.kind {
        case .definition(let d), .recordDefinition(let d, _): if refused.contains(ObjectIdentifier(d)) { return true }
        default: break
        }
        return e.children.contains { usesRefused($0) }
    }

    package init(schema: Schema) {
        var sizes: [String: Int] = [:]
        for record in schema.records.values {
            for f in record.fields {
                if case .list = f.type { sizes[f.name] = max(sizes[f.name] ?? 0, f.maxItems ?? Self.unboundedItems) }
            }
        }
        listSizes = sizes
        var counts: [ObjectIdentifier: Int] = [:]
        for record in schema.records.values {
            for f in record.fields {
                switch f.type {
                case .list(.record(let r)): counts[ObjectIdentifier(r), default: 0] += f.maxItems ?? Self.unboundedItems
                case .record(let r): counts[ObjectIdentifier(r), default: 0] += 1
                default: break
                }
            }
        }
        records = counts
    }

    /// Estimates every definition (in the order given: each after those it uses), then every
    /// programme's expressions; the diagnostics for those over the budget or the depth.
    package mutating func check(definitions: [DefinitionPlan], programs: [ProgramPlan]) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for d in definitions {
            let body = d.body
            let id = ObjectIdentifier(d)
            depth[id] = depthOf(body)
            size[id] = itemsOf(body)
            cost[id] = costOf(body)
            reach[id] = reachOf(body)
            times[id] = d.recordSlot != nil ? d.spec.scope.map { records[ObjectIdentifier($0)] ?? Self.unboundedItems } ?? 1 : 1
            // Said once, where it starts: not again for each definition built on one refused.
            if usesRefused(body) { refused.insert(id); continue }
            if let problem = diagnose(body) { found.append(problem); refused.insert(id) }
        }
        for p in programs {
            var roots: [TypedExpr] = [p.amount, p.form].compactMap { $0 }
            func conditions(_ c: ConditionPlan?) {
                switch c {
                case .all(_, _, let kids, _)?, .any(_, _, let kids, _)?: kids.forEach(conditions)
                case .test(_, _, let when, _, let values, _)?: roots.append(when); roots.append(contentsOf: values.values)
                case nil: break
                }
            }
            conditions(p.eligible)
            if let s = p.scoring { roots += s.criteria.map(\.points) + s.tieBreaks.map(\.expr) + s.quotas.map(\.key) }
            for r in roots where !usesRefused(r) { if let problem = diagnose(r) { found.append(problem) } }
        }
        return found
    }

    /// The estimated steps of evaluating `e` once with every definition it reaches already
    /// computed, plus computing each of those (once, or once per record).
    package mutating func totalOf(_ e: TypedExpr) -> Int {
        var total = costOf(e)
        for d in reachOf(e) { total = Self.add(total, Self.multiply(cost[d] ?? 1, times[d] ?? 1)) }
        return total
    }

    /// The definitions `e` reaches, directly or through other definitions.
    package func reachOf(_ e: TypedExpr) -> Set<ObjectIdentifier> {
        var found: Set<ObjectIdentifier> = []
        func walk(_ e: TypedExpr) {
            switch e.kind {
            case .definition(let d):
                let id = ObjectIdentifier(d)
                if found.insert(id).inserted { found.formUnion(reach[id] ?? []) }
            case .recordDefinition(let d, _):
                let id = ObjectIdentifier(d)
                if found.insert(id).inserted { found.formUnion(reach[id] ?? []) }
            default: break
            }
            e.children.forEach(walk)
        }
        walk(e)
        return found
    }

    /// The estimated steps of evaluating `e` once, each definition it uses being already
    /// computed (one step).
    package mutating func costOf(_ e: TypedExpr) -> Int {
        switch e.kind {
        case .definition:
            return 1
        case .recordDefinition(_, let record):
            return Self.add(costOf(record), 1)
        case .collection(_, let source, let body):
            let each = body.map { Self.add(costOf($0), 1) } ?? 1
            return Self.add(costOf(source), Self.multiply(itemsOf(source), each))
        case .membership(_, let a, let b):
            // A date in a period is one comparison; a value in a list, one per item.
            let scan: Int
            if case .list = b.type { scan = itemsOf(b) } else { scan = 1 }
            return Self.add(Self.add(costOf(a), costOf(b)), scan)
        default:
            var total = 1
            for c in e.children { total = Self.add(total, costOf(c)) }
            return total
        }
    }

    /// How deep evaluating `e` nests, counting the definitions it uses.
    package mutating func depthOf(_ e: TypedExpr) -> Int {
        var deepest = 0
        switch e.kind {
        case .definition(let d): deepest = depth[ObjectIdentifier(d)] ?? 1
        case .recordDefinition(let d, _): deepest = depth[ObjectIdentifier(d)] ?? 1
        default: break
        }
        for c in e.children { deepest = max(deepest, depthOf(c)) }
        return deepest + 1
    }

    /// The most items a list-valued `e` can hold.
    package mutating func itemsOf(_ e: TypedExpr) -> Int {
        switch e.kind {
        case .list(let xs): return xs.count
        case .rootField(_, let name), .itemField(_, _, let name), .field(_, _, let name): return listSizes[name] ?? Self.unboundedItems
        case .collection(.filter, let source, _): return itemsOf(source)
        case .definition(let d), .recordDefinition(let d, _): return size[ObjectIdentifier(d)] ?? Self.unboundedItems
        case .conditional(_, let a, let b): return max(itemsOf(a), itemsOf(b))
        default: return Self.unboundedItems
        }
    }

    /// A diagnostic for `e` when it costs more than the budget (at the smallest sub-expression
    /// that alone does) or nests deeper than the limit; nil otherwise.
    private mutating func diagnose(_ e: TypedExpr) -> Diagnostic? {
        let d = depthOf(e)
        if d > Self.maxDepth {
            return Diagnostic(.error, code: .tooDeep, translated: Localized("cost.evaluating-expression-with-definitions", ["d": d, "maxDepth": Self.maxDepth]),
                help: Localized("cost.shorten-chain-definitions"),
                file: e.site.file, location: e.site.location, sourceLine: e.site.sourceLine)
        }
        var node = e
        var steps = totalOf(node)
        if steps > costliest { costliest = steps; costliestSite = e.site }
        guard steps > Self.budget else { return nil }
        while true {
            var next: (TypedExpr, Int)?
            for c in node.children {
                let s = costOf(c)
                if s > Self.budget, s > (next?.1 ?? 0) { next = (c, s) }
            }
            guard let (c, s) = next else { break }
            node = c; steps = s
        }
        let text = node.site.text.count > 120 ? String(node.site.text.prefix(120)) + "…" : node.site.text
        return Diagnostic(.error, code: .tooCostly, translated: Localized("cost.may-cost-about-steps", ["text": text, "SelfSaid": Self.said(steps), "SelfSaid2": Self.said(Self.budget)]),
            help: Localized("cost.do-not-nest-list"),
            file: node.site.file, location: node.site.location, sourceLine: node.site.sourceLine)
    }

    package static func add(_ a: Int, _ b: Int) -> Int { let (r, o) = a.addingReportingOverflow(b); return o ? .max : r }
    package static func multiply(_ a: Int, _ b: Int) -> Int { let (r, o) = a.multipliedReportingOverflow(by: b); return o ? .max : r }

    package static func said(_ n: Int) -> String {
        n == .max ? "∞" : String(n).reversed().enumerated().reduce(into: "") { s, p in
            if p.offset > 0 && p.offset % 3 == 0 { s.append("\u{00a0}") }
            s.append(p.element)
        }.reversed().map(String.init).joined()
    }
}
