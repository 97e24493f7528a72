extension Checker {
    /// The type of `a op b` for arithmetic, or nil when it has none.
    static func arithmeticType(_ op: TypedExpr.ArithmeticOp, _ a: ValueType, _ b: ValueType) -> ValueType? {
        switch (op, a, b) {
        case (_, .integer, .integer): return op == .divide ? .decimal : .integer
        case (.divide, .money, .money): return .decimal
        case (.add, .money, _), (.subtract, .money, _), (.add, _, .money), (.subtract, _, .money):
            return a.isNumeric && b.isNumeric ? .money : nil
        case (.multiply, .money, .money): return nil
        case (.multiply, .money, _), (.multiply, _, .money): return a.isNumeric && b.isNumeric ? .money : nil
        case (.divide, .money, _): return b.isNumeric ? .money : nil
        case (.divide, _, .money): return nil
        default: return a.isNumeric && b.isNumeric ? .decimal : nil
        }
    }

    func checkBinary(_ e: Expr, _ op: BinaryOperator, _ a: Expr, _ b: Expr) -> TypedExpr? {
        switch op {
        case .and, .or:
            let ta = check(a), tb = check(b)
            guard let ta, let tb else { return nil }
            for (t, src) in [(ta, a), (tb, b)] where t.type != .boolean {
                error("type-mismatch", "`\(op.rawValue)` joins yes/no conditions, but this is \(t.type)", src); return nil
            }
            return make(e, .boolean, op == .and ? .and(ta, tb) : .or(ta, tb))
        case .add, .subtract, .multiply, .divide:
            let ta = check(a), tb = check(b)
            guard let ta, let tb else { return nil }
            let aop = TypedExpr.ArithmeticOp(rawValue: op.rawValue)!
            if ta.type == .date || tb.type == .date {
                error("type-mismatch", "dates cannot be used with `\(op.rawValue)`", e, help: "use add_days, add_months, months_between or days_between")
                return nil
            }
            guard let t = Checker.arithmeticType(aop, ta.type, tb.type) else {
                error("type-mismatch", "cannot apply `\(op.rawValue)` to \(ta.type) and \(tb.type)", e); return nil
            }
            return make(e, t, .arithmetic(aop, ta, tb))
        case .in, .notIn:
            var ta: TypedExpr?, tb: TypedExpr?
            if case .string = a.kind {
                // `"child_under_3" in caring_for`: the list's element type gives the literal its enum.
                tb = check(b)
                if case .list(let el)? = tb?.type { ta = check(a, expected: el) } else { ta = check(a) }
            } else {
                ta = check(a)
                if let t = ta { tb = check(b, expected: t.type == .date ? nil : .list(t.type)) } else { _ = check(b) }
            }
            guard let ta, let tb else { return nil }
            switch tb.type {
            case .period where ta.type == .date: break
            case .emptyList: break
            case .list(let el) where Checker.comparable(ta.type, el) || ta.type == el: break
            default:
                error("type-mismatch", "cannot look for \(ta.type) in \(tb.type)", e); return nil
            }
            return make(e, .boolean, .membership(negated: op == .notIn, ta, tb))
        default:
            // Comparisons. A text literal on either side takes the other side's enum type.
            var ta: TypedExpr?, tb: TypedExpr?
            if case .string = a.kind {
                tb = check(b); ta = check(a, expected: tb?.type)
            } else {
                ta = check(a); tb = check(b, expected: ta?.type)
            }
            guard let ta, let tb else { return nil }
            if !Checker.comparable(ta.type, tb.type) {
                error("type-mismatch", "cannot compare \(ta.type) with \(tb.type)", e,
                      help: ta.type == .string || tb.type == .string ? "text is compared only with text; numbers are written without quotes" : nil)
                return nil
            }
            if op != .equal && op != .notEqual {
                switch ta.type {
                case .boolean, .enumeration, .record, .list:
                    error("type-mismatch", "\(ta.type) values have no order; use == or !=", e); return nil
                default: break
                }
            }
            return make(e, .boolean, .compare(op, ta, tb))
        }
    }
}
