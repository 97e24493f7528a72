import ArgumentParser
import QamqorEngine

extension ExplanationLevel: ExpressibleByArgument {}

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain each decision for one applicant: why, with the numbers, and what would change it.",
        discussion: "Exit status: 0 all decided; 1 a rule or input error; 2 a usage error; 3 some decision waits for missing facts (named on standard error).")

    @OptionGroup var options: DecisionOptions

    @Option(help: "decisive (only what decided the outcome) or full (the whole tree with every value).")
    var level: ExplanationLevel = .decisive

    func run() throws {
        let (ruleSet, record) = try options.load()
        let explanations = try options.explain(ruleSet, record, level: level)
        switch options.format {
        case .text: Console.out(ExplanationRenderer(language: options.lang, level: level, ruleSetVersion: ruleSet.version).text(explanations))
        // The document `POST /v1/decisions?level=…` answers (without an audit id).
        case .json: try options.printDocument(ruleSet, explanations, level: level)
        }
        try DecisionOptions.finish(explanations.map(\.decision), language: options.lang)
    }
}
