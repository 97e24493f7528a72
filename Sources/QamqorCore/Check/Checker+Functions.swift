import QamqorSupport
extension Checker {
    /// Every function name, for suggestions.
    package static var functionNames: [String] {
        CollectionOp.allCases.map(\.rawValue) + BuiltinFunction.all.map(\.name).filter { CollectionOp(rawValue: $0) == nil }
    }

    package func arity(_ e: Expr, _ name: String, _ args: [Expr], _ range: ClosedRange<Int>, _ usage: String) -> Bool {
        if range.contains(args.count) { return true }
        error(.wrongArity, Localized("check.arity", ["name": name, "low": range.lowerBound, "high": range.upperBound, "given": args.count,
                                                     "fixed": range.lowerBound == range.upperBound]),
              e, help: Localized("check.usage", ["usage": usage]))
        return false
    }

    package func expectType(_ t: TypedExpr, _ src: Expr, _ ok: Bool, _ what: Localized) -> Bool {
        if !ok { error(.typeMismatch, found(t.type, Localized("check.expect-type", ["what": what])), src) }
        return ok
    }

    package func checkCall(_ e: Expr, name: String, args: [Expr], nameRange: Range<Int>) -> TypedExpr? {
        // Parameters called with a key and/or a date.
        if let p = parameters[name] {
            let usage = p.key.map { "\(name)(<\($0.name)>), \(name)(<\($0.name)>, <date>) or \(name)(<\($0.name)>, <date>, <months a value stands for>)" }
                ?? "\(name), \(name)(<date>) or \(name)(<date>, <months a value stands for>)"
            guard arity(e, name, args, p.key == nil ? 0...2 : 1...3, usage) else { return nil }
            var key: TypedExpr?, date: TypedExpr?
            var rest = args[...]
            var table = p
            // A last argument after the date: how many months a value stands for at this use (1:
            // the figure of the date's own month), a whole number written in the rule.
            if args.count == (p.key == nil ? 2 : 3), let last = rest.popLast() {
                guard case .integer(let months) = last.kind, (1...120).contains(months) else {
                    error(.typeMismatch, Localized("check.months"), last)
                    return nil
                }
                table = p.within(months: Int(months))
            }
            if let k = p.key {
                guard let tk = check(rest.removeFirst(), expected: .enumeration(k)) else { return nil }
                guard expectType(tk, args[0], tk.type == .enumeration(k), Localized("check.an-enum-value", ["name": k.name])) else { return nil }
                key = tk
            }
            if let d = rest.first {
                guard let td = check(d), expectType(td, d, td.type == .date, Localized("check.date")) else { return nil }
                date = td
            }
            return make(e, p.type, .parameter(table, key: key, date: date))
        }
        if let op = CollectionOp(rawValue: name), let first = args.first, (op != .min && op != .max) || isList(first) {
            return checkCollection(e, op, args)
        }
        guard let f = BuiltinFunction.named(name) else {
            if CollectionOp(rawValue: name) != nil { _ = arity(e, name, args, 1...2, "\(name)(<list>, <expression for each item>)"); return nil }
            error(.unknownFunction, Localized("check.unknown-function", ["name": name]), e, range: nameRange,
                  help: Suggestion.didYouMean(name, among: Checker.functionNames + Array(parameters.keys)))
            return nil
        }
        guard arity(e, name, args, f.arity, f.usage) else { return nil }
        var typed: [TypedExpr] = []
        for a in args {
            guard let t = check(a) else { return nil }
            typed.append(t)
        }
        guard let type = f.typing(BuiltinTyping(checker: self, call: e, args: args, typed: typed)) else { return nil }
        return make(e, type, .call(f, typed))
    }

    package func isList(_ e: Expr) -> Bool {
        let savedCount = diagnostics.items.count
        defer { diagnostics = DiagnosticList(Array(diagnostics.items.prefix(savedCount))) }
        if case .list? = check(e)?.type { return true }
        return false
    }

    package func checkCollection(_ e: Expr, _ op: CollectionOp, _ args: [Expr]) -> TypedExpr? {
        let usage = "\(op.rawValue)(<list>\(op == .count || op == .sum ? "" : ", <expression for each item>")\(op == .count || op == .sum ? ", <optional expression for each item>" : ""))"
        guard arity(e, op.rawValue, args, (op == .count || op == .sum) ? 1...2 : 2...2, usage) else { return nil }
        guard let list = check(args[0]) else { return nil }
        let element: ValueType
        switch list.type {
        case .list(let t): element = t
        case .emptyList: element = .integer
        default:
            error(.typeMismatch, found(list.type, Localized("check.needs-list", ["op": op.rawValue])), args[0]); return nil
        }
        var body: TypedExpr?
        if args.count == 2 {
            scopes.append(element)
            body = check(args[1])
            scopes.removeLast()
            guard body != nil else { return nil }
        }
        switch op {
        case .count:
            if let b = body, b.type != .boolean { error(.typeMismatch, found(b.type, Localized("check.condition-count-must-yes")), args[1]); return nil }
            return make(e, .integer, .collection(op, list, body))
        case .any, .all, .filter:
            if let b = body, b.type != .boolean { error(.typeMismatch, found(b.type, Localized("check.condition-must-yes-no", ["op": op.rawValue])), args[1]); return nil }
            return make(e, op == .filter ? list.type : .boolean, .collection(op, list, body))
        case .sum, .min, .max:
            let t = body?.type ?? element
            guard t.isNumeric || (op != .sum && t == .date) else {
                error(.typeMismatch, found(t, Localized("check.needs-numbers", ["op": op.rawValue])), args.count == 2 ? args[1] : args[0]); return nil
            }
            return make(e, t, .collection(op, list, body))
        }
    }
}
