import QamqorSupport
/// Splits an expression string into ``Token``s.
///
/// Numbers are exact (`0.35` is a decimal, never a float); `2025-01-01` is a date literal;
/// strings are quoted with `'` or `"`; names are letters, digits and `_`.
package struct Lexer {
    private let text: [Unicode.Scalar]
    /// The longest name an expression may use (the longest in the shipped rules is under 50).
    package static let maxNameLength = 100

    package init(_ text: String) { self.text = Array(text.unicodeScalars) }

    /// All tokens, ending with `.end`, or the first lexical error.
    package func tokens() -> Result<[Token], SyntaxError> {
        var out: [Token] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        func isName(_ c: Unicode.Scalar) -> Bool { isNameStart(c) || isDigit(c) }
        while i < text.count {
            let c = text[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            let start = i
            if isDigit(c) {
                // A date literal: exactly DDDD-DD-DD not followed by a name character.
                if i + 10 <= text.count, text[i + 4] == "-", text[i + 7] == "-",
                   (i + 10 == text.count || !isName(text[i + 10])),
                   [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy({ isDigit(text[i + $0]) }) {
                    let s = String(String.UnicodeScalarView(text[i..<i + 10]))
                    guard let d = Day(iso: s) else {
                        return .failure(SyntaxError(code: .badLiteral, message: Localized("lex.not-calendar-date", ["s": s]), range: i..<i + 10))
                    }
                    out.append(Token(kind: .date(d), range: i..<i + 10)); i += 10; continue
                }
                while i < text.count, isDigit(text[i]) || text[i] == "_" { i += 1 }
                var isDecimal = false
                if i + 1 < text.count, text[i] == ".", isDigit(text[i + 1]) {
                    isDecimal = true
                    i += 1
                    while i < text.count, isDigit(text[i]) { i += 1 }
                }
                if i < text.count, isNameStart(text[i]) {
                    return .failure(SyntaxError(code: .badLiteral, message: Localized("lex.is-decimal"), range: start..<i + 1))
                }
                let s = String(String.UnicodeScalarView(text[start..<i]))
                if isDecimal {
                    guard let d = ExactDecimal(parsing: s) else {
                        return .failure(SyntaxError(code: .badLiteral, message: Localized("lex.has-more-than-decimal", ["s": s]), range: start..<i))
                    }
                    out.append(Token(kind: .decimal(d), range: start..<i))
                } else {
                    guard let v = Int64(s.replacingOccurrences(of: "_", with: "")) else {
                        return .failure(SyntaxError(code: .badLiteral, message: Localized("lex.too-large", ["s": s]), range: start..<i))
                    }
                    out.append(Token(kind: .integer(v), range: start..<i))
                }
                continue
            }
            if isNameStart(c) {
                while i < text.count, isName(text[i]) { i += 1 }
                // A name longer than any a rule needs is refused without echoing it: checking it
                // against every known name ("did you mean") would cost its length each time.
                if i - start > Self.maxNameLength {
                    return .failure(SyntaxError(code: .nameTooLong, message: Localized("lex.name-characters-most-are", ["i": i - start, "maxNameLength": Self.maxNameLength]), range: start..<start + 1))
                }
                let s = String(String.UnicodeScalarView(text[start..<i]))
                if let k = Token.Keyword(rawValue: s) {
                    out.append(Token(kind: .keyword(k), range: start..<i))
                } else {
                    out.append(Token(kind: .identifier(s), range: start..<i))
                }
                continue
            }
            if c == "'" || c == "\"" {
                i += 1
                var s = String.UnicodeScalarView()
                while i < text.count, text[i] != c { s.append(text[i]); i += 1 }
                guard i < text.count else {
                    return .failure(SyntaxError(code: .unclosedString, message: Localized("lex.string-not-closed"), range: start..<start + 1,
                                                help: Localized("lex.add-closing", ["c": c])))
                }
                i += 1
                out.append(Token(kind: .string(String(s)), range: start..<i))
                continue
            }
            let two = i + 1 < text.count ? String(String.UnicodeScalarView([c, text[i + 1]])) : ""
            if let sym = Token.Symbol(rawValue: two), two.count == 2 {
                out.append(Token(kind: .symbol(sym), range: i..<i + 2)); i += 2; continue
            }
            if let sym = Token.Symbol(rawValue: String(c)) {
                out.append(Token(kind: .symbol(sym), range: i..<i + 1)); i += 1; continue
            }
            let help: Localized? = switch c {
            case "=": Localized("lex.help.=")
            case "&": Localized("lex.help.&")
            case "|": Localized("lex.help.|")
            case "!": Localized("lex.help.!")
            default: nil
            }
            return .failure(SyntaxError(code: .unexpectedCharacter, message: Localized("lex.help", ["c": c]),
                                        range: i..<i + 1, help: help))
        }
        out.append(Token(kind: .end, range: text.count..<text.count))
        return .success(out)
    }
}
