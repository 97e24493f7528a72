import QamqorSupport
/// A node of the parsed (not yet checked) expression tree. Every node has an id unique within its
/// rule set, and the offsets of its text in the expression string it came from.
package struct Expr: Sendable, CustomStringConvertible {
    package let id: Int
    package let kind: Kind
    /// Offsets (Unicode scalars) in the expression text.
    package let range: Range<Int>

    package indirect enum Kind: Sendable {
        case integer(Int64)
        case decimal(ExactDecimal)
        case string(String)
        case date(Day)
        case boolean(Bool)
        case list([Expr])
        case name(String)
        /// `base.field`
        case field(Expr, String, nameRange: Range<Int>)
        /// `f(a, b)`
        case call(String, [Expr], nameRange: Range<Int>)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `x between low and high` (inclusive).
        case between(Expr, Expr, Expr)
        case conditional(Expr, Expr, Expr)
    }

    package init(id: Int, kind: Kind, range: Range<Int>) {
        self.id = id; self.kind = kind; self.range = range
    }

    /// A canonical S-expression, independent of spacing and ids: used by table tests.
    package var description: String {
        switch kind {
        case .integer(let v): return String(v)
        case .decimal(let v): return v.description
        case .string(let s): return "'\(s)'"
        case .date(let d): return d.description
        case .boolean(let b): return String(b)
        case .list(let xs): return "[" + xs.map(\.description).joined(separator: " ") + "]"
        case .name(let n): return n
        case .field(let b, let f, _): return "(. \(b) \(f))"
        case .call(let f, let args, _): return "(\(f)" + args.map { " \($0)" }.joined() + ")"
        case .unary(let op, let x): return "(\(op.rawValue) \(x))"
        case .binary(let op, let a, let b): return "(\(op.rawValue) \(a) \(b))"
        case .between(let x, let lo, let hi): return "(between \(x) \(lo) \(hi))"
        case .conditional(let c, let t, let e): return "(if \(c) \(t) \(e))"
        }
    }

    /// Direct children, in source order.
    package var children: [Expr] {
        switch kind {
        case .integer, .decimal, .string, .date, .boolean, .name: []
        case .list(let xs): xs
        case .field(let b, _, _): [b]
        case .call(_, let args, _): args
        case .unary(_, let x): [x]
        case .binary(_, let a, let b): [a, b]
        case .between(let x, let lo, let hi): [x, lo, hi]
        case .conditional(let c, let t, let e): [c, t, e]
        }
    }
}

package enum UnaryOperator: String, Sendable { case negate = "neg", not }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    case and, or, `in`, notIn = "not in"

    package var isComparison: Bool {
        switch self {
        case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: true
        default: false
        }
    }
    package var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide: true
        default: false
        }
    }
}
