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
        let explanations: [Explanation]
        do {
            explanations = try ruleSet.explain(record, asOf: options.asOf?.day, programs: options.selectedPrograms)
        } catch {
            Console.err("error: \(error.message(in: options.lang))")
            throw ExitCode(1)
        }
        let renderer = ExplanationRenderer(language: options.lang, level: level, ruleSetVersion: ruleSet.version)
        switch options.format {
        case .text: Console.out(renderer.text(explanations))
        case .json:
            Console.out(JSONValue.object([
                ("applicant", .string(options.applicant)), ("rules_version", .string(ruleSet.version)), ("level", .string(level.rawValue)),
                ("language", .string(options.lang.rawValue)), ("explanations", .array(explanations.map(renderer.json))),
            ]).rendered())
        }
        try DecisionOptions.finish(explanations.map(\.decision), language: options.lang)
    }
}
