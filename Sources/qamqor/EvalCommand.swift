import ArgumentParser
import QamqorEngine

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decide every programme (or the ones named) for one applicant file: status, amount, form and the values used.")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Argument(help: "The applicant file (.yaml or .json).")
    var applicant: String

    @Option(name: .customLong("program"), help: "A programme id; repeat for several. Default: every programme.")
    var programs: [String] = []

    @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD). Default: the application date.")
    var asOf: DayArgument?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Language of the text: kk, ru or en.")
    var lang: Language = .en

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        let record = try Console.readRecord(applicant, rules: ruleSet)
        let decisions: [Decision]
        do {
            decisions = try ruleSet.decide(record, asOf: asOf?.day, programs: programs.isEmpty ? nil : programs, trace: true)
        } catch {
            Console.err("error: \(error.message)")
            throw ExitCode(1)
        }
        let renderer = DecisionRenderer(language: lang, ruleSetVersion: ruleSet.version)
        switch format {
        case .text: Console.out(renderer.text(decisions))
        case .json:
            Console.out(JSONValue.object([
                ("applicant", .string(applicant)),
                ("rules_version", .string(ruleSet.version)),
                ("decisions", .array(decisions.map(renderer.json))),
            ]).rendered())
        }
        if decisions.contains(where: { $0.status == .error }) { throw ExitCode(1) }
    }
}
