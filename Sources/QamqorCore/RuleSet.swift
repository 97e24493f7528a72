import QamqorSupport
import Yams

/// A loaded, checked and compiled set of rules: the schema, parameters, shared definitions and
/// programmes, plus the rule tests found beside them. Immutable and safe to share between threads.
///
/// This is the one library entry point the CLI and the service use:
/// ``load(from:)`` → ``decide(_:asOf:programs:trace:)``.
public final class RuleSet: Sendable {
    public let schema: Schema
    public let parameters: [ParameterTable]
    public let programs: [ProgramPlan]
    public let definitions: [DefinitionPlan]
    /// A content hash of every rule file: decisions record it so they can be traced to the rules.
    public let version: String
    /// Rule test files (`tests/*.yaml`), for ``RuleTestRunner``.
    public let testFiles: [SourceFile]
    /// The households rule tests name (`tests/households/…`), by their path relative to `tests/`:
    /// tests read nothing else, and nothing from disk.
    public let testHouseholds: [String: SourceFile]
    /// Every file that was read.
    public let files: [String]
    /// The estimated steps of the costliest expression of any programme (see ``CostEstimate``):
    /// what the budget of 5 000 000 is measured against.
    public let costliestExpression: Int
    /// Where that expression is written: `file:line:column: text`.
    public let costliestExpressionSite: String
    /// The texts the rule set was built from (to tell whether two rule sets read records alike).
    package let sources: LoadedRuleSource
    package let fast: ProgramTable
    package let traced: ProgramTable
    package let cacheSize: Int
    package let programIndex: [String: Int]
    /// What the explainer reads of each test.
    package let explainPlan: ExplainPlan
    /// By record type number, the text fields (a bit each, of the first 64) that no rule reads: a
    /// batch that writes no explanation checks them but keeps no text (see ``FieldsRead``).
    package let unreadTextSlots: [UInt64]

    /// Every rule file the rule set was built from, by its path relative to the rules directory,
    /// with the exact text read: enough to build the same rule set again (``MemoryRuleSource``).
    public var fileTexts: [(relativePath: String, text: String)] { sources.entries.map { ($0.relativePath, $0.file.text) } }

    /// Reads the applicant files this rule set's schema describes.
    public var recordReader: RecordReader { RecordReader(schema: schema) }

    private init(schema: Schema, parameters: [ParameterTable], programs: [ProgramPlan], definitions: [DefinitionPlan],
                 version: String, testFiles: [SourceFile], testHouseholds: [String: SourceFile], sources: LoadedRuleSource, cacheSize: Int,
                 costliestExpression: Int, costliestExpressionSite: String) {
        self.costliestExpression = costliestExpression; self.costliestExpressionSite = costliestExpressionSite
        self.testHouseholds = testHouseholds
        self.files = sources.entries.map(\.file.path); self.sources = sources
        self.schema = schema; self.parameters = parameters; self.programs = programs; self.definitions = definitions
        self.version = version; self.testFiles = testFiles; self.cacheSize = cacheSize
        var index: [String: Int] = [:]
        for (i, p) in programs.enumerated() { index[p.id] = i }
        programIndex = index
        let referenced = FieldsRead.referencedPrograms(programs)
        let recordStride = definitions.filter { $0.recordSlot != nil }.count
        let fastCompiler = Compiler(traced: false, recordStride: recordStride, referenced: referenced)
        let tracedCompiler = Compiler(traced: true, recordStride: 0, referenced: referenced)
        let fastPrograms = programs.map { CompiledProgram(plan: $0, compiler: fastCompiler) }
        // Scoring is compiled here too: the tables are made whole and never written after, so
        // rankings and decisions on many threads only read them.
        var scoring: [Int: ScoringCode] = [:]
        for p in programs {
            guard let sc = p.scoring else { continue }
            scoring[p.index] = ScoringCode(criteria: sc.criteria.map { CompiledExpression(fastCompiler.compile($0.points)) },
                                           ties: sc.tieBreaks.map { CompiledExpression(fastCompiler.compile($0.expr)) },
                                           quotas: sc.quotas.map { CompiledExpression(fastCompiler.compile($0.key)) })
        }
        fast = ProgramTable(programs: fastPrograms, recordStride: recordStride, household: schema.household, scoring: scoring)
        traced = ProgramTable(programs: programs.map { CompiledProgram(plan: $0, compiler: tracedCompiler) }, recordStride: 0,
                              household: schema.household, scoring: [:])
        let read = FieldsRead.names(programs: programs, definitions: definitions)
        var unread = Array(repeating: UInt64(0), count: (schema.records.values.map(\.number).max() ?? -1) + 1)
        for t in schema.records.values where t.number >= 0 { unread[t.number] = t.unreadTextSlots(read: read) }
        unreadTextSlots = unread
        explainPlan = ExplainPlan(programs: programs, schema: schema, parameters: parameters)
    }

    /// Loads, checks and compiles every rule file of `source`. Returns all diagnostics (sorted)
    /// when any file has an error; warnings alone do not fail.
    public static func load(from source: RuleSource) -> Result<RuleSet, DiagnosticList> {
        let all: [(relativePath: String, file: SourceFile)]
        do { all = try source.files() } catch {
            let said = (error as? RuleSourceError)?.said ?? Localized(uniform: "\(error)")
            return .failure(DiagnosticList([Diagnostic(code: .rulesUnreadable, translated: said, file: "", location: nil)]))
        }
        var diagnostics = DiagnosticList()
        var documents: [String: YAMLDocument] = [:]
        for (rel, file) in all where !rel.hasPrefix("tests/") && !rel.hasSuffix(".json") {
            switch YAMLDocument.load(file) {
            case .success(let d): documents[rel] = d
            case .failure(let d): diagnostics.append(contentsOf: d)
            }
        }
        guard let schemaDoc = documents["schema.yaml"] else {
            if all.first(where: { $0.relativePath == "schema.yaml" }) == nil {
                diagnostics.append(Diagnostic(code: .missingFile, translated: Localized("rules.schema-doc"), file: "schema.yaml", location: nil))
            }
            return .failure(diagnostics)
        }
        let (schemaOrNil, schemaDiagnostics) = Schema.load(schemaDoc)
        diagnostics.append(contentsOf: schemaDiagnostics)
        guard let schema = schemaOrNil else { return .failure(diagnostics) }

        var parameters: [ParameterTable] = []
        var seenParameters: Set<String> = []
        for (rel, doc) in documents.sorted(by: { $0.key < $1.key }) where rel.hasPrefix("parameters/") {
            let (ps, d) = ParameterTable.load(doc, schema: schema)
            diagnostics.append(contentsOf: d)
            for p in ps {
                if !seenParameters.insert(p.name).inserted {
                    diagnostics.append(Diagnostic(code: .duplicateName, Localized("rules.seen-parameters", ["name": p.name]), in: doc.source, at: nil))
                }
                parameters.append(p)
            }
        }
        // Parameters made from another's monthly figures (`mean_of_months`), once all are read.
        for (i, p) in parameters.enumerated() {
            guard let (name, location) = p.meanOfMonths else { continue }
            guard let monthly = parameters.first(where: { $0.name == name && $0.meanOfMonths == nil }), monthly.key?.name == p.key?.name else {
                diagnostics.append(Diagnostic(code: .unknownName, translated: Localized("rules.monthly", ["name": name]), file: p.file, location: location))
                continue
            }
            parameters[i] = p.derivingMeans(from: monthly)
        }
        let checker = Checker(schema: schema, parameters: parameters)
        let ids = Parser.IDAllocator()
        var definitionSpecs: [DefinitionSpec] = []
        if let defDoc = documents["definitions.yaml"] {
            let (defs, d) = loadDefinitions(defDoc, schema: schema, ids: ids)
            diagnostics.append(contentsOf: d)
            for def in defs {
                definitionSpecs.append(def)
                if let scope = def.scope, scope !== schema.root {
                    checker.recordDefinitions[scope.name, default: [:]][def.name] = def
                } else {
                    checker.householdDefinitions[def.name] = def
                }
            }
        }
        var programSpecs: [ProgramSpec] = []
        for (rel, doc) in documents.sorted(by: { $0.key < $1.key }) where rel.hasPrefix("programs/") {
            let (spec, d) = ProgramSpec.load(doc, schema: schema, ids: ids)
            diagnostics.append(contentsOf: d)
            guard let spec else { continue }
            if let other = programSpecs.first(where: { $0.id == spec.id }) {
                diagnostics.append(Diagnostic(code: .duplicateName, Localized("rules.other", ["id": spec.id, "path": other.file.path]), in: doc.source, at: spec.location))
                continue
            }
            checker.programIndex[spec.id] = programSpecs.count
            programSpecs.append(spec)
            checker.programSpecs[spec.id] = spec
        }
        let definitions = definitionSpecs.compactMap { checker.ensureChecked($0, at: nil) }
        let plans = programSpecs.compactMap { checker.ensureProgramChecked($0, at: nil) }
        diagnostics.append(contentsOf: checker.diagnostics)
        var costs = CostEstimate(schema: schema)
        if !diagnostics.hasErrors {
            for d in costs.check(definitions: checker.finishedDefinitions, programs: plans) { diagnostics.append(d) }
        }
        if diagnostics.hasErrors { return .failure(diagnostics) }

        let version = Self.version(of: all)
        let tests = all.filter { $0.relativePath.hasPrefix("tests/") && !$0.relativePath.hasPrefix(RuleFiles.householdFolder) }.map(\.file)
        var households: [String: SourceFile] = [:]
        for (rel, file) in all where rel.hasPrefix(RuleFiles.householdFolder) { households[String(rel.dropFirst("tests/".count))] = file }
        let rules = RuleSet(schema: schema, parameters: parameters, programs: plans, definitions: definitions,
                            version: version, testFiles: tests, testHouseholds: households, sources: LoadedRuleSource(entries: all), cacheSize: checker.cacheSlots,
                            costliestExpression: costs.costliest,
                            costliestExpressionSite: costs.costliestSite.map { "\($0.file):\($0.location.line):\($0.location.column): \($0.text)" } ?? "")
        return .success(rules)
    }

    /// The version a rule set loaded from `source` now would have (a content hash of its files),
    /// without checking anything: what hot reload compares.
    public static func version(of source: RuleSource) throws -> String { version(of: try source.files()) }

    package static func version(of files: [(relativePath: String, file: SourceFile)]) -> String {
        var hash = ContentHash()
        for (rel, file) in files { hash.add(rel); hash.add(file.text) }
        return hash.hex
    }

    package static func loadDefinitions(_ doc: YAMLDocument, schema: Schema, ids: Parser.IDAllocator) -> ([DefinitionSpec], DiagnosticList) {
        var r = NodeReader(source: doc.source)
        guard let root = doc.root, let top = r.mapping(root, Place.definitionsFile) else { return ([], r.diagnostics) }
        r.checkKeys(top, allowed: ["definitions"], in: Place.definitionsFile)
        var out: [DefinitionSpec] = []
        for section in r.mapping(r.require(top, "definitions", in: Place.definitionsFile, at: root), Place.key("definitions")) ?? [] {
            guard let type = schema.records[section.key] else {
                r.error(.unknownType, Localized("rules.type", ["key": section.key]), at: section.keyNode,
                        help: Suggestion.didYouMean(section.key, among: schema.records.keys))
                continue
            }
            for d in r.mapping(section.value, Place.key("definitions.\(section.key)")) ?? [] {
                if type.slot(of: d.key) != nil {
                    r.error(.duplicateName, Localized("rules.already-field", ["key": d.key, "name": type.name]), at: d.keyNode); continue
                }
                if let spec = ProgramSpec.loadDefinition(&r, name: d.key, keyNode: d.keyNode, node: d.value,
                                                         scope: type === schema.root ? nil : type, program: nil, ids: ids) {
                    out.append(spec)
                }
            }
        }
        return (out, r.diagnostics)
    }

    /// True when `other` was built from the same `schema.yaml` text: then a record read for one
    /// is read exactly as the other would read it, and can be decided by both.
    public func hasSameSchema(as other: RuleSet) -> Bool {
        func schemaText(_ r: RuleSet) -> String? { r.sources.entries.first { $0.relativePath == "schema.yaml" }?.file.text }
        return schemaText(self) != nil && schemaText(self) == schemaText(other)
    }

    /// The programme with id `id`, if any.
    public func program(_ id: String) -> ProgramPlan? { programIndex[id].map { programs[$0] } }

    /// The date a record is decided as of: `asOf`, or else its application date.
    /// Refuses a household no rule can decide (see ``HouseholdSlots/problem(of:on:dates:)``):
    /// every decision, ranking and batch line passes here.
    package func decisionDate(_ record: RecordValue, asOf: Day?) throws(DecisionError) -> Day {
        // The application's date is a fact every programme reads (the income quarter, the six
        // months of art. 128): a decision date given instead does not stand in for it.
        let applied = schema.household.date(of: record)
        if applied == nil, schema.household.hasApplicationDate { throw DecisionError(HouseholdProblem(.noApplicationDate, RecordMessage.noApplicationDate)) }
        guard let d = asOf ?? applied else { throw DecisionError(HouseholdProblem(.noApplicationDate, RecordMessage.noApplicationDate)) }
        if let problem = schema.household.problem(of: record, on: d, dates: schema.dates) { throw DecisionError(problem) }
        return d
    }

    /// The positions of programmes `ids` (every programme when nil), each once, in the order first
    /// named; an unknown id is an error naming the closest one.
    package func indices(_ ids: [String]?) throws(DecisionError) -> [Int] {
        guard let ids else { return Array(programs.indices) }
        var out: [Int] = []
        for id in ids {
            guard let i = programIndex[id] else {
                throw DecisionError(message: "unknown programme `\(id)`" + (Suggestion.closest(to: id, among: programs.map(\.id)).map { "; did you mean `\($0)`?" } ?? ""))
            }
            // A programme named twice is decided once.
            if !out.contains(i) { out.append(i) }
        }
        return out
    }

    /// Decides `programs` (all when nil) for `record` as of `asOf` (default: the application date).
    /// With `trace`, each decision lists its conditions and the values it used; without, the
    /// tracing code does not run at all.
    public func decide(_ record: RecordValue, asOf: Day? = nil, programs ids: [String]? = nil, trace: Bool = false) throws(DecisionError) -> [Decision] {
        let table = trace ? traced : fast
        let selected = try indices(ids)
        let frame = Frame(root: record, asOf: try decisionDate(record, asOf: asOf), cacheSize: cacheSize, programs: table)
        return selected.map { table.programs[$0].decide(frame) }
    }

    /// Decides like ``decide(_:asOf:programs:trace:)`` with the trace on, and explains each
    /// decision: conditions, values, reasons, the gap to each failed threshold and the change that
    /// would flip it, the date from which an age or date condition holds, and the missing facts.
    /// `level` is the most that will be shown (see ``Explanation/level``): at `.decisive`, the
    /// details of conditions that did not decide are not worked out.
    public func explain(_ record: RecordValue, asOf: Day? = nil, programs ids: [String]? = nil, level: ExplanationLevel = .full) throws(DecisionError) -> [Explanation] {
        var frame: Frame?
        return try explain(record, asOf: asOf, programs: try indices(ids), frame: &frame, level: level)
    }

    /// As above for programmes `selected` (indices), reusing `frame` when given (one household
    /// after another on one thread: its trace and caches keep their memory). The explanations
    /// hold nothing of the frame.
    package func explain(_ record: RecordValue, asOf: Day?, programs selected: [Int], frame: inout Frame?, level: ExplanationLevel = .full) throws(DecisionError) -> [Explanation] {
        let day = try decisionDate(record, asOf: asOf)
        let f: Frame
        if let reused = frame { reused.reset(root: record, asOf: day); f = reused } else {
            f = Frame(root: record, asOf: day, cacheSize: cacheSize, programs: traced)
            frame = f
        }
        return selected.map { i in
            let p = traced.programs[i]
            return Explainer(program: p, trace: f.trace, record: record, decision: p.decide(f, listConditions: false), schema: schema,
                             parameters: parameters, plan: explainPlan, level: level).explain()
        }
    }
}

extension RuleSet {
    /// A decision's essentials, without labels or trace: what batch runs need per household.
    /// Plain data (copied as bytes); the rarer missing facts and errors are kept apart as notes.
    package struct Essentials {
        package var status: DecisionStatus
        package var amount: ExactDecimal?
        /// The case of the programme's form enum, -1 when there is none.
        package var formCase: Int
        /// The position of its missing facts or error among the household's notes, -1 for none.
        package var note: Int
    }

    /// The missing facts of an undetermined decision, or the error of a failed one.
    package enum EssentialsNote {
        case missing(MissingFacts)
        case error(EvaluationError)
    }

    /// Decides `programs` (indices) for `record` as of its application date, untraced, building no
    /// `Decision` values. `frame` is reused when given (one household after another on one
    /// thread); `out` receives the essentials in the order of `indices` and `notes` what they
    /// refer to.
    package func essentials(_ record: RecordValue, programs indices: [Int], frame: inout Frame?, into out: inout [Essentials],
                    notes: inout [EssentialsNote]) throws(DecisionError) {
        let asOf = try decisionDate(record, asOf: nil)
        let f: Frame
        if let reused = frame { reused.reset(root: record, asOf: asOf); f = reused } else {
            f = Frame(root: record, asOf: asOf, cacheSize: cacheSize, programs: fast)
            frame = f
        }
        out.removeAll(keepingCapacity: true)
        notes.removeAll(keepingCapacity: true)
        for i in indices {
            fast.withProgram(i) { p in
                do throws(EvaluationError) {
                    let o = try p.outcome(f)
                    var note = -1
                    if o.status == .undetermined, let m = o.missing { note = notes.count; notes.append(.missing(m)) }
                    out.append(Essentials(status: o.status, amount: p.amount(of: o), formCase: p.formCase(of: o) ?? -1, note: note))
                } catch {
                    out.append(Essentials(status: .error, amount: nil, formCase: -1, note: notes.count))
                    notes.append(.error(error))
                }
            }
        }
    }
}

/// A request that cannot be decided at all (unknown programme, no date).
public struct DecisionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in English.
    public let message: String
    /// The message in the three languages, when it has been translated.
    public var translated: Localized?
    public var description: String { message }

    public init(message: String) { self.message = message }

    /// Why the household itself cannot be decided, when that is the reason (nil: an unknown
    /// programme, a programme without scoring).
    public var householdProblem: HouseholdProblem.Code?

    /// An error whose message exists in Kazakh, Russian and English.
    public init(translated: Localized) { message = translated.en; self.translated = translated }

    /// A household no rule can decide, with the problem's code.
    public init(_ problem: HouseholdProblem) { self.init(translated: problem.said); householdProblem = problem.code }

    /// The message in `language` (English when it has no translation).
    public func message(in language: Language) -> String { translated?[language] ?? message }
}

