import ArgumentParser
import Foundation
import QamqorEngine

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the time per decision over applicant files, without and with the trace. Build with -c release for real figures.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Option(name: .customLong("program"), help: "Programme to decide (repeat). Default: ata.")
    var programs: [String] = ["ata"]

    @Option(help: "Decisions to run per mode.")
    var iterations: Int = 200_000

    @Flag(help: "Measure only decisions without the trace (for profiling).")
    var fastOnly = false

    @Argument(help: "Applicant files; default: every .yaml and .json in ./samples.")
    var files: [String] = []

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        var paths = files
        if paths.isEmpty {
            let items = (try? FileManager.default.contentsOfDirectory(atPath: "samples")) ?? []
            paths = items.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".json")) && $0 != "README.md" }.sorted().map { "samples/\($0)" }
        }
        var records: [RecordValue] = []
        for p in paths {
            guard let text = try? String(contentsOfFile: p, encoding: .utf8),
                  case .success(let r) = ruleSet.recordReader.read(SourceFile(path: p, text: text)) else { continue }
            records.append(r)
        }
        guard !records.isEmpty else { Console.err("no readable applicant files"); throw ExitCode(1) }
        Console.out("households: \(records.count) files, programmes: \(programs.joined(separator: ", ")), decisions per mode: \(iterations)")
        var baseline = 1.0
        for trace in fastOnly ? [false] : [false, true] {
            // Warm up, then measure.
            for r in records { _ = try? ruleSet.decide(r, programs: programs, trace: trace) }
            var sink = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for i in 0..<iterations {
                let d = try? ruleSet.decide(records[i % records.count], programs: programs, trace: trace)
                sink &+= d?.count ?? 0
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
            let per = elapsed / Double(iterations)
            Console.out(String(format: "%@: %.2f µs per household decision (%.0f households/s on one core)", trace ? "with trace   " : "without trace", per / 1000, 1e9 / per))
            if sink < 0 { Console.out("") }
            if !trace { baseline = per }
        }
        if fastOnly { return }
        // A decision with its decisive explanation, rendered as text in English.
        let renderer = ExplanationRenderer(language: .en, level: .decisive, ruleSetVersion: ruleSet.version)
        let explainIterations = max(1, iterations / 10)
        var chars = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<explainIterations {
            if let e = try? ruleSet.explain(records[i % records.count], programs: programs) { chars &+= renderer.text(e).utf8.count }
        }
        let per = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(explainIterations)
        Console.out(String(format: "with decisive explanation (text): %.2f µs per household (%.1f× the decision without trace)", per / 1000, per / baseline))
        if chars < 0 { Console.out("") }
    }
}
