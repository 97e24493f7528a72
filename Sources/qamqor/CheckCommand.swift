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

    @Option(help: "Language of the diagnostics: kk, ru or en.")
    var lang: Language = .en

    func run() throws {
        let rules = try Console.loadRules(rulesDir, language: lang)
        let today: Day
        if let asOf {
            guard let d = Day(iso: asOf) else { Console.err(MessageCatalogue.say("cli.bad-as-of", ["text": asOf], in: lang)); throw ExitCode(2) }
            today = d
        } else {
            today = ParameterCoverage.today()
        }
        let gaps = ParameterCoverage.gaps(in: rules.parameters, today: today, strict: strict)
        if !gaps.items.isEmpty {
            Console.err(gaps.rendered(language: lang))
            let ends = ParameterCoverage.quarterEnds(before: today)
            let n = gaps.items.count
            let span = "\(ParameterCoverage.quarterName(ends[0]))…\(ParameterCoverage.quarterName(ends[ends.count - 1]))"
            Console.err(MessageCatalogue.say("cli.check.coverage-gaps", ["n": n, "span": span, "today": today], in: lang))
            if strict { throw ExitCode(1) }
        }
        let standIns = ParameterCoverage.standIns(in: rules.parameters, today: today)
        if !standIns.items.isEmpty {
            Console.err(standIns.rendered(language: lang))
            let n = standIns.items.count
            Console.err(MessageCatalogue.say("cli.check.stand-ins", ["n": n], in: lang))
        }
        let defs = rules.definitions.count
        let (f, p, par, t) = (rules.files.count, rules.programs.count, rules.parameters.count, rules.testFiles.count)
        Console.out(MessageCatalogue.say("cli.ok-files-other-definitions", ["files": f, "programs": p, "definitions": defs, "parameters": par, "tests": t, "version": rules.version], in: lang))
    }
}
