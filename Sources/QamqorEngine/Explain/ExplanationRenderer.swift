/// How much of the eligibility tree an explanation shows.
public enum ExplanationLevel: String, Sendable, CaseIterable {
    /// Only what decided the outcome: the failing conditions of a failed `all`, the passing one of
    /// a passed `any`.
    case decisive
    /// The whole tree with every value.
    case full
}

/// Renders explanations as text in kk, ru or en, and as JSON.
public struct ExplanationRenderer: Sendable {
    public let language: Language
    public let level: ExplanationLevel
    public let ruleSetVersion: String

    public init(language: Language, level: ExplanationLevel = .decisive, ruleSetVersion: String) {
        self.language = language; self.level = level; self.ruleSetVersion = ruleSetVersion
    }

    var f: ValueFormatter { ValueFormatter(language: language) }
    var p: Phrases { Phrases(language: language) }

    // MARK: Text

    public func text(_ explanations: [Explanation]) -> String {
        explanations.map(text).joined(separator: "\n\n")
    }

    public func text(_ e: Explanation) -> String {
        let d = e.decision
        var lines = ["\(d.title[language]) [\(d.program)] — \(p.status(d.status))"]
        if let a = d.amount {
            lines.append("  \(p.amount): \(f.money(a)) \(p.perMonth)")
            for l in e.amountBreakdown?.lines ?? [] { lines.append("    " + equation(l)) }
        }
        if let fl = d.formLabel { lines.append("  \(p.form): \(fl[language])") }
        if let err = d.error { lines.append("  \(p.error) " + err.description.replacingOccurrences(of: "\n", with: "\n    ")) }
        for (heading, items) in [(p.rulesGap, e.gaps), (p.factsNeeded, e.facts)] where !items.isEmpty {
            lines.append("  \(heading)")
            for m in items {
                var line = "    • \(m.label[language])" + (m.isRulesGap ? "" : " (\(m.path))")
                if !m.decides.isEmpty { line += " — \(p.decides): " + m.decides.map { $0[language] }.joined(separator: "; ") }
                lines.append(line)
            }
        }
        if !e.figures.isEmpty {
            lines.append("  \(p.figures)")
            for fig in e.figures {
                lines.append("    \(fig.label[language]): \(f.format(fig.value, type: fig.type)) — \(p.figureDated(f.date(fig.from)))" + (fig.source.map { " (\($0))" } ?? ""))
            }
        }
        if let root = e.root {
            lines.append("  \(p.why)")
            render(root, depth: 2, into: &lines)
        }
        if level == .full, !e.values.isEmpty {
            lines.append("  \(p.values)")
            for v in e.values { lines.append("    \(v.label[language]): \(f.format(v.value, type: v.type))") }
        }
        lines.append("  \(p.asOf) \(f.date(d.asOf)) · \(p.rules) \(ruleSetVersion)")
        return lines.joined(separator: "\n")
    }

    private func mark(_ c: ExplainedCondition) -> String {
        !c.evaluated ? "·" : c.result == true ? "✔" : c.result == false ? "✘" : "?"
    }

    private func render(_ c: ExplainedCondition, depth: Int, into lines: inout [String]) {
        if level == .decisive && !c.decisive { return }
        let pad = String(repeating: "  ", count: depth)
        let isRootGroup = c.kind != .test && c.id.isEmpty
        if !isRootGroup {
            lines.append("\(pad)\(mark(c)) \(c.label[language])" + (c.evaluated ? "" : " (\(p.notReached))"))
        }
        let inner = pad + "    "
        if c.kind == .test {
            if let r = c.reason { lines.append(inner + fill(r[language], c.reasonValues)) }
            if let t = c.threshold { lines.append(contentsOf: threshold(t).map { inner + $0 }) }
            if let date = c.holdsFrom { lines.append(inner + p.holdsFrom(f.date(date))) }
            if level == .full || (c.result == false && c.threshold == nil && c.holdsFrom == nil && c.reason == nil) {
                let shown = Set([c.threshold?.subject.name, c.threshold?.bound.name].compactMap { $0 })
                let vs = c.values.filter { !shown.contains($0.name) }
                if !vs.isEmpty { lines.append(inner + vs.map { "\($0.label[language]) = \(f.format($0.value, type: $0.type))" }.joined(separator: "; ")) }
            }
            if c.result == nil {
                let facts = c.missing.filter { !$0.hasPrefix("parameter ") }
                let gaps = c.missing.filter { $0.hasPrefix("parameter ") }.map { $0.dropFirst("parameter ".count) }
                if !gaps.isEmpty { lines.append(inner + "\(p.rulesGap) " + gaps.joined(separator: ", ")) }
                if !facts.isEmpty { lines.append(inner + "\(p.factsNeeded) " + facts.joined(separator: ", ")) }
            }
        }
        for k in c.children { render(k, depth: isRootGroup ? depth : depth + 1, into: &lines) }
    }

    func money(_ v: ExactDecimal, _ t: ValueType) -> String {
        t == .money ? f.money(v) : f.number(v)
    }

    func threshold(_ t: Threshold) -> [String] {
        guard case .decimal(let sv) = t.subject.value, case .decimal(let bv) = t.bound.value else { return [] }
        let above: Bool? = sv == bv ? nil : sv > bv
        var out = [p.comparison(subject: t.subject.label[language], subjectValue: money(sv, t.subject.type),
                                bound: t.bound.label[language], boundValue: money(bv, t.bound.type),
                                gap: money(t.gap, t.subject.type), above: above) + "."]
        if !t.passed, let first = t.changes.first {
            // The input it is built from, then the quantity compared, so the change reads from the
            // fact a caseworker can check.
            let deepest = t.changes.last!
            var sentence = "\(p.toPass) " + p.change(p.lower(deepest.quantity.label[language]), by: money(abs(deepest.delta), deepest.quantity.type), lower: deepest.delta.units < 0)
            if deepest.quantity.name != first.quantity.name {
                sentence += " (\(p.thatIs) " + p.change(p.lower(first.quantity.label[language]), by: money(abs(first.delta), first.quantity.type), lower: first.delta.units < 0) + ")"
            }
            out.append(sentence + ".")
        }
        return out
    }

    private func abs(_ d: ExactDecimal) -> ExactDecimal { d.units < 0 ? ExactDecimal(units: -d.units) : d }

    /// Fills `{name}` placeholders with formatted values.
    func fill(_ template: String, _ values: [String: NamedValue]) -> String {
        var out = ""
        var name: String?
        for ch in template {
            if ch == "{" { name = ""; continue }
            if ch == "}", let n = name {
                // `{name}`, or `{name | grammar}`: a Kazakh case ending, Russian or English noun forms.
                let parts = n.split(separator: "|", maxSplits: 1).map(String.init)
                let key = (parts.first ?? n).trimmingCharacters(in: .whitespaces)
                if let v = values[key] {
                    let text = f.format(v.value, type: v.type)
                    out += parts.count > 1 ? Grammar.apply(parts[1], to: text, value: v.value, language: language) : text
                } else {
                    out += "{\(n)}"
                }
                name = nil
                continue
            }
            if name != nil { name!.append(ch) } else { out.append(ch) }
        }
        return out
    }

    // MARK: JSON

    public func json(_ e: Explanation) -> JSONValue {
        let d = e.decision
        var kv: [(String, JSONValue)] = [
            ("program", .string(d.program)), ("title", .string(d.title[language])), ("status", .string(d.status.rawValue)),
            ("status_text", .string(p.status(d.status))),
            ("amount", d.amount.map { .number($0.description) } ?? .null),
            ("amount_text", d.amount.map { .string(f.money($0)) } ?? .null),
            ("form", d.form.map { .string($0) } ?? .null), ("form_label", d.formLabel.map { .string($0[language]) } ?? .null),
            ("as_of", .string(d.asOf.description)), ("rules_version", .string(ruleSetVersion)),
            ("missing", .array(e.facts.map { m in
                .object([("path", .string(m.path)), ("label", .string(m.label[language])), ("decides", .array(m.decides.map { .string($0[language]) }))])
            })),
            // Values the rules lack: for a policy officer, never asked of the applicant.
            ("rules_gaps", .array(e.gaps.map { m in
                .object([("parameter", .string(m.path)), ("message", .string(m.label[language])), ("decides", .array(m.decides.map { .string($0[language]) }))])
            })),
        ]
        if let err = d.error {
            kv.append(("error", .object([("code", .string(err.code.rawValue)), ("message", .string(err.said[language])), ("file", .string(err.site.file)),
                                         ("line", .number(String(err.site.location.line))), ("column", .number(String(err.site.location.column)))])))
        }
        kv.append(("figures", .array(e.figures.map { fig in
            .object([("label", .string(fig.label[language])), ("value", ValueFormatter.json(fig.value, type: fig.type)),
                     ("text", .string(f.format(fig.value, type: fig.type))), ("from", .string(fig.from.description)),
                     ("for", .string(fig.askedFor.description)), ("source", fig.source.map { .string($0) } ?? .null)])
        })))
        kv.append(("amount_breakdown", .array((e.amountBreakdown?.lines ?? []).map { l in
            .object([("label", .string(l.label[language])), ("value", l.value.map { ValueFormatter.json($0, type: l.type) } ?? .null),
                     ("text", .string(l.value.map { f.format($0, type: l.type) } ?? "")), ("equation", .string(equation(l)))])
        })))
        kv.append(("conditions", e.root.flatMap { jsonCondition($0) } ?? .null))
        if level == .full { kv.append(("values", .array(e.values.map(jsonValue)))) }
        return .object(kv)
    }

    /// `label value = terms`, in the renderer's language.
    func equation(_ l: AmountBreakdown.Line) -> String {
        func valued(_ label: String, _ v: Value?, _ t: ValueType) -> String { label + (v.map { " " + f.format($0, type: t) } ?? "") }
        let rhs = l.terms.map { term -> String in
            switch term {
            case .named(let label, let v, let t): valued(label[language], v, t)
            case .number(let v, let t): f.format(v, type: t)
            case .symbol(let s): s
            case .written(let text, let v, let t): valued("`\(text)`", v, t)
            }
        }.joined(separator: " ").replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
        return valued(l.label[language], l.value, l.type) + " = " + rhs
    }

    func jsonValue(_ v: NamedValue) -> JSONValue {
        .object([("name", .string(v.name)), ("label", .string(v.label[language])), ("value", ValueFormatter.json(v.value, type: v.type)),
                 ("text", .string(f.format(v.value, type: v.type)))])
    }

    private func jsonCondition(_ c: ExplainedCondition) -> JSONValue? {
        if level == .decisive && !c.decisive { return nil }
        var kv: [(String, JSONValue)] = [
            ("id", .string(c.id)), ("label", .string(c.label[language])), ("kind", .string(c.kind.rawValue)),
            ("result", c.evaluated ? (c.result.map { .bool($0) } ?? .string("unknown")) : .string("not evaluated")),
            ("decisive", .bool(c.decisive)),
        ]
        if let r = c.reason { kv.append(("reason", .string(fill(r[language], c.reasonValues)))) }
        if c.kind == .test { kv.append(("values", .array(c.values.map(jsonValue)))) }
        if let t = c.threshold {
            kv.append(("threshold", .object([
                ("subject", jsonValue(t.subject)), ("bound", jsonValue(t.bound)), ("comparison", .string(t.comparison.rawValue)),
                ("passed", .bool(t.passed)), ("gap", .number(t.gap.description)),
                ("text", .string(threshold(t).joined(separator: " "))),
                ("changes", .array(t.changes.map { ch in
                    .object([("name", .string(ch.quantity.name)), ("label", .string(ch.quantity.label[language])),
                             ("current", ValueFormatter.json(ch.quantity.value, type: ch.quantity.type)), ("delta", .number(ch.delta.description))])
                })),
            ])))
        }
        if let h = c.holdsFrom { kv.append(("holds_from", .string(h.description))) }
        if !c.missing.isEmpty { kv.append(("missing", .array(c.missing.map { .string($0) }))) }
        if !c.children.isEmpty { kv.append(("children", .array(c.children.compactMap(jsonCondition)))) }
        return .object(kv)
    }
}
