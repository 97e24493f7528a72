import QamqorSupport
/// Renders decisions as text for people (in kk, ru or en) and as JSON for programs.
public struct DecisionRenderer: Sendable {
    public let language: Language
    public let ruleSetVersion: String
    /// The rule set's parameters, to say a rules gap in words (which value, key and period).
    public let parameters: [ParameterTable]

    public init(language: Language, ruleSetVersion: String, parameters: [ParameterTable] = []) {
        self.language = language; self.ruleSetVersion = ruleSetVersion; self.parameters = parameters
    }

    /// A rules gap in words, or nil for a fact of the household.
    package func gap(_ input: MissingInput) -> String? {
        input.gap.map { FieldPathLabel.rulesGap($0, parameters: parameters)[language] }
    }

    /// A readable block per decision: status, amount, form, conditions with ✔/✘/?, values used.
    public func text(_ decisions: [Decision]) -> String {
        let f = ValueFormatter(language: language)
        let w = Phrases(language: language)
        var out: [String] = []
        for d in decisions {
            var lines = ["\(d.title[language]) [\(d.program)]: \(w.status(d.status))"]
            if let a = d.amount { lines.append("  \(w.amount): \(f.money(a)) \(w.perMonth)") }
            if let fl = d.formLabel { lines.append("  \(w.form): \(fl[language])") }
            let gaps = d.missing.compactMap(gap), facts = d.missing.compactMap(\.path)
            for g in gaps { lines.append("  \(w.rulesGap) \(g)") }
            if !facts.isEmpty { lines.append("  \(w.factsNeeded) \(facts.joined(separator: ", "))") }
            if let e = d.error { lines.append("  \(w.error) \(e.description.replacingOccurrences(of: "\n", with: "\n    "))") }
            if !d.conditions.isEmpty {
                lines.append("  \(w.conditions)")
                for c in d.conditions {
                    let mark = !c.evaluated ? "·" : c.result == true ? "✔" : c.result == false ? "✘" : "?"
                    let indent = String(repeating: "  ", count: c.depth + 2)
                    var line = "\(indent)\(mark) \(c.label?[language] ?? c.id)"
                    let facts = c.missing.compactMap(\.path)
                    if facts.count < c.missing.count { line += " — \(w.undeterminedByGap)" }
                    if !facts.isEmpty { line += " — \(w.factsNeeded) \(facts.joined(separator: ", "))" }
                    lines.append(line)
                }
            }
            if !d.values.isEmpty {
                lines.append("  \(w.values)")
                for v in d.values { lines.append("    \(v.label[language]): \(f.format(v.value, type: v.type))") }
            }
            lines.append("  \(w.asOf) \(f.date(d.asOf)) · \(w.rules) \(ruleSetVersion)")
            out.append(lines.joined(separator: "\n"))
        }
        return out.joined(separator: "\n\n")
    }

    /// One JSON object per decision, exact amounts as numbers.
    public func json(_ d: Decision) -> JSONValue {
        var kv: [(String, JSONValue)] = [
            ("program", .string(d.program)),
            ("title", .string(d.title[language])),
            ("status", .string(d.status.rawValue)),
            ("amount", d.amount.map { .number($0.description) } ?? .null),
            ("form", d.form.map { .string($0) } ?? .null),
            ("form_label", d.formLabel.map { .string($0[language]) } ?? .null),
            ("missing", .array(d.missing.compactMap { $0.path.map(JSONValue.string) })),
            ("rules_gaps", .array(d.missing.compactMap { p in gap(p).map { .object([("parameter", .string(p.text)), ("message", .string($0))]) } })),
            ("as_of", .string(d.asOf.description)),
            ("rules_version", .string(ruleSetVersion)),
        ]
        if let e = d.error {
            kv.append(("error", .object([("code", .string(e.code.rawValue)), ("message", .string(e.said[language])), ("file", .string(e.site.file)),
                                         ("line", .number(String(e.site.location.line))), ("column", .number(String(e.site.location.column)))])))
        }
        if !d.conditions.isEmpty {
            kv.append(("conditions", .array(d.conditions.map { c in
                .object([("id", .string(c.id)), ("label", .string(c.label?[language] ?? c.id)), ("depth", .number(String(c.depth))),
                         ("result", c.evaluated ? (c.result.map { .bool($0) } ?? .string("unknown")) : .string("not evaluated")),
                         ("missing", .array(c.missing.map { .string($0.text) }))])
            })))
        }
        if !d.values.isEmpty {
            kv.append(("values", .object(d.values.map { v in
                (v.name, .object([("label", .string(v.label[language])), ("value", ValueFormatter.json(v.value, type: v.type)),
                                  ("text", .string(ValueFormatter(language: language).format(v.value, type: v.type)))]))
            })))
        }
        return .object(kv)
    }
}

