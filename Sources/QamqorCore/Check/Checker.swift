import QamqorSupport
/// Resolves every name and field path of the rules against the schema, parameters, definitions
/// and programmes; infers types; and rejects mismatches, unknown names (with the closest
/// suggestion), unknown functions, wrong arity and dependency cycles — before anything runs.
///
/// Names are looked up, innermost first: the current collection item's fields (and the definitions
/// on its record type), outer items, the programme's `let`s, shared household definitions, the
/// applicant file's top-level fields, parameters, and `as_of`, `applicant`, `it`, `programs`.
package final class Checker {
    package let schema: Schema
    package let parameters: [String: ParameterTable]
    /// The definitions as written, by name: shared ones, and those of each record type.
    package var householdDefinitions: [String: DefinitionSpec] = [:]
    package var recordDefinitions: [String: [String: DefinitionSpec]] = [:]
    /// The programmes as written, by id, and each one's position in the rule set.
    package var programSpecs: [String: ProgramSpec] = [:]
    package var programIndex: [String: Int] = [:]
    /// The checked definitions (by ``definitionKey(_:)``) and programmes (by id), each made once.
    package var definitionPlans: [String: DefinitionPlan] = [:]
    package var programPlans: [String: ProgramPlan] = [:]
    package var diagnostics = DiagnosticList()
    package var cacheSlots = 0
    /// Record-level definitions numbered across all record types (see ``DefinitionPlan/recordSlot``).
    package var recordSlots = 0

    // Context of the expression being checked.
    package var scopes: [ValueType] = []
    package var lets: [String: DefinitionSpec] = [:]
    package var currentSource: SourceExpression?
    package var inProgress: [String] = []
    /// How many condition slots are numbered so far (every programme's named conditions).
    package var conditionSlots = 0
    package var checked: Set<String> = []
    package var reportedCycles: Set<String> = []
    /// The record type of `marks` while a scoring section is checked.
    package var marksType: RecordType?
    /// How many expression nodes (across definitions used inside one another) are being checked
    /// now, one inside the next: bounded by ``maxNesting``, so that a chain of thousands of
    /// definitions is an error at its place instead of a stack overflow.
    package var nesting = 0
    /// Whether a nesting overrun was reported: once for the rule set (the definitions checked
    /// after it fail with it, and each would say the same).
    package var reportedNesting = false
    /// Definitions in the order their checking finished: each after every definition it uses.
    package var finishedDefinitions: [DefinitionPlan] = []
    /// The deepest nesting of expressions and the definitions they use, one inside another.
    package static let maxNesting = 400

    package init(schema: Schema, parameters: [ParameterTable]) {
        self.schema = schema
        var p: [String: ParameterTable] = [:]
        for t in parameters { p[t.name] = t }
        self.parameters = p
    }

    /// The record type of one household member.
    package var memberType: RecordType? {
        guard let slot = schema.root.slot(of: "members"), case .list(.record(let r)) = schema.root.fields[slot].type else { return nil }
        return r
    }

    package func error(_ code: DiagnosticCode, _ message: Localized, _ e: Expr, range: Range<Int>? = nil, help: Localized? = nil) {
        guard let src = currentSource else { return }
        let loc = src.location(of: range ?? e.range)
        diagnostics.append(Diagnostic(code: code, message, in: src.file, at: loc, help: help))
    }

    /// "<what is needed>, found <type>" in the three languages.
    package func found(_ type: ValueType, _ needed: Localized) -> Localized {
        Localized("check.found", ["needed": needed, "type": type.said])
    }

    package static func cannotCompare(_ a: ValueType, _ b: ValueType) -> Localized {
        Localized("check.cannot-compare", ["a": a.said, "b": b.said])
    }

    package func site(_ e: Expr) -> TypedExpr.Site {
        guard let src = currentSource else {
            return .init(file: "", location: SourceLocation(line: 1, column: 1), text: "", sourceLine: nil)
        }
        let scalars = src.scalars
        let lo = max(0, min(e.range.lowerBound, scalars.count)), hi = max(lo, min(e.range.upperBound, scalars.count))
        let loc = src.location(of: e.range)
        return .init(file: src.file.path, location: loc, text: String(String.UnicodeScalarView(scalars[lo..<hi])),
                     sourceLine: src.file.line(loc.line))
    }

    package func make(_ e: Expr, _ type: ValueType, _ kind: TypedExpr.Kind) -> TypedExpr {
        TypedExpr(id: e.id, type: type, kind: kind, site: site(e))
    }

    /// A placeholder for a node that failed to check; errors were already reported.
    package func poisoned(_ e: Expr) -> TypedExpr? { nil }

    // MARK: Definitions

    /// What tells a definition from any other: its programme, its record type and its name.
    package static func definitionKey(_ d: DefinitionSpec) -> String { "def:\(d.program ?? "")/\(d.scope?.name ?? "")/\(d.name)" }

    /// The `let`s of a programme by name (the last of a repeated name: the repetition is an error).
    package static func letTable(_ spec: ProgramSpec) -> [String: DefinitionSpec] {
        Dictionary(spec.lets.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    /// Checks a definition's body once, in its own scope, detecting cycles: the checked
    /// definition, or nil when its body has an error (reported) or it depends on itself.
    package func ensureChecked(_ d: DefinitionSpec, at use: Expr?) -> DefinitionPlan? {
        let key = Self.definitionKey(d)
        if checked.contains(key) { return definitionPlans[key] }
        if let i = inProgress.firstIndex(of: key) {
            let chain = (inProgress[i...] + [key]).map { $0.split(separator: "/").last.map(String.init) ?? $0 }
            let sig = Set(chain).sorted().joined(separator: ",")
            if reportedCycles.insert(sig).inserted {
                diagnostics.append(Diagnostic(code: .cycle, Localized("check.definitions-depend-each-other", ["joined": chain.joined(separator: " → ")]),
                                              in: d.body.file, at: d.location,
                                              help: Localized("check.one-them-must-computed")))
            }
            return nil
        }
        inProgress.append(key)
        let saved = (scopes, lets, currentSource)
        scopes = d.scope.map { [.record($0)] } ?? []
        lets = d.program.flatMap { programSpecs[$0] }.map(Self.letTable) ?? [:]
        currentSource = d.body
        let body = check(d.body.expr)
        (scopes, lets, currentSource) = saved
        inProgress.removeLast()
        checked.insert(key)
        guard let body else { return nil }
        var cacheSlot: Int?, recordSlot: Int?
        if d.scope == nil { cacheSlot = cacheSlots; cacheSlots += 1 } else { recordSlot = recordSlots; recordSlots += 1 }
        let plan = DefinitionPlan(spec: d, body: body, cacheSlot: cacheSlot, recordSlot: recordSlot)
        definitionPlans[key] = plan
        finishedDefinitions.append(plan)
        return plan
    }

    // MARK: Expressions

    /// Checks `e`; `expected` lets a text literal stand for an enum case (`relation == "child"`).
    package func check(_ e: Expr, expected: ValueType? = nil) -> TypedExpr? {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else {
            if !reportedNesting {
                reportedNesting = true
                let chain = inProgress.filter { $0.hasPrefix("def:") }.compactMap { $0.split(separator: "/").last.map(String.init) }
                let shown = chain.count > 6 ? chain.prefix(3) + ["…"] + chain.suffix(3) : chain[...]
                error(.tooDeep, Localized("check.expressions-definitions-they-use", ["maxNesting": Self.maxNesting, "chain": chain.count, "joined": shown.joined(separator: " → ")]), e,
                      help: Localized("check.shown"))
            }
            return nil
        }
        return checkNode(e, expected: expected)
    }

    private func checkNode(_ e: Expr, expected: ValueType?) -> TypedExpr? {
        switch e.kind {
        case .integer(let v): return make(e, .integer, .constant(.int(v)))
        case .decimal(let v): return make(e, .decimal, .constant(.decimal(v)))
        case .boolean(let b): return make(e, .boolean, .constant(.bool(b)))
        case .date(let d): return make(e, .date, .constant(.date(d)))
        case .string(let s):
            if case .enumeration(let en)? = expected {
                guard let i = en.index(of: s) else {
                    error(.unknownEnumValue, Localized("check.not", ["s": s, "name": en.name]), e,
                          help: Suggestion.didYouMean(s, among: en.cases) ?? RecordMessage.oneOf(en.cases))
                    return nil
                }
                return make(e, .enumeration(en), .constant(.enumCase(i)))
            }
            return make(e, .string, .constant(.text(s)))
        case .list(let items):
            var elementExpected: ValueType?
            if case .list(let t)? = expected { elementExpected = t }
            var typed: [TypedExpr] = []
            var ok = true
            for item in items {
                guard let t = check(item, expected: elementExpected) else { ok = false; continue }
                if let et = elementExpected {
                    guard let u = Checker.unify(et, t.type) else {
                        error(.typeMismatch, Localized("check.list-cannot-mix", ["et": et.said, "type": t.type.said]), item); ok = false; continue
                    }
                    elementExpected = u
                } else { elementExpected = t.type }
                typed.append(t)
            }
            guard ok else { return nil }
            return make(e, elementExpected.map { .list($0) } ?? .emptyList, .list(typed))
        case .name(let n):
            return resolveName(n, e)
        case .field(let base, let name, let nameRange):
            return checkField(e, base: base, name: name, nameRange: nameRange)
        case .call(let name, let args, let nameRange):
            return checkCall(e, name: name, args: args, nameRange: nameRange)
        case .unary(let op, let x):
            guard let t = check(x) else { return nil }
            switch op {
            case .not:
                guard t.type == .boolean else { error(.typeMismatch, found(t.type, Localized("check.not-needs-yes-no")), x); return nil }
                return make(e, .boolean, .not(t))
            case .negate:
                guard t.type.isNumeric else { error(.typeMismatch, found(t.type, Localized("check.only-numbers-can-negated")), x); return nil }
                return make(e, t.type, .negate(t))
            }
        case .binary(let op, let a, let b):
            return checkBinary(e, op, a, b)
        case .between(let x, let lo, let hi):
            guard let tx = check(x), let tl = check(lo, expected: tx.type), let th = check(hi, expected: tx.type) else { return nil }
            for (t, src) in [(tl, lo), (th, hi)] where !Checker.comparable(tx.type, t.type) {
                error(.typeMismatch, Self.cannotCompare(tx.type, t.type), src); return nil
            }
            return make(e, .boolean, .between(tx, tl, th))
        case .conditional(let c, let t, let f):
            guard let tc = check(c) else { _ = check(t, expected: expected); _ = check(f, expected: expected); return nil }
            if tc.type != .boolean { error(.typeMismatch, found(tc.type, Localized("check.condition-if-must-yes")), c); return nil }
            var tt = check(t, expected: expected)
            let tf = check(f, expected: expected ?? tt?.type)
            if tt != nil, tf != nil, case .string = tt!.type, case .enumeration = tf!.type { tt = check(t, expected: tf!.type) }
            guard let tt, let tf else { return nil }
            guard let u = Checker.unify(tt.type, tf.type) else {
                error(.typeMismatch, Localized("check.then-gives-but-else", ["ttTypeSaid": tt.type.said, "tfTypeSaid": tf.type.said]), e); return nil
            }
            return make(e, u, .conditional(tc, tt, tf))
        }
    }

    /// The common type of two branches or list items, or nil.
    package static func unify(_ a: ValueType, _ b: ValueType) -> ValueType? {
        if a == b { return a }
        switch (a, b) {
        case (.integer, .decimal), (.decimal, .integer): return .decimal
        case (.money, .integer), (.integer, .money), (.money, .decimal), (.decimal, .money): return .money
        case (.emptyList, .list), (.list, .emptyList): return a == .emptyList ? b : a
        default: return nil
        }
    }

    package static func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
        if a.isNumeric && b.isNumeric { return true }
        return a == b && a != .period
    }

    package func visibleNames() -> [String] {
        var names: [String] = ["as_of", "applicant", "programs"]
        for s in scopes {
            if case .record(let r) = s {
                names += r.fields.map(\.name)
                names += recordDefinitions[r.name].map { Array($0.keys) } ?? []
            }
        }
        names += lets.keys
        names += householdDefinitions.keys
        names += schema.root.fields.map(\.name)
        names += parameters.keys
        return names
    }

    package func resolveName(_ n: String, _ e: Expr) -> TypedExpr? {
        if n == "it" {
            guard let t = scopes.last else { error(.unknownName, Localized("check.means-current-item-only"), e); return nil }
            return make(e, t, .item(depth: 0))
        }
        for (depth, scope) in scopes.reversed().enumerated() {
            guard case .record(let r) = scope else { continue }
            if let slot = r.slot(of: n) { return make(e, r.fields[slot].type, .itemField(depth: depth, slot: slot, name: n)) }
            if let spec = recordDefinitions[r.name]?[n] {
                guard let d = ensureChecked(spec, at: e) else { return nil }
                return make(e, d.type, .recordDefinition(d, make(e, scope, .item(depth: depth))))
            }
        }
        if let spec = lets[n] ?? householdDefinitions[n] {
            guard let d = ensureChecked(spec, at: e) else { return nil }
            return make(e, d.type, .definition(d))
        }
        if let slot = schema.root.slot(of: n) { return make(e, schema.root.fields[slot].type, .rootField(slot: slot, name: n)) }
        if let p = parameters[n] {
            if let k = p.key {
                error(.missingArgument, Localized("check.parameter-has-value-per", ["n": n, "name": k.name]), e)
                return nil
            }
            return make(e, p.type, .parameter(p, key: nil, date: nil))
        }
        switch n {
        case "as_of": return make(e, .date, .asOf)
        case "marks" where marksType != nil: return make(e, .record(marksType!), .marks)
        case "applicant":
            guard let m = memberType else { error(.unknownName, Localized("check.schema-has-no-members"), e); return nil }
            return make(e, .record(m), .applicant)
        case "programs":
            error(.wrongShape, Localized("check.programs-needs-programme-outcome"), e)
            return nil
        default: break
        }
        if CollectionOp(rawValue: n) != nil || BuiltinFunction.named(n) != nil {
            error(.unknownName, Localized("check.function-call-with-arguments", ["n": n]), e)
            return nil
        }
        error(.unknownName, Localized("check.unknown-name", ["n": n]), e, help: Suggestion.didYouMean(n, among: visibleNames()))
        return nil
    }

    package func checkField(_ e: Expr, base: Expr, name: String, nameRange: Range<Int>) -> TypedExpr? {
        if case .field(let inner, let pid, let pidRange) = base.kind, case .name("programs") = inner.kind {
            guard let spec = programSpecs[pid] else {
                error(.unknownName, Localized("check.plan", ["pid": pid]), base, range: pidRange,
                      help: Suggestion.didYouMean(pid, among: programSpecs.keys)); return nil
            }
            guard let f = TypedExpr.OutcomeField(rawValue: name) else {
                error(.unknownField, Localized("check.programme-outcome-has-no", ["name": name]), e, range: nameRange,
                      help: Suggestion.didYouMean(name, among: TypedExpr.OutcomeField.allCases.map(\.rawValue))
                          ?? Localized("check.use-eligible-amount-form")); return nil
            }
            guard let plan = ensureProgramChecked(spec, at: e) else { return nil }
            let type: ValueType = switch f {
            case .eligible: .boolean
            case .amount: .money
            case .form: plan.formEnum.map { .enumeration($0) } ?? .string
            case .status: .string
            }
            return make(e, type, .programOutcome(plan, f))
        }
        guard let b = check(base) else { return nil }
        guard case .record(let r) = b.type else {
            error(.typeMismatch, Localized("check.has-no-fields-cannot", ["type": b.type.said, "name": name]), e, range: nameRange)
            return nil
        }
        if let slot = r.slot(of: name) { return make(e, r.fields[slot].type, .field(b, slot: slot, name: name)) }
        if let spec = recordDefinitions[r.name]?[name] {
            guard let d = ensureChecked(spec, at: e) else { return nil }
            return make(e, d.type, .recordDefinition(d, b))
        }
        let candidates = r.fields.map(\.name) + (recordDefinitions[r.name].map { Array($0.keys) } ?? [])
        error(.unknownField, Localized("check.candidates", ["rName": r.name, "name": name]), e, range: nameRange,
              help: Suggestion.didYouMean(name, among: candidates))
        return nil
    }

    /// Checks a programme referenced through `programs.<id>` (cycles between programmes included):
    /// the checked programme, or nil when it is part of a cycle.
    package func ensureProgramChecked(_ spec: ProgramSpec, at use: Expr?) -> ProgramPlan? {
        let key = "program:\(spec.id)"
        if checked.contains(key) { return programPlans[spec.id] }
        if let i = inProgress.firstIndex(of: key) {
            let chain = (inProgress[i...] + [key]).filter { $0.hasPrefix("program:") }.map { String($0.dropFirst(8)) }
            if reportedCycles.insert(Set(chain).sorted().joined(separator: ",")).inserted {
                diagnostics.append(Diagnostic(code: .cycle, Localized("check.chain", ["joined": chain.joined(separator: " → ")]),
                                              in: spec.file, at: spec.location))
            }
            return nil
        }
        let saved = (scopes, lets, currentSource)
        let plan = checkProgram(spec)
        (scopes, lets, currentSource) = saved
        return plan
    }
}
