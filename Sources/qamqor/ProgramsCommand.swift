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
        switch format {
        case .text:
            for p in ruleSet.programs {
                let pays = p.amount != nil ? " · pays an amount" : ""
                Console.out("\(p.id) — \(p.title[lang])\(pays)\n    source: \(p.spec.source)")
            }
            Console.out("\(ruleSet.programs.count) programmes · rules version \(ruleSet.version)")
        case .json:
            Console.out(JSONValue.object([
                ("rules_version", .string(ruleSet.version)),
                ("programs", .array(ruleSet.programs.map { p in
                    .object([("id", .string(p.id)), ("title", .string(p.title[lang])),
                             ("titles", .object(Language.allCases.map { ($0.rawValue, .string(p.title[$0])) })),
                             ("source", .string(p.spec.source)),
                             ("policy_choice", .bool(p.spec.source.localizedCaseInsensitiveContains("policy choice"))),
                             ("pays_amount", .bool(p.amount != nil)),
                             ("file", .string(p.spec.file.path))])
                })),
            ]).rendered())
        }
    }
}
