import QamqorSupport
/// What the rules of a rule set read: the record fields read anywhere, and the ageing parameters
/// each programme reads.
///
/// Guarantees: conservative — a name read on any record type counts for every record type; the
/// fields the engine itself reads (`id`, `applicant`, `date`) always count.
package enum FieldsRead {
    /// The names of the record fields that the rules read anywhere: in eligibility conditions and
    /// their reasons, amounts, forms, lets, definitions and scoring. A field whose name is not
    /// among them is never looked at by a decision, so a batch that writes decisions without
    /// explanations need not keep its text (a member's name).
    package static func names(programs: [ProgramPlan], definitions: [DefinitionPlan]) -> Set<String> {
        var names: Set<String> = ["id", "applicant", "date", "application", "members"]
        var walker = Walker { t in
            switch t.kind {
            case .rootField(_, let n), .itemField(_, _, let n), .field(_, _, let n): names.insert(n)
            default: break
            }
        }
        for p in programs { walker.walk(p, scoring: true) }
        for d in definitions { d.body.map { walker.walk($0) } }
        return names
    }

    /// The names of the parameters with `stale_after` that `program` reads, through definitions
    /// too: an explanation names the dated figure each gave.
    package static func ageingParameters(of program: ProgramPlan) -> Set<String> {
        var names: Set<String> = []
        var walker = Walker { t in
            if case .parameter(let p, _, _) = t.kind, p.staleAfterMonths != nil { names.insert(p.name) }
        }
        walker.walk(program, scoring: false)
        return names
    }

    /// Visits every node of a programme's expressions, entering each definition once.
    package struct Walker {
        package let visit: (TypedExpr) -> Void
        package var seen: Set<ObjectIdentifier> = []

        package init(_ visit: @escaping (TypedExpr) -> Void) { self.visit = visit }

        package mutating func walk(_ t: TypedExpr) {
            visit(t)
            switch t.kind {
            case .definition(let d), .recordDefinition(let d, _):
                if seen.insert(ObjectIdentifier(d)).inserted, let b = d.body { walk(b) }
            default: break
            }
            for c in t.children { walk(c) }
        }

        package mutating func walk(_ c: ConditionPlan) {
            switch c {
            case .all(_, _, let kids, _), .any(_, _, let kids, _): for k in kids { walk(k) }
            case .test(_, _, let when, _, let values, _): walk(when); for v in values.values { walk(v) }
            }
        }

        package mutating func walk(_ p: ProgramPlan, scoring: Bool) {
            if let e = p.eligible { walk(e) }
            if let a = p.amount { walk(a) }
            if let f = p.form { walk(f) }
            for l in p.lets { if let b = l.body { walk(b) } }
            if scoring, let s = p.scoring {
                for c in s.criteria { walk(c.points) }
                for t in s.tieBreaks { walk(t.expr) }
                for q in s.quotas { walk(q.key) }
            }
        }
    }
}
