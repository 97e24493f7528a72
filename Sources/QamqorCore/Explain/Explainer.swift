import QamqorSupport
/// Builds an ``Explanation`` from a traced decision: reads each condition's result and the values
/// its test produced (from the part of the trace that test wrote), renders nothing itself. It
/// reads only the decision's ``DecisionTrace`` (and the record, to label missing facts): it
/// evaluates nothing. A class: its closures share it rather than copy it.
package final class Explainer {
    package let program: CompiledProgram
    package let trace: DecisionTrace
    /// The applicant record the decision was about.
    package let record: RecordValue
    package let decision: Decision
    package let schema: Schema
    package let parameters: [ParameterTable]
    /// What each test reads, worked out when the rule set was built.
    package let plan: ExplainPlan
    /// How much the explanation will be shown: at `.decisive`, the conditions that did not
    /// decide the outcome are never shown, so their values, reasons, thresholds and dates are
    /// not worked out (their results and missing facts are).
    package let level: ExplanationLevel

    package init(program: CompiledProgram, trace: DecisionTrace, record: RecordValue, decision: Decision, schema: Schema, parameters: [ParameterTable],
                 plan: ExplainPlan, level: ExplanationLevel = .full) {
        self.program = program; self.trace = trace; self.record = record; self.decision = decision; self.schema = schema; self.parameters = parameters; self.plan = plan
        self.level = level
    }

    package func explain() -> Explanation {
        let root = program.plan.eligible.map { node($0, decisive: true) }
        let values = decision.values
        let figures = trace.figures.compactMap { f -> UsedFigure? in
            guard program.plan.figureParameters.contains(f.table.name) else { return nil }
            let entry = f.entry
            // «Regional subsistence minimum (Almaty)»: the label and the key's, in every language.
            return UsedFigure(label: plan.figureLabel(f.table, key: f.key), value: entry.value, type: f.table.type, from: entry.start, askedFor: f.day, source: entry.source)
        }
        return Explanation(decision: decision, root: root, missing: missingFacts(root), amountLabel: program.plan.spec.amountLabel, values: values,
                           figures: figures, amountBreakdown: amountBreakdown(), level: level)
    }

    // MARK: The tree

    private func result(_ slot: Int) -> (Bool?, Bool, [MissingInput]) {
        guard let v = trace.result(slot) else { return (nil, false, []) }
        switch v {
        case .bool(let b): return (b, true, [])
        case .unknown(let m): return (nil, true, m.facts)
        default: return (nil, true, [])
        }
    }

    private func node(_ c: ConditionPlan, decisive: Bool) -> ExplainedCondition {
        switch c {
        case .all(let id, let label, let kids, let slot), .any(let id, let label, let kids, let slot):
            let isAll: Bool = { if case .all = c { return true }; return false }()
            var (r, evaluated, missing) = result(slot)
            let kidResults = kids.map { k -> Bool? in groupResult(k) }
            if id == nil {
                // An unnamed group: its result follows from its children.
                r = groupResult(c); evaluated = true
            }
            var decisiveKids = Array(repeating: false, count: kids.count)
            if decisive {
                switch (isAll, r) {
                case (true, false?): decisiveKids = kidResults.map { $0 == false }
                case (false, true?):
                    let first = kidResults.firstIndex(of: true)
                    decisiveKids = kids.indices.map { $0 == first }
                case (_, nil): decisiveKids = kidResults.map { $0 == nil }
                default: decisiveKids = Array(repeating: true, count: kids.count)
                }
            }
            let children = kids.enumerated().map { node($1, decisive: decisiveKids[$0]) }
            return ExplainedCondition(id: id ?? "", label: label ?? Localized(uniform: id ?? (isAll ? "all" : "any")), kind: isAll ? .all : .any,
                                      result: r, evaluated: evaluated, decisive: decisive, reason: nil, reasonValues: [:], values: [],
                                      threshold: nil, holdsFrom: nil, missing: missing, children: children)
        case .test(let id, let label, let when, let reason, _, let slot):
            let (r, evaluated, missing) = result(slot)
            if !decisive && level == .decisive {
                return ExplainedCondition(id: id, label: label, kind: .test, result: r, evaluated: evaluated, decisive: false, reason: nil, reasonValues: [:],
                                          values: [], threshold: nil, holdsFrom: nil, missing: missing, children: [])
            }
            let range = trace.range(slot)
            let used = range.map { usedValues(slot, $0) } ?? []
            var reasonValues: [String: NamedValue] = [:]
            if reason != nil {
                for r in trace.reasonValues(slot) {
                    // A value the test read is shown as the test read it; anything else as the
                    // decision recorded it.
                    if let (n, _) = self.label(r.expr), let v = used.first(where: { $0.name == n }) { reasonValues[r.name] = v; continue }
                    if let v = r.value { reasonValues[r.name] = named(r.expr, v) ?? NamedValue(name: r.name, label: Localized(uniform: r.name), value: v, type: r.expr.type) }
                }
            }
            var threshold: Threshold?
            var holdsFrom: Day?
            if evaluated, let range {
                threshold = findThreshold(when, range)
                if r == false { holdsFrom = flipDate(when, want: true, range) }
            }
            return ExplainedCondition(id: id, label: label, kind: .test, result: r, evaluated: evaluated, decisive: decisive,
                                      reason: reason, reasonValues: reasonValues, values: used,
                                      threshold: threshold, holdsFrom: holdsFrom, missing: missing, children: [])
        }
    }

    /// A condition's three-valued result: recorded for named ones, combined from the children
    /// for unnamed groups.
    package func groupResult(_ c: ConditionPlan) -> Bool? {
        switch c {
        case .test(_, _, _, _, _, let slot): return result(slot).0
        case .all(let id, _, let kids, let slot), .any(let id, _, let kids, let slot):
            if id != nil { return result(slot).0 }
            let isAll: Bool = { if case .all = c { return true }; return false }()
            return ThreeValued.combine(all: isAll, kids.map(groupResult))
        }
    }

    // MARK: Values

    /// The value `t` had in the trace slice `range` (its last occurrence there), or else anywhere.
    package func value(_ t: TypedExpr, _ range: Range<Int>?) -> Value? { trace.value(of: t.id, in: range) }

    /// The label a node has in the rules, if it names something.
    package func label(_ t: TypedExpr) -> (String, Localized)? { ExplainPlan.label(t, schema: schema) }

    package func named(_ t: TypedExpr, _ v: Value) -> NamedValue? {
        guard let (name, l) = label(t) else { return nil }
        return NamedValue(name: name, label: l, value: v, type: t.type)
    }

    /// The named values test `slot` read directly (not inside collection bodies), as the plan lists them.
    package func usedValues(_ slot: Int, _ range: Range<Int>) -> [NamedValue] {
        plan.reads(slot).compactMap { r in value(r.node, range).map { NamedValue(name: r.name, label: r.label, value: $0, type: r.type) } }
    }

    // MARK: Thresholds

    package func findThreshold(_ t: TypedExpr, _ range: Range<Int>) -> Threshold? {
        switch t.kind {
        case .compare(let op, let a, let b) where op != .equal && op != .notEqual && a.type.isNumeric && b.type.isNumeric:
            guard case .bool(let passed)? = value(t, range), let va = value(a, range)?.asDecimal, let vb = value(b, range)?.asDecimal else { return nil }
            let unit: ExactDecimal = a.type == .integer ? ExactDecimal(units: ExactDecimal.scale) : a.type == .money ? ExactDecimal(units: 10_000) : ExactDecimal(units: 1)
            let gap = va < vb ? (try? vb.subtracting(va)) : (try? va.subtracting(vb))
            guard let gap else { return nil }
            var changes: [Threshold.Change] = []
            if !passed {
                let needed: ExactDecimal? = switch op {
                case .less: try? vb.subtracting(va).subtracting(unit)
                case .lessEqual: try? vb.subtracting(va)
                case .greater: try? vb.subtracting(va).adding(unit)
                default: try? vb.subtracting(va)
                }
                if let needed { invert(a, delta: needed, range, into: &changes) }
            }
            // Only quantities the rules name are explained this way (ages and dates get a date).
            guard let subject = named(a, .decimal(va)) else { return nil }
            let bound = named(b, .decimal(vb)) ?? NamedValue(name: "", label: Localized(uniform: ""), value: .decimal(vb), type: b.type)
            return Threshold(subject: subject, bound: bound, comparison: op, passed: passed, gap: gap, changes: changes)
        case .and(let x, let y), .or(let x, let y):
            // The part that decided the whole explains it: a failing part of a failed `and`, a
            // passing part of a passed `or`.
            let isAnd: Bool = { if case .and = t.kind { return true }; return false }()
            guard case .bool(let whole)? = value(t, range) else { return nil }
            for part in [x, y] {
                guard case .bool(let v)? = value(part, range), v == whole else { continue }
                if let th = findThreshold(part, range) { return th }
                if whole != isAnd { return nil }
            }
            return nil
        default:
            return nil
        }
    }

    /// Walks the arithmetic that computes `t` and says how each named quantity on the way would
    /// have to change for `t` to change by `delta`.
    package func invert(_ t: TypedExpr, delta: ExactDecimal, _ range: Range<Int>?, into out: inout [Threshold.Change]) {
        if let v = value(t, range), let nv = named(t, v) {
            out.append(Threshold.Change(quantity: nv, delta: t.type == .money ? roundAway(delta) : delta))
            if case .definition(let d) = t.kind { invert(d.body, delta: delta, nil, into: &out) }
            return
        }
        guard case .arithmetic(let op, let x, let y) = t.kind else { return }
        func isConstant(_ n: TypedExpr) -> Bool { if case .constant = n.kind { return true }; return false }
        switch op {
        case .divide:
            guard let vy = value(y, range)?.asDecimal, let d = try? delta.multiplied(by: vy) else { return }
            invert(x, delta: d, range, into: &out)
        case .multiply:
            let (moving, factor) = isConstant(x) ? (y, x) : (x, y)
            guard let vf = value(factor, range)?.asDecimal, let d = try? delta.divided(by: vf) else { return }
            invert(moving, delta: d, range, into: &out)
        case .add:
            invert(isConstant(x) ? y : x, delta: delta, range, into: &out)
        case .subtract:
            if isConstant(x) { if let d = try? delta.negated() { invert(y, delta: d, range, into: &out) } } else { invert(x, delta: delta, range, into: &out) }
        }
    }

    /// Rounds to the tiyn, away from zero, so that the stated change is always enough.
    package func roundAway(_ d: ExactDecimal) -> ExactDecimal {
        let step: Int64 = 10_000
        let r = d.units % step
        if r == 0 { return d }
        return ExactDecimal(units: d.units - r + (d.units > 0 ? step : -step))
    }

    // MARK: Dates

    /// The date from which `t` evaluates to `want`, for conditions that change with time only
    /// (ages, months since an event); nil when waiting does not change it.
    package func flipDate(_ t: TypedExpr, want: Bool, _ range: Range<Int>?) -> Day? {
        switch t.kind {
        case .not(let x):
            return flipDate(x, want: !want, range)
        case .definition(let d):
            return flipDate(d.body, want: want, nil)
        case .recordDefinition(let d, _):
            return flipDate(d.body, want: want, range)
        case .and(let a, let b), .or(let a, let b):
            let isAnd: Bool = { if case .and = t.kind { return true }; return false }()
            let parts = [a, b]
            // `and` wanted true / `or` wanted false: every part not yet as wanted must flip.
            if isAnd == want {
                var latest: Day?
                for p in parts {
                    guard case .bool(let v)? = value(p, range) else { return nil }
                    if v == want { continue }
                    guard let d = flipDate(p, want: want, range) else { return nil }
                    latest = max(latest ?? d, d)
                }
                return latest
            }
            // Otherwise one part flipping is enough.
            return parts.compactMap { p -> Day? in
                guard case .bool(let v)? = value(p, range), v != want else { return nil }
                return flipDate(p, want: want, range)
            }.min()
        case .collection(let op, _, let body?) where (op == .any && !want) || (op == .all && want):
            // Every item whose body is not yet as wanted must flip; each item's evaluation is the
            // stretch of the trace between two results of the body.
            guard let range else { return nil }
            var latest: Day?
            var start = range.lowerBound
            for i in range {
                guard let event = trace.events[i], event.node == body.id else { continue }
                defer { start = i + 1 }
                guard case .bool(let v) = event.value else { return nil }
                if v == want { continue }
                guard let d = flipDate(body, want: want, start..<(i + 1)) else { return nil }
                latest = max(latest ?? d, d)
            }
            return latest
        case .compare(let op, let a, let b):
            guard let (from, unitMonths, flipped) = elapsed(a, b) else { return nil }
            let side = flipped ? b : a
            _ = side
            let other = flipped ? a : b
            let cmp = flipped ? mirror(op) : op
            guard case .date(let x)? = value(from, range), case .int(let k)? = value(other, range) else { return nil }
            // The elapsed count only grows with time.
            let target: Int64
            switch (cmp, want) {
            case (.greaterEqual, true), (.less, false): target = k
            case (.greater, true), (.lessEqual, false): target = k + 1
            default: return nil
            }
            guard target >= 0, target < 2_000 else { return nil }
            return x.adding(months: Int(target) * unitMonths)
        default:
            return nil
        }
    }

    private func mirror(_ op: BinaryOperator) -> BinaryOperator {
        switch op {
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        default: op
        }
    }

    /// If `a` (or `b`) counts whole years or months since a date, that date's node and the unit.
    private func elapsed(_ a: TypedExpr, _ b: TypedExpr) -> (TypedExpr, Int, Bool)? {
        func unwrap(_ t: TypedExpr) -> (TypedExpr, Int)? {
            switch t.kind {
            case .call(let f, let args): return f.elapsedMonthsPerUnit.map { (args[0], $0) }
            case .recordDefinition(let d, _), .definition(let d): return unwrap(d.body)
            default: return nil
            }
        }
        if let (from, unit) = unwrap(a) { return (from, unit, false) }
        if let (from, unit) = unwrap(b) { return (from, unit, true) }
        return nil
    }

    // MARK: Missing facts

    /// The conditions a missing fact blocks, or else the amount or form it is needed for.
    package func decides(_ input: MissingInput, _ tests: [ExplainedCondition]) -> [Localized] {
        let blocked = tests.filter { $0.result == nil && $0.missing.contains(input) }.map(\.label)
        if !blocked.isEmpty { return blocked }
        if let label = program.plan.spec.amountLabel { return [label] }
        return program.plan.formEnum.map { [$0.label] } ?? []
    }

    package func missingFacts(_ root: ExplainedCondition?) -> [MissingFact] {
        if decision.missing.isEmpty { return [] }
        var tests: [ExplainedCondition] = []
        func walk(_ c: ExplainedCondition) { if c.kind == .test { tests.append(c) }; c.children.forEach(walk) }
        root.map(walk)
        return decision.missing.map { input in
            MissingFact(input: input, label: FieldPathLabel.label(input, schema: schema, record: record, parameters: parameters),
                        decides: decides(input, tests))
        }
    }
}
