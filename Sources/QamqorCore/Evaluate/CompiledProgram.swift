import QamqorSupport
/// A programme ready to run: its eligibility tree, amount and form as closures.
package final class CompiledProgram: Sendable {
    package let plan: ProgramPlan
    package let eligible: CompiledCondition?
    /// The eligibility tree as one closure, for untraced programmes (nil when traced or absent).
    /// The eligibility tree as one closure (untraced programmes with a tree only; see `hasFastTree`).
    package let eligibleFast: Eval
    package let hasFastTree: Bool
    /// Amount and form, stored as plain closures (an optional closure is called through a
    /// reabstraction thunk); `hasAmount` / `hasForm` say whether the programme has them.
    package let amount: Eval
    package let form: Eval
    package let hasAmount: Bool
    package let hasForm: Bool
    /// Whether the form is a case of an enum (`formEnum`), kept apart from the plan.
    package let hasFormEnum: Bool
    /// The programme's position in its table (`plan.index`), kept apart from the plan.
    package let index: Int
    package let lets: [(DefinitionPlan, Eval)]
    package let traced: Bool
    /// Whether a frame keeps this programme's outcome: when traced, or when another programme
    /// (or a scoring rule) reads it.
    package let keepsOutcome: Bool
    /// The compiled `{placeholders}` of each test's reason, by the test's slot, in the order of
    /// the tree (traced programmes only): a traced decision records their values in its trace.
    package let reasonValues: [(slot: Int, values: [(name: String, expr: TypedExpr, eval: Eval)])]

    package indirect enum CompiledCondition: Sendable {
        /// `slot`: where a traced frame keeps the result (-1: not kept); see ``ConditionPlan/slot``.
        case all([CompiledCondition], slot: Int)
        case any([CompiledCondition], slot: Int)
        case test(Eval, slot: Int)
    }

    /// The values other programmes can read through `programs.<id>`.
    package struct Outcome {
        package var eligible: Value
        package var amount: Value
        /// The form as computed; for an outcome that is not eligible nor undetermined a plain
        /// placeholder (no reference count to copy), which `form(in:)` says as "unknown".
        package var form: Value
        package var status: DecisionStatus

        /// The form as rules read it (`programs.<id>.form`): unknown, with nothing missing,
        /// when the programme is not eligible.
        package func form(in f: Frame) -> Value {
            status == .ineligible || status == .error ? .unknown(f.programs.noFacts) : form
        }

        /// For an undetermined outcome, the facts it waits for: eligibility's, else the amount's,
        /// else the form's; nil otherwise.
        package var missing: MissingFacts? {
            guard status == .undetermined else { return nil }
            if case .unknown(let m) = eligible { return m }
            if case .unknown(let m) = amount { return m }
            if case .unknown(let m) = form { return m }
            return nil
        }
    }

    /// The monthly amount of an eligible outcome of a programme that has one.
    package func amount(of o: Outcome) -> ExactDecimal? {
        guard o.status == .eligible, hasAmount, case .decimal(let d) = o.amount else { return nil }
        return d
    }

    /// The form (case of the programme's form enum) of an eligible outcome, if it has one.
    package func formCase(of o: Outcome) -> Int? {
        guard o.status == .eligible, hasFormEnum, case .enumCase(let i) = o.form else { return nil }
        return i
    }

    package init(plan: ProgramPlan, compiler: Compiler) {
        self.plan = plan
        self.traced = compiler.traced
        self.keepsOutcome = compiler.traced || (plan.index < compiler.referenced.count && compiler.referenced[plan.index])
        func build(_ c: ConditionPlan) -> CompiledCondition {
            switch c {
            case .all(_, _, let kids, let slot): .all(kids.map(build), slot: slot)
            case .any(_, _, let kids, let slot): .any(kids.map(build), slot: slot)
            case .test(_, _, let when, _, _, let slot): .test(compiler.compile(when), slot: slot)
            }
        }
        eligible = plan.eligible.map(build)
        // Closures never pass through Optional.map or `??`: a closure that goes through a generic
        // function comes back wrapped in a reabstraction thunk, paid on every call.
        let none: Eval = { _ in .unknown(.none) }
        if !compiler.traced, let tree = plan.eligible {
            eligibleFast = Self.fast(build(tree))
            hasFastTree = true
        } else {
            eligibleFast = none
            hasFastTree = false
        }
        var reasons: [(slot: Int, values: [(name: String, expr: TypedExpr, eval: Eval)])] = []
        if compiler.traced {
            func collectReasons(_ c: ConditionPlan) {
                switch c {
                case .all(_, _, let k, _), .any(_, _, let k, _): k.forEach(collectReasons)
                case .test(_, _, _, let reason, let values, let slot):
                    guard reason != nil else { return }
                    reasons.append((slot, values.sorted { $0.key < $1.key }.map { ($0.key, $0.value, compiler.compile($0.value)) }))
                }
            }
            plan.eligible.map(collectReasons)
        }
        reasonValues = reasons
        if let a = plan.amount { amount = compiler.compile(a) } else { amount = none }
        if let f = plan.form { form = compiler.compile(f) } else { form = none }
        hasAmount = plan.amount != nil
        hasForm = plan.form != nil
        hasFormEnum = plan.formEnum != nil
        index = plan.index
        // Every household-level value this programme reads: its lets, then the shared definitions
        // they reach, in the order they are first referenced.
        var used: [DefinitionPlan] = []
        var seen: Set<ObjectIdentifier> = []
        func walk(_ t: TypedExpr) {
            if case .definition(let d) = t.kind, seen.insert(ObjectIdentifier(d)).inserted {
                used.append(d)
                walk(d.body)
            }
            if case .recordDefinition(let d, _) = t.kind, seen.insert(ObjectIdentifier(d)).inserted { walk(d.body) }
            t.children.forEach(walk)
        }
        func walkCondition(_ c: ConditionPlan) {
            switch c {
            case .all(_, _, let k, _), .any(_, _, let k, _): k.forEach(walkCondition)
            case .test(_, _, let w, _, _, _): walk(w)
            }
        }
        plan.eligible.map(walkCondition)
        plan.amount.map(walk)
        plan.form.map(walk)
        for l in plan.lets where seen.insert(ObjectIdentifier(l)).inserted {
            used.append(l)
            walk(l.body)
        }
        lets = used.map { d in
            let body = compiler.definition(d)
            return (d, { f throws(EvaluationError) in
                guard let slot = d.cacheSlot else { return .unknown(MissingFacts([.fact(d.name)])) }
                if let v = f.cache[slot] { return v }
                let v = try body(f)
                f.keep(v, slot: slot)
                return v
            })
        }
    }

    /// The untraced three-valued evaluation of a condition tree as closures: `all` stops at the
    /// first false, `any` at the first true, unknowns are merged when nothing decides.
    package static func fast(_ c: CompiledCondition) -> Eval {
        switch c {
        case .test(let e, _): return e
        case .all(let kids, _), .any(let kids, _):
            var all = true
            if case .any = c { all = false }
            let isAll = all
            // Folded into nested pairs from the right: same first-decisive result and the same
            // order of merged unknowns as a flat loop, with no array of closures.
            if kids.isEmpty { return { _ in .bool(isAll) } }
            if kids.count == 1 { return fast(kids[0]) }
            do {
                let a = fast(kids[0])
                let b = kids.count == 2 ? fast(kids[1]) : fast(isAll ? .all(Array(kids.dropFirst()), slot: -1) : .any(Array(kids.dropFirst()), slot: -1))
                return { f throws(EvaluationError) in try ThreeValued.pair(all: isAll, try a(f)) { () throws(EvaluationError) in try b(f) } }
            }
        }
    }

    /// Three-valued evaluation of the tree. Untraced, `all` stops at the first false and `any` at
    /// the first true; traced, every condition is evaluated so that each failure can be explained.
    package func evaluate(_ c: CompiledCondition, _ f: Frame) throws(EvaluationError) -> Value {
        switch c {
        case .test(let e, let slot):
            guard traced else { return try e(f) }
            let start = f.trace.count
            let v = try e(f)
            f.trace.recordCondition(slot, v, events: start..<f.trace.count)
            return v
        case .all(let kids, let slot), .any(let kids, let slot):
            var isAll = true
            if case .any = c { isAll = false }
            var group = ThreeValued.Group(all: isAll)
            for k in kids {
                // Traced, the rest of a decided group is still evaluated for the explanation, but
                // a failure there must not change the outcome the untraced evaluation gives.
                if group.decided != nil {
                    if !traced { break }
                    _ = try? evaluate(k, f)
                    continue
                }
                group.add(try evaluate(k, f))
            }
            let result = group.result
            if traced, slot >= 0 { f.trace.recordCondition(slot, result, events: nil) }
            return result
        }
    }

    /// The labels of the top-level conditions that are false in `f` (cheap: untraced, and the
    /// values they share are already cached by the decision).
    package func failedTopLevel(_ f: Frame) -> [Localized] {
        guard let root = eligible, let rootPlan = plan.eligible else { return [] }
        let kids: [CompiledCondition], plans: [ConditionPlan]
        switch (root, rootPlan) {
        case (.all(let k, _), .all(_, _, let p, _)), (.any(let k, _), .any(_, _, let p, _)): kids = k; plans = p
        default: kids = [root]; plans = [rootPlan]
        }
        var out: [Localized] = []
        for (k, p) in zip(kids, plans) {
            guard case .bool(false)? = try? evaluate(k, f) else { continue }
            switch p {
            case .all(let id, let l, _, _), .any(let id, let l, _, _): out.append(l ?? Localized(uniform: id ?? ""))
            case .test(_, let l, _, _, _, _): out.append(l)
            }
        }
        return out
    }

    /// This programme's outcome in `f`, computed once per frame (kept in the frame when traced
    /// or when another programme reads it).
    package func outcome(_ f: Frame) throws(EvaluationError) -> Outcome {
        let keep = keepsOutcome
        if keep, let o = f.outcomes[index] { return o }
        let eligibility: Value
        if hasFastTree { eligibility = try eligibleFast(f) } else {
            eligibility = try eligible.map { c throws(EvaluationError) in try evaluate(c, f) } ?? .bool(true)
        }
        var amountValue: Value = .decimal(.zero)
        var formValue: Value = .bool(false)
        var status = DecisionStatus.ineligible
        switch eligibility {
        case .bool(true):
            status = .eligible
            if hasAmount {
                amountValue = try amount(f)
                if case .decimal(let d) = amountValue { amountValue = .decimal(d.rounded(places: 2)) }
                if case .int(let i) = amountValue, let d = try? ExactDecimal(integer: i) { amountValue = .decimal(d) }
            }
            formValue = hasForm ? try form(f) : .unknown(f.programs.noFacts)
            if let u = Compiler.mergeUnknown(amountValue, formValue.isUnknown && hasForm ? formValue : .bool(true)) {
                status = .undetermined
                amountValue = u
            }
        case .unknown:
            status = .undetermined
            amountValue = eligibility
            formValue = eligibility
        default:
            break
        }
        let o = Outcome(eligible: eligibility, amount: amountValue, form: formValue, status: status)
        if keep { f.keep(o, program: index) }
        return o
    }

    /// The full decision, with traced details when this program was compiled with tracing: the
    /// values of its lets and, with `listConditions`, every named condition's result as a flat
    /// list (an explanation has them as its tree instead). The trace then also holds the values
    /// of the reasons' placeholders.
    package func decide(_ f: Frame, listConditions: Bool = true) -> Decision {
        defer { if traced { traceReasons(f) } }
        do throws(EvaluationError) {
            let o = try outcome(f)
            let status = o.status
            let missing = o.missing?.facts ?? []
            var formKey: String?, formLabel: Localized?
            if let i = formCase(of: o), let en = plan.formEnum { formKey = en.cases[i]; formLabel = en.labels[i] }
            let amount = amount(of: o)
            var conditions: [ConditionOutcome] = []
            var values: [UsedValue] = []
            if traced {
                if listConditions, let e = plan.eligible { collect(e, depth: 0, f, into: &conditions) }
                for (d, eval) in lets {
                    guard let slot = d.cacheSlot, f.cache[slot] != nil || status != .error else { continue }
                    if let v = f.cache[slot] ?? (try? eval(f)) {
                        values.append(NamedValue(name: d.name, label: d.label, value: v, type: d.type))
                    }
                }
            }
            return Decision(program: plan.id, title: plan.title, status: status, amount: amount, form: formKey, formLabel: formLabel,
                            missing: missing, error: nil, asOf: f.asOf, conditions: conditions, values: values)
        } catch {
            return Decision(program: plan.id, title: plan.title, status: .error, amount: nil, form: nil, formLabel: nil,
                            missing: [], error: error, asOf: f.asOf, conditions: [], values: [])
        }
    }

    /// Records in the trace the value of every reason placeholder of the tree, test by test in
    /// the tree's order (a placeholder that cannot be evaluated is recorded without a value).
    private func traceReasons(_ f: Frame) {
        for (slot, values) in reasonValues {
            f.trace.recordReason(slot, values.map { DecisionTrace.ReasonValue(name: $0.name, expr: $0.expr, value: try? $0.eval(f)) })
        }
    }

    private func collect(_ c: ConditionPlan, depth: Int, _ f: Frame, into out: inout [ConditionOutcome]) {
        let id: String, label: Localized?, kids: [ConditionPlan]
        switch c {
        case .all(let i, let l, let k, _), .any(let i, let l, let k, _): id = i ?? ""; label = l; kids = k
        case .test(let i, let l, _, _, _, _): id = i; label = l; kids = []
        }
        if !id.isEmpty {
            let v = f.trace.result(c.slot)
            var result: Bool?, missing: [MissingInput] = []
            switch v {
            case .bool(let b)?: result = b
            case .unknown(let m)?: missing = m.facts
            default: break
            }
            out.append(ConditionOutcome(id: id, label: label, depth: depth, result: result, evaluated: v != nil, missing: missing))
        }
        for k in kids { collect(k, depth: id.isEmpty ? depth : depth + 1, f, into: &out) }
    }
}
