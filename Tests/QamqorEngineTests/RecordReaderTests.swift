import Testing
@testable import QamqorEngine

/// Applicant files with mistakes: each error names the field path and the line.
@Suite("Applicant records")
struct RecordReaderTests {
    static let valid = """
    application: {id: A-1, date: 2025-06-01, region: almaty, city: almaty, applicant: m1}
    members:
      - {id: m1, relation: self, sex: female, birth_date: 1990-01-01, employment: employed, incomes: []}
    facts: {commission_finding: need_confirmed}
    """

    static let mistakes: [(String, String, String, Int)] = [
        ("birth_date: 1990-01-01", "birth_date: 5", "`members[0].birth_date`: expected a date (YYYY-MM-DD), found `5`", 3),
        ("sex: female", "sex: femal", "`members[0].sex`: `femal` is not a sex", 3),
        ("relation: self", "relaton: self", "`members[0].relaton`: no such field in member", 3),
        ("region: almaty", "region: 7", "`application.region`: `7` is not a region", 1),
        ("incomes: []", "incomes: [{month: 2025-13, kind: wages, amount: 10}]", "`members[0].incomes[0].month`: expected a month (YYYY-MM), found `2025-13`", 3),
        ("incomes: []", "incomes: [{month: 2025-01, kind: wages, amount: -10}]", "`members[0].incomes[0].amount`: -10 is below the smallest allowed value 0", 3),
        ("incomes: []", "incomes: [{month: 2025-01, kind: wages, amount: 12.1234567}]", "`members[0].incomes[0].amount`: `12.1234567` has more than 6 decimal places", 3),
        ("incomes: []", "incomes: [{month: 2025-01, kind: wages, amount: 99999999999999999999}]", "`members[0].incomes[0].amount`: `99999999999999999999` is larger than the largest number allowed (at most 9223372036854.775807)", 3),
        ("incomes: []", "incomes: [{month: 2025-01, kind: wages, amount: 12abc}]", "`members[0].incomes[0].amount`: expected an amount in tenge (digits with at most 6 decimal places), found `12abc`", 3),
        ("incomes: []", "incomes: 5", "`members[0].incomes`: expected a list, found a scalar", 3),
        ("date: 2025-06-01", "date: \"2025-06-01\"", "", 0),
    ]

    @Test("a wrong value names its field path and line", arguments: mistakes)
    func mistake(_ from: String, _ to: String, _ message: String, _ line: Int) {
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        switch Repo.record(text) {
        case .success:
            #expect(message.isEmpty, "accepted: \(to)")
        case .failure(let d):
            #expect(d.items.first?.message == message)
            #expect(d.items.first?.location?.line == line)
        }
    }

    @Test("all errors of a file are reported, not only the first")
    func allErrors() throws {
        let text = Self.valid.replacingOccurrences(of: "birth_date: 1990-01-01", with: "birth_date: 5")
            .replacingOccurrences(of: "sex: female", with: "sex: x")
            .replacingOccurrences(of: "region: almaty", with: "region: almati")
        guard case .failure(let d) = Repo.record(text) else { Issue.record("accepted"); return }
        #expect(d.items.count >= 3)
        #expect(d.items.contains { $0.help == "did you mean `almaty`?" })
    }

    @Test("a YAML alias bomb is refused quickly")
    func aliasBomb() {
        var lines = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        let letters = Array("abcdefghij")
        for i in 1..<10 {
            lines.append("\(letters[i]): &\(letters[i]) [" + Array(repeating: "*\(letters[i - 1])", count: 9).joined(separator: ",") + "]")
        }
        guard case .failure(let d) = Repo.record(lines.joined(separator: "\n")) else { Issue.record("accepted"); return }
        #expect(d.items.first?.code == .yamlUnsafe)
    }

    @Test("an alias used as a mapping key is refused, not composed forever")
    func aliasKey() {
        let text = "a: &k x\nb:\n  ? *k\n  : 1\n"
        guard case .failure(let d) = Repo.record(text) else { Issue.record("accepted"); return }
        #expect(d.items.first?.code == .yamlUnsafe)
    }

    @Test("10 000 nested lists are refused")
    func deepDocument() {
        let text = "application: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        guard case .failure = Repo.record(text) else { Issue.record("accepted"); return }
    }

    @Test("a JSON applicant file reads like the YAML one")
    func json() throws {
        let text = """
        {"application": {"id": "A-1", "date": "2025-06-01", "region": "almaty", "city": "almaty", "applicant": "m1"},
         "members": [{"id": "m1", "relation": "self", "sex": "female", "birth_date": "1990-01-01", "employment": "employed", "incomes": []}],
         "facts": {"commission_finding": "need_confirmed"}}
        """
        let r = try Repo.record(text).get()
        guard case .record(let app)? = r["application"], case .date(let d)? = app["date"] else { Issue.record("no date"); return }
        #expect(d.description == "2025-06-01")
    }

    @Test("absent fields take their default or become missing facts")
    func defaults() throws {
        let r = try Repo.record(Self.valid).get()
        guard case .list(let members)? = r["members"], case .record(let m) = members[0] else { Issue.record("no members"); return }
        if case .bool(false)? = m["full_time_education"] {} else { Issue.record("default not applied") }
        if case .unknown(let missing)? = m["name"] { #expect(missing.facts == [.fact("members[0].name")]) } else { Issue.record("name not missing") }
    }
}

/// The rule tests shipped in `rules/tests/`, run as part of `swift test`.
@Suite("Rule tests")
struct ShippedRuleTests {
    @Test("every shipped rule test passes")
    func shipped() {
        let results = RuleTestRunner(rules: Repo.ruleSet).runAll()
        #expect(results.count >= 100)
        for r in results where !r.passed {
            Issue.record("\(r.file):\(r.location?.line ?? 0): \(r.name): \(r.failures.joined(separator: "; "))")
        }
    }

    @Test("a failing rule test is reported with its line and both values")
    func failureIsReported() throws {
        var files = try Repo.ruleFiles()
        files.append(("tests/wrong.yaml", """
        tests:
          - name: deliberately wrong
            household: households/almaty-widow-five-children.yaml
            program: ata
            expect: {status: ineligible, amount: 1}
        """))
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let wrong = try #require(RuleTestRunner(rules: rules).runAll().first { $0.file.hasSuffix("wrong.yaml") })
        #expect(!wrong.passed)
        #expect(wrong.location?.line == 2)
        #expect(wrong.failures.contains("expected status not eligible, got eligible"))
        #expect(wrong.failures.contains("expected amount 1 ₸, got 127 295 ₸"))
        // In the policy officer's language, with the status words and amounts as the pages say them.
        #expect(wrong.failures(in: .kk).contains("күтілген мәртебе «құқылы емес», алынғаны «құқылы»"))
        #expect(wrong.failures(in: .kk).contains("күтілген сома 1 ₸, алынғаны 127 295 ₸"))
        #expect(wrong.failures(in: .ru).contains("ожидался статус «не имеет права», получен «имеет право»"))
        #expect(wrong.failures(in: .ru).contains("ожидалась сумма 1 ₸, получено 127 295 ₸"))
    }
}

/// Every programme Qamqor covers is in the shipped rules and names its source.
@Suite("Programme catalogue")
struct ProgrammeCatalogueTests {
    static let ids = ["ata", "large_family", "large_family_allowance", "altyn_alqa", "kumis_alqa", "state_business_grant",
                      "isker_ana", "bakytty_otbasy", "family_support_centre", "ayaly_alaqan", "teng_qogam", "belsendi_omir",
                      "tauelsiz_omir_mektebi", "zharqyn_omir", "zhana_omir", "isker_isi", "social_integration_centre",
                      "hippotherapy", "wheelchair_repair", "qamqorlyq_zhanuya"]

    @Test("every programme is present, titled in three languages and cites its source", arguments: ids)
    func present(_ id: String) throws {
        let p = try #require(Repo.ruleSet.program(id))
        #expect(!p.title.kk.isEmpty && !p.title.ru.isEmpty && !p.title.en.isEmpty)
        #expect(p.spec.source.count > 20)
    }

    @Test("every programme has at least five rule tests", arguments: ids)
    func tested(_ id: String) throws {
        let names = Repo.ruleSet.testFiles.map(\.text).joined()
        let count = names.components(separatedBy: "program: \(id)\n").count - 1 + names.components(separatedBy: "program: \(id),").count - 1
        #expect(count >= 5, "\(id) has \(count) tests")
    }

    @Test("one household is decided for every programme in one run")
    func allAtOnce() throws {
        let text = try String(contentsOfFile: Repo.samples + "/almaty-widow-five-children.yaml", encoding: .utf8)
        let record = try Repo.ruleSet.recordReader.read(SourceFile(path: "w.yaml", text: text)).get()
        let decisions = try Repo.ruleSet.decide(record)
        #expect(Set(decisions.map(\.program)) == Set(Self.ids))
        #expect(decisions.allSatisfy { $0.status != .error })
    }

    @Test("the same household as of 2025 and 2026 uses МРП 3 932 and 4 325")
    func mrpByDate() throws {
        let text = try String(contentsOfFile: Repo.samples + "/almaty-widow-five-children.yaml", encoding: .utf8)
        let record = try Repo.ruleSet.recordReader.read(SourceFile(path: "w.yaml", text: text)).get()
        let y2025 = try Repo.ruleSet.decide(record, asOf: Day(iso: "2025-06-01"), programs: ["large_family_allowance"]).first?.amount
        let y2026 = try Repo.ruleSet.decide(record, asOf: Day(iso: "2026-06-01"), programs: ["large_family_allowance"]).first?.amount
        #expect(y2025 == ExactDecimal(parsing: "78798"))      // 20.04 × 3 932 = 78 797.28, paid rounded up
        #expect(y2026 == ExactDecimal(parsing: "86673"))      // 20.04 × 4 325
    }
}
