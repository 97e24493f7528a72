/// Turns a field path such as `members[2].birth_date` into a label a caseworker reads:
/// "Birth date — Household members 3 (Томирис Тоқтарова)", in each language.
enum FieldPathLabel {
    static func label(_ path: String, schema: Schema, record: RecordValue, parameters: [ParameterTable] = []) -> Localized {
        if path.hasPrefix("parameter ") {
            // "parameter regional_subsistence_minimum[astana] on 2025-06-30"
            let rest = path.dropFirst(10)
            let name = String(rest.prefix { $0 != "[" && $0 != " " })
            guard let table = parameters.first(where: { $0.name == name }) else { return Localized(uniform: path) }
            var key: Localized?
            if let open = rest.firstIndex(of: "["), let close = rest.firstIndex(of: "]"), let en = table.key,
               let i = en.index(of: String(rest[rest.index(after: open)..<close])) {
                key = en.labels[i]
            }
            let date = rest.range(of: " on ").flatMap { Day(iso: rest[$0.upperBound...]) }
            func text(_ l: Language) -> String {
                var s = table.label[l]
                if let key { s += " (\(key[l]))" }
                if let date {
                    let d = ValueFormatter(language: l).date(date)
                    s += l == .en ? " on \(d)" : l == .ru ? " на \(d)" : " — \(d)"
                }
                return s + (l == .en ? ": not set in the parameters" : l == .ru ? ": не задан в параметрах" : ": параметрлерде берілмеген")
            }
            return Localized(kk: text(.kk), ru: text(.ru), en: text(.en))
        }
        var type: RecordType? = schema.root
        var current: RecordValue? = record
        var parts: [Localized] = []
        var lastLabel = Localized(uniform: path)
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
                parts.append(Localized(kk: "\(field.label.kk) \(index + 1)\(who)", ru: "\(field.label.ru) \(index + 1)\(who)", en: "\(field.label.en) \(index + 1)\(who)"))
            }
            if case .record(let r)? = value { current = r; type = r.type } else {
                current = nil
                if case .list(.record(let r)) = field.type { type = r } else if case .record(let r) = field.type { type = r } else { type = nil }
            }
        }
        guard !parts.isEmpty else { return lastLabel }
        let ctx = parts.last!
        return Localized(kk: "\(lastLabel.kk) — \(ctx.kk)", ru: "\(lastLabel.ru) — \(ctx.ru)", en: "\(lastLabel.en) — \(ctx.en)")
    }
}
