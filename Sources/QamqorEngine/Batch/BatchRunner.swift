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

    public init(rules: RuleSet, programs: [String]? = nil, explain: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.rules = rules; self.programs = programs; self.explain = explain; self.jobs = max(1, jobs)
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
    }

    enum LineResult {
        case decided(String, [(String, DecisionStatus, ExactDecimal?)])
        case rejected(String)
    }

    /// Runs over `input`; `progress` is called after each block with the bytes read so far.
    public func run(input: FileHandle, output: (String) -> Void, rejects: (String) -> Void,
                    progress: (Int, Summary) -> Void = { _, _ in }) throws -> Summary {
        var blocks = JSONLBlocks(handle: input)
        var summary = Summary()
        let reader = JSONRecordReader(schema: rules.schema)
        let ids = programs ?? rules.programs.map(\.id)
        let indices = try rules.indices(ids)
        let renderer = ExplanationRenderer(language: .en, level: .decisive, ruleSetVersion: rules.version)
        while let block = try blocks.next() {
            var results = [LineResult?](repeating: nil, count: block.lines.count)
            let chunks = min(jobs * 8, max(1, block.lines.count / 64))
            results.withUnsafeMutableBufferPointer { out in
                let buffer = SendableBuffer(out)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    let lo = block.lines.count * c / chunks, hi = block.lines.count * (c + 1) / chunks
                    for k in lo..<hi {
                        buffer.base[k] = decideLine(block, k, reader: reader, ids: ids, indices: indices, renderer: renderer)
                    }
                }
            }
            var out = ""
            out.reserveCapacity(block.lines.count * 200)
            for (k, r) in results.enumerated() {
                summary.read += 1
                switch r! {
                case .decided(let text, let outcomes):
                    summary.decided += 1
                    out += text
                    out += "\n"
                    for (p, s, a) in outcomes {
                        summary.counts[p, default: [:]][s, default: 0] += 1
                        if let a { summary.amounts[p] = (try? (summary.amounts[p] ?? .zero).adding(a)) ?? summary.amounts[p] }
                    }
                case .rejected(let text):
                    summary.rejected += 1
                    rejects(text + "\n")
                    _ = k
                }
            }
            output(out)
            progress(blocks.bytesRead, summary)
        }
        return summary
    }

    private func decideLine(_ block: JSONLBlocks.Block, _ k: Int, reader: JSONRecordReader, ids: [String], indices: [Int], renderer: ExplanationRenderer) -> LineResult {
        let (line, range) = block.lines[k]
        let record: RecordValue
        switch reader.read(buffer: block.bytes, range: range, source: "input", line: line) {
        case .failure(let d):
            let msg = d.items.map { $0.message + ($0.help.map { " (\($0))" } ?? "") }.joined(separator: "; ")
            return .rejected("{\"line\":\(line),\"error\":\(JSONValue.quote(msg))}")
        case .success(let r): record = r
        }
        var id = ""
        if case .record(let app)? = record["application"], case .text(let s)? = app["id"] { id = s }
        if explain {
            do {
                let explanations = try rules.explain(record, programs: ids)
                let outcomes = explanations.map { ($0.decision.program, $0.decision.status, $0.decision.amount) }
                let json = JSONValue.object([("line", .number(String(line))), ("id", .string(id)), ("decisions", .array(explanations.map(renderer.json)))])
                return .decided(json.rendered(pretty: false), outcomes)
            } catch {
                return .rejected("{\"line\":\(line),\"error\":\(JSONValue.quote(error.message))}")
            }
        }
        let decisions: [RuleSet.Essentials]
        do { decisions = try rules.essentials(record, programs: indices) } catch {
            return .rejected("{\"line\":\(line),\"error\":\(JSONValue.quote(error.message))}")
        }
        var text = "{\"line\":\(line),\"id\":\(JSONValue.quote(id)),\"decisions\":{"
        text.reserveCapacity(64 + 48 * decisions.count)
        var outcomes: [(String, DecisionStatus, ExactDecimal?)] = []
        outcomes.reserveCapacity(decisions.count)
        for (i, d) in decisions.enumerated() {
            if i > 0 { text += "," }
            text += "\"" + ids[i] + "\":{\"status\":\"" + d.status.rawValue + "\""
            if let a = d.amount { text += ",\"amount\":" + a.description }
            if let f = d.form { text += ",\"form\":\"" + f + "\"" }
            if let m = d.missing, !m.paths.isEmpty { text += ",\"missing\":[" + m.paths.map(JSONValue.quote).joined(separator: ",") + "]" }
            if let e = d.error { text += ",\"error\":" + JSONValue.quote(e.message) }
            text += "}"
            outcomes.append((ids[i], d.status, d.amount))
        }
        text += "}}"
        return .decided(text, outcomes)
    }
}
