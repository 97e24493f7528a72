import QamqorSupport
import QamqorCore
import Dispatch
import Foundation

/// Compares two rule sets on the same households: per programme, who gains or loses
/// eligibility, and the change in total monthly cost; with example households explained under
/// both rule sets. Streams the input in blocks, in constant memory.
package struct ImpactAnalysis: Sendable {
    package let base: RuleSet
    package let proposed: RuleSet
    package let examplesPerKind: Int

    package init(base: RuleSet, proposed: RuleSet, examplesPerKind: Int = 3) {
        self.base = base; self.proposed = proposed; self.examplesPerKind = examplesPerKind
    }

    /// One programme's change.
    package struct ProgramImpact: Sendable {
        package let program: String
        package let title: Localized
        package var eligibleBefore = 0
        package var eligibleAfter = 0
        package var gains = 0
        package var losses = 0
        /// Households undetermined for a gap in the rules (a region or quarter no parameter
        /// covers) under the base and the proposed rules.
        package var gapsBefore = 0
        package var gapsAfter = 0
        package var costBefore = ExactDecimal.zero
        package var costAfter = ExactDecimal.zero
        /// True when a monthly total (or their difference) is beyond exact arithmetic; the cost
        /// figures are then not to be shown.
        package var costTooLarge = false
        /// Example households (line, raw JSON) that gain or lose.
        package var gainExamples: [(Int, String)] = []
        package var lossExamples: [(Int, String)] = []
        /// After minus before; zero (with `costTooLarge` set) when that is beyond exact arithmetic.
        package var costChange: ExactDecimal { (try? costAfter.subtracting(costBefore)) ?? .zero }
        /// Whether eligibility or cost moves.
        package var changed: Bool { gains > 0 || losses > 0 || costChange != .zero || costTooLarge }

        /// Adds `amount` to the total before or after, noting an overflow instead of hiding it.
        package mutating func add(_ amount: ExactDecimal, after: Bool) {
            do throws(ArithmeticFault) {
                if after { costAfter = try costAfter.adding(amount) } else { costBefore = try costBefore.adding(amount) }
            } catch { costTooLarge = true }
        }
    }

    package struct Report: Sendable {
        package var households = 0
        package var rejected = 0
        /// The first lines that could not be read or decided, with their line number and why
        /// (up to ``ImpactAnalysis/unreadableShown``; `qamqor batch` lists them all).
        package var unreadable: [(line: Int, message: Localized)] = []
        package var programs: [ProgramImpact] = []
        /// Where the change falls (regions, income deciles, the size of each household's change).
        package var breakdown = ImpactBreakdown()
        /// Per household read, what the breakdown is made from (emptied once it is made).
        package var rows: [ImpactBreakdown.Household] = []
    }

    /// Thrown by ``run(input:progress:shouldStop:)`` when it was asked to stop.
    package struct Stopped: Error {}

    /// How many unreadable lines a report names.
    package static let unreadableShown = 5

    /// Runs the analysis over the JSONL households of `input`. After each block of households,
    /// `progress` is told how many households and bytes were read so far, and `shouldStop` is asked
    /// whether to go on (when it says yes, ``Stopped`` is thrown and nothing is reported).
    package func run(input: FileHandle, progress: ((_ households: Int, _ bytes: Int) -> Void)? = nil, shouldStop: (() -> Bool)? = nil) throws -> Report {
        let base = self.base, proposed = self.proposed
        let shared = base.programs.map(\.id).filter { proposed.program($0) != nil }
        let before = try base.indices(shared), after = try proposed.indices(shared)
        var report = Report()
        report.programs = shared.map { ProgramImpact(program: $0, title: proposed.program($0)!.title) }
        // Every worker decides with both compiled rule sets (immutable once built) and keeps its
        // own scratch for the whole run: readers' caches, frames and decision lists.
        let workers = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in ImpactScratch(base: base, proposed: proposed) }
        let keep = examplesPerKind
        let sameSchema = base.hasSameSchema(as: proposed)
        let facts = HouseholdFacts(schema: proposed.schema)
        // Each slice of a block counts on its own; slices are merged in input order, so the
        // examples are the first ones in the file.
        let pipeline = BulkPipeline(workers: workers, slices: { min(64, $0 / 64) }) { w, block, lines in
            var slice = Report()
            slice.programs = shared.map { ProgramImpact(program: $0, title: Localized(uniform: $0)) }
            for k in lines {
                let (line, range) = block.lines[k]
                slice.households += 1
                var place: (region: Int16, income: Int64) = (-1, -1)
                do {
                    if let problem = block.lengthProblem(range) { throw DecisionError(translated: problem) }
                    let record = try w.readerA.read(buffer: block.bytes, range: range, source: "input", line: line, cache: w.cacheA).get()
                    try base.essentials(record, programs: before, frame: &w.frameA, into: &w.x, notes: &w.notesA)
                    // Read again only when the proposed rules read households differently.
                    let again = sameSchema ? record : try w.readerB.read(buffer: block.bytes, range: range, source: "input", line: line, cache: w.cacheB).get()
                    try proposed.essentials(again, programs: after, frame: &w.frameB, into: &w.y, notes: &w.notes)
                    place = facts.read(again)
                } catch {
                    slice.rejected += 1
                    if slice.unreadable.count < Self.unreadableShown {
                        slice.unreadable.append((line, Self.said(error)))
                    }
                    continue
                }
                let x = w.x, y = w.y
                var one = ImpactBreakdown.Household(region: -1, gained: false, lost: false, changeTooLarge: false, income: -1, change: 0)
                (one.region, one.income) = place
                var paidBefore = ExactDecimal.zero, paidAfter = ExactDecimal.zero
                for i in shared.indices {
                    if Self.isGap(x[i], w.notesA) { slice.programs[i].gapsBefore += 1 }
                    if Self.isGap(y[i], w.notes) { slice.programs[i].gapsAfter += 1 }
                    let wasEligible = x[i].status == .eligible, isEligible = y[i].status == .eligible
                    if wasEligible {
                        slice.programs[i].eligibleBefore += 1
                        slice.programs[i].add(x[i].amount ?? .zero, after: false)
                        do throws(ArithmeticFault) { paidBefore = try paidBefore.adding(x[i].amount ?? .zero) } catch { one.changeTooLarge = true }
                    }
                    if isEligible {
                        slice.programs[i].eligibleAfter += 1
                        slice.programs[i].add(y[i].amount ?? .zero, after: true)
                        do throws(ArithmeticFault) { paidAfter = try paidAfter.adding(y[i].amount ?? .zero) } catch { one.changeTooLarge = true }
                    }
                    if wasEligible && !isEligible { one.lost = true }
                    if !wasEligible && isEligible {
                        one.gained = true
                        slice.programs[i].gains += 1
                        if slice.programs[i].gainExamples.count < keep {
                            slice.programs[i].gainExamples.append((line, String(decoding: block.bytes[range], as: UTF8.self)))
                        }
                    }
                    if wasEligible && !isEligible {
                        slice.programs[i].losses += 1
                        if slice.programs[i].lossExamples.count < keep {
                            slice.programs[i].lossExamples.append((line, String(decoding: block.bytes[range], as: UTF8.self)))
                        }
                    }
                }
                if !one.changeTooLarge {
                    do throws(ArithmeticFault) { one.change = try paidAfter.subtracting(paidBefore).units } catch { one.changeTooLarge = true; one.change = paidAfter > paidBefore ? 1 : -1 }
                }
                slice.rows.append(one)
            }
            return slice
        }
        try pipeline.run(JSONLBlocks(handle: input)) { block, slices, bytesRead in
            for line in block.tooLong {
                report.households += 1
                report.rejected += 1
                if report.unreadable.count < Self.unreadableShown { report.unreadable.append((line, block.tooLongMessage)) }
            }
            for slice in slices {
                report.households += slice.households
                report.rejected += slice.rejected
                report.unreadable += slice.unreadable.prefix(Self.unreadableShown - report.unreadable.count)
                for i in shared.indices {
                    let s = slice.programs[i]
                    report.programs[i].eligibleBefore += s.eligibleBefore
                    report.programs[i].eligibleAfter += s.eligibleAfter
                    report.programs[i].gains += s.gains
                    report.programs[i].losses += s.losses
                    report.programs[i].gapsBefore += s.gapsBefore
                    report.programs[i].gapsAfter += s.gapsAfter
                    report.programs[i].add(s.costBefore, after: false)
                    report.programs[i].add(s.costAfter, after: true)
                    if s.costTooLarge || (try? report.programs[i].costAfter.subtracting(report.programs[i].costBefore)) == nil {
                        report.programs[i].costTooLarge = true
                    }
                    report.programs[i].gainExamples += s.gainExamples.prefix(keep - report.programs[i].gainExamples.count)
                    report.programs[i].lossExamples += s.lossExamples.prefix(keep - report.programs[i].lossExamples.count)
                }
                report.rows.append(contentsOf: slice.rows)
            }
            progress?(report.households, bytesRead)
            if shouldStop?() == true { throw Stopped() }
        }
        let regions = facts.regionEnum
        report.breakdown = ImpactBreakdown(report.rows, regionCodes: regions?.cases ?? [], regionLabels: regions?.labels ?? [])
        report.rows = []
        return report
    }

    /// Whether a decision is undetermined because the rules lack a value (a rules gap among what
    /// it waits for).
    package static func isGap(_ d: RuleSet.Essentials, _ notes: [RuleSet.EssentialsNote]) -> Bool {
        guard d.status == .undetermined, d.note >= 0, d.note < notes.count, case .missing(let m) = notes[d.note] else { return false }
        return m.hasRulesGap
    }

    /// The explanation of an example household under one of the rule sets.
    package func explain(_ json: String, program: String, proposed useProposed: Bool) -> Explanation? {
        let rules = useProposed ? proposed : base
        guard case .success(let r) = JSONRecordReader(schema: rules.schema).read(Array(json.utf8), source: "example") else { return nil }
        return try? rules.explain(r, programs: [program]).first
    }

    /// Why a line was not read, in the three languages.
    package static func said(_ error: any Error) -> Localized {
        if let d = error as? DiagnosticList { return Localized(each: d.oneLine(in:)) }
        if let e = error as? DecisionError { return e.translated ?? Localized(uniform: e.message) }
        return Localized(uniform: "\(error)")
    }
}

/// What one impact worker reuses from household to household: both rule sets' readers, their
/// missing-facts caches, frames and decision lists.
package final class ImpactScratch {
    package let readerA: JSONRecordReader, readerB: JSONRecordReader
    package let cacheA = MissingFactsCache(), cacheB = MissingFactsCache()
    // One worker thread at a time: no dynamic exclusivity check.
    @exclusivity(unchecked) package var frameA: Frame?
    @exclusivity(unchecked) package var frameB: Frame?
    @exclusivity(unchecked) package var x: [RuleSet.Essentials] = []
    @exclusivity(unchecked) package var y: [RuleSet.Essentials] = []
    @exclusivity(unchecked) package var notes: [RuleSet.EssentialsNote] = []
    @exclusivity(unchecked) package var notesA: [RuleSet.EssentialsNote] = []

    package init(base: RuleSet, proposed: RuleSet) {
        readerA = JSONRecordReader(schema: base.schema)
        readerB = JSONRecordReader(schema: proposed.schema)
    }
}
