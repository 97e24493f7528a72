import Foundation
import Testing
@testable import QamqorEngine

/// Ranking rounds of grant applications: determinism, tie-breaks, quotas, budget and bad rows.
@Suite("Ranking")
struct RankingTests {
    /// Ranks a sample round as `qamqor rank` does (its format by its extension); the ranking
    /// holds the rejected rows too.
    static func read(_ name: String, program: String, shuffle seed: UInt64? = nil, rules: RuleSet = Repo.ruleSet) throws -> (Ranking, Ranking) {
        var data = try Data(contentsOf: URL(fileURLWithPath: Repo.samples + "/rounds/" + name))
        if let seed {
            var rng = SplitMix(seed: seed)
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            lines.shuffle(using: &rng)
            data = Data((lines.joined(separator: "\n") + "\n").utf8)
        }
        let ranking = try Ranker(rules: rules).rank(programID: program, round: [UInt8](data), path: name)
        return (ranking, ranking)
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
        (Language.ru, ["строка 11: в заявке нет `id`", "строка 21: `marks.market_demand`: 12", "больше наибольшего допустимого значения 10", "значения `almati` нет среди значений «Регион»"]),
        (Language.kk, ["11-жол: өтінімде `id` жоқ", "21-жол: `marks.market_demand`: 12", "ең үлкен рұқсат етілген 10 мәнінен үлкен", "`almati` деген мән жоқ («Өңір» мәндерінің арасында)"]),
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
        let r = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(text.utf8), path: "t.jsonl")
        #expect(r.rejected.isEmpty)
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

    @Test("an ineligible application says which conditions failed, as failed, in every language and output", arguments: [
        (Language.kk, "✘ орындалмады: «"), (.ru, "✘ не выполнено: «"), (.en, "✘ not met: «"),
    ])
    func failedConditionsSaidAsFailed(_ lang: Language, _ prefix: String) throws {
        let (_, r) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana")
        let ineligible = r.applications.filter { $0.status == .ineligible }
        #expect(!ineligible.isEmpty)
        for a in ineligible { #expect(a.reason?[lang].hasPrefix(prefix) == true, "\(a.id): \(a.reason?[lang] ?? "")") }
        let renderer = RankingRenderer(language: lang)
        let csv = renderer.csv(r)
        #expect(csv.contains(prefix))
        #expect(renderer.html(r, generatedAt: "2026-12-07").contains(prefix))
    }

    @Test("a spreadsheet CSV in kk and ru is `;`-separated with decimal commas (as a kk/ru Excel reads it); in English and for programs, `,` and points", arguments: [
        (Language.ru, RankingRenderer.CSVHeaders.labels, ";", ","), (.kk, .labels, ";", ","), (.en, .labels, ",", "."), (.ru, .ids, ",", "."),
    ])
    func spreadsheetCSV(_ lang: Language, _ headers: RankingRenderer.CSVHeaders, _ sep: String, _ mark: String) throws {
        let (_, r) = try Self.read("isker-ana-2025.jsonl", program: "isker_ana")
        let csv = RankingRenderer(language: lang).csv(r, headers: headers)
        let lines = csv.split(separator: "\n").map(String.init)
        let columns = RankingRenderer(language: lang).columnLabels(r).count
        // Every row has the header's number of cells, split by the separator (no cell holds it unquoted).
        func cells(_ line: String) -> Int {
            var n = 1, quoted = false
            for ch in line { if ch == "\"" { quoted.toggle() } else if String(ch) == sep && !quoted { n += 1 } }
            return n
        }
        #expect(lines.allSatisfy { cells($0) == columns }, "\(lines.first { cells($0) != columns } ?? "")")
        // A funded row's total, in the row as the language writes a fraction.
        let funded = try #require(r.applications.first { $0.status == .funded && !($0.total?.isWhole ?? true) })
        let total = try #require(funded.total).description.replacingOccurrences(of: ".", with: mark)
        #expect(lines.contains { $0.contains(funded.id) && $0.contains(sep + total + sep) }, "\(funded.id) \(total)")
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
        #expect(r.csv(a) == r.csv(b))
        // The same applications as a JSON array, and as a named JSON round (spread over lines).
        let lines = try String(contentsOfFile: Repo.samples + "/rounds/isker-ana-2025.jsonl", encoding: .utf8).split(separator: "\n")
        let array = "[" + lines.joined(separator: ",\n") + "]"
        let named = "{\"note\": {\"x\": [1, \"]\"]}, \"round\": \"Isker Ana 2025\", \"applications\": \n" + array + "\n}\n"
        let c = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(array.utf8), path: "round.json")
        let d = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(named.utf8), path: "round.json")
        #expect(r.csv(c) == r.csv(a) && r.csv(d) == r.csv(a))
        #expect(d.roundName == "Isker Ana 2025" && c.roundName == "round.json")
    }

    /// Rounds a committee may upload, and what is read of them: (file, text, applications ranked,
    /// rows refused as "line: words of the reason").
    static let rounds: [(String, String, Int, [String])] = {
        let line = try! String(contentsOfFile: Repo.samples + "/rounds/isker-ana-2025.jsonl", encoding: .utf8).split(separator: "\n")[0]
        let household = String(line[line.range(of: "\"household\": ")!.upperBound..<line.range(of: ", \"marks\"")!.lowerBound])
        let cell = "\"" + household.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let marks = "8,7,6,5,4"
        let header = "id,household,market_demand,financial_viability,market_research,entrepreneurial_skills,jobs_created"
        return [
            // CRLF line ends, a byte-order mark, blank lines, a quoted id with a comma.
            ("r.csv", "\u{FEFF}" + header + "\r\n\r\n\"A,1\"," + cell + "," + marks + "\r\n\r\nB," + cell + "," + marks + "\r\n", 2, []),
            // A household cell that closes itself to add marks of its own is refused.
            ("r.csv", header + "\nA,\"" + household.dropLast().replacingOccurrences(of: "\"", with: "\"\"") + "}, \"\"marks\"\": {}, \"\"x\"\": {\"," + marks + "\n", 0,
             ["2: the `household` cell must hold one JSON object"]),
            // A mark that is not a number is said so; one too large too.
            ("r.csv", header + "\nA," + cell + ",8,seven,6,5,4\nB," + cell + ",8,99999999999999999999,6,5,4\n", 0,
             ["2: `marks.financial_viability`: expected a number", "3: `marks.financial_viability`: `99999999999999999999` is larger than the largest number allowed"]),
            // A file reference is not read unless allowed.
            ("r.csv", header + "\nA,households/a.yaml," + marks + "\n", 0, ["2: the `household` cell must hold the household as JSON"]),
            // JSON that is not a round.
            ("r.json", "{\"applications\": [" + line + ",", 0, ["1: r.json: not valid JSON"]),
            ("r.json", "[" + line + "] x", 0, ["1: r.json: not valid JSON"]),
            ("r.json", "{\"applications\": 5}", 0, ["1: r.json: not valid JSON"]),
            // A bad element is reported by its place in the array; the others are read.
            ("r.json", "[" + line + ", {\"id\": 5}, " + line.replacingOccurrences(of: "IA-0001", with: "IA-X") + "]", 2, ["2: `id`: expected text"]),
        ]
    }()

    @Test("each round format is read row by row: CSV quirks, refused cells, JSON that is not a round", arguments: rounds)
    func round(_ file: String, _ text: String, _ ranked: Int, _ refused: [String]) throws {
        let r = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(text.utf8), path: file)
        #expect(r.applications.count == ranked)
        #expect(r.rejected.count == refused.count)
        for (row, want) in zip(r.rejected, refused) {
            let line = Int(want.prefix { $0 != ":" })!
            #expect(row.line == line && row.message.contains(String(want.dropFirst(String(line).count + 2))), "\(row.line): \(row.message)")
        }
    }

    @Test("a round past the limit keeps no more than the limit, and says so")
    func limit() throws {
        let scoring = try #require(Repo.ruleSet.program("isker_ana")?.scoring)
        let reader = RoundReader(schema: Repo.ruleSet.schema, scoring: scoring)
        let jsonl = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.samples + "/rounds/isker-ana-2025.jsonl")))
        let csv = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repo.samples + "/rounds/isker-ana-2025.csv")))
        let lines = String(decoding: jsonl, as: UTF8.self).split(separator: "\n")
        let json = Array(("[" + lines.joined(separator: ",") + "]").utf8)
        for (bytes, format) in [(jsonl, RoundFormat.jsonl), (csv, .csv), (json, .json)] {
            let under = RoundInput(bytes: bytes, format: format, name: "r", reader: reader, limit: 60)
            #expect(!under.exceeded && under.count == 60, "\(format)")
            let over = RoundInput(bytes: bytes, format: format, name: "r", reader: reader, limit: 59)
            #expect(over.exceeded && over.count == 59, "\(format)")
        }
    }

    @Test("every word of the shortlist's table is in each catalogue (a missing id would print as itself)")
    func tableWordsTranslated() {
        for language in [Language.kk, .ru, .en] {
            let words = Mirror(reflecting: RankingRenderer(language: language).w).children.compactMap { $0.value as? String }
            #expect(words.count > 20)
            #expect(!words.contains { $0.hasPrefix("ranking.") }, "\(language): \(words.filter { $0.hasPrefix("ranking.") })")
        }
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
        // The file name it is given reads back as the same format.
        #expect(RoundFormat.of(path: RoundFormat.of(upload: Array(u.body.utf8), contentType: u.contentType, declaredJSON: u.declaredJSON).fileName) == u.format)
    }
}
