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
                error(.typeMismatch, Localized(kk: "`\(op.rawValue)` иә/жоқ шарттарын біріктіреді, ал мынау: \(t.type.said.kk)", ru: "`\(op.rawValue)` соединяет условия да/нет, а здесь: \(t.type.said.ru)", en: "`\(op.rawValue)` joins yes/no conditions, but this is \(t.type)"), src); return nil
            }
            return make(e, .boolean, op == .and ? .and(ta, tb) : .or(ta, tb))
        case .add, .subtract, .multiply, .divide:
            let ta = check(a), tb = check(b)
            guard let ta, let tb else { return nil }
            let aop = TypedExpr.ArithmeticOp(rawValue: op.rawValue)!
            if ta.type == .date || tb.type == .date {
                error(.typeMismatch, Localized(kk: "күндерге `\(op.rawValue)` қолданылмайды", ru: "к датам нельзя применять `\(op.rawValue)`", en: "dates cannot be used with `\(op.rawValue)`"), e,
                      help: Localized(kk: "add_days, add_months, months_between немесе days_between қолданыңыз", ru: "используйте add_days, add_months, months_between или days_between", en: "use add_days, add_months, months_between or days_between"))
                return nil
            }
            guard let t = Checker.arithmeticType(aop, ta.type, tb.type) else {
                error(.typeMismatch, Localized(kk: "`\(op.rawValue)` амалы қолданылмайды: \(ta.type.said.kk) және \(tb.type.said.kk)", ru: "нельзя применить `\(op.rawValue)` к \(ta.type.said.ru) и \(tb.type.said.ru)", en: "cannot apply `\(op.rawValue)` to \(ta.type) and \(tb.type)"), e); return nil
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
                error(.typeMismatch, Localized(kk: "\(tb.type.said.kk) ішінен \(ta.type.said.kk) іздеуге болмайды", ru: "нельзя искать \(ta.type.said.ru) в \(tb.type.said.ru)", en: "cannot look for \(ta.type) in \(tb.type)"), e); return nil
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
                          ? Localized(kk: "мәтін тек мәтінмен салыстырылады; сандар тырнақшасыз жазылады", ru: "текст сравнивается только с текстом; числа пишутся без кавычек", en: "text is compared only with text; numbers are written without quotes")
                          : nil)
                return nil
            }
            if op != .equal && op != .notEqual {
                switch ta.type {
                case .boolean, .enumeration, .record, .list:
                    error(.typeMismatch, Localized(kk: "\(ta.type.said.kk) мәндерінде рет жоқ; == немесе != қолданыңыз", ru: "у значений типа «\(ta.type.said.ru)» нет порядка; используйте == или !=", en: "\(ta.type) values have no order; use == or !="), e); return nil
                default: break
                }
            }
            return make(e, .boolean, .compare(op, ta, tb))
        }
    }
}
