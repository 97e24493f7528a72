import ArgumentParser
import QamqorEngine

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Decide every programme (or the ones named) for one applicant file: status, amount, form and the values used.",
        discussion: "Exit status: 0 all decided; 1 a rule or input error; 2 a usage error; 3 some decision waits for missing facts (named on standard error).")

    @OptionGroup var options: DecisionOptions

    func run() throws {
        let (ruleSet, record) = try options.load()
        let decisions: [Decision]
        do {
            decisions = try ruleSet.decide(record, asOf: options.asOf?.day, programs: options.selectedPrograms, trace: true)
        } catch {
            Console.err("error: \(error.message(in: options.lang))")
            throw ExitCode(1)
        }
        let renderer = DecisionRenderer(language: options.lang, ruleSetVersion: ruleSet.version, parameters: ruleSet.parameters)
        switch options.format {
        case .text: Console.out(renderer.text(decisions))
        case .json:
            Console.out(JSONValue.object([
                ("applicant", .string(options.applicant)),
                ("rules_version", .string(ruleSet.version)),
                ("decisions", .array(decisions.map(renderer.json))),
            ]).rendered())
        }
        try DecisionOptions.finish(decisions, language: options.lang)
    }
}
