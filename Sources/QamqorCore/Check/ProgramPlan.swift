import QamqorSupport
/// A checked programme: its lets, its eligibility tree, amount and form as typed expressions.
/// Made by the checker once every part is checked; immutable.
public final class ProgramPlan: Sendable {
    public let spec: ProgramSpec
    public var id: String { spec.id }
    public var title: Localized { spec.title }
    public let lets: [DefinitionPlan]
    public let eligible: ConditionPlan?
    public let amount: TypedExpr?
    public let form: TypedExpr?
    public let formEnum: EnumType?
    /// The checked ranking rules, for grant programmes.
    public let scoring: ScoringPlan?
    /// Position in the rule set's programme list.
    public let index: Int
    /// The ageing parameters (`stale_after`) the programme reads, itself or through definitions:
    /// an explanation names the dated figure each gave.
    public let figureParameters: Set<String>

    package init(spec: ProgramSpec, index: Int, lets: [DefinitionPlan], eligible: ConditionPlan?, amount: TypedExpr?,
                 form: TypedExpr?, formEnum: EnumType?, scoring: ScoringPlan?) {
        self.spec = spec; self.index = index; self.lets = lets; self.eligible = eligible; self.amount = amount
        self.form = form; self.formEnum = formEnum; self.scoring = scoring
        figureParameters = FieldsRead.ageingParameters(lets: lets, eligible: eligible, amount: amount, form: form)
    }
}

/// A checked node of an eligibility tree.
public indirect enum ConditionPlan: Sendable {
    case all(id: String?, label: Localized?, children: [ConditionPlan], slot: Int)
    case any(id: String?, label: Localized?, children: [ConditionPlan], slot: Int)
    /// A test; `reasonValues` are the expressions named by `{placeholders}` in its reason.
    case test(id: String, label: Localized, when: TypedExpr, reason: Localized?, reasonValues: [String: TypedExpr], slot: Int)

    public var id: String? {
        switch self {
        case .all(let id, _, _, _), .any(let id, _, _, _): id
        case .test(let id, _, _, _, _, _): id
        }
    }

    /// Where a traced frame keeps this condition's result: a number unique in the rule set
    /// (0, 1, 2, … across every programme), so that a result is found without hashing its id.
    /// -1 for an unnamed group, whose result is not kept.
    public var slot: Int {
        switch self {
        case .all(_, _, _, let s), .any(_, _, _, let s), .test(_, _, _, _, _, let s): s
        }
    }
}

/// A checked `scoring:` section; immutable.
public final class ScoringPlan: Sendable {
    public let spec: ScoringSpec
    /// The record type of `marks` (one decimal field per mark, 0–10).
    public let marksType: RecordType
    public let criteria: [(spec: ScoringSpec.Criterion, points: TypedExpr)]
    public let tieBreaks: [(spec: ScoringSpec.TieBreak, expr: TypedExpr)]
    public let quotas: [(spec: ScoringSpec.Quota, key: TypedExpr)]

    package init(spec: ScoringSpec, marksType: RecordType, criteria: [(spec: ScoringSpec.Criterion, points: TypedExpr)],
                 tieBreaks: [(spec: ScoringSpec.TieBreak, expr: TypedExpr)], quotas: [(spec: ScoringSpec.Quota, key: TypedExpr)]) {
        self.spec = spec; self.marksType = marksType; self.criteria = criteria; self.tieBreaks = tieBreaks; self.quotas = quotas
    }

    /// The record type of a section's `marks`: one decimal field per mark, from 0 to 10.
    package static func marksType(of spec: ScoringSpec) -> RecordType {
        RecordType(name: "marks", label: Localized("program-plan.expert-marks"), fields: spec.marks.map {
            FieldSpec(name: $0.name, type: .decimal, label: $0.label, defaultValue: nil,
                      minimum: .zero, maximum: ExactDecimal(units: 10 * ExactDecimal.scale))
        })
    }
}
