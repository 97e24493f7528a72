import QamqorSupport
/// A checked expression node: every name resolved to what it denotes (a record slot, a definition,
/// a parameter, a builtin), every operator to its typed form, with its static type and its place in
/// the rule files. The compiler turns these into closures; the explainer reads them.
public final class TypedExpr: Sendable {
    public let id: Int
    public let type: ValueType
    public let kind: Kind
    public let site: Site

    /// Where a node was written: file, position and its own text.
    public struct Site: Sendable {
        public let file: String
        public let location: SourceLocation
        public let text: String
        /// The line of the file it is on, sharing the file's text (a long line is not copied
        /// for each of the many nodes written on it).
        package let line: Substring?
        /// The line of the file it is on.
        public var sourceLine: String? { line.map(String.init) }

        package init(file: String, location: SourceLocation, text: String, sourceLine: Substring?) {
            self.file = file; self.location = location; self.text = text; self.line = sourceLine
        }
    }

    public enum ArithmeticOp: String, Sendable { case add = "+", subtract = "-", multiply = "*", divide = "/" }

    public enum OutcomeField: String, Sendable, CaseIterable { case eligible, amount, form, status }

    public indirect enum Kind: Sendable {
        case constant(Value)
        case list([TypedExpr])
        case rootField(slot: Int, name: String)
        /// The item `depth` levels out from the innermost collection body (0 = innermost).
        case item(depth: Int)
        case itemField(depth: Int, slot: Int, name: String)
        case field(TypedExpr, slot: Int, name: String)
        /// A household-level definition or `let`, computed once per decision.
        case definition(DefinitionPlan)
        /// A definition on a record type (e.g. a member's `age`), computed for the given record.
        case recordDefinition(DefinitionPlan, TypedExpr)
        case parameter(ParameterTable, key: TypedExpr?, date: TypedExpr?)
        case programOutcome(ProgramPlan, OutcomeField)
        case asOf
        case applicant
        /// The committee's expert marks of the application being scored.
        case marks
        case call(BuiltinFunction, [TypedExpr])
        case collection(CollectionOp, TypedExpr, TypedExpr?)
        case negate(TypedExpr)
        case not(TypedExpr)
        case arithmetic(ArithmeticOp, TypedExpr, TypedExpr)
        case compare(BinaryOperator, TypedExpr, TypedExpr)
        case and(TypedExpr, TypedExpr)
        case or(TypedExpr, TypedExpr)
        case membership(negated: Bool, TypedExpr, TypedExpr)
        case between(TypedExpr, TypedExpr, TypedExpr)
        case conditional(TypedExpr, TypedExpr, TypedExpr)
    }

    package init(id: Int, type: ValueType, kind: Kind, site: Site) {
        self.id = id; self.type = type; self.kind = kind; self.site = site
    }

    /// Direct children, in source order.
    public var children: [TypedExpr] {
        switch kind {
        case .constant, .rootField, .item, .itemField, .definition, .asOf, .applicant, .marks, .programOutcome: []
        case .list(let xs), .call(_, let xs): xs
        case .field(let b, _, _), .recordDefinition(_, let b), .negate(let b), .not(let b): [b]
        case .parameter(_, let k, let d): [k, d].compactMap { $0 }
        case .collection(_, let s, let b): [s] + (b.map { [$0] } ?? [])
        case .arithmetic(_, let a, let b), .compare(_, let a, let b), .and(let a, let b), .or(let a, let b), .membership(_, let a, let b): [a, b]
        case .between(let a, let b, let c), .conditional(let a, let b, let c): [a, b, c]
        }
    }
}

/// Functions that take a list and, optionally, an expression evaluated for each item.
public enum CollectionOp: String, Sendable, CaseIterable {
    case count, sum, min, max, any, all, filter
}

/// A definition or `let` after checking: its typed body and, for household-level ones, the slot
/// of the per-decision cache that holds its value. Made by the checker once the body is checked;
/// immutable.
public final class DefinitionPlan: Sendable {
    public let spec: DefinitionSpec
    public let body: TypedExpr
    /// For household-level definitions: the slot of the per-decision cache that keeps the value.
    public let cacheSlot: Int?
    /// For record-level definitions (a member's age): the slot, among all record-level
    /// definitions, under which a decision keeps the value once per record.
    public let recordSlot: Int?
    public var name: String { spec.name }
    public var label: Localized { spec.label }
    public var type: ValueType { body.type }

    package init(spec: DefinitionSpec, body: TypedExpr, cacheSlot: Int?, recordSlot: Int?) {
        self.spec = spec; self.body = body; self.cacheSlot = cacheSlot; self.recordSlot = recordSlot
    }
}
