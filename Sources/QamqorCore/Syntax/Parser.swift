import QamqorSupport
import Synchronization
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
    package final class IDAllocator: Sendable {
        private let next: Atomic<Int>
        package init(start: Int = 1) { next = Atomic(start) }
        package func make() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
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
                    return .failure(SyntaxError(code: .unexpectedToken, message: Localized("parse.unexpected-after-complete-expression", ["what": p.describe(p.peek)]),
                                                range: p.peek.range,
                                                help: p.peek.kind == .symbol(.rightParen) ? Localized("parse.has-no-matching") : nil))
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
        case .end: Localized("parse.end-expression")
        case .identifier(let n): Localized("parse.n.identifier", ["n": n])
        case .keyword(let k): Localized(uniform: "`\(k.rawValue)`")
        case .symbol(let s): Localized(uniform: "`\(s.rawValue)`")
        case .integer(let v): Localized("parse.v.integer", ["v": v])
        case .decimal(let v): Localized("parse.v.integer", ["v": v])
        case .string(let s): Localized("parse.s.string", ["s": s])
        case .date(let d): Localized("parse.d.date", ["d": d])
        }
    }

    private static var tooDeep: (Localized, Localized) {
        (Localized("parse.too-deep", ["maxDepth": maxDepth]),
         Localized("parse.split-into-named-definitions"))
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
                              message: Localized("parse.not-closed-expected-found", ["b": b, "s": s.rawValue, "what": describe(peek)]),
                              range: o.range, help: Localized("parse.add", ["s": s.rawValue]))
        }
        throw SyntaxError(code: .unexpectedToken,
                          message: Localized("parse.expected-found", ["s": s.rawValue, "what": describe(peek)]),
                          range: peek.range)
    }

    private mutating func expect(_ k: Token.Keyword, after: Localized) throws(SyntaxError) {
        guard peek.kind == .keyword(k) else {
            let found = describe(peek)
            throw SyntaxError(code: .unexpectedToken,
                              message: Localized("parse.found", ["k": k.rawValue, "after": after, "found": found]),
                              range: peek.range)
        }
        _ = take()
    }

    package mutating func expression() throws(SyntaxError) -> Expr {
        try enter(peek)
        defer { nesting -= 1 }
        if peek.kind == .keyword(.if) {
            let start = take()
            let c = try expression()
            try expect(.then, after: Localized("parse.after-condition-if"))
            let t = try expression()
            try expect(.else, after: Localized("parse.after-then-every-if"))
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
            try expect(.and, after: Localized("parse.between"))
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
                              message: Localized("parse.comparisons-cannot-chained"),
                              range: peek.range,
                              help: Localized("parse.write-b-b-c"))
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
                                  message: Localized("parse.expected-field-name-after", ["what": describe(t)]),
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
            throw SyntaxError(code: .unexpectedEnd, message: Localized("parse.close"), range: t.range)
        default:
            throw SyntaxError(code: .unexpectedToken,
                              message: Localized("parse.unexpected", ["what": describe(t)]), range: t.range)
        }
    }
}
