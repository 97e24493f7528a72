import ArgumentParser
import Foundation
import QamqorEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every rule file: YAML shape, names, types, cycles. Prints every error at file:line:col, and the regions and quarters a regional parameter has no value for.")

    @Argument(help: "The rules directory.")
    var rulesDir: String = "rules"

    @Flag(help: "Treat a region or quarter without a parameter value as an error (exit 1).")
    var strict = false

    @Option(name: .customLong("as-of"), help: "Check coverage as on this date (YYYY-MM-DD; default: today): the income quarters of decisions from eight quarters before it to its own.")
    var asOf: String?

    func run() throws {
        let rules = try Console.loadRules(rulesDir)
        let today: Day
        if let asOf {
            guard let d = Day(iso: asOf) else { Console.err("error: --as-of must be a date (YYYY-MM-DD), not `\(asOf)`"); throw ExitCode(2) }
            today = d
        } else {
            today = ParameterCoverage.today()
        }
        let gaps = ParameterCoverage.gaps(in: rules.parameters, today: today, strict: strict)
        if !gaps.items.isEmpty {
            Console.err(gaps.rendered())
            let ends = ParameterCoverage.quarterEnds(before: today)
            Console.err("\(gaps.items.count) coverage gap\(gaps.items.count == 1 ? "" : "s") for the income quarters \(ParameterCoverage.quarterName(ends[0]))…\(ParameterCoverage.quarterName(ends[ends.count - 1])) (as of \(today))")
            if strict { throw ExitCode(1) }
        }
        let defs = rules.definitions.count
        Console.out("ok: \(rules.files.count) files, \(rules.programs.count) programme\(rules.programs.count == 1 ? "" : "s"), \(defs) definitions, \(rules.parameters.count) parameters, \(rules.testFiles.count) test file\(rules.testFiles.count == 1 ? "" : "s") — rules version \(rules.version)")
    }
}
