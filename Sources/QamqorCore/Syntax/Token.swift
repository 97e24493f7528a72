import QamqorSupport
/// One lexical token of the expression language, with its offsets (in Unicode scalars) in the text.
package struct Token: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        case integer(Int64)
        case decimal(ExactDecimal)
        case string(String)
        case date(Day)
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        case end
    }

    package enum Keyword: String, Sendable, CaseIterable {
        case and, or, not, `if`, then, `else`, `in`, between, `true`, `false`
    }

    package enum Symbol: String, Sendable, CaseIterable {
        case plus = "+", minus = "-", star = "*", slash = "/"
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
        case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]", comma = ",", dot = "."
    }

    package var kind: Kind
    package var range: Range<Int>
}

/// Why an expression could not be read, and where (offsets in the expression text).
package struct SyntaxError: Error, Sendable, Equatable {
    package var code: DiagnosticCode
    package var message: Localized
    package var range: Range<Int>
    package var help: Localized?
}
