import QamqorSupport
/// A checked programme: its lets, its eligibility tree, amount and form as typed expressions.
public final class ProgramPlan: @unchecked Sendable {
    public let spec: ProgramSpec
    public var id: String { spec.id }
    public var title: Localized { spec.title }
    public internal(set) var lets: [DefinitionPlan] = []
    public internal(set) var eligible: ConditionPlan?
    public internal(set) var amount: TypedExpr?
    public internal(set) var form: TypedExpr?
    public internal(set) var formEnum: EnumType?
    /// The per-decision cache slot that holds this programme's outcome for other programmes.
    public internal(set) var outcomeSlot = 0
    /// The checked ranking rules, for grant programmes.
    public internal(set) var scoring: ScoringPlan?
    /// Position in the rule set's programme list.
    public internal(set) var index = 0
    /// The ageing parameters (`stale_after`) the programme reads, itself or through definitions:
    /// an explanation names the dated figure each gave. Set once while the rule set is built.
    public internal(set) var figureParameters: Set<String> = []

    package init(spec: ProgramSpec) { self.spec = spec }
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

/// A checked `scoring:` section.
public final class ScoringPlan: @unchecked Sendable {
    public let spec: ScoringSpec
    /// The record type of `marks` (one decimal field per mark, 0–10).
    public let marksType: RecordType
    public internal(set) var criteria: [(spec: ScoringSpec.Criterion, points: TypedExpr)] = []
    public internal(set) var tieBreaks: [(spec: ScoringSpec.TieBreak, expr: TypedExpr)] = []
    public internal(set) var quotas: [(spec: ScoringSpec.Quota, key: TypedExpr)] = []

    package init(spec: ScoringSpec) {
        self.spec = spec
        let t = RecordType(name: "marks", label: Localized("program-plan.expert-marks"))
        t.setFields(spec.marks.map {
            FieldSpec(name: $0.name, type: .decimal, label: $0.label, defaultValue: nil,
                      minimum: .zero, maximum: ExactDecimal(units: 10 * ExactDecimal.scale))
        })
        marksType = t
    }
}
