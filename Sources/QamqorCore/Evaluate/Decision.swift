import QamqorSupport
/// Whether a programme applies to a household.
public enum DecisionStatus: String, Sendable, Codable, CaseIterable {
    case eligible, ineligible, undetermined
    /// The rules themselves failed on this record (division by zero, overflow…); see `error`.
    case error
}

/// One programme's decision for one applicant record.
public struct Decision: Sendable {
    public let program: String
    public let title: Localized
    public let status: DecisionStatus
    /// The monthly amount in tenge, rounded to the tiyn, when eligible and the programme pays.
    public let amount: ExactDecimal?
    /// The form case (e.g. `conditional`) and its labels, when eligible and the programme has forms.
    public let form: String?
    public let formLabel: Localized?
    /// What the outcome is waiting for (facts of the record, or figures the rules lack), when
    /// undetermined.
    public let missing: [MissingInput]
    public let error: EvaluationError?
    public let asOf: Day
    /// When traced: every condition of the eligibility tree with its result.
    public let conditions: [ConditionOutcome]
    /// When traced: every programme `let` that was evaluated, with its value.
    public let values: [UsedValue]
}

/// A condition of an eligibility tree and what it gave.
public struct ConditionOutcome: Sendable {
    public let id: String
    public let label: Localized?
    /// 0 for the top level, 1 for its children, and so on.
    public let depth: Int
    /// `true`, `false`, or nil when it depended on missing facts (or was not reached).
    public let result: Bool?
    public let evaluated: Bool
    public let missing: [MissingInput]
}

/// A value with the name and label it has in the rules.
public struct NamedValue: Sendable {
    public let name: String
    public let label: Localized
    public let value: Value
    public let type: ValueType
}

/// A named value that a decision used: the same type as an explanation's values.
public typealias UsedValue = NamedValue
