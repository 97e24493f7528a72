import Foundation
import Testing
@testable import QamqorEngine

/// Ranking rounds of grant applications: determinism, tie-breaks, quotas, budget and bad rows.
@Suite("Ranking")
struct RankingTests {
    static func read(_ name: String, program: String, shuffle seed: UInt64? = nil, rules: RuleSet = Repo.ruleSet) throws -> (RoundReader.Result, Ranking) {
        let scoring = try #require(rules.program(program)?.scoring)
        var data = try Data(contentsOf: URL(fileURLWithPath: Repo.samples + "/rounds/" + name))
        if let seed {
            var rng = SplitMix(seed: seed)
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            lines.shuffle(using: &rng)
            data = Data((lines.joined(separator: "\n") + "\n").utf8)
        }
        let input = RoundReader(schema: rules.schema, scoring: scoring).read(path: name, data: data)
        let ranking = try Ranker(rules: rules).rank(programID: program, applications: input.applications, rejected: input.rejected, roundName: "r")
        return (input, ranking)
    }

    @Test("the 500-application round ranks the same twice and when its lines are shuffled")
    func deterministic() throws {
        let (_, a) = try Self.read("state-grant-2025.jsonl", program: "state_business_grant")
        let (_, b) = try Self.read("state-grant-2025.jsonl", program: "state_business_grant")
        let (_, c) = try Self.read("state-grant-2025.jsonl", program: "state_business_grant", shuffle: 42)
        let r = RankingRenderer(language: .en)
        #expect(r.csv(a) == r.csv(b))
        // Line numbers differ after shuffling; everything else must be identical.
        #expect(r.csv(a) == r.csv(c))
        #expect(a.applications.count == 500)
    }

    @Test("totals add up, the budget is not exceeded, quotas are honoured")
    func budgetAndQuotas() throws {
        let (_, r) = try Self.read("state-grant-2025.jsonl", program: "state_business_grant")
        let funded = r.applications.filter { $0.status == .funded }
        let sum = funded.reduce(ExactDecimal.zero) { (try? $0.adding($1.grant ?? .zero)) ?? $0 }
        #expect(sum == r.fundedTotal)
        #expect(r.fundedTotal <= r.budgetTenge!)
        #expect(RankingStatus.allCases.map(r.count).reduce(0, +) == r.applications.count)
        let perRegion = Dictionary(grouping: funded, by: { $0.region ?? "" }).mapValues(\.count)
        #expect(perRegion.values.allSatisfy { $0 <= 30 })
        #expect(perRegion["almaty"] == 30)
        #expect(r.applications.contains { $0.status == .reserve && $0.reason?.en.hasPrefix("quota full") == true })
        // Funding stops at the first grant that does not fit: no funded application ranks below a
        // reserve one that was stopped by the budget.
        let firstStopped = r.applications.firstIndex { $0.status == .reserve && $0.reason?.en == "the budget is used up" }
        if let firstStopped { #expect(!r.applications[firstStopped...].contains { $0.status == .funded }) }
        // Funded applications are in rank order and all above the pass mark.
        #expect(funded.allSatisfy { ($0.total ?? .zero) >= r.scoring.spec.passMark })
    }

    @Test("bad rows are reported with their line numbers and left out")
    func badRows() throws {
        let (input, r) = try Self.read("isker-ana-2025-with-errors.jsonl", program: "isker_ana")
        #expect(input.rejected.map(\.line) == [11, 21, 31])
        #expect(input.rejected[0].message.contains("no `id`"))
        #expect(input.rejected[1].message.contains("12 is above the largest allowed value 10"))
        #expect(input.rejected[2].message.contains("`almati` is not a region"))
        #expect(r.applications.count == 60)
    }

    @Test("bad rows are said in the committee's language, in the text, JSON and HTML shortlists", arguments: [
        (Language.ru, ["строка 11: в заявке нет `id`", "строка 21: `marks.market_demand`: 12", "больше наибольшего допустимого значения 10", "`almati` не является значением region"]),
        (Language.kk, ["11-жол: өтінімде `id` жоқ", "21-жол: `marks.market_demand`: 12", "ең үлкен рұқсат етілген 10 мәнінен үлкен", "`almati` — region мәндерінің бірі емес"]),
    ])
    func badRowsInLanguage(_ language: Language, _ expected: [String]) throws {
        let (_, r) = try Self.read("isker-ana-2025-with-errors.jsonl", program: "isker_ana")
        let renderer = RankingRenderer(language: language)
        let text = renderer.text(r), json = renderer.json(r).rendered(pretty: false), html = renderer.html(r, generatedAt: "2025-11-01")
        for e in expected {
            #expect(text.contains(e), "\(e)")
            #expect(html.contains(e), "\(e)")
        }
        #expect(json.contains(expected[0]))
        #expect(!text.contains("is not a region") && !text.contains("line 11"))
    }

    @Test("a tie on total score is broken by the declared keys, then by id")
    func tieBreak() throws {
        let scoring = try #require(Repo.ruleSet.program("isker_ana")?.scoring)
        let base = try String(contentsOf: URL(fileURLWithPath: Repo.samples + "/rounds/isker-ana-2025.jsonl"), encoding: .utf8).split(separator: "\n")[0]
        // Same household (same social need), same total 60, different jobs marks: 2·8+2·8+7+1.5·6+1.5·4 = 54 vs 2·8+2·8+4+1.5·6+1.5·6 = 54.
        func line(_ id: String, _ research: Int, _ jobs: Int) -> String {
            var s = String(base).replacingOccurrences(of: "\"id\": \"IA-0001\", \"household\"", with: "\"id\": \"\(id)\", \"household\"")
            let marks = "\"marks\": {\"market_demand\": 8, \"financial_viability\": 8, \"market_research\": \(research), \"entrepreneurial_skills\": 6, \"jobs_created\": \(jobs)}}"
            s = String(s[..<s.range(of: "\"marks\":")!.lowerBound]) + marks
            return s
        }
        let text = [line("B", 7, 4), line("A", 4, 6), line("C", 7, 4)].joined(separator: "\n")
        let input = RoundReader(schema: Repo.ruleSet.schema, scoring: scoring).readJSONL(Data(text.utf8), name: "t")
        #expect(input.rejected.isEmpty)
        let r = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", applications: input.applications, roundName: "t")
        let totals = Set(r.applications.compactMap(\.total))
        #expect(totals.count == 1)
        // A has more jobs; B and C tie on every key and are ordered by id.
        #expect(r.applications.map(\.id) == ["A", "B", "C"])
        #expect(RankingRenderer(language: .en).compare(r, "A", "B")?.contains("More jobs created") == true)
    }

    @Test("a criterion that fails or overflows leaves the application undetermined and says why", arguments: [
        ("marks.jobs_created / (marks.jobs_created - marks.jobs_created)", "Jobs created: division by zero in `marks.jobs_created / (marks.jobs_created - marks.jobs_created)`"),
        ("marks.jobs_created * 1500000000000", "Jobs created: the points are beyond exact arithmetic"),
    ])
    func criterionFailure(_ points: String, _ reason: String) throws {
        let rules = try Repo.ruleSet(editing: "programs/isker_ana.yaml", "points: marks.jobs_created", to: "points: \(points)")
        let (_, r) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana", rules: rules)
        // The applications the criterion fails on are left out of the ranking with the reason;
        // whatever is ranked has a total within the criteria's caps.
        let undetermined = r.applications.filter { $0.status == .undetermined }
        #expect(undetermined.contains { $0.reason?.en == reason }, "\(Array(Set(undetermined.compactMap { $0.reason?.en })).prefix(3))")
        #expect(r.applications.allSatisfy { $0.total.map { $0 <= ExactDecimal(parsing: "100")! } ?? true })
    }

    @Test("grants whose total goes beyond exact arithmetic stop the funding with the reason, not a wrong total")
    func budgetOverflow() throws {
        // Two trillion tenge a grant: the fifth funded grant would pass the largest exact total.
        let rules = try Repo.ruleSet(editing: "programs/isker_ana.yaml", "expr: 400 * mrp", to: "expr: 2000000000000")
        let (_, r) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana", rules: rules)
        let funded = r.applications.filter { $0.status == .funded }
        #expect(funded.count == 4)
        #expect(r.fundedTotal == ExactDecimal(parsing: "8000000000000"))
        #expect(r.applications.contains { $0.reason?.en == "the grants' total is beyond exact arithmetic" })
    }

    @Test("a printable HTML page has the programme, round, rules version, table, totals and signatures")
    func html() throws {
        let (_, r) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana")
        let page = RankingRenderer(language: .ru).html(r, generatedAt: "2026-11-23")
        for needle in ["@page { size: A4 landscape", "Іскер ана", r.rulesVersion, "<tbody>", "Финансируется:", "Бюджет:", "Подписи комиссии"] {
            #expect(page.contains(needle), "\(needle)")
        }
        #expect(page.components(separatedBy: "<tr class=").count - 1 == 60)
    }

    @Test("CSV and JSON rounds rank like JSONL")
    func formats() throws {
        let (_, a) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana")
        let (_, b) = try Self.read("isker-ana-2025.csv", program: "isker_ana")
        let r = RankingRenderer(language: .en)
        func strip(_ s: String) -> String { s }
        #expect(r.csv(a) == r.csv(b))
    }
}

/// The generator's deterministic random source, for shuffling in tests.
struct SplitMix: RandomNumberGenerator {
    var source: HouseholdGenerator.Random
    init(seed: UInt64) { source = HouseholdGenerator.Random(state: seed) }
    mutating func next() -> UInt64 { source.next() }
}

extension RankingTests {
    /// An uploaded round's format, from its content type and first byte.
    static let uploads: [(body: String, contentType: String, declaredJSON: Bool, format: RoundFormat)] = [
        ("{\"id\": \"a1\"}\n{\"id\": \"a2\"}\n", "application/x-ndjson", false, .jsonl),
        ("  \n\t{\"id\": \"a1\"}", "", false, .jsonl),
        ("{\"round\": \"r\", \"applications\": []}", "application/json", true, .json),
        ("[{\"id\": \"a1\"}]", "application/json", false, .json),
        ("\r\n[]", "", false, .json),
        ("id,household,business_plan\na1,{},5\n", "text/csv", false, .csv),
        ("id,household\n", "", false, .csv),
        ("{\"id\": \"a1\"}", "text/csv; charset=utf-8", false, .csv),
        ("", "", false, .csv),
    ]

    @Test("an uploaded round's format comes from its content type and first byte", arguments: uploads.indices)
    func uploadFormat(_ i: Int) {
        let u = Self.uploads[i]
        #expect(RoundFormat.of(upload: Array(u.body.utf8), contentType: u.contentType, declaredJSON: u.declaredJSON) == u.format)
        #expect(RoundFormat.of(upload: Array(u.body.utf8), contentType: u.contentType, declaredJSON: u.declaredJSON).fileName == "round.\(u.format.rawValue)")
    }
}
