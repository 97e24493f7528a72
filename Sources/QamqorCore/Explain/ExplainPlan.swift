import QamqorSupport
/// What the explainer reads of each test, worked out once when the rule set is built rather than
/// for every household: the named values (definitions, parameters, fields) a test reads directly,
/// with their names, labels and types, by the test's condition slot.
///
/// Guarantees: for each test, the same values in the same order as walking its expression would
/// give — each name once (its first occurrence), records and lists of records left out, nothing
/// inside a definition's body or a collection's item expression.
package struct ExplainPlan: Sendable {
    /// A value a test reads: where it is in the expression, and how it is named.
    package struct Read: Sendable {
        package let node: TypedExpr
        package let name: String
        package let label: Localized
        package let type: ValueType
    }

    /// By condition slot (empty for groups and unnamed slots).
    package let reads: [[Read]]
    /// The label a dated figure is shown with, by parameter name and key case: the parameter's,
    /// with its key's (`Regional subsistence minimum (Almaty city)`), in every language — made
    /// once, not for every figure of every decision.
    private let figureLabels: [String: [Localized]]

    package init(programs: [ProgramPlan], schema: Schema, parameters: [ParameterTable] = []) {
        var figureLabels: [String: [Localized]] = [:]
        for p in parameters {
            figureLabels[p.name] = p.key.map { k in k.labels.indices.compactMap { Self.figureLabel(p, case: $0) } } ?? []
        }
        self.figureLabels = figureLabels
        var reads: [[Read]] = []
        func walk(_ c: ConditionPlan) {
            switch c {
            case .all(_, _, let kids, _), .any(_, _, let kids, _): kids.forEach(walk)
            case .test(_, _, let when, _, _, let slot):
                if slot >= reads.count { reads += Array(repeating: [], count: slot + 1 - reads.count) }
                reads[slot] = Self.reads(of: when, schema: schema)
            }
        }
        for p in programs { p.eligible.map(walk) }
        self.reads = reads
    }

    /// The label of `table`'s figure for key case `key` (the table's own label when it has no key).
    package func figureLabel(_ table: ParameterTable, key: Int?) -> Localized {
        guard let key else { return table.label }
        if let labels = figureLabels[table.name], key >= 0, key < labels.count { return labels[key] }
        // Not made ahead (a table the plan was not given): made now, the same way.
        return Self.figureLabel(table, case: key) ?? table.label
    }

    /// `Regional subsistence minimum (Almaty city)`: the table's label and its key case's.
    private static func figureLabel(_ table: ParameterTable, case key: Int) -> Localized? {
        guard let k = table.key, key >= 0, key < k.labels.count else { return nil }
        return table.label.combined(with: k.labels[key]) { "\($0) (\($1))" }
    }

    /// The reads of condition `slot`.
    package func reads(_ slot: Int) -> [Read] { slot >= 0 && slot < reads.count ? reads[slot] : [] }

    package static func reads(of t: TypedExpr, schema: Schema) -> [Read] {
        var out: [Read] = []
        var seen: Set<String> = []
        func walk(_ n: TypedExpr) {
            if let (name, label) = Self.label(n, schema: schema) {
                var isRecord = false
                switch n.type {
                case .record, .list(.record): isRecord = true
                default: break
                }
                if !isRecord, seen.insert(name).inserted { out.append(Read(node: n, name: name, label: label, type: n.type)) }
                if case .recordDefinition = n.kind { return }
                if case .definition = n.kind { return }
            }
            if case .collection(_, let list, _) = n.kind { walk(list); return }
            n.children.forEach(walk)
        }
        walk(t)
        return out
    }

    /// The name and label of a value the explainer names (a definition, parameter or field).
    package static func label(_ t: TypedExpr, schema: Schema) -> (String, Localized)? {
        switch t.kind {
        case .definition(let d), .recordDefinition(let d, _): return (d.name, d.label)
        case .parameter(let p, _, _): return (p.name, p.label)
        case .rootField(let slot, let name): return (name, schema.root.fields[slot].label)
        case .field(let base, let slot, let name):
            if case .record(let r) = base.type { return (name, r.fields[slot].label) }
            return nil
        case .itemField(_, _, let name):
            for r in schema.records.values { if let s = r.slot(of: name) { return (name, r.fields[s].label) } }
            return nil
        default: return nil
        }
    }
}
