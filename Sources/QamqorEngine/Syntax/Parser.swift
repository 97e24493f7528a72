/// Reads an expression string into an ``Expr`` tree.
///
/// Grammar, loosest binding first (documented for rule authors in `docs/expressions.md`):
/// `if … then … else …`; `or`; `and`; `not`; comparisons (`< <= > >= == !=`, `in`, `not in`,
/// `between … and …`); `+ -`; `* /`; unary `-`; field access `a.b` and calls `f(x, y)`; literals,
/// names, `( … )` and `[ … ]`.
///
/// Guarantees: never recurses deeper than ``maxDepth``: a deeper expression is a `too-deep` error,
/// not a crash. Errors carry offsets in the text.
package struct Parser {
    /// The deepest expression tree accepted.
    package static let maxDepth = 100

    private var tokens: [Token]
    private var index = 0
    private var ids: IDAllocator
    private var depthOf: [Int: Int] = [:]
    private var nesting = 0

    /// Hands out node ids that are unique across all expressions of one rule set.
    package final class IDAllocator: @unchecked Sendable {
        private var next: Int
        package init(start: Int = 1) { next = start }
        func make() -> Int { defer { next += 1 }; return next }
    }

    /// Parses `text`. Node ids come from `ids`.
    package static func parse(_ text: String, ids: IDAllocator = IDAllocator()) -> Result<Expr, SyntaxError> {
        switch Lexer(text).tokens() {
        case .failure(let e): return .failure(e)
        case .success(let toks):
            var p = Parser(tokens: toks, ids: ids)
            do {
                let e = try p.expression()
                guard case .end = p.peek.kind else {
                    return .failure(SyntaxError(code: .unexpectedToken, message: p.describe(p.peek).map(kk: { "толық өрнектен кейін артық: \($0)" }, ru: { "лишнее после законченного выражения: \($0)" }, en: { "unexpected \($0) after a complete expression" }),
                                                range: p.peek.range,
                                                help: p.peek.kind == .symbol(.rightParen) ? Localized(kk: "бұл `)` жақшасының жұбы `(` жоқ", ru: "у этой `)` нет парной `(`", en: "this `)` has no matching `(`") : nil))
                }
                return .success(e)
            } catch {
                return .failure(error)
            }
        }
    }

    private init(tokens: [Token], ids: IDAllocator) { self.tokens = tokens; self.ids = ids }

    private var peek: Token { tokens[index] }

    private mutating func take() -> Token { defer { index = min(index + 1, tokens.count - 1) }; return tokens[index] }

    private func describe(_ t: Token) -> Localized {
        switch t.kind {
        case .end: Localized(kk: "өрнектің соңы", ru: "конец выражения", en: "end of expression")
        case .identifier(let n): Localized(kk: "`\(n)` атауы", ru: "имя `\(n)`", en: "name `\(n)`")
        case .keyword(let k): Localized(uniform: "`\(k.rawValue)`")
        case .symbol(let s): Localized(uniform: "`\(s.rawValue)`")
        case .integer(let v): Localized(kk: "`\(v)` саны", ru: "число `\(v)`", en: "number `\(v)`")
        case .decimal(let v): Localized(kk: "`\(v)` саны", ru: "число `\(v)`", en: "number `\(v)`")
        case .string(let s): Localized(kk: "'\(s)' мәтіні", ru: "текст '\(s)'", en: "text '\(s)'")
        case .date(let d): Localized(kk: "`\(d)` күні", ru: "дата `\(d)`", en: "date `\(d)`")
        }
    }

    private static var tooDeep: (Localized, Localized) {
        (Localized(kk: "өрнек тым терең ұяланған (шегі — \(maxDepth) деңгей)", ru: "выражение вложено глубже предела (\(maxDepth) уровней)",
                   en: "the expression nests deeper than \(maxDepth) levels"),
         Localized(kk: "оны `let:` ішіндегі атаулы анықтамаларға бөліңіз", ru: "разбейте его на именованные определения в `let:`",
                   en: "split it into named definitions under `let:`"))
    }

    private mutating func node(_ kind: Expr.Kind, _ range: Range<Int>, _ children: [Expr] = []) throws(SyntaxError) -> Expr {
        let depth = 1 + (children.map { depthOf[$0.id] ?? 1 }.max() ?? 0)
        if depth > Self.maxDepth {
            throw SyntaxError(code: .tooDeep, message: Self.tooDeep.0, range: range, help: Self.tooDeep.1)
        }
        let e = Expr(id: ids.make(), kind: kind, range: range)
        depthOf[e.id] = depth
        return e
    }

    private mutating func enter(_ at: Token) throws(SyntaxError) {
        nesting += 1
        if nesting > Self.maxDepth {
            throw SyntaxError(code: .tooDeep, message: Self.tooDeep.0, range: at.range, help: Self.tooDeep.1)
        }
    }

    private mutating func expect(_ s: Token.Symbol, opening: Token? = nil) throws(SyntaxError) -> Token {
        if peek.kind == .symbol(s) { return take() }
        if let o = opening {
            let b = o.kind == .symbol(.leftParen) ? "(" : "["
            throw SyntaxError(code: .unclosedBracket,
                              message: describe(peek).map(kk: { "`\(b)` жабылмаған: `\(s.rawValue)` күтілді, табылғаны: \($0)" },
                                                          ru: { "`\(b)` не закрыта: ожидалась `\(s.rawValue)`, найдено: \($0)" },
                                                          en: { "`\(b)` is not closed: expected `\(s.rawValue)`, found \($0)" }),
                              range: o.range, help: Localized(kk: "`\(s.rawValue)` қойыңыз", ru: "добавьте `\(s.rawValue)`", en: "add `\(s.rawValue)`"))
        }
        throw SyntaxError(code: .unexpectedToken,
                          message: describe(peek).map(kk: { "`\(s.rawValue)` күтілді, табылғаны: \($0)" }, ru: { "ожидалось `\(s.rawValue)`, найдено: \($0)" },
                                                      en: { "expected `\(s.rawValue)`, found \($0)" }),
                          range: peek.range)
    }

    private mutating func expect(_ k: Token.Keyword, after: Localized) throws(SyntaxError) {
        guard peek.kind == .keyword(k) else {
            let found = describe(peek)
            throw SyntaxError(code: .unexpectedToken,
                              message: Localized(kk: "\(after.kk) `\(k.rawValue)` күтілді, табылғаны: \(found.kk)",
                                                 ru: "ожидалось `\(k.rawValue)` \(after.ru), найдено: \(found.ru)",
                                                 en: "expected `\(k.rawValue)` \(after.en), found \(found.en)"),
                              range: peek.range)
        }
        _ = take()
    }

    mutating func expression() throws(SyntaxError) -> Expr {
        try enter(peek)
        defer { nesting -= 1 }
        if peek.kind == .keyword(.if) {
            let start = take()
            let c = try expression()
            try expect(.then, after: Localized(kk: "`if` шартынан кейін", ru: "после условия `if`", en: "after the condition of `if`"))
            let t = try expression()
            try expect(.else, after: Localized(kk: "`then …` бөлігінен кейін (әр `if` үшін `else` керек)", ru: "после `then …` (у каждого `if` должен быть `else`)", en: "after `then …` (every `if` needs an `else`)"))
            let e = try expression()
            return try node(.conditional(c, t, e), start.range.lowerBound..<e.range.upperBound, [c, t, e])
        }
        return try or()
    }

    private mutating func or() throws(SyntaxError) -> Expr {
        var left = try and()
        while peek.kind == .keyword(.or) {
            _ = take()
            let right = try and()
            left = try node(.binary(.or, left, right), left.range.lowerBound..<right.range.upperBound, [left, right])
        }
        return left
    }

    private mutating func and() throws(SyntaxError) -> Expr {
        var left = try not()
        while peek.kind == .keyword(.and) {
            _ = take()
            let right = try not()
            left = try node(.binary(.and, left, right), left.range.lowerBound..<right.range.upperBound, [left, right])
        }
        return left
    }

    private mutating func not() throws(SyntaxError) -> Expr {
        if peek.kind == .keyword(.not) {
            let start = take()
            try enter(start)
            defer { nesting -= 1 }
            let x = try not()
            return try node(.unary(.not, x), start.range.lowerBound..<x.range.upperBound, [x])
        }
        return try comparison()
    }

    private mutating func comparison() throws(SyntaxError) -> Expr {
        let left = try additive()
        let op: BinaryOperator?
        switch peek.kind {
        case .symbol(.less): op = .less
        case .symbol(.lessEqual): op = .lessEqual
        case .symbol(.greater): op = .greater
        case .symbol(.greaterEqual): op = .greaterEqual
        case .symbol(.equal): op = .equal
        case .symbol(.notEqual): op = .notEqual
        case .keyword(.in): op = .in
        case .keyword(.not) where index + 1 < tokens.count && tokens[index + 1].kind == .keyword(.in):
            _ = take(); op = .notIn
        case .keyword(.between):
            _ = take()
            let low = try additive()
            try expect(.and, after: Localized(kk: "`between … and …` ішінде", ru: "в `between … and …`", en: "in `between … and …`"))
            let high = try additive()
            return try node(.between(left, low, high), left.range.lowerBound..<high.range.upperBound, [left, low, high])
        default: op = nil
        }
        guard let op else { return left }
        _ = take()
        let right = try additive()
        let result = try node(.binary(op, left, right), left.range.lowerBound..<right.range.upperBound, [left, right])
        if case .symbol(let s) = peek.kind, [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(s) {
            throw SyntaxError(code: .chainedComparison,
                              message: Localized(kk: "салыстыруларды тізбектеп жазуға болмайды", ru: "сравнения нельзя соединять в цепочку", en: "comparisons cannot be chained"),
                              range: peek.range,
                              help: Localized(kk: "`a < b and b < c` немесе `x between low and high` деп жазыңыз", ru: "пишите `a < b and b < c` или `x between low and high`",
                                              en: "write `a < b and b < c`, or `x between low and high`"))
        }
        return result
    }

    private mutating func additive() throws(SyntaxError) -> Expr {
        var left = try multiplicative()
        while case .symbol(let s) = peek.kind, s == .plus || s == .minus {
            _ = take()
            let right = try multiplicative()
            left = try node(.binary(s == .plus ? .add : .subtract, left, right), left.range.lowerBound..<right.range.upperBound, [left, right])
        }
        return left
    }

    private mutating func multiplicative() throws(SyntaxError) -> Expr {
        var left = try unary()
        while case .symbol(let s) = peek.kind, s == .star || s == .slash {
            _ = take()
            let right = try unary()
            left = try node(.binary(s == .star ? .multiply : .divide, left, right), left.range.lowerBound..<right.range.upperBound, [left, right])
        }
        return left
    }

    private mutating func unary() throws(SyntaxError) -> Expr {
        if peek.kind == .symbol(.minus) {
            let start = take()
            try enter(start)
            defer { nesting -= 1 }
            let x = try unary()
            switch x.kind {
            case .integer(let v): return try node(.integer(-v), start.range.lowerBound..<x.range.upperBound)
            case .decimal(let v): return try node(.decimal(ExactDecimal(units: -v.units)), start.range.lowerBound..<x.range.upperBound)
            default: return try node(.unary(.negate, x), start.range.lowerBound..<x.range.upperBound, [x])
            }
        }
        return try postfix()
    }

    private mutating func postfix() throws(SyntaxError) -> Expr {
        var e = try primary()
        while peek.kind == .symbol(.dot) {
            _ = take()
            let t = take()
            guard case .identifier(let name) = t.kind else {
                throw SyntaxError(code: .unexpectedToken,
                                  message: describe(t).map(kk: { "`.` белгісінен кейін өріс атауы күтілді, табылғаны: \($0)" },
                                                           ru: { "после `.` ожидалось имя поля, найдено: \($0)" },
                                                           en: { "expected a field name after `.`, found \($0)" }),
                                  range: t.range)
            }
            e = try node(.field(e, name, nameRange: t.range), e.range.lowerBound..<t.range.upperBound, [e])
        }
        return e
    }

    private mutating func primary() throws(SyntaxError) -> Expr {
        let t = take()
        switch t.kind {
        case .integer(let v): return try node(.integer(v), t.range)
        case .decimal(let v): return try node(.decimal(v), t.range)
        case .string(let s): return try node(.string(s), t.range)
        case .date(let d): return try node(.date(d), t.range)
        case .keyword(.true): return try node(.boolean(true), t.range)
        case .keyword(.false): return try node(.boolean(false), t.range)
        case .identifier(let name):
            guard peek.kind == .symbol(.leftParen) else { return try node(.name(name), t.range) }
            let open = take()
            try enter(open)
            defer { nesting -= 1 }
            var args: [Expr] = []
            if peek.kind != .symbol(.rightParen) {
                repeat {
                    if peek.kind == .end { break }
                    args.append(try expression())
                } while peek.kind == .symbol(.comma) && { _ = take(); return true }()
            }
            let close = try expect(.rightParen, opening: open)
            return try node(.call(name, args, nameRange: t.range), t.range.lowerBound..<close.range.upperBound, args)
        case .symbol(.leftParen):
            try enter(t)
            defer { nesting -= 1 }
            let inner = try expression()
            let close = try expect(.rightParen, opening: t)
            // The node spans its parentheses, so that the text of an enclosing node (`a / (b - c)`)
            // ends where it really ends.
            return Expr(id: inner.id, kind: inner.kind, range: t.range.lowerBound..<close.range.upperBound)
        case .symbol(.leftBracket):
            try enter(t)
            defer { nesting -= 1 }
            var items: [Expr] = []
            if peek.kind != .symbol(.rightBracket) {
                repeat {
                    if peek.kind == .end { break }
                    items.append(try expression())
                } while peek.kind == .symbol(.comma) && { _ = take(); return true }()
            }
            let close = try expect(.rightBracket, opening: t)
            return try node(.list(items), t.range.lowerBound..<close.range.upperBound, items)
        case .end:
            throw SyntaxError(code: .unexpectedEnd, message: Localized(kk: "өрнек ерте бітті", ru: "выражение оборвано", en: "the expression ends too early"), range: t.range)
        default:
            throw SyntaxError(code: .unexpectedToken,
                              message: describe(t).map(kk: { "күтілмеген: \($0)" }, ru: { "неожиданно: \($0)" }, en: { "unexpected \($0)" }), range: t.range)
        }
    }
}
