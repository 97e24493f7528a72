import ArgumentParser
import QamqorEngine

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the rule tests in <rules>/tests/*.yaml; prints each failure with its file and line, then `N passed, M failed`.")

    @Argument(help: "The rules directory.")
    var rulesDir: String = "rules"

    func run() throws {
        let rules = try Console.loadRules(rulesDir)
        let results = RuleTestRunner(rules: rules).runAll()
        for r in results where !r.passed {
            let at = r.location.map { ":\($0.line):\($0.column)" } ?? ""
            Console.out("FAIL \(r.file)\(at): \(r.name)")
            for f in r.failures { Console.out("  " + f.replacingOccurrences(of: "\n", with: "\n  ")) }
        }
        let failed = results.filter { !$0.passed }.count
        Console.out("\(results.count - failed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
