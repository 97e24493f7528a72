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
        switch options.format {
        case .text:
            do {
                decisions = try ruleSet.decide(record, asOf: options.asOf?.day, programs: options.selectedPrograms, trace: true)
            } catch {
                Console.err("error: \(error.message(in: options.lang))")
                throw ExitCode(1)
            }
            Console.out(DecisionRenderer(language: options.lang, ruleSetVersion: ruleSet.version, parameters: ruleSet.parameters).text(decisions))
        case .json:
            // The document `POST /v1/decisions` answers (without an audit id: nothing is audited).
            let explanations = try options.explain(ruleSet, record, level: .decisive)
            decisions = explanations.map(\.decision)
            try options.printDocument(ruleSet, explanations, level: .decisive)
        }
        try DecisionOptions.finish(decisions, language: options.lang)
    }
}
