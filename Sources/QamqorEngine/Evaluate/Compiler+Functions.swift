extension Compiler {
    func compileCall(_ t: TypedExpr, _ f: Builtin, _ typed: [TypedExpr]) -> Eval {
        // Each argument is compiled into its own constant: a closure taken out of an array would be
        // called through a reabstraction thunk.
        switch f {
        case .default:
            let a = compile(typed[0]), b = compile(typed[1])
            return { fr throws(EvaluationError) in
                let v = try a(fr)
                return v.isUnknown ? try b(fr) : v
            }
        case .known:
            let a = compile(typed[0])
            return { fr throws(EvaluationError) in .bool(!(try a(fr)).isUnknown) }
        default: break
        }
        let resultIsInteger = t.type == .integer
        // One and two arguments (nearly every call) without building an argument array.
        if typed.count == 1 {
            let a = compile(typed[0])
            return { fr throws(EvaluationError) in
                let x = try a(fr)
                if x.isUnknown { return x }
                return try Compiler.apply(f, CollectionOfOne(x), t, integer: resultIsInteger)
            }
        }
        if typed.count == 2 {
            let a = compile(typed[0]), b = compile(typed[1])
            return { fr throws(EvaluationError) in
                let x = try a(fr), y = try b(fr)
                if let u = Compiler.mergeUnknown(x, y) { return u }
                return try Compiler.apply(f, Pair(x, y), t, integer: resultIsInteger)
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
            return try Compiler.apply(f, values, t, integer: resultIsInteger)
        }
    }

    /// Two values as a collection, without a heap allocation.
    struct Pair: RandomAccessCollection {
        let a: Value, b: Value
        init(_ a: Value, _ b: Value) { self.a = a; self.b = b }
        var startIndex: Int { 0 }
        var endIndex: Int { 2 }
        subscript(i: Int) -> Value { i == 0 ? a : b }
    }

    static func apply<C: RandomAccessCollection>(_ f: Builtin, _ v: C, _ t: TypedExpr, integer: Bool) throws(EvaluationError) -> Value where C.Element == Value, C.Index == Int {
        func date(_ i: Int) -> Day { if case .date(let d) = v[i] { return d }; return Day(ordinal: 0) }
        func int(_ i: Int) -> Int64 { if case .int(let x) = v[i] { return x }; return 0 }
        func period(_ i: Int) -> DayRange {
            if case .period(let p) = v[i] { return p }
            return DayRange(first: Day(ordinal: 0), last: Day(ordinal: 0))
        }
        func boundedInt(_ i: Int) throws(EvaluationError) -> Int {
            let x = int(i)
            guard abs(x) <= 1_000_000 else { throw Compiler.dateTooFar(t) }
            return Int(x)
        }
        switch f {
        case .age_on: return .int(Int64(date(0).years(until: date(1))))
        case .months_between: return .int(Int64(date(0).months(until: date(1))))
        case .days_between: return .int(Int64(date(1).ordinal) - Int64(date(0).ordinal))
        case .quarter_of: return .period(DayRange.quarter(containing: date(0)))
        case .previous_quarter: return .period(DayRange.quarter(containing: date(0).quarterStart.adding(days: -1)))
        case .month_of:
            let s = date(0).monthStart
            return .period(DayRange(first: s, last: s.adding(months: 1).adding(days: -1)))
        case .start_of: return .date(period(0).first)
        case .end_of: return .date(period(0).last)
        case .add_days: return .date(date(0).adding(days: try boundedInt(1)))
        case .add_months: return .date(date(0).adding(months: try boundedInt(1)))
        case .add_years:
            let n = try boundedInt(1)
            guard abs(n) <= 10_000 else { throw Compiler.dateTooFar(t) }
            return .date(date(0).adding(months: n * 12))
        case .year_of: return .int(Int64(date(0).year))
        case .round:
            if case .int = v[0] { return v[0] }
            let places = v.count > 1 ? Int(int(1)) : 0
            return .decimal(v[0].asDecimal!.rounded(places: places))
        case .floor:
            if case .int = v[0] { return v[0] }
            return .decimal(v[0].asDecimal!.floored())
        case .least, .greatest:
            var best = v[0]
            for x in v.dropFirst() {
                let o = order(x, best)
                if (f == .least && o < 0) || (f == .greatest && o > 0) { best = x }
            }
            if !integer, case .int(let i) = best, let d = try? ExactDecimal(integer: i) { return .decimal(d) }
            return best
        case .default, .known: return v[0]
        }
    }

    /// Compiles a collection function; with `filter`, only the items for which it holds take part
    /// (an item for which it is unknown makes the result unknown), as if the list had been filtered.
    func compileCollection(_ t: TypedExpr, _ op: CollectionOp, _ list: @escaping Eval, _ bodyExpr: TypedExpr?, _ valueType: ValueType, filter filterExpr: TypedExpr? = nil) -> Eval {
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
                xs.withUnsafeBufferPointer { f.push(from: $0.baseAddress! + k) }
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
                let want = op == .any
                for k in xs.indices {
                    guard let v = try eval(k, &unknown) else { continue }
                    switch v {
                    case .bool(let b): if b == want { return .bool(want) }
                    case let other: note(other, &unknown)
                    }
                }
                return unknown ?? .bool(!want)
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
                    throw Compiler.fail(.emptyList, Localized(kk: "`\(t.site.text)`: \(op.rawValue) табу үшін тізімде элемент жоқ", ru: "`\(t.site.text)`: в списке нет элементов, чтобы взять \(op.rawValue)", en: "`\(t.site.text)` has no items to take the \(op.rawValue) of"), t)
                }
                return best
            }
        }
    }
}

extension Compiler {
    /// "`…` moves a date too far".
    static func dateTooFar(_ t: TypedExpr) -> EvaluationError {
        let x = t.site.text
        return fail(.overflow, Localized(kk: "`\(x)` күнді тым алысқа жылжытады", ru: "`\(x)` сдвигает дату слишком далеко", en: "`\(x)` moves a date too far"), t)
    }
}
