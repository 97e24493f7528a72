import ArgumentParser
import QamqorEngine

/// The options `eval` and `explain` share: which rules, which applicant, which programmes, which
/// date, which language and output format.
struct DecisionOptions: ParsableArguments {
    @Option(name: .long, help: "The rules directory.")
    var rules: String = "rules"

    @Argument(help: "The applicant file (.yaml or .json).")
    var applicant: String

    @Option(name: .customLong("program"), help: "A programme id; repeat for several. Default: every programme.")
    var programs: [String] = []

    @Option(name: .customLong("as-of"), help: "Decide as of this date (YYYY-MM-DD). Default: the application date.")
    var asOf: DayArgument?

    @Option(help: "Language: kk, ru or en.")
    var lang: Language = .en

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    /// The rules and the applicant record, or every error printed and exit 1.
    func load() throws -> (RuleSet, RecordValue) {
        let ruleSet = try Console.loadRules(rules, language: lang)
        return (ruleSet, try Console.readRecord(applicant, rules: ruleSet, language: lang))
    }

    var selectedPrograms: [String]? { programs.isEmpty ? nil : programs }

    /// Every selected programme decided and explained to `level`, or the reason on standard
    /// error and exit 1.
    func explain(_ ruleSet: RuleSet, _ record: RecordValue, level: ExplanationLevel = .full) throws -> [Explanation] {
        do { return try ruleSet.explain(record, asOf: asOf?.day, programs: selectedPrograms, level: level) } catch {
            Console.err("error: \(error.message(in: lang))")
            throw ExitCode(1)
        }
    }

    /// Prints the decision document (``DecisionDocument``: what `POST /v1/decisions` answers).
    func printDocument(_ ruleSet: RuleSet, _ explanations: [Explanation], level: ExplanationLevel) throws {
        var out = JSONBytes()
        DecisionDocument(rulesVersion: ruleSet.version, language: lang, level: level, asOf: asOf?.day, explanations: explanations)
            .write(auditID: nil, to: &out)
        out.endLine()
        try Console.write(out.bytes, to: .standardOutput, name: "standard output")
    }

    /// Exit 1 when a rule failed; exit 3, after naming the missing facts on standard error, when a
    /// decision waits for facts the applicant file does not give.
    static func finish(_ decisions: [Decision], language: Language) throws {
        if decisions.contains(where: { $0.status == .error }) { throw ExitCode(1) }
        let waiting = decisions.filter { $0.status == .undetermined }
        guard !waiting.isEmpty else { return }
        for d in waiting {
            let gaps = d.missing.compactMap { $0.gap?.text }, facts = d.missing.compactMap(\.path)
            if !gaps.isEmpty { Console.err(MessageCatalogue.say("cli.undetermined-gap", ["program": d.program, "gaps": gaps.joined(separator: ", ")], in: language)) }
            if !facts.isEmpty { Console.err(MessageCatalogue.say("cli.undetermined-facts", ["program": d.program, "facts": facts.joined(separator: ", ")], in: language)) }
        }
        throw ExitCode(3)
    }
}
