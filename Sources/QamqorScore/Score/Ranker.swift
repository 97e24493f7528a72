import QamqorSupport
import QamqorCore
import QamqorBatch
import Dispatch
import Foundation

/// Ranks a round of applications for a grant programme by its `scoring:` section.
///
/// Guarantees: the same applications in any order give the same ranking (ties follow the declared
/// keys and, last, the application id); funding follows the order and stops when the next grant
/// exceeds what remains of the budget; a quota that is full sends the next applicant of that key
/// to the reserve; totals add up.
public struct Ranker: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    /// The round date when no application gives one (for the МРП of a budget in МРП).
    package static let defaultRoundDate = Day.civil(2025, 1, 1)

    /// Compiled scoring expressions of one programme.
    package struct Compiled: Sendable {
        package let program: CompiledProgram
        package let traced: CompiledProgram
        package let criteria: [CompiledExpression]
        package let ties: [CompiledExpression]
        package let quotas: [CompiledExpression]
    }

    /// The programme's compiled pieces, all made when the rule set was built (nothing is
    /// compiled, or written into the shared rules, per ranking).
    package func compile(_ plan: ProgramPlan, _ scoring: ScoringPlan) -> Compiled {
        let code = rules.fast.scoring[plan.index] ?? ScoringCode(criteria: [], ties: [], quotas: [])
        return Compiled(program: rules.fast.programs[plan.index], traced: rules.traced.programs[plan.index],
                        criteria: code.criteria, ties: code.ties, quotas: code.quotas)
    }

    /// A worker's evaluation frame, kept from application to application (a worker scores its
    /// ranges one after another; the pipeline hands each worker its own box).
    package final class FrameBox {
        @exclusivity(unchecked) package var frame: Frame?
    }

    /// What ranking needs of one application, without its household record.
    /// What reading and scoring one line of a round gave.
    private enum LineOutcome {
        /// The application's row, and its decision date when it has one.
        case scored(Scored, Day?)
        case refused(RejectedRow)
    }

    package struct Scored {
        package var id: String
        package var line: Int
        package var status: RankingStatus
        package var total: ExactDecimal?
        package var points: [ExactDecimal]
        package var raw: [ExactDecimal]
        package var ties: [Value]
        package var quotaKeys: [Value]
        package var grant: ExactDecimal?
        package var reason: Localized?
        package var region: String?
        package var regionLabel: Localized? = nil
        package var name: String?
        /// The members' IINs, when given (one person in two applications is reported).
        package var iins: [String] = []

        /// A row with nothing in it, to swap a row out of an array with.
        static var empty: Scored {
            Scored(id: "", line: 0, status: .ineligible, total: nil, points: [], raw: [], ties: [], quotaKeys: [], grant: nil, reason: nil, region: nil)
        }
    }

    /// Ranks `applications` for `programID`. `asOf` fixes the decision date of every application
    /// (default: each application's date); the round date (for the МРП of a budget in МРП) is
    /// `asOf` or the latest application date.
    public func rank(programID: String, applications: [RoundApplication], rejected: [RejectedRow] = [],
                     roundName: String, asOf: Day? = nil) throws(DecisionError) -> Ranking {
        guard let plan = rules.program(programID) else {
            throw DecisionError(message: "unknown programme `\(programID)`" + (Suggestion.closest(to: programID, among: rules.programs.map(\.id)).map { "; did you mean `\($0)`?" } ?? ""))
        }
        guard let scoring = plan.scoring else {
            throw DecisionError(message: "programme `\(programID)` has no `scoring:` section; these do: \(rules.programs.filter { $0.scoring != nil }.map(\.id).joined(separator: ", "))")
        }
        let compiled = compile(plan, scoring)
        // Score in parallel; each application has its own frame.
        var scored = parallelSlices(count: applications.count, slices: min(64, applications.count / 256)) { range in
            range.map { score(applications[$0], compiled: compiled, scoring: scoring, asOf: asOf) }
        }.flatMap { $0 }
        let roundDate = asOf ?? applications.compactMap { try? rules.decisionDate($0.record, asOf: nil) }.max() ?? Ranker.defaultRoundDate
        return finish(plan: plan, scoring: scoring, rows: &scored, rejected: rejected, roundName: roundName, roundDate: roundDate)
    }

    /// Reads and scores a round file in parallel, keeping only what the ranking needs of each
    /// application (so memory stays small for large rounds), then ranks it. The format is the
    /// file's extension: `.csv`, `.json`, else JSON lines.
    /// A CSV round's `household` cells may name files only as `householdFiles` allows (by
    /// default they may not: the service reads no file for a client).
    public func rank(programID: String, round bytes: [UInt8], path: String, asOf: Day? = nil,
                     householdFiles: RoundReader.HouseholdFiles = .refused) throws(DecisionError) -> Ranking {
        let scoring = try scoringPlan(programID).scoring
        let reader = RoundReader(schema: rules.schema, scoring: scoring, householdFiles: householdFiles)
        return try rank(programID: programID, input: RoundInput(bytes: bytes, format: RoundFormat.of(path: path), name: (path as NSString).lastPathComponent, reader: reader), asOf: asOf)
    }

    /// The programme and its scoring, or why it cannot be ranked.
    private func scoringPlan(_ programID: String) throws(DecisionError) -> (plan: ProgramPlan, scoring: ScoringPlan) {
        guard let plan = rules.program(programID), let scoring = plan.scoring else {
            throw DecisionError(message: "programme `\(programID)` has no `scoring:` section; these do: \(rules.programs.filter { $0.scoring != nil }.map(\.id).joined(separator: ", "))")
        }
        return (plan, scoring)
    }

    /// Reads and scores a round made ready (``RoundInput``: any format, read in parallel one
    /// application a line), then ranks it. Rows refused before reading join those refused when
    /// read, in line order.
    package func rank(programID: String, input: RoundInput, asOf: Day? = nil) throws(DecisionError) -> Ranking {
        let (plan, scoring) = try scoringPlan(programID)
        let reader = RoundReader(schema: rules.schema, scoring: scoring)
        let block = input.block, name = input.name
        // Every worker reads and scores with the one compiled rule set (immutable once built) and
        // its own missing-facts cache and frame.
        let compiled = compile(plan, scoring), lineType = reader.lineType
        let workers = (0..<max(1, ProcessInfo.processInfo.activeProcessorCount)).map { _ in (cache: MissingFactsCache(), frames: FrameBox()) }
        let pipeline = BulkPipeline(workers: workers, slices: { min(256, $0 / 512) }) { [self] worker, block, range in
            range.map { k -> LineOutcome in
                let (line, bytesRange) = block.lines[k]
                switch reader.readLine(block.bytes, range: bytesRange, type: lineType, source: name, line: line, cache: worker.cache) {
                case .success(let app):
                    return .scored(score(app, compiled: compiled, scoring: scoring, asOf: asOf, frames: worker.frames), try? rules.decisionDate(app.record, asOf: nil))
                case .failure(let d):
                    return .refused(RoundReader.rejection(d, line: line))
                }
            }
        }
        var results: [[LineOutcome]] = []
        pipeline.run(block) { _, slices in results = slices }
        var rows: [Scored] = []
        var rejected: [RejectedRow] = input.rejected
        var seen: Set<String> = []
        var latest: Day?
        rows.reserveCapacity(block.lines.count)
        seen.reserveCapacity(block.lines.count)
        // Each slice's rows are moved out of it (reversed, then taken from the end), not copied
        // and freed: a row holds a dozen references.
        for k in results.indices {
            var slice = results[k]
            results[k] = []
            slice.reverse()
            while !slice.isEmpty {
                switch slice.removeLast() {
                case .refused(let row): rejected.append(row)
                case .scored(let s, let day):
                    if !seen.insert(s.id).inserted {
                        rejected.append(RejectedRow(line: s.line, said: RoundReader.repeated(s.id, line: s.line))); continue
                    }
                    if let day { latest = max(latest ?? day, day) }
                    rows.append(s)
                }
            }
        }
        if !input.rejected.isEmpty { rejected.sort { $0.line < $1.line } }
        return finish(plan: plan, scoring: scoring, rows: &rows, rejected: rejected, roundName: name,
                      roundDate: asOf ?? latest ?? Ranker.defaultRoundDate)
    }

    /// Ranks the scored `rows`, which it takes apart (each row is moved into the ranking, not
    /// copied): the caller's array is left with empty rows.
    private func finish(plan: ProgramPlan, scoring: ScoringPlan, rows: inout [Scored], rejected: [RejectedRow], roundName: String, roundDate: Day) -> Ranking {

        // Order: eligible at or above the pass mark by total, the declared keys, then id.
        let ties = scoring.tieBreaks.map(\.spec.descending)
        // The sort keys apart from the rows, so that comparing two rows copies no whole row.
        let totals = rows.map { $0.total ?? .zero }, tieValues = rows.map { $0.ties }, ids = rows.map { $0.id }
        let statuses = rows.map { $0.status }
        let candidates = rows.indices.filter { statuses[$0] == .reserve }.sorted { a, b in
            if totals[a] != totals[b] { return totals[a] > totals[b] }
            for (k, descending) in ties.enumerated() {
                let x = tieValues[a][k], y = tieValues[b][k]
                let ux = x.isUnknown, uy = y.isUnknown
                if ux != uy { return uy }   // known values first
                let o = Compiler.order(x, y)
                if o != 0 { return descending ? o > 0 : o < 0 }
            }
            return ids[a] < ids[b]
        }
        var budgetTenge: ExactDecimal?
        if let t = scoring.spec.budget.totalMRP, let mrp = rules.parameters.first(where: { $0.name == "mrp" })?.value(on: roundDate)?.asDecimal {
            budgetTenge = try? t.multiplied(by: mrp)
        }
        var used = ExactDecimal.zero
        var funded = 0
        var quotaUse: [[String: Int]] = Array(repeating: [:], count: scoring.quotas.count)
        var stopped = false
        var rankOf = [Int?](repeating: nil, count: rows.count)
        // Said of every candidate after the last funded one: made once, shared.
        let belowTheLine = Localized("rank.rank-of")
        for (position, i) in candidates.enumerated() {
            rankOf[i] = position + 1
            if stopped { rows[i].reason = belowTheLine; continue }
            let keys = rows[i].quotaKeys.enumerated().map { Self.keyText($1, scoring.quotas[$0].key.type) }
            if let q = scoring.quotas.indices.first(where: { quotaUse[$0][keys[$0], default: 0] >= scoring.quotas[$0].spec.limit }) {
                let l = scoring.quotas[q].spec.label
                // The group by its label where it is a case of an enum (a region), as written otherwise.
                var group = Localized(uniform: keys[q])
                if case .enumeration(let en) = scoring.quotas[q].key.type, case .enumCase(let c) = rows[i].quotaKeys[q], c >= 0, c < en.labels.count { group = en.labels[c] }
                rows[i].reason = Localized("rank.quota-full", ["l": l, "group": group])
                continue
            }
            let grant = rows[i].grant ?? .zero
            guard let next = try? used.adding(grant) else {
                // No budget can be kept beyond exact arithmetic: funding stops here, saying why.
                stopped = true
                rows[i].reason = Localized("rank.next")
                continue
            }
            if let n = scoring.spec.budget.grants, funded >= n { stopped = true }
            if let b = budgetTenge, next > b { stopped = true }
            if stopped { rows[i].reason = belowTheLine; continue }
            rows[i].status = .funded
            used = next
            funded += 1
            for q in scoring.quotas.indices { quotaUse[q][keys[q], default: 0] += 1 }
        }
        // Output order: ranked candidates, then below the pass mark, undetermined and ineligible by id.
        func group(_ s: RankingStatus) -> Int {
            switch s {
            case .belowPassMark: 0
            case .undetermined: 1
            default: 2
            }
        }
        let groups = statuses.map(group)
        let rest = rows.indices.filter { rankOf[$0] == nil }.sorted { a, b in
            if groups[a] != groups[b] { return groups[a] < groups[b] }
            if groups[a] == 0, totals[a] != totals[b] { return totals[a] > totals[b] }
            return ids[a] < ids[b]
        }
        var iinLines: [String: [Int]] = [:]
        for i in rows.indices where !rows[i].iins.isEmpty { for iin in Set(rows[i].iins) { iinLines[iin, default: []].append(rows[i].line) } }
        let ranked = (candidates + rest).map { i -> RankedApplication in
            // Moved out of the row (a swap with an empty one): no reference is counted.
            var r = Scored.empty
            swap(&r, &rows[i])
            var ranked = RankedApplication(id: r.id, line: r.line, status: r.status, rank: rankOf[i], total: r.total, points: r.points,
                                     rawPoints: r.raw, tieValues: r.ties, grant: r.status == .funded ? r.grant : nil, reason: r.reason, region: r.region, name: r.name)
            ranked.regionLabel = r.regionLabel
            return ranked
        }
        let shared = iinLines.filter { $0.value.count > 1 }.sorted { ($0.value.min() ?? 0, $0.key) < ($1.value.min() ?? 0, $1.key) }
            .map { (iin: IIN.mask($0.key), lines: $0.value.sorted()) }
        return Ranking(program: plan, scoring: scoring, roundName: roundName, roundDate: roundDate, rulesVersion: rules.version,
                       applications: ranked, rejected: rejected.sorted { $0.line < $1.line }, budgetTenge: budgetTenge,
                       budgetGrants: scoring.spec.budget.grants, fundedTotal: used, sharedIINs: shared)
    }

    package static func keyText(_ v: Value, _ type: ValueType) -> String {
        switch v {
        case .enumCase(let i):
            if case .enumeration(let e) = type, i < e.cases.count { return e.cases[i] }
            return "#\(i)"
        case .text(let s): return s
        case .bool(let b): return String(b)
        case .int(let i): return String(i)
        default: return "?"
        }
    }

    /// Missing facts and rules gaps by their labels, in the three languages.
    package func labels(_ paths: [MissingInput], _ record: RecordValue) -> Localized {
        let ls = paths.map { FieldPathLabel.label($0, schema: rules.schema, record: record, parameters: rules.parameters) }
        return Localized(each: { l in ls.map { $0[l] }.joined(separator: "; ") })
    }

    private func score(_ a: RoundApplication, compiled: Compiled, scoring: ScoringPlan, asOf: Day?, frames: FrameBox? = nil) -> Scored {
        let day: Day?, refusal: DecisionError?
        do throws(DecisionError) { day = try rules.decisionDate(a.record, asOf: asOf); refusal = nil } catch { day = nil; refusal = error }
        var region: String?, regionLabel: Localized?
        if case .record(let app)? = a.record["application"], case .enumCase(let i)? = app["region"],
           let slot = app.type.slot(of: "region"), case .enumeration(let e) = app.type.fields[slot].type { region = e.cases[i]; regionLabel = e.labels[i] }
        var s = Scored(id: a.id, line: a.line, status: .ineligible, total: nil, points: [], raw: [], ties: [], quotaKeys: [], grant: nil, reason: nil, region: region)
        s.regionLabel = regionLabel
        var iins: [(String, Int)] = []
        rules.schema.household.appendIINs(of: a.record, line: a.line, to: &iins)
        s.iins = iins.map(\.0)
        guard let day else {
            s.status = .undetermined
            s.reason = refusal?.translated ?? Localized("rank.no-application-date")
            return s
        }
        let frame: Frame
        if let reused = frames?.frame { reused.reset(root: a.record, asOf: day); frame = reused } else {
            frame = Frame(root: a.record, asOf: day, cacheSize: rules.cacheSize, programs: rules.fast)
            frames?.frame = frame
        }
        frame.marks = .record(a.marks)
        if case .record(let m) = frame.applicant, case .text(let n)? = m["name"] { s.name = n }
        let decision = compiled.program.decide(frame)
        switch decision.status {
        case .eligible: break
        case .undetermined:
            s.status = .undetermined
            s.reason = labels(decision.missing, a.record)
            return s
        case .error:
            s.status = .undetermined
            s.reason = decision.error?.said ?? Localized("rank.decision")
            return s
        case .ineligible:
            let failed = compiled.program.failedTopLevel(frame)
            // Each condition that failed, said as failed: its label alone states it as met.
            let said = failed.map { Localized("ranking.condition-not-met", ["condition": $0]) }
            s.reason = Localized(each: { l in said.map { $0[l] }.joined(separator: "; ") })
            return s
        }
        var total = ExactDecimal.zero
        for (k, eval) in compiled.criteria.enumerated() {
            let c = scoring.criteria[k].spec
            // A criterion that cannot be scored leaves the application undetermined, saying why:
            // the facts it waits for, the rule's error, or points beyond exact arithmetic.
            let v: Value
            do throws(EvaluationError) { v = try eval.run(frame) } catch {
                s.status = .undetermined
                s.reason = Localized("rank.criterion-error", ["what": c.label, "error": error.said])
                return s
            }
            guard let raw = v.asDecimal else {
                s.status = .undetermined
                if case .unknown(let m) = v {
                    let l = labels(m.facts, a.record)
                    s.reason = Localized("rank.criterion-reason", ["label": c.label, "l": l])
                }
                return s
            }
            do throws(ArithmeticFault) {
                var weighted = try raw.multiplied(by: c.weight)
                if let cap = c.cap, weighted > cap { weighted = cap }
                if weighted < .zero { weighted = .zero }
                total = try total.adding(weighted)
                s.raw.append(raw)
                s.points.append(weighted)
            } catch {
                s.status = .undetermined
                s.reason = Localized("rank.points-are-beyond-exact", ["label": c.label])
                return s
            }
        }
        s.total = total
        s.ties = compiled.ties.map { (try? $0.run(frame)) ?? .unknown(.none) }
        s.quotaKeys = compiled.quotas.map { (try? $0.run(frame)) ?? .unknown(.none) }
        s.grant = decision.amount
        if total < scoring.spec.passMark {
            s.status = .belowPassMark
        } else {
            s.status = .reserve   // a candidate; funding decides later
        }
        return s
    }
}
