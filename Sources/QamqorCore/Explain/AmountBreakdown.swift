import QamqorSupport
/// How an amount was computed, as equations a caseworker can check by hand: the amount equal to
/// its expression with every named value filled in, then each named part that is itself computed,
/// the same way. For ATA: `Monthly ATA amount 127 295 ₸ = Gap to the poverty line 121 397 ₸ +
/// Supplement for children aged 1–6 5 898 ₸`, then `Gap … = (Poverty line 42 416.50 ₸ −
/// Per-capita monthly income 18 136.10 ₸) × Household size 5`, and so on.
public struct AmountBreakdown: Sendable {
    /// One piece of an equation's right-hand side.
    public enum Term: Sendable {
        /// A value the rules name (a definition, a parameter, a field), with its value.
        case named(label: Localized, value: Value?, type: ValueType)
        /// A number written in the rule.
        case number(Value, ValueType)
        /// `+`, `−`, `×`, `÷`, `(`, `)`.
        case symbol(String)
        /// A part shown as written in the rule (a list function), with its value.
        case written(String, value: Value?, type: ValueType)
        /// Words that say what was done to the terms before it (`, rounded up to whole tenge`).
        case note(Localized)
    }

    /// What `round_up(x)` says after `x`: an allowance is paid in whole tenge, rounded up.
    package static var roundedUp: Localized { Localized("amount-breakdown.rounded-up") }

    /// `label value = terms`.
    public struct Line: Sendable {
        public let label: Localized
        public let value: Value?
        public let type: ValueType
        public let terms: [Term]
    }

    public let lines: [Line]

    /// The most lines a breakdown shows (the amount and the parts it is built from, then theirs).
    package static let maxLines = 6
}

extension Explainer {
    /// The breakdown of the programme's amount, for a decision that has one.
    package func amountBreakdown() -> AmountBreakdown? {
        guard let amount = program.plan.amount, let total = decision.amount else { return nil }
        var lines: [AmountBreakdown.Line] = []
        var queue: [(Localized, TypedExpr, Value?)] = [(program.plan.spec.amountLabel ?? Localized(uniform: "amount"), amount, .decimal(total))]
        var seen: Set<ObjectIdentifier> = []
        while !queue.isEmpty, lines.count < AmountBreakdown.maxLines {
            let (label, expr, value) = queue.removeFirst()
            var more: [(Localized, TypedExpr, Value?)] = []
            let terms = breakdownTerms(expr, parent: 0, right: false, into: &more, seen: &seen)
            // A line that only restates a single value (a rate chosen by a condition, a named
            // value) adds nothing.
            if terms.count == 1 { queue += more; continue }
            lines.append(AmountBreakdown.Line(label: label, value: value, type: expr.type, terms: terms))
            queue += more
        }
        return lines.isEmpty ? nil : AmountBreakdown(lines: lines)
    }

    /// The terms of `t`; the named parts computed from others are added to `more` to break down next.
    private func breakdownTerms(_ t: TypedExpr, parent: Int, right: Bool, into more: inout [(Localized, TypedExpr, Value?)],
                                seen: inout Set<ObjectIdentifier>) -> [AmountBreakdown.Term] {
        switch t.kind {
        case .arithmetic(let op, let a, let b):
            let precedence = op == .add || op == .subtract ? 1 : 2
            let symbol = switch op { case .add: "+"; case .subtract: "−"; case .multiply: "×"; case .divide: "÷" }
            // The right operand of − and ÷ binds tighter: a − (b + c).
            let rightNeeds = op == .subtract || op == .divide
            var out = breakdownTerms(a, parent: precedence, right: false, into: &more, seen: &seen)
            out.append(.symbol(symbol))
            out += breakdownTerms(b, parent: precedence + (rightNeeds ? 1 : 0), right: true, into: &more, seen: &seen)
            return precedence < parent ? [.symbol("(")] + out + [.symbol(")")] : out
        case .negate(let x):
            return [.symbol("−")] + breakdownTerms(x, parent: 3, right: false, into: &more, seen: &seen)
        case .constant(let v):
            return [.number(v, t.type)]
        case .conditional(let c, let a, let b):
            // The branch the decision took.
            if case .bool(let holds)? = value(c, nil) {
                return breakdownTerms(holds ? a : b, parent: parent, right: right, into: &more, seen: &seen)
            }
            return [.written(t.site.text, value: value(t, nil), type: t.type)]
        case .call(let f, let args) where f.name == "round_up" && args.count == 1:
            // The exact product, then the words: `69 329.75 ₸, rounded up to whole tenge`.
            return breakdownTerms(args[0], parent: 0, right: false, into: &more, seen: &seen) + [.note(AmountBreakdown.roundedUp)]
        case .definition(let d), .recordDefinition(let d, _):
            let v = value(t, nil)
            if case let body = d.body, seen.insert(ObjectIdentifier(d)).inserted, Self.isComputed(body) {
                more.append((d.label, body, v))
            }
            return [.named(label: d.label, value: v, type: t.type)]
        default:
            if let (_, l) = label(t) { return [.named(label: l, value: value(t, nil), type: t.type)] }
            return [.written(t.site.text, value: value(t, nil), type: t.type)]
        }
    }

    /// Whether an expression is worth its own line: arithmetic, not a single value.
    package static func isComputed(_ t: TypedExpr) -> Bool {
        switch t.kind {
        case .arithmetic, .negate, .conditional: true
        default: false
        }
    }
}
