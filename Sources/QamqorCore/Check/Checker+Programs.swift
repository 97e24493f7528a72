import QamqorSupport
extension Checker {
    /// Checks one programme: lets, eligibility tree, amount, form, reason placeholders.
    package func checkProgram(_ plan: ProgramPlan) {
        let key = "program:\(plan.id)"
        if checked.contains(key) || inProgress.contains(key) { return }
        inProgress.append(key)
        defer { inProgress.removeLast(); checked.insert(key) }
        plan.lets = plan.spec.lets.map(DefinitionPlan.init)
        var seen: [String: DefinitionPlan] = [:]
        for l in plan.lets {
            if seen[l.name] != nil {
                diagnostics.append(Diagnostic(code: .duplicateName, Localized("check.seen", ["name": l.name]), in: plan.spec.file, at: l.spec.location))
            }
            seen[l.name] = l
        }
        lets = seen
        scopes = []
        for l in plan.lets { _ = ensureChecked(l, at: nil) }
        lets = seen
        if let e = plan.spec.eligible { plan.eligible = checkCondition(e, plan: plan) }
        if let a = plan.spec.amount {
            currentSource = a; scopes = []; lets = seen
            if let t = check(a.expr) {
                if t.type.isNumeric { plan.amount = t } else {
                    error(.typeMismatch, found(t.type, Localized("check.amount-must-number-tenge")), a.expr)
                }
            }
        }
        if let scoring = plan.spec.scoring { checkScoring(scoring, plan: plan, lets: seen) }
        if let f = plan.spec.form {
            currentSource = f; scopes = []; lets = seen
            guard let enumName = plan.spec.formEnum else { return }
            guard let en = schema.enums[enumName] else {
                diagnostics.append(Diagnostic(code: .unknownType, Localized("check.form-enum-must-name", ["enumName": enumName]), in: plan.spec.file,
                                              at: plan.spec.formEnumLocation, help: Suggestion.didYouMean(enumName, among: schema.enums.keys)))
                return
            }
            plan.formEnum = en
            if let t = check(f.expr, expected: .enumeration(en)) {
                if t.type == .enumeration(en) { plan.form = t } else {
                    error(.typeMismatch, found(t.type, Localized("check.form-must-one-values", ["name": en.name])), f.expr)
                }
            }
        }
    }

    /// The next condition slot of the rule set (see ``ConditionPlan/slot``).
    package func nextConditionSlot() -> Int {
        defer { conditionSlots += 1 }
        return conditionSlots
    }

    package func checkCondition(_ c: ConditionSpec, plan: ProgramPlan) -> ConditionPlan? {
        switch c {
        case .all(let id, let label, let children, _):
            let kids = children.compactMap { checkCondition($0, plan: plan) }
            return kids.count == children.count ? .all(id: id, label: label, children: kids, slot: id == nil ? -1 : nextConditionSlot()) : nil
        case .any(let id, let label, let children, _):
            let kids = children.compactMap { checkCondition($0, plan: plan) }
            return kids.count == children.count ? .any(id: id, label: label, children: kids, slot: id == nil ? -1 : nextConditionSlot()) : nil
        case .test(let id, let label, let when, let reason, let location):
            currentSource = when; scopes = []
            lets = Dictionary(uniqueKeysWithValues: plan.lets.map { ($0.name, $0) })
            guard let t = check(when.expr) else { return nil }
            guard t.type == .boolean else {
                error(.typeMismatch, found(t.type, Localized("check.when-must-be-yes-no")), when.expr); return nil
            }
            var values: [String: TypedExpr] = [:]
            if let reason {
                for l in Language.allCases {
                    for name in Checker.placeholders(in: reason[l]) where values[name] == nil {
                        let ids = Parser.IDAllocator(start: -1_000_000)
                        guard case .success(let e) = Parser.parse(name, ids: ids) else {
                            diagnostics.append(Diagnostic(code: .badPlaceholder, Localized("check.reason-not-name", ["name": name, "l": l.rawValue, "id": id]), in: when.file, at: location))
                            continue
                        }
                        let before = diagnostics.items.count
                        if let te = check(e) { values[name] = te }
                        if diagnostics.items.count > before {
                            // Re-anchor the error on the condition: the placeholder is not in an expression string.
                            var items = diagnostics.items
                            let moved = items[before...].map { d -> Diagnostic in
                                var d = d
                                d.message = "in the \(l.rawValue) reason of `\(id)`: " + d.message
                                d.location = location; d.sourceLine = location.flatMap { when.file.line($0.line) }.map(String.init)
                                return d
                            }
                            items.replaceSubrange(before..., with: moved)
                            diagnostics = DiagnosticList(items)
                        }
                    }
                }
            }
            return .test(id: id, label: label, when: t, reason: reason, reasonValues: values, slot: nextConditionSlot())
        }
    }

    /// Checks a scoring section: points must be numbers, tie-break keys ordered values, quota
    /// keys anything comparable; `marks.<name>` is the committee's mark.
    package func checkScoring(_ spec: ScoringSpec, plan: ProgramPlan, lets: [String: DefinitionPlan]) {
        let scoring = ScoringPlan(spec: spec)
        marksType = scoring.marksType
        defer { marksType = nil }
        func check(_ src: SourceExpression) -> TypedExpr? {
            currentSource = src; scopes = []; self.lets = lets
            return self.check(src.expr)
        }
        for c in spec.criteria {
            guard let t = check(c.points) else { continue }
            guard t.type.isNumeric else { error(.typeMismatch, found(t.type, Localized("check.points-must-number", ["id": c.id])), c.points.expr); continue }
            scoring.criteria.append((c, t))
        }
        for tb in spec.tieBreaks {
            guard let t = check(tb.expr) else { continue }
            switch t.type {
            case .integer, .decimal, .money, .date, .string: scoring.tieBreaks.append((tb, t))
            default: error(.typeMismatch, found(t.type, Localized("check.tie-break-key-must")), tb.expr.expr)
            }
        }
        for q in spec.quotas {
            guard let t = check(q.key) else { continue }
            switch t.type {
            case .enumeration, .string, .boolean, .integer: scoring.quotas.append((q, t))
            default: error(.typeMismatch, found(t.type, Localized("check.quota-key-must-enum")), q.key.expr)
            }
        }
        plan.scoring = scoring
    }

    /// The `{name}` placeholders of a reason template.
    /// The names of a reason's placeholders: `{name}` or `{name | grammar}` (see ``Grammar``).
    package static func placeholders(in template: String) -> [String] {
        var out: [String] = []
        var current: String?
        for ch in template {
            if ch == "{" { current = "" } else if ch == "}", let c = current {
                out.append((c.split(separator: "|", maxSplits: 1).first.map(String.init) ?? c).trimmingCharacters(in: .whitespaces))
                current = nil
            } else if let c = current { current = c + String(ch) }
        }
        return out
    }
}
