import QamqorSupport
/// The state of one decision while it is evaluated: the applicant record, the as-of date, the
/// stack of collection items in scope, the cache of household-level definitions and programme
/// outcomes, and the ``DecisionTrace`` a traced decision writes (untraced ones never touch it).
///
/// A frame is used by one evaluation on one thread and then dropped, or ``reset(root:asOf:)``
/// for the next household on the same thread (batches), keeping its arrays' memory.
///
/// Exclusivity: a frame is used by one thread at a time (a decision, or a worker's run), and its
/// evaluation never holds an access to one of its properties across a call that touches the same
/// property, so its stored properties skip the dynamic exclusivity check (`@exclusivity(unchecked)`,
/// which cost about a third of a decision). The same holds for ``ValueSlots``,
/// ``MissingFactsCache`` and the workers' scratch boxes; ``ProgramTable``, ``CompiledProgram`` and
/// ``RecordType`` are written only while a rule set is built, before any thread reads them.
package final class Frame {
    @exclusivity(unchecked) package private(set) var root: RecordValue
    @exclusivity(unchecked) package private(set) var asOf: Day
    /// The collection items in scope, innermost last, held borrowed (see ``BorrowedItems``).
    @exclusivity(unchecked) private var items = BorrowedItems()
    /// Household-level definition values by cache slot.
    package let cache: ValueSlots
    /// The entries of `outcomes` set since the last reset.
    @exclusivity(unchecked) private var outcomeSet: [Int] = []
    /// Record-level definition values by `record.ordinal × stride + slot`, grown on demand.
    package let recordCache = ValueSlots(capacity: 0)
    /// Each programme's outcome once computed, by programme index.
    @exclusivity(unchecked) package private(set) var outcomes: [CompiledProgram.Outcome?]
    package let programs: ProgramTable
    /// What a traced decision records (empty for untraced ones).
    package let trace = DecisionTrace()
    @exclusivity(unchecked) private var applicantValue: Value?
    /// The expert marks of the application being scored (rankings only).
    @exclusivity(unchecked) package var marks: Value

    package init(root: RecordValue, asOf: Day, cacheSize: Int, programs: ProgramTable) {
        self.root = root
        self.asOf = asOf
        self.cache = ValueSlots(capacity: cacheSize)
        self.programs = programs
        self.marks = programs.noMarks
        self.outcomes = Array(repeating: nil, count: programs.programs.count)
    }

    /// Makes the frame as new for `root` on `asOf`: no cached definition, record value or
    /// outcome of the previous household survives; the arrays keep their capacity.
    package func reset(root: RecordValue, asOf: Day) {
        self.root = root
        self.asOf = asOf
        // Only the entries this household set.
        cache.clear()
        recordCache.clear()
        for i in outcomeSet { outcomes[i] = nil }
        outcomeSet.removeAll(keepingCapacity: true)
        // Every push has its pop, also when an evaluation throws.
        assert(items.isEmpty, "collection items left in scope after a decision")
        items.removeAll()
        trace.reset()
        applicantValue = nil
        marks = programs.noMarks
    }

    /// Brings `v` into scope as the innermost item without retaining it: the caller keeps `v`
    /// alive until the matching `pop`.
    @inline(__always) package func push(borrowing v: Value) { items.push(borrowing: v) }

    /// Brings element `k` of `xs` into scope from the list's memory: the caller keeps `xs` alive
    /// until the matching `pop`.
    @inline(__always) package func push(elementOf xs: [Value], at k: Int) { items.push(elementOf: xs, at: k) }

    /// Brings the item `depth` levels out into scope again as the innermost one.
    @inline(__always) package func pushItem(_ depth: Int) { items.pushItem(depth) }

    /// Takes the innermost item out of scope.
    @inline(__always) package func pop() { items.pop() }

    /// The item `depth` levels out from the innermost (0 = innermost), as a copy of its own.
    @inline(__always) package func item(_ depth: Int) -> Value { items.item(depth) }

    /// The ordinal of the record in scope `depth` levels out, or -1 (read in place).
    @inline(__always) package func itemOrdinal(_ depth: Int) -> Int { items.ordinal(depth) }

    /// Field `slot` of the record in scope `depth` levels out, or that item itself.
    @inline(__always) package func itemField(_ depth: Int, _ slot: Int) -> Value { items.field(depth, slot) }

    /// Keeps `v` as the value of household-level definition `slot` for this decision.
    @inline(__always) package func keep(_ v: Value, slot: Int) {
        cache.keep(v, at: slot)
    }

    /// Keeps programme `index`'s outcome for this decision.
    package func keep(_ o: CompiledProgram.Outcome, program index: Int) {
        if outcomes[index] == nil { outcomeSet.append(index) }
        outcomes[index] = o
    }

    /// The value of record-level definition entry `index` (`ordinal × stride + slot`), if this
    /// decision has computed it.
    @inline(__always) package func recordValue(_ index: Int) -> Value? {
        recordCache[index]
    }

    /// Keeps `v` as record-level definition entry `index`: room for eight records at first (most
    /// households), doubling after.
    package func keepRecordValue(_ v: Value, at index: Int) {
        recordCache.keep(v, at: index, grow: programs.recordStride * 8)
    }

    /// The missing facts of parameters not in force, by lookup site, key and date: kept from
    /// household to household (a batch asks for the same few again and again).
    @exclusivity(unchecked) private var missingParameters: [UInt64: MissingFacts] = [:]

    /// The rules gap of lookup `site` for `key` and `day`, made by `gap` the first time.
    package func missingParameter(site: Int, key: Int?, day: Day, _ gap: () -> RulesGap) -> MissingFacts {
        let k = UInt64(truncatingIfNeeded: site) << 48 | UInt64(truncatingIfNeeded: (key ?? -1) + 1) << 32 | UInt64(UInt32(bitPattern: day.ordinal))
        if site < 0xFFFF, (key ?? 0) < 0xFFFE, let m = missingParameters[k] { return m }
        let m = MissingFacts([.rulesGap(gap())])
        if site < 0xFFFF, (key ?? 0) < 0xFFFE, missingParameters.count < 4096 { missingParameters[k] = m }
        return m
    }

    /// The member whose id is `application.applicant`.
    package var applicant: Value {
        if let a = applicantValue { return a }
        let v = findApplicant()
        applicantValue = v
        return v
    }

    private func findApplicant() -> Value { programs.household?.applicant(of: root) ?? HouseholdSlots(root.type).applicant(of: root) }
}


/// The compiled programmes, reachable from a frame so that `programs.<id>.eligible` can evaluate
/// another programme in the same decision. Made whole when the rule set is built and never
/// written after, so any number of threads may decide with it.
package final class ProgramTable: Sendable {
    package let programs: [CompiledProgram]
    /// The programmes as references that count nothing (the table keeps them alive): deciding
    /// calls each through ``outcome(program:_:)`` without a retain and a release per call.
    private let unretained: [UnretainedReference<CompiledProgram>]
    /// The number of record-level definition slots (untraced tables only; 0 = no per-record cache).
    package let recordStride: Int
    /// Where the applicant and the application are in the rule set's records.
    package let household: HouseholdSlots?
    /// "Nothing missing" and "no marks", made once per table rather than per decision, and not
    /// process-wide.
    package let noFacts = MissingFacts([])
    package let noMarks = Value.unknown(MissingFacts([.fact("marks")]))
    /// The compiled scoring sections of grant programmes, by programme index: compiled with the
    /// programmes when the rule set is built, never after (ranking only reads them).
    package let scoring: [Int: ScoringCode]

    package init(programs: [CompiledProgram], recordStride: Int, household: HouseholdSlots?, scoring: [Int: ScoringCode]) {
        self.programs = programs
        unretained = programs.map(UnretainedReference.init)
        self.recordStride = recordStride; self.household = household; self.scoring = scoring
    }

    /// Programme `i`'s outcome in `f` (computed once per frame where it is kept).
    @inline(__always) package func outcome(program i: Int, _ f: Frame) throws(EvaluationError) -> CompiledProgram.Outcome {
        try unretained[i].with { p throws(EvaluationError) in try p.outcome(f) }
    }

    /// Calls `body` with programme `i`, counting no reference for the call.
    @inline(__always) package func withProgram<R>(_ i: Int, _ body: (CompiledProgram) -> R) -> R { unretained[i].with(body) }
}

/// A grant programme's scoring expressions, compiled once with the rule set.
package struct ScoringCode: Sendable {
    package let criteria: [CompiledExpression]
    package let ties: [CompiledExpression]
    package let quotas: [CompiledExpression]

    package init(criteria: [CompiledExpression], ties: [CompiledExpression], quotas: [CompiledExpression]) {
        self.criteria = criteria; self.ties = ties; self.quotas = quotas
    }
}

/// One compiled expression: resolved once, run many times.
package typealias Eval = @Sendable (Frame) throws(EvaluationError) -> Value

/// A compiled expression to keep in an array: a closure stored in an array (or an optional)
/// directly is called through a reabstraction thunk; inside a struct it is not.
package struct CompiledExpression: Sendable {
    package let run: Eval
    package init(_ run: @escaping Eval) { self.run = run }
}
