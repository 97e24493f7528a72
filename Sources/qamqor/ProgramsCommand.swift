import ArgumentParser
import QamqorEngine

struct ProgramsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "programs",
        abstract: "List every programme with its title and legal source (or policy choice).")

    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Option(help: "Language of the titles: kk, ru or en.")
    var lang: Language = .en

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let ruleSet = try Console.loadRules(rules)
        let catalogue = ProgramCatalogue(rules: ruleSet)
        switch format {
        case .text: Console.out(catalogue.text(in: lang))
        case .json: Console.out(catalogue.json(in: lang, files: true).rendered())
        }
    }
}
