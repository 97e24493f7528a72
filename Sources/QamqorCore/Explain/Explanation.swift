import QamqorSupport
/// Why a decision came out as it did: the eligibility tree with each condition's result, the
/// values it read, its reason, and — where a condition failed — what would change it. Built once
/// from the trace of a decision; rendered by ``ExplanationRenderer`` in any language and level.
///
/// Immutable, and shared rather than copied (a reference: an explanation holds a whole tree).
/// Its decision lists no conditions (``Decision/conditions`` is empty): the tree is ``root``.
public final class Explanation: Sendable {
    public let decision: Decision
    /// The root of the eligibility tree (nil for a programme without conditions).
    public let root: ExplainedCondition?
    /// What the decision waits for, when undetermined: facts of the household, and values the
    /// rules lack (see ``MissingFact/isRulesGap``).
    public let missing: [MissingFact]
    /// Facts the applicant or caseworker can supply.
    public var facts: [MissingFact] { missing.filter { !$0.isRulesGap } }
    /// Values the rules lack (a region or date no parameter covers): a policy officer must add
    /// them; no answer from the applicant can.
    public var gaps: [MissingFact] { missing.filter(\.isRulesGap) }
    public let amountLabel: Localized?
    /// The values the amount is built from (the programme's `let`s), for the full level.
    public let values: [NamedValue]
    /// The dated figures of ageing parameters the decision used (the month a regional minimum
    /// is from, and where it was published).
    public let figures: [UsedFigure]
    /// How the amount was computed, for a decision with an amount.
    public let amountBreakdown: AmountBreakdown?
    /// The detail it holds. At ``ExplanationLevel/full``, every condition's values, reason,
    /// threshold and date; at ``ExplanationLevel/decisive``, those of the conditions that decided
    /// the outcome only — the others keep their result and missing facts, which is all that
    /// level shows of them. Rendered at a fuller level than it holds, the other conditions show
    /// no values.
    public let level: ExplanationLevel

    package init(decision: Decision, root: ExplainedCondition?, missing: [MissingFact], amountLabel: Localized?, values: [NamedValue],
         figures: [UsedFigure], amountBreakdown: AmountBreakdown?, level: ExplanationLevel = .full) {
        self.decision = decision; self.root = root; self.missing = missing; self.amountLabel = amountLabel; self.values = values
        self.figures = figures; self.amountBreakdown = amountBreakdown; self.level = level
    }
}

/// A parameter's dated figure as a decision used it.
public struct UsedFigure: Sendable {
    /// The parameter's label, with its key's (`Regional subsistence minimum (Almaty city)`).
    public let label: Localized
    public let value: Value
    public let type: ValueType
    /// The date the figure is dated on (its month's first day) and the day it was asked for.
    public let from: Day
    public let askedFor: Day
    public let source: String?
}

/// One node of an explained eligibility tree. Immutable; shared rather than copied.
public final class ExplainedCondition: Sendable {
    public enum Kind: String, Sendable { case all, any, test }
    public let id: String
    public let label: Localized
    public let kind: Kind
    /// true, false, or nil when it waits for missing facts.
    public let result: Bool?
    /// False when the evaluation never reached it.
    public let evaluated: Bool
    /// Part of what decided the outcome (the failing conditions of a failed `all`, the passing one
    /// of a passed `any`, every condition of a passed `all`).
    public let decisive: Bool
    /// The rule's own reason template and the values for its placeholders.
    public let reason: Localized?
    public let reasonValues: [String: NamedValue]
    /// The named values the test reads directly.
    public let values: [NamedValue]
    /// For a numeric threshold: how far off it is and what change would flip it.
    public let threshold: Threshold?
    /// For an age or date condition that fails now: the date from which it holds.
    public let holdsFrom: Day?
    public let missing: [MissingInput]
    public let children: [ExplainedCondition]

    package init(id: String, label: Localized, kind: Kind, result: Bool?, evaluated: Bool, decisive: Bool, reason: Localized?,
         reasonValues: [String: NamedValue], values: [NamedValue], threshold: Threshold?, holdsFrom: Day?, missing: [MissingInput],
         children: [ExplainedCondition]) {
        self.id = id; self.label = label; self.kind = kind; self.result = result; self.evaluated = evaluated; self.decisive = decisive
        self.reason = reason; self.reasonValues = reasonValues; self.values = values; self.threshold = threshold
        self.holdsFrom = holdsFrom; self.missing = missing; self.children = children
    }
}

/// A comparison of a quantity with a bound: the gap, and the changes upstream that flip it.
public struct Threshold: Sendable {
    public let subject: NamedValue
    public let bound: NamedValue
    public let comparison: BinaryOperator
    public let passed: Bool
    /// |subject − bound|.
    public let gap: ExactDecimal
    /// When failed: how much each quantity the subject is computed from would have to change
    /// (negative: lower), from the subject itself down to the input it is built from.
    public let changes: [Change]

    public struct Change: Sendable {
        public let quantity: NamedValue
        public let delta: ExactDecimal
    }
}

/// A fact the decision needs, with its label and the conditions it would decide.
public struct MissingFact: Sendable {
    /// The fact of the record, or the figure the rules lack.
    public let input: MissingInput
    public let label: Localized
    public let decides: [Localized]
    /// The written form: a field path, or `parameter name[key] on day`.
    public var path: String { input.text }
    /// True when the rules, not the household, lack the value: a parameter with no value for the
    /// key and date the decision needs.
    public var isRulesGap: Bool { input.isRulesGap }
}
