import QamqorSupport
/// Turns checked expressions into closures. Every name, slot, parameter and function is resolved
/// here, once; evaluation only indexes arrays and calls closures. With `traced: true` each node
/// also records its value in the frame; with `traced: false` that code is not there at all.
package final class Compiler {
    package let traced: Bool
    /// The number of record-level definition slots of the table being compiled (0: no per-record cache).
    package let recordStride: Int
    /// The programmes whose outcome another programme reads (see ``FieldsRead/referencedPrograms(_:)``).
    package let referenced: [Bool]
    /// How many parameter lookups have been compiled: each has its own number, under which a
    /// frame keeps the missing fact of a parameter not in force.
    private var parameterSites = 0
    /// Each definition's compiled body (kept in a struct: a closure stored in a dictionary
    /// directly is called through a reabstraction thunk), and those being compiled.
    private var definitionBodies: [ObjectIdentifier: CompiledExpression] = [:]
    private var compiling: Set<ObjectIdentifier> = []

    package init(traced: Bool, recordStride: Int, referenced: [Bool]) {
        self.traced = traced
        self.recordStride = recordStride
        self.referenced = referenced
    }

    /// The compiled body of a definition, compiled once and shared by every reference. The
    /// closures that use it hold the body itself, so calling it counts no reference.
    package func definition(_ d: DefinitionPlan) -> Eval {
        let key = ObjectIdentifier(d)
        if let b = definitionBodies[key] { return b.run }
        let body = d.body
        // The checker refuses cycles; one that got through evaluates to unknown, not for ever.
        guard compiling.insert(key).inserted else { return { _ in .unknown(MissingFacts([.fact(d.name)])) } }
        defer { compiling.remove(key) }
        let compiled = compile(body)
        definitionBodies[key] = CompiledExpression(compiled)
        return compiled
    }

    package func compile(_ t: TypedExpr) -> Eval {
        let inner = compileNode(t)
        return traced ? DecisionTrace.recording(inner, node: t.id) : inner
    }

    package static func fail(_ code: DiagnosticCode, _ said: Localized, _ t: TypedExpr) -> EvaluationError {
        EvaluationError(code: code, said: said, site: t.site)
    }

    /// "the result of `…` is too large".
    package static func tooLarge(_ t: TypedExpr) -> EvaluationError {
        let x = t.site.text
        return fail(.overflow, Localized("compile.result-too-large", ["x": x]), t)
    }

    package static func arithmeticFault(_ fault: ArithmeticFault, _ t: TypedExpr) -> EvaluationError {
        switch fault {
        case .overflow: tooLarge(t)
        case .divisionByZero: fail(.divisionByZero, Localized("compile.arithmetic-fault.division-by-zero", ["text": t.site.text]), t)
        }
    }

    /// One node of the checked tree as a closure: the simple kinds here, each larger one in a
    /// method of its own (as cel-go's planner plans each kind of node).
    private func compileNode(_ t: TypedExpr) -> Eval {
        switch t.kind {
        case .constant(let v):
            return { _ in v }
        case .list(let xs):
            return compileList(t, xs)
        case .rootField(let slot, _):
            return { f in f.root[slot] }
        case .item(let depth):
            return { f in f.item(depth) }
        case .itemField(let depth, let slot, _):
            return { f in f.itemField(depth, slot) }
        case .field(let base, let slot, _):
            return compileField(t, base, slot)
        case .definition(let d):
            return compileDefinition(t, d)
        case .recordDefinition(let d, let base):
            return compileRecordDefinition(t, d, base)
        case .parameter(let p, let key, let date):
            return compileParameter(t, p, key, date)
        case .programOutcome(let plan, let field):
            return compileProgramOutcome(t, plan, field)
        case .asOf:
            return { f in .date(f.asOf) }
        case .applicant:
            return { f in f.applicant }
        case .marks:
            return { f in f.marks }
        case .call(let builtin, let args):
            return compileCall(t, builtin, args)
        case .collection(let op, let list, let body):
            // `sum(filter(xs, p), e)` and the like run as one loop, without building the filtered list.
            if op != .filter, case .collection(.filter, let inner, let predicate?) = list.kind {
                return compileCollection(t, op, compile(inner), body, body?.type ?? elementType(list.type), filter: predicate)
            }
            return compileCollection(t, op, compile(list), body, body?.type ?? elementType(list.type))
        case .negate(let x):
            return compileNegate(t, x)
        case .not(let x):
            return compileNot(t, x)
        case .arithmetic(let op, let a, let b):
            return compileArithmetic(t, op, compile(a), compile(b), integer: t.type == .integer)
        case .compare(let op, let a, let b):
            // Against a constant (`city == "almaty"`, `age < 18`): no closure call for the constant.
            if !traced, case .constant(let c) = b.kind, !c.isUnknown {
                return compileCompare(op, compile(a), constant: c)
            }
            return compileCompare(op, compile(a), compile(b))
        case .and(let a, let b):
            let x = compile(a), y = compile(b)
            return { f throws(EvaluationError) in try ThreeValued.pair(all: true, try x(f)) { () throws(EvaluationError) in try y(f) } }
        case .or(let a, let b):
            let x = compile(a), y = compile(b)
            return { f throws(EvaluationError) in try ThreeValued.pair(all: false, try x(f)) { () throws(EvaluationError) in try y(f) } }
        case .membership(let negated, let a, let b):
            return compileMembership(t, negated, a, b)
        case .between(let x, let lo, let hi):
            return compileBetween(t, x, lo, hi)
        case .conditional(let c, let a, let b):
            return compileConditional(t, c, a, b)
        }
    }

    /// A list literal: built once when every item is a constant.
    private func compileList(_ t: TypedExpr, _ xs: [TypedExpr]) -> Eval {
        // A list of constants is built once, at compile time.
        let constants = xs.compactMap { x -> Value? in if case .constant(let v) = x.kind { v } else { nil } }
        if constants.count == xs.count { let v = Value.list(constants); return { _ in v } }
        let items = xs.map(compile)
        return { f throws(EvaluationError) in
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for i in items { out.append(try i(f)) }
            return .list(out)
        }
    }

    /// A field of a record value.
    private func compileField(_ t: TypedExpr, _ base: TypedExpr, _ slot: Int) -> Eval {
        // `application.date`: the two steps in one closure when not tracing the inner one.
        if !traced, case .rootField(let outer, _) = base.kind {
            return { f in
                switch f.root[outer] {
                case .record(let r): return r[slot]
                case let other: return other
                }
            }
        }
        let b = compile(base)
        return { f throws(EvaluationError) in
            switch try b(f) {
            case .record(let r): return r[slot]
            case let other: return other
            }
        }
    }

    /// A household-level definition or `let`: computed once per decision, then read from the frame.
    private func compileDefinition(_ t: TypedExpr, _ d: DefinitionPlan) -> Eval {
        let body = definition(d)
        guard let slot = d.cacheSlot else { return { _ in .unknown(MissingFacts([.fact(d.name)])) } }
        return { f throws(EvaluationError) in
            if let v = f.cache[slot] { return v }
            let v = try body(f)
            f.keep(v, slot: slot)
            return v
        }
    }

    /// A definition on a record type (a member's `age`), computed for the record given.
    private func compileRecordDefinition(_ t: TypedExpr, _ d: DefinitionPlan, _ base: TypedExpr) -> Eval {
        let body = definition(d)
        let b = compile(base)
        if !traced, let slot = d.recordSlot, recordStride > 0, case .item(let depth) = base.kind {
            // The definition of the item in scope (`age` inside `count(members, age < 18)`),
            // the commonest case: a cached value is found without copying the item.
            let stride = recordStride
            return { f throws(EvaluationError) in
                let ordinal = f.itemOrdinal(depth)
                guard ordinal >= 0 else {
                    let record = f.item(depth)
                    if record.isUnknown { return record }
                    f.pushItem(depth)
                    defer { f.pop() }
                    return try body(f)
                }
                let index = ordinal * stride + slot
                if let v = f.recordValue(index) { return v }
                f.pushItem(depth)
                defer { f.pop() }
                let v = try body(f)
                f.keepRecordValue(v, at: index)
                return v
            }
        }
        if !traced, let slot = d.recordSlot, recordStride > 0 {
            // Kept once per record and decision: a member's age is computed once, however many
            // conditions and programmes read it.
            let stride = recordStride
            return { f throws(EvaluationError) in
                let record = try b(f)
                guard case .record(let r) = record, r.ordinal >= 0 else {
                    if record.isUnknown { return record }
                    f.push(borrowing: record)
                    defer { f.pop(); withExtendedLifetime(record) {} }
                    return try body(f)
                }
                let index = r.ordinal * stride + slot
                if let v = f.recordValue(index) { return v }
                f.push(borrowing: record)
                defer { f.pop(); withExtendedLifetime(record) {} }
                let v = try body(f)
                f.keepRecordValue(v, at: index)
                return v
            }
        }
        return { f throws(EvaluationError) in
            let record = try b(f)
            if record.isUnknown { return record }
            f.push(borrowing: record)
            defer { f.pop(); withExtendedLifetime(record) {} }
            return try body(f)
        }
    }

    /// A parameter's value for a key and a day; a figure the rules lack is a rules gap.
    private func compileParameter(_ t: TypedExpr, _ p: ParameterTable, _ key: TypedExpr?, _ date: TypedExpr?) -> Eval {
        let hasKey = key != nil, hasDate = date != nil
        let none: Eval = { _ in .bool(false) }
        let k: Eval, d: Eval
        if let key { k = compile(key) } else { k = none }
        if let date { d = compile(date) } else { d = none }
        let site = parameterSites
        parameterSites += 1
        // A traced decision keeps which dated figure each ageing parameter gave (its month and
        // publication go into the explanation); an untraced one has no such code.
        let traceFigures = traced && p.staleAfterMonths != nil
        // A parameter the rules fall back from (`required: false`) usually has no value at all
        // for most keys (a poverty line a few regions published, a median none did): such a
        // miss is one shared value per key, made here, with no date to look up or to say.
        let unvalued: [Value?] = p.required ? [] : p.unvaluedKeys.map { i in
            i.map { i in .unknown(MissingFacts([.rulesGap(RulesGap(parameter: p.name, key: p.key.map { $0.cases[i] }, day: nil))])) }
        }
        let shortcut = !unvalued.isEmpty
        return { f throws(EvaluationError) in
            var index: Int?
            if shortcut {
                // The key first: most keys have no value, and then the date is not needed.
                if hasKey {
                    switch try k(f) {
                    case .enumCase(let i): index = i
                    case let other: return other
                    }
                }
                let i = index ?? 0
                if i < unvalued.count, let miss = unvalued[i] { return miss }
            }
            var day = f.asOf
            if hasDate {
                switch try d(f) {
                case .date(let x): day = x
                case let other: return other
                }
            }
            if hasKey && !shortcut {
                switch try k(f) {
                case .enumCase(let i): index = i
                case let other: return other
                }
            }
            if traceFigures {
                if let e = p.entry(on: day, key: index) {
                    f.trace.recordFigure(p, key: index, day: day, entry: e)
                    return e.value
                }
            } else if let v = p.value(on: day, key: index) {
                return v
            }
            // Made once per thread, site, key and date: `default(…)` usually drops it at once.
            return .unknown(f.missingParameter(site: site, key: index, day: day) {
                RulesGap(parameter: p.name, key: index.flatMap { i in p.key.map { $0.cases[i] } }, day: day)
            })
        }
    }

    /// Another programme's outcome in the same decision (`programs.<id>.eligible`).
    private func compileProgramOutcome(_ t: TypedExpr, _ plan: ProgramPlan, _ field: TypedExpr.OutcomeField) -> Eval {
        let index = plan.index
        // The table is the frame's (a decision holds its table through its frame): the closure
        // holds no reference to the table that holds it.
        return { f throws(EvaluationError) in
            let outcome = try f.programs.outcome(program: index, f)
            switch field {
            case .eligible: return outcome.eligible
            case .amount: return outcome.amount
            case .form: return outcome.form(in: f)
            case .status: return .text(outcome.status.rawValue)
            }
        }
    }

    /// `-x`.
    private func compileNegate(_ t: TypedExpr, _ x: TypedExpr) -> Eval {
        let e = compile(x)
        return { f throws(EvaluationError) in
            switch try e(f) {
            case .int(let i):
                if i == .min { throw Compiler.tooLarge(t) }
                return .int(-i)
            case .decimal(let d):
                do throws(ArithmeticFault) { return .decimal(try d.negated()) } catch { throw Compiler.arithmeticFault(error, t) }
            case let other: return other
            }
        }
    }

    /// `not x`, three-valued.
    private func compileNot(_ t: TypedExpr, _ x: TypedExpr) -> Eval {
        let e = compile(x)
        return { f throws(EvaluationError) in
            switch try e(f) {
            case .bool(let b): return .bool(!b)
            case let other: return other
            }
        }
    }

    /// `x in list` and `x not in list`.
    private func compileMembership(_ t: TypedExpr, _ negated: Bool, _ a: TypedExpr, _ b: TypedExpr) -> Eval {
        let x = compile(a)
        // `kind in ["ata", "stipend", …]`: enum cases against a constant list → a bit mask.
        if case .list(let items) = b.kind, case .enumeration(let en) = a.type, en.cases.count <= 64,
           items.allSatisfy({ if case .constant(.enumCase) = $0.kind { true } else { false } }) {
            var bits: UInt64 = 0
            for i in items { if case .constant(.enumCase(let c)) = i.kind { bits |= 1 << UInt64(c) } }
            let mask = bits
            return { f throws(EvaluationError) in
                let v = try x(f)
                guard case .enumCase(let c) = v else { return v }
                return .bool(((mask >> UInt64(c)) & 1 == 1) != negated)
            }
        }
        let y = compile(b)
        return { f throws(EvaluationError) in
            let needle = try x(f)
            let hay = try y(f)
            // `month in income_quarter`: a date in a period, the common case, without copies.
            if case .date(let d) = needle, case .period(let p) = hay { return .bool(p.contains(d) != negated) }
            if let u = Compiler.mergeUnknown(needle, hay) { return u }
            var found = false
            switch hay {
            case .period(let p):
                if case .date(let d) = needle { found = p.contains(d) }
            case .list(let xs):
                var unknown: Value?
                for v in xs {
                    if v.isUnknown { unknown = Compiler.mergeUnknown(unknown ?? v, v); continue }
                    if Compiler.equal(needle, v) { found = true; break }
                }
                if !found, let u = unknown { return u }
            default: break
            }
            return .bool(found != negated)
        }
    }

    /// `x between lo and hi`, both ends included.
    private func compileBetween(_ t: TypedExpr, _ x: TypedExpr, _ lo: TypedExpr, _ hi: TypedExpr) -> Eval {
        let v = compile(x), l = compile(lo), h = compile(hi)
        return { f throws(EvaluationError) in
            let a = try v(f), b = try l(f), c = try h(f)
            if let u = Compiler.mergeUnknown(Compiler.mergeUnknown(a, b) ?? .bool(true), c) { if u.isUnknown { return u } }
            return .bool(Compiler.order(b, a) <= 0 && Compiler.order(a, c) <= 0)
        }
    }

    /// `if c then a else b`: only the branch taken is evaluated.
    private func compileConditional(_ t: TypedExpr, _ c: TypedExpr, _ a: TypedExpr, _ b: TypedExpr) -> Eval {
        let cond = compile(c), x = compile(a), y = compile(b)
        return { f throws(EvaluationError) in
            switch try cond(f) {
            case .bool(true): return try x(f)
            case .bool(false): return try y(f)
            case let other: return other
            }
        }
    }

    package func elementType(_ t: ValueType) -> ValueType {
        if case .list(let e) = t { return e }
        return .integer
    }

    /// The union of the missing facts of any unknown operands, or nil when none is unknown.
    @inline(__always) package static func mergeUnknown(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.unknown(let x), .unknown(let y)): return .unknown(x.merged(with: y))
        case (.unknown, _): return a
        case (_, .unknown): return b
        default: return nil
        }
    }

    package static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.enumCase(let x), .enumCase(let y)): return x == y
        case (.text(let x), .text(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.period(let x), .period(let y)): return x == y
        default:
            if let x = a.asDecimal, let y = b.asDecimal { return x == y }
            return false
        }
    }

    /// -1, 0 or 1 for ordered values (numbers, dates, text): ``Value/order(_:_:)``.
    @inline(__always) package static func order(_ a: Value, _ b: Value) -> Int { Value.order(a, b) }

    private func compileCompare(_ op: BinaryOperator, _ x: @escaping Eval, constant b: Value) -> Eval {
        // An enum case, a whole number or a date against a constant of the same kind: compared
        // directly, without the general two-value switch; anything else takes the general path.
        switch (op, b) {
        case (.equal, .enumCase(let c)), (.notEqual, .enumCase(let c)):
            let equal = op == .equal
            return { f throws(EvaluationError) in
                let a = try x(f)
                if case .enumCase(let i) = a { return .bool((i == c) == equal) }
                return a.isUnknown ? a : .bool(Compiler.equal(a, b) == equal)
            }
        case (_, .int(let c)) where op != .equal && op != .notEqual:
            return { f throws(EvaluationError) in
                let a = try x(f)
                if case .int(let i) = a { return .bool(Compiler.holds(op, i < c ? -1 : i == c ? 0 : 1)) }
                return a.isUnknown ? a : .bool(Compiler.holds(op, Compiler.order(a, b)))
            }
        case (_, .date(let c)) where op != .equal && op != .notEqual:
            return { f throws(EvaluationError) in
                let a = try x(f)
                if case .date(let d) = a { return .bool(Compiler.holds(op, d < c ? -1 : d == c ? 0 : 1)) }
                return a.isUnknown ? a : .bool(Compiler.holds(op, Compiler.order(a, b)))
            }
        default: break
        }
        switch op {
        case .equal: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(Compiler.equal(a, b)) }
        case .notEqual: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(!Compiler.equal(a, b)) }
        case .less: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(Compiler.order(a, b) < 0) }
        case .lessEqual: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(Compiler.order(a, b) <= 0) }
        case .greater: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(Compiler.order(a, b) > 0) }
        case .greaterEqual: return { f throws(EvaluationError) in let a = try x(f); return a.isUnknown ? a : .bool(Compiler.order(a, b) >= 0) }
        default: return compileCompare(op, x, { _ in b })
        }
    }

    /// Whether an ordering result (-1, 0, 1) satisfies `op`.
    @inline(__always) package static func holds(_ op: BinaryOperator, _ o: Int) -> Bool {
        switch op {
        case .less: o < 0
        case .lessEqual: o <= 0
        case .greater: o > 0
        case .greaterEqual: o >= 0
        case .equal: o == 0
        case .notEqual: o != 0
        default: false
        }
    }

    private func compileCompare(_ op: BinaryOperator, _ x: @escaping Eval, _ y: @escaping Eval) -> Eval {
        { f throws(EvaluationError) in
            let a = try x(f), b = try y(f)
            if let u = Compiler.mergeUnknown(a, b) { return u }
            switch op {
            case .equal: return .bool(Compiler.equal(a, b))
            case .notEqual: return .bool(!Compiler.equal(a, b))
            case .less: return .bool(Compiler.order(a, b) < 0)
            case .lessEqual: return .bool(Compiler.order(a, b) <= 0)
            case .greater: return .bool(Compiler.order(a, b) > 0)
            case .greaterEqual: return .bool(Compiler.order(a, b) >= 0)
            default: return .bool(false)
            }
        }
    }

    private func compileArithmetic(_ t: TypedExpr, _ op: TypedExpr.ArithmeticOp, _ x: @escaping Eval, _ y: @escaping Eval, integer: Bool) -> Eval {
        if integer {
            return { f throws(EvaluationError) in
                let a = try x(f), b = try y(f)
                guard case .int(let l) = a, case .int(let r) = b else { return Compiler.mergeUnknown(a, b) ?? a }
                let (v, o): (Int64, Bool) = switch op {
                case .add: l.addingReportingOverflow(r)
                case .subtract: l.subtractingReportingOverflow(r)
                case .multiply: l.multipliedReportingOverflow(by: r)
                case .divide: (0, true)
                }
                if o { throw Compiler.tooLarge(t) }
                return .int(v)
            }
        }
        return { f throws(EvaluationError) in
            let a = try x(f), b = try y(f)
            if let u = Compiler.mergeUnknown(a, b) { return u }
            guard let l = a.asDecimal, let r = b.asDecimal else {
                throw Compiler.fail(.overflow, Localized("compile.number-too-large", ["text": t.site.text]), t)
            }
            do throws(ArithmeticFault) {
                switch op {
                case .add: return .decimal(try l.adding(r))
                case .subtract: return .decimal(try l.subtracting(r))
                case .multiply: return .decimal(try l.multiplied(by: r))
                case .divide: return .decimal(try l.divided(by: r))
                }
            } catch {
                throw Compiler.arithmeticFault(error, t)
            }
        }
    }
}
