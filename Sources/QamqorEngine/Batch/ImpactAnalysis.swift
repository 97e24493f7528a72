import Dispatch
import Foundation

/// Compares two rule sets on the same households: per programme, who gains or loses
/// eligibility, and the change in total monthly cost; with example households explained under
/// both rule sets. Streams the input in blocks, in constant memory.
public struct ImpactAnalysis: Sendable {
    public let base: RuleSet
    public let proposed: RuleSet
    public let examplesPerKind: Int

    public init(base: RuleSet, proposed: RuleSet, examplesPerKind: Int = 3) {
        self.base = base; self.proposed = proposed; self.examplesPerKind = examplesPerKind
    }

    /// One programme's change.
    public struct ProgramImpact: Sendable {
        public let program: String
        public let title: Localized
        public var eligibleBefore = 0
        public var eligibleAfter = 0
        public var gains = 0
        public var losses = 0
        public var costBefore = ExactDecimal.zero
        public var costAfter = ExactDecimal.zero
        /// Example households (line, raw JSON) that gain or lose.
        public var gainExamples: [(Int, String)] = []
        public var lossExamples: [(Int, String)] = []
        public var costChange: ExactDecimal { (try? costAfter.subtracting(costBefore)) ?? .zero }
    }

    public struct Report: Sendable {
        public var households = 0
        public var rejected = 0
        public var programs: [ProgramImpact] = []
    }

    public func run(input: FileHandle) throws -> Report {
        let shared = base.programs.map(\.id).filter { proposed.program($0) != nil }
        var report = Report()
        report.programs = shared.map { ProgramImpact(program: $0, title: proposed.program($0)!.title) }
        var blocks = JSONLBlocks(handle: input)
        let readerA = JSONRecordReader(schema: base.schema), readerB = JSONRecordReader(schema: proposed.schema)
        while let block = try blocks.next() {
            typealias Row = (ok: Bool, before: [Decision], after: [Decision])
            var rows = [Row?](repeating: nil, count: block.lines.count)
            let chunks = max(1, min(64, block.lines.count / 64))
            rows.withUnsafeMutableBufferPointer { out in
                let buffer = SendableBuffer(out)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    for k in (block.lines.count * c / chunks)..<(block.lines.count * (c + 1) / chunks) {
                        let (line, range) = block.lines[k]
                        guard case .success(let a) = readerA.read(buffer: block.bytes, range: range, source: "input", line: line),
                              case .success(let b) = readerB.read(buffer: block.bytes, range: range, source: "input", line: line),
                              let before = try? base.decide(a, programs: shared), let after = try? proposed.decide(b, programs: shared) else {
                            buffer.base[k] = (false, [], []); continue
                        }
                        buffer.base[k] = (true, before, after)
                    }
                }
            }
            for (k, row) in rows.enumerated() {
                report.households += 1
                guard let row, row.ok else { report.rejected += 1; continue }
                for i in shared.indices {
                    let b = row.before[i], a = row.after[i]
                    var p = report.programs[i]
                    if b.status == .eligible { p.eligibleBefore += 1; p.costBefore = (try? p.costBefore.adding(b.amount ?? .zero)) ?? p.costBefore }
                    if a.status == .eligible { p.eligibleAfter += 1; p.costAfter = (try? p.costAfter.adding(a.amount ?? .zero)) ?? p.costAfter }
                    let line = block.lines[k]
                    if b.status != .eligible && a.status == .eligible {
                        p.gains += 1
                        if p.gainExamples.count < examplesPerKind { p.gainExamples.append((line.line, String(decoding: block.bytes[line.range], as: UTF8.self))) }
                    }
                    if b.status == .eligible && a.status != .eligible {
                        p.losses += 1
                        if p.lossExamples.count < examplesPerKind { p.lossExamples.append((line.line, String(decoding: block.bytes[line.range], as: UTF8.self))) }
                    }
                    report.programs[i] = p
                }
            }
        }
        return report
    }

    /// The explanation of an example household under one of the rule sets.
    public func explain(_ json: String, program: String, proposed useProposed: Bool) -> Explanation? {
        let rules = useProposed ? proposed : base
        guard case .success(let r) = JSONRecordReader(schema: rules.schema).read(Array(json.utf8), source: "example") else { return nil }
        return try? rules.explain(r, programs: [program]).first
    }
}
