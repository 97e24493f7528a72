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
        for d in definitions { walker.walk(d.body) }
        return names
    }

    /// The names of the parameters with `stale_after` that `program` reads, through definitions
    /// too: an explanation names the dated figure each gave.
    package static func ageingParameters(lets: [DefinitionPlan], eligible: ConditionPlan?, amount: TypedExpr?, form: TypedExpr?) -> Set<String> {
        var names: Set<String> = []
        var walker = Walker { t in
            if case .parameter(let p, _, _) = t.kind, p.staleAfterMonths != nil { names.insert(p.name) }
        }
        walker.walk(lets: lets, eligible: eligible, amount: amount, form: form)
        return names
    }

    /// Which programmes another programme (or a scoring rule) reads the outcome of
    /// (`programs.<id>.eligible`), by programme index: only theirs are kept in an untraced frame.
    package static func referencedPrograms(_ programs: [ProgramPlan]) -> [Bool] {
        var referenced = Array(repeating: false, count: programs.count)
        var walker = Walker { t in
            if case .programOutcome(let p, _) = t.kind, p.index >= 0, p.index < referenced.count { referenced[p.index] = true }
        }
        for p in programs { walker.walk(p, scoring: true) }
        return referenced
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
                if seen.insert(ObjectIdentifier(d)).inserted { walk(d.body) }
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

        package mutating func walk(lets: [DefinitionPlan], eligible: ConditionPlan?, amount: TypedExpr?, form: TypedExpr?) {
            if let e = eligible { walk(e) }
            if let a = amount { walk(a) }
            if let f = form { walk(f) }
            for l in lets { walk(l.body) }
        }

        package mutating func walk(_ p: ProgramPlan, scoring: Bool) {
            walk(lets: p.lets, eligible: p.eligible, amount: p.amount, form: p.form)
            if scoring, let s = p.scoring {
                for c in s.criteria { walk(c.points) }
                for t in s.tieBreaks { walk(t.expr) }
                for q in s.quotas { walk(q.key) }
            }
        }
    }
}
