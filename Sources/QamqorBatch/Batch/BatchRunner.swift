import QamqorSupport
import QamqorCore
import Dispatch
import Foundation

/// Decides every household of a JSONL file and writes one line per household, in input order.
///
/// Guarantees: memory stays bounded by the block size whatever the input size; lines are decided
/// in parallel on `jobs` threads but written in input order; an invalid line goes to the rejects
/// with its line number and error and nothing else is lost; read = decided + rejected.
public struct BatchRunner: Sendable {
    public let rules: RuleSet
    public let programs: [String]?
    public let explain: Bool
    public let jobs: Int
    /// The language of the explanations written with `explain`.
    public let language: Language

    public init(rules: RuleSet, programs: [String]? = nil, explain: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                language: Language = .en) {
        self.rules = rules; self.programs = programs; self.explain = explain; self.jobs = max(1, jobs); self.language = language
    }

    /// Counts of one run.
    public struct Summary: Sendable {
        public var read = 0
        public var decided = 0
        public var rejected = 0
        /// programme → status → count
        public var counts: [String: [DecisionStatus: Int]] = [:]
        /// programme → total monthly amount of eligible households
        public var amounts: [String: ExactDecimal] = [:]
        /// Programmes whose total went beyond exact arithmetic (then absent from `amounts`).
        public var amountsTooLarge: Set<String> = []
        /// Each IIN given in more than one household of the file (a person counted twice),
        /// masked, with the lines of those households in order; ordered by first line, then IIN.
        public var sharedIINs: [(iin: String, lines: [Int])] = []
        /// programme → decisions undetermined because the rules lack a value (a region or
        /// quarter no parameter covers), not for a fact of the household.
        public var rulesGaps: [String: Int] = [:]
    }

    /// What one slice of a block produced: its output and reject lines, and its counts by
    /// programme position and status, merged into the summary in input order.
    package struct Slice {
        package var output: [UInt8] = []
        package var rejects: [UInt8] = []
        package var decided = 0
        package var rejected = 0
        /// `program × DecisionStatus.allCases.count + status`
        package var counts: [Int]
        package var amounts: [ExactDecimal]
        /// Per programme: the total went beyond exact arithmetic.
        package var overflow: [Bool]
        /// The IINs of the households decided, with their lines.
        package var iins: [(String, Int)] = []
        /// Per programme: decisions undetermined for a gap in the rules.
        package var gaps: [Int] = []

        package init(programs: Int) {
            counts = Array(repeating: 0, count: programs * Self.statuses.count)
            amounts = Array(repeating: .zero, count: programs)
            overflow = Array(repeating: false, count: programs)
            gaps = Array(repeating: 0, count: programs)
        }

        /// The statuses in the order `statusIndex` numbers them.
        package static let statuses: [DecisionStatus] = [.eligible, .ineligible, .undetermined, .error]
        package static func statusIndex(_ s: DecisionStatus) -> Int {
            switch s {
            case .eligible: 0
            case .ineligible: 1
            case .undetermined: 2
            case .error: 3
            }
        }
    }

    /// Runs over `input`; `output` and `rejects` receive UTF-8 lines, each ending in a newline
    /// (an error they throw, such as a full disk, stops the run and is thrown from here);
    /// `progress` is called after each block with the bytes read so far.
    public func run(input: FileHandle, output: ([UInt8]) throws -> Void, rejects: ([UInt8]) throws -> Void,
                    progress: (Int, Summary) -> Void = { _, _ in }) throws -> Summary {
        try withoutActuallyEscaping(output) { output in
            try withoutActuallyEscaping(rejects) { rejects in
                try run(input: input, sinks: UncheckedSendable((output, rejects)), progress: progress)
            }
        }
    }

    /// `run` with its sinks made escapable for the writer thread, which is always finished
    /// before this returns or throws.
    private func run(input: FileHandle, sinks: UncheckedSendable<(([UInt8]) throws -> Void, ([UInt8]) throws -> Void)>,
                     progress: (Int, Summary) -> Void) throws -> Summary {
        var summary = Summary()
        // A block's lines are written while the next block is decided.
        let writer = BlockWriter()
        defer { try? writer.finish() }
        let ids = programs ?? rules.programs.map(\.id)
        let keys = ids.map { Array(JSONValue.quote($0).utf8) }
        let heads = OutputBytes(ids: ids, keys: keys, rules: rules)
        // Every worker decides with the one compiled rule set (immutable once built) and its own
        // context: a reader with its caches and its own copy of the output heads.
        let copies = min(jobs, max(1, ProcessInfo.processInfo.activeProcessorCount))
        let contexts = try (0..<copies).map { _ in
            let r = rules
            return LineContext(rules: r, reader: JSONRecordReader(schema: r.schema, unreadTexts: explain ? [] : r.unreadTextSlots), ids: ids, heads: heads.copy(), indices: try r.indices(ids),
                               renderer: ExplanationRenderer(language: language, level: .decisive, ruleSetVersion: r.version),
                               household: r.schema.household)
        }
        var counts = Array(repeating: 0, count: ids.count * Slice.statuses.count)
        var amounts = Array(repeating: ExactDecimal.zero, count: ids.count)
        var overflow = Array(repeating: false, count: ids.count)
        var iinLines: [String: [Int]] = [:]
        var gaps = Array(repeating: 0, count: ids.count)
        // Reading the next block and writing the last one overlap with deciding this one. Large
        // blocks keep the workers' wait at the end of each block rare; with explanations each
        // line's output is some 20 KB, so smaller blocks keep memory flat.
        // Each worker keeps its context, frame and caches from slice to slice and block to block.
        let workers = (0..<jobs).map { w in (context: contexts[w % copies], box: ScratchBox()) }
        let jobs = self.jobs, programCount = ids.count
        let pipeline = BulkPipeline(workers: workers, slices: { min(jobs * 16, $0 / 64) }) { worker, block, lines in
            var slice = Slice(programs: programCount)
            // An explained line is some 20 KB.
            slice.output.reserveCapacity(lines.count * (explain ? 24 << 10 : 64 + 48 * programCount))
            // The block's arrays are shared by the workers: they are looked at through plain
            // pointers, taken once a slice, so that no line touches their reference counts.
            block.bytes.withUnsafeBufferPointer { bytes in
                block.lines.withUnsafeBufferPointer { all in
                    for k in lines { decideLine(bytes, all[k], block, into: &slice, worker.context, scratch: &worker.box.scratch) }
                }
            }
            return slice
        }
        try pipeline.run(JSONLBlocks(handle: input, blockSize: explain ? 256 << 10 : 8 << 20)) { block, slices, bytesRead in
            var long = Slice(programs: 0)
            for line in block.tooLong { reject(line, block.tooLongMessage[language], into: &long) }
            summary.read += long.rejected
            summary.rejected += long.rejected
            for s in slices {
                for (iin, line) in s.iins { iinLines[iin, default: []].append(line) }
                for i in gaps.indices { gaps[i] += s.gaps[i] }
                summary.read += s.decided + s.rejected
                summary.decided += s.decided
                summary.rejected += s.rejected
                for i in counts.indices { counts[i] += s.counts[i] }
                for i in amounts.indices {
                    if s.overflow[i] { overflow[i] = true }
                    if let total = try? amounts[i].adding(s.amounts[i]) { amounts[i] = total } else { overflow[i] = true }
                }
            }
            let written = UncheckedSendable((long, slices))
            try writer.submit {
                let (output, rejects) = sinks.value
                let (long, slices) = written.value
                if !long.rejects.isEmpty { try rejects(long.rejects) }
                for s in slices {
                    if !s.output.isEmpty { try output(s.output) }
                    if !s.rejects.isEmpty { try rejects(s.rejects) }
                }
            }
            Self.fill(&summary, ids: ids, counts: counts, amounts: amounts, overflow: overflow)
            progress(bytesRead, summary)
        }
        try writer.finish()
        for (p, id) in ids.enumerated() where gaps[p] > 0 { summary.rulesGaps[id] = gaps[p] }
        summary.sharedIINs = iinLines.filter { $0.value.count > 1 }.sorted { ($0.value.min() ?? 0, $0.key) < ($1.value.min() ?? 0, $1.key) }
            .map { (IIN.mask($0.key), $0.value.sorted()) }
        return summary
    }

    private static func fill(_ summary: inout Summary, ids: [String], counts: [Int], amounts: [ExactDecimal], overflow: [Bool]) {
        for (p, id) in ids.enumerated() {
            var byStatus: [DecisionStatus: Int] = [:]
            for (s, status) in Slice.statuses.enumerated() {
                let n = counts[p * Slice.statuses.count + s]
                if n > 0 { byStatus[status] = n }
            }
            if !byStatus.isEmpty { summary.counts[id] = byStatus }
            if overflow[p] {
                summary.amountsTooLarge.insert(id)
                summary.amounts[id] = nil
            } else if amounts[p] != .zero { summary.amounts[id] = amounts[p] }
        }
    }

    private func reject(_ line: Int, _ message: String, into slice: inout Slice) {
        slice.rejected += 1
        slice.rejects += Array("{\"line\":\(line),\"error\":\(JSONValue.quote(message))}\n".utf8)
    }

    /// What deciding a line needs besides the line, made once per run.
    package struct LineContext: Sendable {
        package let rules: RuleSet
        package let reader: JSONRecordReader
        package let ids: [String]
        /// The fixed bytes of each programme's decision.
        package let heads: OutputBytes
        package let indices: [Int]
        package let renderer: ExplanationRenderer
        package let household: HouseholdSlots
    }

    /// What one thread reuses from line to line: the missing-facts cache, the evaluation frame,
    /// the list of decisions and the memory the output line is written in.
    package struct Scratch {
        package let cache = MissingFactsCache()
        package var frame: Frame?
        /// The traced frame of explained decisions.
        package var tracedFrame: Frame?
        package var decisions: [RuleSet.Essentials] = []
        package var notes: [RuleSet.EssentialsNote] = []
        /// The decision line being written.
        package var line = LineBytes()
        /// The explained decision line being written.
        package var json = JSONBytes(capacity: 32 << 10)
    }

    /// A worker's ``Scratch``, kept for the whole run (a worker runs its slices one after another).
    /// Used by one worker thread at a time (see ``parallelSlices``): no dynamic exclusivity check.
    package final class ScratchBox {
        @exclusivity(unchecked) package var scratch = Scratch()
        deinit { scratch.line.free() }
    }

    /// The fixed bytes of a decision line, made once per run and kept flat (one array): per
    /// programme and status (in `Slice.statuses` order) the start of its decision,
    /// `"ata":{"status":"eligible"`, and per programme and form case `,"form":"conditional"`.
    package struct OutputBytes: Sendable {
        package private(set) var bytes: [UInt8] = []
        package private(set) var heads: [Range<Int>] = []
        package private(set) var forms: [Range<Int>] = []
        /// Where each programme's form cases start in `forms`.
        package private(set) var formStart: [Int] = []

        package init(ids: [String], keys: [[UInt8]], rules: RuleSet) {
            for (i, key) in keys.enumerated() {
                for s in Slice.statuses {
                    let start = bytes.count
                    bytes += key + Array(":{\"status\":\"\(s.rawValue)\"".utf8)
                    heads.append(start..<bytes.count)
                }
                formStart.append(forms.count)
                for c in rules.program(ids[i])?.formEnum?.cases ?? [] {
                    let start = bytes.count
                    bytes += Array(",\"form\":".utf8) + Array(JSONValue.quote(c).utf8)
                    forms.append(start..<bytes.count)
                }
            }
        }

        /// The same bytes in arrays of their own.
        package func copy() -> OutputBytes {
            var c = self
            c.bytes = bytes.withUnsafeBufferPointer { Array($0) }
            c.heads = heads.withUnsafeBufferPointer { Array($0) }
            c.forms = forms.withUnsafeBufferPointer { Array($0) }
            c.formStart = formStart.withUnsafeBufferPointer { Array($0) }
            return c
        }

        /// Appends the head of programme `i` (its position in the run) with status `s`.
        @inline(__always) package func appendHead<Sink: ByteSink>(_ i: Int, _ s: Int, to o: inout Sink) {
            let r = heads[i * Slice.statuses.count + s]
            bytes.withUnsafeBufferPointer { o.write(UnsafeBufferPointer(rebasing: $0[r])) }
        }

        /// Appends `,"form":"…"` for case `c` of programme `i`.
        @inline(__always) package func appendForm<Sink: ByteSink>(_ i: Int, _ c: Int, to o: inout Sink) {
            let r = forms[formStart[i] + c]
            bytes.withUnsafeBufferPointer { o.write(UnsafeBufferPointer(rebasing: $0[r])) }
        }
    }

    private func decideLine(_ bytes: UnsafeBufferPointer<UInt8>, _ entry: (line: Int, range: Range<Int>), _ block: borrowing JSONLBlocks.Block,
                            into slice: inout Slice, _ c: LineContext, scratch: inout Scratch) {
        // The context's parts are used in place (a copy of each would count references per line).
        let (line, range) = entry
        if let problem = block.lengthProblem(range) { return reject(line, problem[language], into: &slice) }
        let record: RecordValue
        switch c.reader.read(bytes: bytes, range: range, source: "input", line: line, cache: scratch.cache) {
        case .failure(let d):
            return reject(line, d.oneLine(in: language), into: &slice)
        case .success(let r): record = r
        }
        let id = c.household.applicationID(of: record)
        if explain {
            do {
                let explanations = try c.rules.explain(record, asOf: nil, programs: c.indices, frame: &scratch.tracedFrame, level: c.renderer.level)
                // By index: an explanation is read in place, not copied.
                for p in explanations.indices {
                    count(p, explanations[p].decision.status, explanations[p].decision.amount, into: &slice)
                    if explanations[p].decision.status == .undetermined, explanations[p].missing.contains(where: \.isRulesGap) { slice.gaps[p] += 1 }
                }
                // Written in the worker's own memory (no tree of the ~20 KB line), then added
                // to the slice at once.
                scratch.json.removeAll()
                scratch.json.object { out in
                    out.key("line"); out.number(line)
                    out.key("id"); out.string(id)
                    out.key("decisions"); out.array { out in for p in explanations.indices { c.renderer.write(explanations[p], to: &out) } }
                }
                scratch.json.endLine()
                scratch.json.withBytes { slice.output.append(contentsOf: $0) }
                slice.decided += 1
                c.household.appendIINs(of: record, line: line, to: &slice.iins)
            } catch {
                reject(line, error.message(in: language), into: &slice)
            }
            return
        }
        do { try c.rules.essentials(record, programs: c.indices, frame: &scratch.frame, into: &scratch.decisions, notes: &scratch.notes) } catch {
            return reject(line, error.message(in: language), into: &slice)
        }
        let decisions = scratch.decisions, notes = scratch.notes
        slice.decided += 1
        c.household.appendIINs(of: record, line: line, to: &slice.iins)
        // The line is assembled in the worker's own memory, then added to the slice at once.
        var o = scratch.line
        o.removeAll()
        o.write("{\"line\":")
        o.writeDigits(line)
        o.write(",\"id\":")
        JSONValue.appendQuoted(id, to: &o)
        o.write(",\"decisions\":{")
        for (i, d) in decisions.enumerated() {
            if i > 0 { o.write(44) }
            c.heads.appendHead(i, Slice.statusIndex(d.status), to: &o)
            if let a = d.amount { o.write(",\"amount\":"); var text = a.description; text.withUTF8 { o.write($0) } }
            if d.formCase >= 0 { c.heads.appendForm(i, d.formCase, to: &o) }
            if d.note >= 0 {
                switch notes[d.note] {
                case .missing(let m) where !m.facts.isEmpty:
                    // Facts of the household apart from values the rules lack.
                    var gaps = 0
                    o.write(",\"missing\":[")
                    var j = 0
                    for case .fact(let p) in m.facts {
                        if j > 0 { o.write(44) }
                        JSONValue.appendQuoted(p, to: &o)
                        j += 1
                    }
                    o.write(93)
                    for case .rulesGap(let g) in m.facts {
                        o.write(gaps == 0 ? ",\"rules_gaps\":[" : ",")
                        JSONValue.appendQuoted(g.text, to: &o)
                        gaps += 1
                    }
                    if gaps > 0 { o.write(93); if d.status == .undetermined { slice.gaps[i] += 1 } }
                case .error(let e): o.write(",\"error\":"); JSONValue.appendQuoted(e.message, to: &o)
                default: break
                }
            }
            o.write(125)
            count(i, d.status, d.amount, into: &slice)
        }
        o.write("}}\n")
        slice.output.append(contentsOf: o.bytes)
        scratch.line = o
    }

    @inline(__always) private func count(_ p: Int, _ status: DecisionStatus, _ amount: ExactDecimal?, into slice: inout Slice) {
        slice.counts[p * Slice.statuses.count + Slice.statusIndex(status)] += 1
        if let a = amount, status == .eligible {
            if let s = try? slice.amounts[p].adding(a) { slice.amounts[p] = s } else { slice.overflow[p] = true }
        }
    }
}
