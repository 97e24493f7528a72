import QamqorSupport
extension Checker {
    /// The type of `a op b` for arithmetic, or nil when it has none.
    package static func arithmeticType(_ op: TypedExpr.ArithmeticOp, _ a: ValueType, _ b: ValueType) -> ValueType? {
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

    package func checkBinary(_ e: Expr, _ op: BinaryOperator, _ a: Expr, _ b: Expr) -> TypedExpr? {
        switch op {
        case .and, .or:
            let ta = check(a), tb = check(b)
            guard let ta, let tb else { return nil }
            for (t, src) in [(ta, a), (tb, b)] where t.type != .boolean {
                error(.typeMismatch, Localized("check.joins-yes-no-conditions", ["op": op.rawValue, "type": t.type.said]), src); return nil
            }
            return make(e, .boolean, op == .and ? .and(ta, tb) : .or(ta, tb))
        case .add, .subtract, .multiply, .divide:
            let ta = check(a), tb = check(b)
            guard let ta, let tb else { return nil }
            let aop = TypedExpr.ArithmeticOp(rawValue: op.rawValue)!
            if ta.type == .date || tb.type == .date {
                error(.typeMismatch, Localized("check.dates-cannot-used-with", ["op": op.rawValue]), e,
                      help: Localized("check.use-add-days-add"))
                return nil
            }
            guard let t = Checker.arithmeticType(aop, ta.type, tb.type) else {
                error(.typeMismatch, Localized("check.cannot-apply", ["opRawValue": op.rawValue, "taTypeSaid": ta.type.said, "tbTypeSaid": tb.type.said]), e); return nil
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
                error(.typeMismatch, Localized("check.cannot-look", ["taTypeSaid": ta.type.said, "tbTypeSaid": tb.type.said]), e); return nil
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
                error(.typeMismatch, Self.cannotCompare(ta.type, tb.type), e,
                      help: ta.type == .string || tb.type == .string
                          ? Localized("check.text-compared-only-with")
                          : nil)
                return nil
            }
            if op != .equal && op != .notEqual {
                switch ta.type {
                case .boolean, .enumeration, .record, .list:
                    error(.typeMismatch, Localized("check.values-have-no-order", ["type": ta.type.said]), e); return nil
                default: break
                }
            }
            return make(e, .boolean, .compare(op, ta, tb))
        }
    }
}
