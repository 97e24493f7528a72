import Foundation
import Testing
@testable import QamqorEngine

/// A rule set is freed, with everything compiled from it, once nothing holds it: a service that
/// reloads its rules or ranks rounds must not keep every
/// rule set it ever made.
@Suite("Rule set lifetime")
struct RuleSetLifetimeTests {
    @Test("a loaded rule set, its compiled programmes, plans and schema are freed when released")
    func freed() throws {
        weak var weakRules: RuleSet?
        weak var table: ProgramTable?, tracedTable: ProgramTable?, compiled: CompiledProgram?, plan: ProgramPlan?, root: RecordType?
        try {
            let rules = try RuleSet.load(from: DirectoryRuleSource(directory: Repo.rules)).get()
            weakRules = rules
            table = rules.fast; tracedTable = rules.traced; compiled = rules.fast.programs.first
            plan = rules.programs.first; root = rules.schema.root
            // Used as a service uses them: a decision of every programme, and a ranking.
            let household = try Repo.record(try String(contentsOfFile: Repo.samples + "/almaty-isker-ana-candidate.yaml", encoding: .utf8), rules: rules).get()
            _ = try rules.explain(household, asOf: nil, programs: nil)
            let round = Array(try String(contentsOfFile: Repo.samples + "/rounds/isker-ana-2025.jsonl", encoding: .utf8).utf8)
            _ = try Ranker(rules: rules).rank(programID: "isker_ana", round: round, path: "round.jsonl")
        }()
        #expect(weakRules == nil, "the rule set is still alive: a reference cycle keeps it")
        // What a rule set owns goes with it (a programme reading another's outcome once made
        // the compiled table hold itself: 0.8 MB kept for every ranking request and reload).
        #expect(table == nil && tracedTable == nil && compiled == nil, "the compiled programmes outlive their rule set")
        #expect(plan == nil && root == nil, "the checked plans or the schema outlive their rule set")
    }
}
