import ArgumentParser
import QamqorEngine

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests in <rules>/tests/*.yaml; prints each failure with its file and line, then `N passed, M failed`.")

    @Argument(help: "The rules directory.")
    var rulesDir: String = "rules"

    @Option(help: "Language of the failures and the summary: kk, ru or en.")
    var lang: Language = .en

    func run() throws {
        let rules = try Console.loadRules(rulesDir)
        let results = RuleTestRunner(rules: rules).runAll()
        for r in results where !r.passed {
            let at = r.location.map { ":\($0.line):\($0.column)" } ?? ""
            Console.out("\(Localized("cli.fail")[lang]) \(r.file)\(at): \(r.name)")
            for f in r.failures(in: lang) { Console.out("  " + f.replacingOccurrences(of: "\n", with: "\n  ")) }
        }
        let failed = results.filter { !$0.passed }.count
        let passed = results.count - failed
        Console.out(Localized("cli.passed", ["passed": passed, "failed": failed])[lang])
        if failed > 0 { throw ExitCode(1) }
    }
}
