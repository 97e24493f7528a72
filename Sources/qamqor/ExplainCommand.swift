import ArgumentParser
import QamqorEngine

extension ExplanationLevel: ExpressibleByArgument {}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain each decision for one applicant: why, with the numbers, and what would change it.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Argument(help: "The applicant file (.yaml or .json).")
    var applicant: String

    @Option(name: .customLong("program"), help: "A programme id; repeat for several. Default: every programme.")
    var programs: [String] = []

    @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD). Default: the application date.")
    var asOf: DayArgument?

    @Option(help: "Language: kk, ru or en.")
    var lang: Language = .en

    @Option(help: "decisive (only what decided the outcome) or full (the whole tree with every value).")
    var level: ExplanationLevel = .decisive

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        let record = try Console.readRecord(applicant, rules: ruleSet)
        let explanations: [Explanation]
        do {
            explanations = try ruleSet.explain(record, asOf: asOf?.day, programs: programs.isEmpty ? nil : programs)
        } catch {
            Console.err("error: \(error.message)")
            throw ExitCode(1)
        }
        let renderer = ExplanationRenderer(language: lang, level: level, ruleSetVersion: ruleSet.version)
        switch format {
        case .text: Console.out(renderer.text(explanations))
        case .json:
            Console.out(JSONValue.object([
                ("applicant", .string(applicant)), ("rules_version", .string(ruleSet.version)), ("level", .string(level.rawValue)),
                ("language", .string(lang.rawValue)), ("explanations", .array(explanations.map(renderer.json))),
            ]).rendered())
        }
        if explanations.contains(where: { $0.decision.status == .error }) { throw ExitCode(1) }
    }
}
