extension Checker {
    /// Every function name, for suggestions.
    static var functionNames: [String] {
        CollectionOp.allCases.map(\.rawValue) + Builtin.allCases.filter { $0 != .least && $0 != .greatest }.map(\.rawValue)
    }

    func arity(_ e: Expr, _ name: String, _ args: [Expr], _ range: ClosedRange<Int>, _ usage: String) -> Bool {
        if range.contains(args.count) { return true }
        let n = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)…\(range.upperBound)"
        error(.wrongArity, Localized(kk: "`\(name)` аргумент саны: \(n), берілгені: \(args.count)",
                                     ru: "`\(name)`: аргументов нужно \(n), дано \(args.count)",
                                     en: "`\(name)` takes \(range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)") argument\(range.upperBound == 1 ? "" : "s"), given \(args.count)"),
              e, help: Localized(kk: "қолданылуы: \(usage)", ru: "использование: \(usage)", en: "usage: \(usage)"))
        return false
    }

    func expectType(_ t: TypedExpr, _ src: Expr, _ ok: Bool, _ what: Localized) -> Bool {
        if !ok { error(.typeMismatch, found(t.type, kk: "күтілгені: \(what.kk)", ru: "ожидалось: \(what.ru)", en: "expected \(what.en)"), src) }
        return ok
    }

    func checkCall(_ e: Expr, name: String, args: [Expr], nameRange: Range<Int>) -> TypedExpr? {
        // Parameters called with a key and/or a date.
        if let p = parameters[name] {
            let usage = p.key.map { "\(name)(<\($0.name)>) or \(name)(<\($0.name)>, <date>)" } ?? "\(name) or \(name)(<date>)"
            guard arity(e, name, args, p.key == nil ? 0...1 : 1...2, usage) else { return nil }
            var key: TypedExpr?, date: TypedExpr?
            var rest = args[...]
            if let k = p.key {
                guard let tk = check(rest.removeFirst(), expected: .enumeration(k)) else { return nil }
                guard expectType(tk, args[0], tk.type == .enumeration(k), Localized(kk: "`\(k.name)` мәні", ru: "значение `\(k.name)`", en: "a \(k.name)")) else { return nil }
                key = tk
            }
            if let d = rest.first {
                guard let td = check(d), expectType(td, d, td.type == .date, Localized(kk: "күн", ru: "дата", en: "a date")) else { return nil }
                date = td
            }
            return make(e, p.type, .parameter(p, key: key, date: date))
        }
        if let op = CollectionOp(rawValue: name), let first = args.first, (op != .min && op != .max) || isList(first) {
            return checkCollection(e, op, args)
        }
        let builtin: Builtin? = name == "min" ? .least : name == "max" ? .greatest : Builtin(rawValue: name)
        guard let f = builtin, f != .least || name == "min", f != .greatest || name == "max" else {
            if CollectionOp(rawValue: name) != nil { _ = arity(e, name, args, 1...2, "\(name)(<list>, <expression for each item>)"); return nil }
            error(.unknownFunction, Localized(kk: "белгісіз функция `\(name)`", ru: "неизвестная функция `\(name)`", en: "unknown function `\(name)`"), e, range: nameRange,
                  help: Suggestion.didYouMean(name, among: Checker.functionNames + Array(parameters.keys)))
            return nil
        }
        var typed: [TypedExpr] = []
        for a in args {
            guard let t = check(a) else { return nil }
            typed.append(t)
        }
        func dateArg(_ i: Int) -> Bool { expectType(typed[i], args[i], typed[i].type == .date, Localized(kk: "күн", ru: "дата", en: "a date")) }
        func intArg(_ i: Int) -> Bool { expectType(typed[i], args[i], typed[i].type == .integer, Localized(kk: "бүтін сан", ru: "целое число", en: "a whole number")) }
        switch f {
        case .age_on, .months_between, .days_between:
            guard arity(e, name, args, 2...2, "\(name)(<from date>, <to date>)"), dateArg(0), dateArg(1) else { return nil }
            return make(e, .integer, .call(f, typed))
        case .previous_quarter, .quarter_of, .month_of:
            guard arity(e, name, args, 1...1, "\(name)(<date>)"), dateArg(0) else { return nil }
            return make(e, .period, .call(f, typed))
        case .start_of, .end_of:
            guard arity(e, name, args, 1...1, "\(name)(<period>)") else { return nil }
            guard expectType(typed[0], args[0], typed[0].type == .period, Localized(kk: "кезең", ru: "период", en: "a period")) else { return nil }
            return make(e, .date, .call(f, typed))
        case .add_days, .add_months, .add_years:
            guard arity(e, name, args, 2...2, "\(name)(<date>, <whole number>)"), dateArg(0), intArg(1) else { return nil }
            return make(e, .date, .call(f, typed))
        case .year_of:
            guard arity(e, name, args, 1...1, "year_of(<date>)"), dateArg(0) else { return nil }
            return make(e, .integer, .call(f, typed))
        case .round:
            guard arity(e, name, args, 1...2, "round(<number>) or round(<number>, <decimal places>)") else { return nil }
            guard expectType(typed[0], args[0], typed[0].type.isNumeric, Localized(kk: "сан", ru: "число", en: "a number")) else { return nil }
            if typed.count == 2 {
                guard case .constant(.int(let p)) = typed[1].kind, (0...6).contains(p) else {
                    error(.typeMismatch, Localized(kk: "ондық таңбалар саны ережеде жазылған 0-ден 6-ға дейінгі бүтін сан болуы керек", ru: "число знаков после запятой — целое от 0 до 6, записанное в правиле", en: "the number of decimal places must be a whole number from 0 to 6 written in the rule"), args[1]); return nil
                }
            }
            return make(e, typed[0].type == .integer ? .integer : typed[0].type, .call(f, typed))
        case .floor:
            guard arity(e, name, args, 1...1, "floor(<number>)") else { return nil }
            guard expectType(typed[0], args[0], typed[0].type.isNumeric, Localized(kk: "сан", ru: "число", en: "a number")) else { return nil }
            return make(e, typed[0].type, .call(f, typed))
        case .default:
            guard arity(e, name, args, 2...2, "default(<value that may be missing>, <value to use instead>)") else { return nil }
            guard let u = Checker.unify(typed[0].type, typed[1].type) else {
                error(.typeMismatch, Localized(kk: "`default` бір түрдегі екі мәнді күтеді, табылғаны: \(typed[0].type.said.kk) және \(typed[1].type.said.kk)", ru: "`default` нужны два значения одного типа, найдено: \(typed[0].type.said.ru) и \(typed[1].type.said.ru)", en: "`default` needs two values of one type, found \(typed[0].type) and \(typed[1].type)"), e); return nil
            }
            return make(e, u, .call(f, typed))
        case .known:
            guard arity(e, name, args, 1...1, "known(<value>)") else { return nil }
            return make(e, .boolean, .call(f, typed))
        case .least, .greatest:
            guard arity(e, name, args, 2...16, "\(name)(<number>, <number>, …) or \(name)(<list>, <expression for each item>)") else { return nil }
            var t = typed[0].type
            for (i, x) in typed.enumerated() {
                guard expectType(x, args[i], x.type.isNumeric || x.type == .date, Localized(kk: "сан немесе күн", ru: "число или дата", en: "a number or a date")) else { return nil }
                guard let u = Checker.unify(t, x.type) else { error(.typeMismatch, Self.cannotCompare(t, x.type), args[i]); return nil }
                t = u
            }
            return make(e, t, .call(f, typed))
        }
    }

    func isList(_ e: Expr) -> Bool {
        let savedCount = diagnostics.items.count
        defer { diagnostics = DiagnosticList(Array(diagnostics.items.prefix(savedCount))) }
        if case .list? = check(e)?.type { return true }
        return false
    }

    func checkCollection(_ e: Expr, _ op: CollectionOp, _ args: [Expr]) -> TypedExpr? {
        let usage = "\(op.rawValue)(<list>\(op == .count || op == .sum ? "" : ", <expression for each item>")\(op == .count || op == .sum ? ", <optional expression for each item>" : ""))"
        guard arity(e, op.rawValue, args, (op == .count || op == .sum) ? 1...2 : 2...2, usage) else { return nil }
        guard let list = check(args[0]) else { return nil }
        let element: ValueType
        switch list.type {
        case .list(let t): element = t
        case .emptyList: element = .integer
        default:
            error(.typeMismatch, found(list.type, kk: "`\(op.rawValue)` тізімді күтеді", ru: "`\(op.rawValue)` нужен список", en: "`\(op.rawValue)` needs a list"), args[0]); return nil
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
            if let b = body, b.type != .boolean { error(.typeMismatch, found(b.type, kk: "`count` шарты иә/жоқ болуы керек", ru: "условие `count` должно быть да/нет", en: "the condition of `count` must be yes/no"), args[1]); return nil }
            return make(e, .integer, .collection(op, list, body))
        case .any, .all, .filter:
            if let b = body, b.type != .boolean { error(.typeMismatch, found(b.type, kk: "`\(op.rawValue)` шарты иә/жоқ болуы керек", ru: "условие `\(op.rawValue)` должно быть да/нет", en: "the condition of `\(op.rawValue)` must be yes/no"), args[1]); return nil }
            return make(e, op == .filter ? list.type : .boolean, .collection(op, list, body))
        case .sum, .min, .max:
            let t = body?.type ?? element
            guard t.isNumeric || (op != .sum && t == .date) else {
                error(.typeMismatch, found(t, kk: "`\(op.rawValue)` сандарды күтеді", ru: "`\(op.rawValue)` нужны числа", en: "`\(op.rawValue)` needs numbers"), args.count == 2 ? args[1] : args[0]); return nil
            }
            return make(e, t, .collection(op, list, body))
        }
    }
}
