import ArgumentParser
import Foundation
import QamqorEngine

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic population of households as JSONL (the same output for the same seed).")

    @Option(help: "How many households.")
    var households: Int

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Put every household in this region (a schema region key); default: a realistic mix.")
    var region: String?

    @Option(name: .customLong("application-date"), help: "Give every household this application date (YYYY-MM-DD).")
    var applicationDate: DayArgument?

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() throws {
        guard households >= 0 else { throw ValidationError("--households must not be negative") }
        let gen = HouseholdGenerator(seed: seed, region: region, applicationDate: applicationDate?.day)
        let sink = try output.map { try Console.openOutput($0) } ?? FileHandle.standardOutput
        let name = output ?? "standard output"
        var buffer = ""
        for i in 0..<households {
            buffer += gen.line(i)
            buffer += "\n"
            if buffer.utf8.count > 1 << 20 { try Console.write(Array(buffer.utf8), to: sink, name: name); buffer = "" }
        }
        try Console.write(Array(buffer.utf8), to: sink, name: name)
    }
}

enum ExplainMode: String, ExpressibleByArgument { case none, decisive }

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Decide every household of a JSONL file, in constant memory, on every core; one output line per household in input order.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Option(help: "Households, one JSON object a line.")
    var input: String

    @Option(help: "Decisions (JSONL); default: standard output.")
    var output: String?

    @Option(help: "Invalid lines with their line number and error (JSONL); default: standard error.")
    var rejects: String?

    @Option(name: .customLong("program"), help: "A programme id; repeat for several. Default: every programme.")
    var programs: [String] = []

    @Option(help: "none, or decisive explanations with each decision (slower).")
    var explain: ExplainMode = .none

    @Option(help: "Worker threads (default: every core).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Language of the explanations and the closing summary: kk, ru or en.")
    var lang: Language = .en

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        for p in programs where ruleSet.program(p) == nil { Console.err("error: unknown programme `\(p)`"); throw ExitCode(1) }
        let inHandle = try Console.openInput(input)
        let total = ((try? FileManager.default.attributesOfItem(atPath: input))?[.size] as? NSNumber)?.intValue ?? 0
        let out = try output.map { try Console.openOutput($0, notOver: [input]) } ?? FileHandle.standardOutput
        let rej = try rejects.map { try Console.openOutput($0, notOver: [input]) } ?? FileHandle.standardError
        let (outName, rejName) = (output ?? "standard output", rejects ?? "standard error")
        let tty = isatty(2) == 1
        let start = Date()
        var lastDraw = Date.distantPast
        let runner = BatchRunner(rules: ruleSet, programs: programs.isEmpty ? nil : programs, explain: explain == .decisive, jobs: jobs, language: lang)
        // Decisions to a file go past the page cache where the file system allows it (see
        // `DirectFileWriter`); standard output, pipes and other files are written as usual.
        let direct = output == nil ? nil : DirectFileWriter(fd: out.fileDescriptor)
        let write: ([UInt8]) throws -> Void = { bytes in
            guard let direct else { return try Console.write(bytes, to: out, name: outName) }
            do { try direct.write(bytes) } catch { throw OutputFailure(description: "\(outName): \(error)") }
        }
        // Whatever stops the run (an unreadable input, a full disk for the rejects), the decisions
        // made before it are in the file.
        defer { try? direct?.finish() }
        let summary = try runner.run(input: inHandle, output: write, rejects: { try Console.write($0, to: rej, name: rejName) }) { bytes, s in
            guard tty, Date().timeIntervalSince(lastDraw) > 0.2 || bytes >= total else { return }
            lastDraw = Date()
            let elapsed = max(0.001, Date().timeIntervalSince(start))
            let fraction = total > 0 ? Double(bytes) / Double(total) : 1
            let rate = Double(s.read) / elapsed
            let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
            FileHandle.standardError.write(Data(String(format: "\r[%@] %3.0f%%  %d households  %.0f/s  ETA %.0fs ", bar, fraction * 100, s.read, rate, eta).utf8))
        }
        if tty { FileHandle.standardError.write(Data("\n".utf8)) }
        do { try direct?.finish() } catch { throw OutputFailure(description: "\(outName): \(error)") }
        let lines = BatchSummaryText(language: lang).lines(summary, programs: ruleSet.programs, seconds: Date().timeIntervalSince(start))
        Console.err(lines.joined(separator: "\n"))
    }
}

enum ImpactFormat: String, ExpressibleByArgument { case text, json, html }

struct ImpactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "impact",
        abstract: "Compare two rule sets on the same households: who gains or loses eligibility and what it costs, with examples explained under both.")

    @Option(help: "The rules in force.")
    var base: String

    @Option(help: "The changed rules.")
    var rules: String

    @Option(help: "Households, one JSON object a line.")
    var input: String

    @Option(help: "text, json or html.")
    var format: ImpactFormat = .text

    @Option(help: "Language of labels and explanations: kk, ru or en.")
    var lang: Language = .en

    func run() throws {
        let old = try Console.loadRules(base)
        let new = try Console.loadRules(rules)
        let handle = try Console.openInput(input)
        let analysis = ImpactAnalysis(base: old, proposed: new)
        let report = try analysis.run(input: handle)
        let renderer = ImpactRenderer(language: lang, analysis: analysis, baseName: base, proposedName: rules)
        switch format {
        case .text: Console.out(renderer.text(report))
        case .json: Console.out(renderer.json(report).rendered())
        case .html: Console.out(renderer.html(report))
        }
    }
}
