import QamqorSupport
extension Compiler {
    /// A call of a builtin function: its arguments evaluated as it declares (``ArgumentEvaluation``): by default its arguments
    /// evaluated (an unknown one makes the result unknown) and its implementation applied.
    package func compileCall(_ t: TypedExpr, _ f: BuiltinFunction, _ typed: [TypedExpr]) -> Eval {
        switch f.arguments {
        case .eager: break
        case .fallback:
            let a = compile(typed[0]), b = compile(typed[1])
            return { fr throws(EvaluationError) in
                let v = try a(fr)
                return v.isUnknown ? try b(fr) : v
            }
        case .knownness:
            let a = compile(typed[0])
            return { fr throws(EvaluationError) in .bool(!(try a(fr)).isUnknown) }
        }
        let apply = f.apply
        // Each argument is compiled into its own constant: a closure taken out of an array would be
        // called through a reabstraction thunk. One and two arguments (nearly every call) build no array.
        if typed.count == 1 {
            let a = compile(typed[0])
            return { fr throws(EvaluationError) in
                let x = try a(fr)
                if x.isUnknown { return x }
                return try apply(BuiltinArguments(x), t)
            }
        }
        if typed.count == 2 {
            let a = compile(typed[0]), b = compile(typed[1])
            return { fr throws(EvaluationError) in
                let x = try a(fr), y = try b(fr)
                if let u = Compiler.mergeUnknown(x, y) { return u }
                return try apply(BuiltinArguments(x, y), t)
            }
        }
        let args = typed.map(compile)
        return { fr throws(EvaluationError) in
            var values: [Value] = []
            values.reserveCapacity(args.count)
            var unknown: Value?
            for a in args {
                let v = try a(fr)
                if v.isUnknown { unknown = unknown.map { Compiler.mergeUnknown($0, v) ?? $0 } ?? v }
                values.append(v)
            }
            if let u = unknown { return u }
            return try apply(BuiltinArguments(values), t)
        }
    }

    /// Compiles a collection function; with `filter`, only the items for which it holds take part
    /// (an item for which it is unknown makes the result unknown), as if the list had been filtered.
    package func compileCollection(_ t: TypedExpr, _ op: CollectionOp, _ list: @escaping Eval, _ bodyExpr: TypedExpr?, _ valueType: ValueType, filter filterExpr: TypedExpr? = nil) -> Eval {
        let integer = valueType == .integer
        // Plain closures and flags: an optional closure is called through a reabstraction thunk.
        let hasBody = bodyExpr != nil, hasFilter = filterExpr != nil
        let identity: Eval = { _ in .bool(true) }
        let body: Eval, filter: Eval
        if let b = bodyExpr { body = compile(b) } else { body = identity }
        if let p = filterExpr { filter = compile(p) } else { filter = identity }
        return { f throws(EvaluationError) in
            let l = try list(f)
            guard case .list(let xs) = l else { return l }
            // Items are brought into scope from the list's memory: it must outlive the loop.
            defer { withExtendedLifetime(xs) {} }
            var unknown: Value?
            // Passed in and out, not captured: a captured `var` would be checked for exclusive access on every item.
            func note(_ v: Value, _ unknown: inout Value?) { unknown = unknown.map { Compiler.mergeUnknown($0, v) ?? $0 } ?? v }
            /// The value of item `k` for the operation, or nil when the filter leaves it out. The
            /// item is brought into scope straight from the list's memory (which `xs` keeps alive
            /// for the whole loop): iterating copies no item and counts no reference.
            @inline(__always) func eval(_ k: Int, _ unknown: inout Value?) throws(EvaluationError) -> Value? {
                if !hasBody && !hasFilter { return xs[k] }
                f.push(elementOf: xs, at: k)
                defer { f.pop() }
                if hasFilter {
                    switch try filter(f) {
                    case .bool(true): break
                    case .bool(false): return nil
                    case let p: note(p, &unknown); return nil
                    }
                }
                guard hasBody else { return xs[k] }
                return try body(f)
            }
            switch op {
            case .count:
                if !hasBody && !hasFilter { return .int(Int64(xs.count)) }
                var n: Int64 = 0
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    if !hasBody { n += 1; continue }
                    switch v {
                    case .bool(true): n += 1
                    case .bool(false): break
                    case let other: note(other, &unknown)
                    }
                }
                return unknown ?? .int(n)
            case .any, .all:
                let all = op == .all
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    if ThreeValued.decides(v, all: all) { return v }
                    if v.isUnknown { note(v, &unknown) }
                }
                return unknown ?? .bool(all)
            case .filter:
                var out: [Value] = []
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    switch v {
                    case .bool(true): out.append(xs[k])
                    case .bool(false): break
                    case let other: note(other, &unknown)
                    }
                }
                return unknown ?? .list(out)
            case .sum:
                if integer {
                    var s: Int64 = 0
                    for k in xs.indices {
                        guard let v = try eval(k, &unknown) else { continue }
                        switch v {
                        case .int(let i):
                            let (r, o) = s.addingReportingOverflow(i)
                            if o { throw Compiler.tooLarge(t) }
                            s = r
                        case let other: note(other, &unknown)
                        }
                    }
                    return unknown ?? .int(s)
                }
                var s = ExactDecimal.zero
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    if v.isUnknown { note(v, &unknown); continue }
                    guard let d = v.asDecimal else { continue }
                    do throws(ArithmeticFault) { s = try s.adding(d) } catch { throw Compiler.arithmeticFault(error, t) }
                }
                return unknown ?? .decimal(s)
            case .min, .max:
                var best: Value?
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    if v.isUnknown { note(v, &unknown); continue }
                    if let b = best {
                        let o = Compiler.order(v, b)
                        if (op == .min && o < 0) || (op == .max && o > 0) { best = v }
                    } else { best = v }
                }
                if let u = unknown { return u }
                guard let best else {
                    throw Compiler.fail(.emptyList, Localized("compile.best", ["text": t.site.text, "op": op.rawValue]), t)
                }
                return best
            }
        }
    }
}


