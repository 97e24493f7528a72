import ArgumentParser
import QamqorEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check every rule file: YAML shape, names, types, cycles. Prints every error at file:line:col.")

    @Argument(help: "The rules directory.")
    var rulesDir: String = "rules"

    func run() throws {
        let rules = try Console.loadRules(rulesDir)
        let defs = rules.definitions.count
        Console.out("ok: \(rules.files.count) files, \(rules.programs.count) programme\(rules.programs.count == 1 ? "" : "s"), \(defs) definitions, \(rules.parameters.count) parameters, \(rules.testFiles.count) test file\(rules.testFiles.count == 1 ? "" : "s") — rules version \(rules.version)")
    }
}
