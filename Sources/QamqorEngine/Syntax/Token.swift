/// One lexical token of the expression language, with its offsets (in Unicode scalars) in the text.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case integer(Int64)
        case decimal(ExactDecimal)
        case string(String)
        case date(Day)
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    public enum Keyword: String, Sendable, CaseIterable {
        case and, or, not, `if`, then, `else`, `in`, between, `true`, `false`
    }

    public enum Symbol: String, Sendable, CaseIterable {
        case plus = "+", minus = "-", star = "*", slash = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", comma = ",", dot = "."
    }

    public var kind: Kind
    public var range: Range<Int>
}

/// Why an expression could not be read, and where (offsets in the expression text).
public struct SyntaxError: Error, Sendable, Equatable {
    public var code: DiagnosticCode
    public var message: Localized
    public var range: Range<Int>
    public var help: Localized?
}
