import QamqorSupport
import Synchronization

/// Turns a field path such as `members[2].birth_date` into a label a caseworker reads:
/// "Birth date — Household members 3 (Томирис Тоқтарова)", in each language.
package enum FieldPathLabel {
    package static func label(_ input: MissingInput, schema: Schema, record: RecordValue, parameters: [ParameterTable] = []) -> Localized {
        switch input {
        case .fact(let path): fieldLabel(path, schema: schema, record: record)
        case .rulesGap(let gap): rulesGap(gap, parameters: parameters)
        }
    }

    /// What a rules gap says: which value the rules lack, for which key and period, and who must
    /// add it.
    package static func rulesGap(_ gap: RulesGap, parameters: [ParameterTable]) -> Localized {
        guard let table = parameters.first(where: { $0.name == gap.parameter }) else { return Localized(uniform: gap.text) }
        // A gap is said alike for every household that meets it: said once, then remembered
        // (with the parameter's label, so that rules with other labels say it anew).
        if let (label, said) = gapCache.withLock({ $0[gap] }), label == table.label { return said }
        let said = sayGap(gap, table: table)
        gapCache.withLock { cache in
            if cache.count >= 4096 { cache.removeAll(keepingCapacity: true) }
            cache[gap] = (table.label, said)
        }
        return said
    }

    private static let gapCache = Mutex<[RulesGap: (Localized, Localized)]>([:])

    private static func sayGap(_ gap: RulesGap, table: ParameterTable) -> Localized {
        var key: Localized?
        if let name = gap.key, let en = table.key, let i = en.index(of: name) { key = en.labels[i] }
        let date = gap.day
        // "the rules have no Regional subsistence minimum (Karaganda region) for the 4th quarter
        // of 2025 — a policy officer must add it": a quarter's last day is said as its quarter.
        let quarter = date.flatMap { d in [(3, 31), (6, 30), (9, 30), (12, 31)].firstIndex { $0 == (d.parts.month, d.parts.day) }.map { ($0 + 1, d.year) } }
        var what = table.label
        if let key { what = what.combined(with: key) { "\($0) (\($1))" } }
        let when: Localized
        if let (q, y) = quarter { when = Localized("field.rules-gap.quarter", ["quarter": q, "year": y]) }
        else if let date { when = Localized("field.rules-gap.date", ["date": FormattedDay(day: date)]) }
        else { when = Localized(uniform: "") }
        return Localized("field.rules-gap", ["what": what, "when": when])
    }

    private static func fieldLabel(_ path: String, schema: Schema, record: RecordValue) -> Localized {
        var type: RecordType? = schema.root
        var current: RecordValue? = record
        var parts: [Localized] = []
        var lastLabel = Localized(uniform: path)
        // A household sent in an envelope (`{"household": …}`) has its paths under `household.`.
        var path = Substring(path)
        if path.hasPrefix("household."), schema.root.slot(of: "household") == nil { path = path.dropFirst("household.".count) }
        for piece in path.split(separator: ".") {
            var name = Substring(piece)
            var index: Int?
            if let b = name.firstIndex(of: "[") {
                index = Int(name[name.index(after: b)...].dropLast())
                name = name[..<b]
            }
            guard let t = type, let slot = t.slot(of: String(name)) else { return lastLabel }
            let field = t.fields[slot]
            lastLabel = field.label
            var value = current?[slot]
            if let index, case .list(let xs)? = value, index < xs.count {
                value = xs[index]
                var who = ""
                if case .record(let r)? = value, case .text(let n)? = r["name"] { who = " (\(n))" }
                // «3-отбасы мүшесі (Әлихан)»: the item by its record's (singular) label.
                var item = field.label
                if case .list(.record(let r)) = field.type { item = r.label }
                parts.append(Localized("field.list-item", ["item": item, "index": index + 1, "who": who]))
            }
            if case .record(let r)? = value { current = r; type = r.type } else {
                current = nil
                if case .list(.record(let r)) = field.type { type = r } else if case .record(let r) = field.type { type = r } else { type = nil }
            }
        }
        guard let ctx = parts.last else { return lastLabel }
        return Localized("field.in-context", ["lastLabel": lastLabel, "ctx": ctx])
    }
}
