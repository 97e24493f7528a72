import QamqorSupport
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
        self.p = Phrases(language: language)
    }

    package var f: ValueFormatter { ValueFormatter(language: language) }
    /// The explanation words of `language`, looked up once for the renderer.
    package let p: Phrases

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
                let facts = c.missing.compactMap(\.path)
                let gaps = c.missing.compactMap { $0.gap?.reference }
                if !gaps.isEmpty { lines.append(inner + "\(p.rulesGap) " + gaps.joined(separator: ", ")) }
                if !facts.isEmpty { lines.append(inner + "\(p.factsNeeded) " + facts.joined(separator: ", ")) }
            }
        }
        for k in c.children { render(k, depth: isRootGroup ? depth : depth + 1, into: &lines) }
    }

    package func money(_ v: ExactDecimal, _ t: ValueType) -> String {
        t == .money ? f.money(v) : f.number(v)
    }

    package func threshold(_ t: Threshold) -> [String] {
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

    /// Fills `{name}` placeholders with formatted values: `{name}`, or `{name | grammar}` for a
    /// Kazakh case ending or Russian and English noun forms. An unknown name is left as written.
    package func fill(_ template: String, _ values: [String: NamedValue]) -> String {
        // Scanned as UTF-8 bytes (braces, bars and spaces are ASCII, so every cut falls between
        // characters); the text between placeholders is copied in runs.
        var t = template
        return t.withUTF8 { u -> String in
            guard let firstOpen = u.firstIndex(of: UInt8(ascii: "{")) else { return template }
            func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: u[r]), as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(u.count + 32)
            var runStart = 0, i = firstOpen
            while i < u.count {
                guard u[i] == UInt8(ascii: "{"), let close = u[(i + 1)...].firstIndex(of: UInt8(ascii: "}")) else { i += 1; continue }
                out.append(contentsOf: u[runStart..<i])
                let bar = u[(i + 1)..<close].firstIndex(of: UInt8(ascii: "|"))
                // The name, without the spaces around it.
                var from = i + 1, to = bar ?? close
                while from < to, u[from] == UInt8(ascii: " ") { from += 1 }
                while to > from, u[to - 1] == UInt8(ascii: " ") { to -= 1 }
                if let v = values[text(from..<to)] {
                    var said = f.format(v.value, type: v.type)
                    if let bar { said = Grammar.apply(text((bar + 1)..<close), to: said, value: v.value, language: language) }
                    said.withUTF8 { out.append(contentsOf: $0) }
                } else {
                    out.append(contentsOf: u[i...close])
                }
                i = close + 1
                runStart = i
            }
            out.append(contentsOf: u[runStart...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    // MARK: JSON

    /// The explanation as a JSON tree (for documents printed indented or assembled further).
    public func json(_ e: Explanation) -> JSONValue {
        var tree = JSONTree()
        write(e, to: &tree)
        return tree.value
    }

    /// Writes the explanation's JSON object to `out`: the same document as ``json(_:)``, and
    /// into bytes (``JSONBytes``) without building a tree.
    public func write<J: JSONOutput>(_ e: Explanation, to out: inout J) { writeObject(e, to: &out) }

    /// ``write(_:to:)`` into bytes, made for ``JSONBytes`` here: what the batch and the service
    /// call from their own modules, where a generic writer would not be specialized.
    public func write(_ e: Explanation, to out: inout JSONBytes) { writeObject(e, to: &out) }

    private func writeObject<J: JSONOutput>(_ e: Explanation, to out: inout J) {
        let d = e.decision
        out.beginObject()
        out.key("program"); out.string(d.program)
        out.key("title"); out.string(d.title[language])
        out.key("status"); out.string(d.status.rawValue)
        out.key("status_text"); out.string(p.status(d.status))
        out.key("amount"); if let a = d.amount { out.number(a.description) } else { out.null() }
        out.key("amount_text"); out.string(d.amount.map { f.money($0) })
        out.key("form"); out.string(d.form)
        out.key("form_label"); out.string(d.formLabel.map { $0[language] })
        out.key("as_of"); out.string(d.asOf.description)
        out.key("rules_version"); out.string(ruleSetVersion)
        // Facts the applicant can give; values the rules lack (for a policy officer, never asked
        // of the applicant).
        writeMissing("missing", e.facts, pathKey: "path", labelKey: "label", to: &out)
        writeMissing("rules_gaps", e.gaps, pathKey: "parameter", labelKey: "message", to: &out)
        if let err = d.error {
            out.key("error")
            out.object { out in
                out.key("code"); out.string(err.code.rawValue)
                out.key("message"); out.string(err.said[language])
                out.key("file"); out.string(err.site.file)
                out.key("line"); out.number(err.site.location.line)
                out.key("column"); out.number(err.site.location.column)
            }
        }
        out.key("figures")
        out.array { out in
            for fig in e.figures {
                out.object { out in
                    out.key("label"); out.string(fig.label[language])
                    out.key("value"); ValueFormatter.write(fig.value, type: fig.type, to: &out)
                    out.key("text"); out.string(f.format(fig.value, type: fig.type))
                    out.key("from"); out.string(fig.from.description)
                    out.key("for"); out.string(fig.askedFor.description)
                    out.key("source"); out.string(fig.source)
                }
            }
        }
        out.key("amount_breakdown")
        out.array { out in
            for l in e.amountBreakdown?.lines ?? [] {
                out.object { out in
                    out.key("label"); out.string(l.label[language])
                    out.key("value"); if let v = l.value { ValueFormatter.write(v, type: l.type, to: &out) } else { out.null() }
                    out.key("text"); out.string(l.value.map { f.format($0, type: l.type) } ?? "")
                    out.key("equation"); out.string(equation(l))
                }
            }
        }
        out.key("conditions")
        if let root = e.root, level == .full || root.decisive { writeCondition(root, to: &out) } else { out.null() }
        if level == .full {
            out.key("values")
            out.array { out in for v in e.values { writeValue(v, to: &out) } }
        }
        out.endObject()
    }

    private func writeMissing<J: JSONOutput>(_ name: StaticString, _ items: [MissingFact], pathKey: StaticString, labelKey: StaticString, to out: inout J) {
        out.key(name)
        out.array { out in
            for m in items {
                out.object { out in
                    out.key(pathKey); out.string(m.path)
                    out.key(labelKey); out.string(m.label[language])
                    out.key("decides"); out.array { out in for l in m.decides { out.string(l[language]) } }
                }
            }
        }
    }

    /// `label value = terms`, in the renderer's language.
    package func equation(_ l: AmountBreakdown.Line) -> String {
        func valued(_ label: String, _ v: Value?, _ t: ValueType) -> String { label + (v.map { " " + f.format($0, type: t) } ?? "") }
        let rhs = l.terms.map { term -> String in
            switch term {
            case .named(let label, let v, let t): valued(label[language], v, t)
            case .number(let v, let t): f.format(v, type: t)
            case .symbol(let s): s
            case .written(let text, let v, let t): valued("`\(text)`", v, t)
            case .note(let words): "(" + words[language] + ")"
            }
        }.joined(separator: " ")
        return valued(l.label[language], l.value, l.type) + " = " + Self.tightParentheses(rhs)
    }

    /// `( a + b )` as `(a + b)`: no space after an opening or before a closing parenthesis.
    package static func tightParentheses(_ s: String) -> String {
        var text = s
        return text.withUTF8 { u in
            guard u.contains(40) || u.contains(41) else { return s }
            var out: [UInt8] = []
            out.reserveCapacity(u.count)
            for k in 0..<u.count {
                if u[k] == 32, (k > 0 && u[k - 1] == 40) || (k + 1 < u.count && u[k + 1] == 41) { continue }
                out.append(u[k])
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    package func writeValue<J: JSONOutput>(_ v: NamedValue, to out: inout J) {
        out.object { out in
            out.key("name"); out.string(v.name)
            out.key("label"); out.string(v.label[language])
            out.key("value"); ValueFormatter.write(v.value, type: v.type, to: &out)
            out.key("text"); out.string(f.format(v.value, type: v.type))
        }
    }

    /// A condition and the children the level shows (the caller checks the condition itself).
    private func writeCondition<J: JSONOutput>(_ c: ExplainedCondition, to out: inout J) {
        out.beginObject()
        out.key("id"); out.string(c.id)
        out.key("label"); out.string(c.label[language])
        out.key("kind"); out.string(c.kind.rawValue)
        out.key("result")
        if !c.evaluated { out.string("not evaluated") } else if let r = c.result { out.bool(r) } else { out.string("unknown") }
        out.key("decisive"); out.bool(c.decisive)
        if let r = c.reason { out.key("reason"); out.string(fill(r[language], c.reasonValues)) }
        if c.kind == .test {
            out.key("values")
            out.array { out in for v in c.values { writeValue(v, to: &out) } }
        }
        if let t = c.threshold {
            out.key("threshold")
            out.object { out in
                out.key("subject"); writeValue(t.subject, to: &out)
                out.key("bound"); writeValue(t.bound, to: &out)
                out.key("comparison"); out.string(t.comparison.rawValue)
                out.key("passed"); out.bool(t.passed)
                out.key("gap"); out.number(t.gap.description)
                out.key("text"); out.string(threshold(t).joined(separator: " "))
                out.key("changes")
                out.array { out in
                    for ch in t.changes {
                        out.object { out in
                            out.key("name"); out.string(ch.quantity.name)
                            out.key("label"); out.string(ch.quantity.label[language])
                            out.key("current"); ValueFormatter.write(ch.quantity.value, type: ch.quantity.type, to: &out)
                            out.key("delta"); out.number(ch.delta.description)
                        }
                    }
                }
            }
        }
        if let h = c.holdsFrom { out.key("holds_from"); out.string(h.description) }
        if !c.missing.isEmpty {
            out.key("missing")
            out.array { out in for m in c.missing { out.string(m.text) } }
        }
        if !c.children.isEmpty {
            out.key("children")
            out.array { out in
                for k in c.children where level == .full || k.decisive { writeCondition(k, to: &out) }
            }
        }
        out.endObject()
    }
}
