/// The names of the record fields that the rules of a rule set read anywhere: in eligibility
/// conditions and their reasons, amounts, forms, lets, definitions and scoring. A field whose
/// name is not among them is never looked at by a decision, so a batch that writes decisions
/// without explanations need not keep its text (a member's name).
///
/// Guarantees: conservative — a name read on any record type counts for every record type; the
/// fields the engine itself reads (`id`, `applicant`, `date`) always count.
enum FieldsRead {
    /// The names of the parameters with `stale_after` that `program` reads, through definitions too.
    static func ageingParameters(of program: ProgramPlan) -> Set<String> {
        var names: Set<String> = []
        var seen: Set<ObjectIdentifier> = []
        func walk(_ t: TypedExpr) {
            switch t.kind {
            case .parameter(let p, _, _): if p.staleAfterMonths != nil { names.insert(p.name) }
            case .definition(let d), .recordDefinition(let d, _):
                if seen.insert(ObjectIdentifier(d)).inserted, let b = d.body { walk(b) }
            default: break
            }
            t.children.forEach(walk)
        }
        func walk(_ c: ConditionPlan) {
            switch c {
            case .all(_, _, let kids), .any(_, _, let kids): kids.forEach(walk)
            case .test(_, _, let when, _, let values): walk(when); values.values.forEach(walk)
            }
        }
        program.eligible.map(walk)
        program.amount.map(walk)
        program.form.map(walk)
        for l in program.lets { l.body.map(walk) }
        return names
    }

    static func names(programs: [ProgramPlan], definitions: [DefinitionPlan]) -> Set<String> {
        var names: Set<String> = ["id", "applicant", "date", "application", "members"]
        var seen: Set<ObjectIdentifier> = []
        func walk(_ t: TypedExpr) {
            switch t.kind {
            case .rootField(_, let n), .itemField(_, _, let n), .field(_, _, let n): names.insert(n)
            case .definition(let d), .recordDefinition(let d, _):
                if seen.insert(ObjectIdentifier(d)).inserted, let b = d.body { walk(b) }
            default: break
            }
            t.children.forEach(walk)
        }
        func walk(_ c: ConditionPlan) {
            switch c {
            case .all(_, _, let kids), .any(_, _, let kids): kids.forEach(walk)
            case .test(_, _, let when, _, let values): walk(when); values.values.forEach(walk)
            }
        }
        for p in programs {
            p.eligible.map(walk)
            p.amount.map(walk)
            p.form.map(walk)
            for l in p.lets { l.body.map(walk) }
            if let s = p.scoring {
                s.criteria.forEach { walk($0.points) }
                s.tieBreaks.forEach { walk($0.expr) }
                s.quotas.forEach { walk($0.key) }
            }
        }
        for d in definitions { d.body.map(walk) }
        return names
    }
}
