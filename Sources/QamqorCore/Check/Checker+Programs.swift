import QamqorSupport
extension Checker {
    /// Checks one programme: lets, eligibility tree, amount, form, reason placeholders. Returns the
    /// checked programme (its failed parts left out and reported), once; nil while it is being
    /// checked (a cycle).
    package func checkProgram(_ spec: ProgramSpec) -> ProgramPlan? {
        let key = "program:\(spec.id)"
        if checked.contains(key) { return programPlans[spec.id] }
        if inProgress.contains(key) { return nil }
        inProgress.append(key)
        defer { inProgress.removeLast(); checked.insert(key) }
        var seen: Set<String> = []
        for l in spec.lets where !seen.insert(l.name).inserted {
            diagnostics.append(Diagnostic(code: .duplicateName, Localized("check.seen", ["name": l.name]), in: spec.file, at: l.location))
        }
        let table = Self.letTable(spec)
        lets = table
        scopes = []
        let letPlans = spec.lets.compactMap { ensureChecked($0, at: nil) }
        lets = table
        let eligible = spec.eligible.flatMap { checkCondition($0, lets: table) }
        var amount: TypedExpr?
        if let a = spec.amount {
            currentSource = a; scopes = []; lets = table
            if let t = check(a.expr) {
                if t.type.isNumeric { amount = t } else {
                    error(.typeMismatch, found(t.type, Localized("check.amount-must-number-tenge")), a.expr)
                }
            }
        }
        let scoring = spec.scoring.map { checkScoring($0, lets: table) }
        var form: TypedExpr?, formEnum: EnumType?
        if let f = spec.form, let enumName = spec.formEnum {
            currentSource = f; scopes = []; lets = table
            if let en = schema.enums[enumName] {
                formEnum = en
                if let t = check(f.expr, expected: .enumeration(en)) {
                    if t.type == .enumeration(en) { form = t } else {
                        error(.typeMismatch, found(t.type, Localized("check.form-must-one-values", ["name": en.name])), f.expr)
                    }
                }
            } else {
                diagnostics.append(Diagnostic(code: .unknownType, Localized("check.form-enum-must-name", ["enumName": enumName]), in: spec.file,
                                              at: spec.formEnumLocation, help: Suggestion.didYouMean(enumName, among: schema.enums.keys)))
            }
        }
        let plan = ProgramPlan(spec: spec, index: programIndex[spec.id] ?? -1, lets: letPlans, eligible: eligible, amount: amount,
                               form: form, formEnum: formEnum, scoring: scoring)
        programPlans[spec.id] = plan
        return plan
    }

    /// The next condition slot of the rule set (see ``ConditionPlan/slot``).
    package func nextConditionSlot() -> Int {
        defer { conditionSlots += 1 }
        return conditionSlots
    }

    package func checkCondition(_ c: ConditionSpec, lets table: [String: DefinitionSpec]) -> ConditionPlan? {
        switch c {
        case .all(let id, let label, let children, _):
            let kids = children.compactMap { checkCondition($0, lets: table) }
            return kids.count == children.count ? .all(id: id, label: label, children: kids, slot: id == nil ? -1 : nextConditionSlot()) : nil
        case .any(let id, let label, let children, _):
            let kids = children.compactMap { checkCondition($0, lets: table) }
            return kids.count == children.count ? .any(id: id, label: label, children: kids, slot: id == nil ? -1 : nextConditionSlot()) : nil
        case .test(let id, let label, let when, let reason, let location):
            currentSource = when; scopes = []
            lets = table
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
    package func checkScoring(_ spec: ScoringSpec, lets: [String: DefinitionSpec]) -> ScoringPlan {
        let marks = ScoringPlan.marksType(of: spec)
        marksType = marks
        defer { marksType = nil }
        var criteria: [(spec: ScoringSpec.Criterion, points: TypedExpr)] = []
        var tieBreaks: [(spec: ScoringSpec.TieBreak, expr: TypedExpr)] = []
        var quotas: [(spec: ScoringSpec.Quota, key: TypedExpr)] = []
        func check(_ src: SourceExpression) -> TypedExpr? {
            currentSource = src; scopes = []; self.lets = lets
            return self.check(src.expr)
        }
        for c in spec.criteria {
            guard let t = check(c.points) else { continue }
            guard t.type.isNumeric else { error(.typeMismatch, found(t.type, Localized("check.points-must-number", ["id": c.id])), c.points.expr); continue }
            criteria.append((c, t))
        }
        for tb in spec.tieBreaks {
            guard let t = check(tb.expr) else { continue }
            switch t.type {
            case .integer, .decimal, .money, .date, .string: tieBreaks.append((tb, t))
            default: error(.typeMismatch, found(t.type, Localized("check.tie-break-key-must")), tb.expr.expr)
            }
        }
        for q in spec.quotas {
            guard let t = check(q.key) else { continue }
            switch t.type {
            case .enumeration, .string, .boolean, .integer: quotas.append((q, t))
            default: error(.typeMismatch, found(t.type, Localized("check.quota-key-must-enum")), q.key.expr)
            }
        }
        return ScoringPlan(spec: spec, marksType: marks, criteria: criteria, tieBreaks: tieBreaks, quotas: quotas)
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
