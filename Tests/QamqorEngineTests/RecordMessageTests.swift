import Foundation
import Testing
@testable import QamqorEngine

/// What is wrong with an applicant record is said in the caseworker's language: both readers give
/// every message in Kazakh, Russian and English, with the same field path, and batch rejects,
/// impact reports and the CLI use the language asked for.
@Suite("Record messages in three languages")
struct RecordMessageTests {
    static func jsonProblem(_ from: String, _ to: String) throws -> Diagnostic {
        let text = JSONRecordReaderTests.valid.replacingOccurrences(of: from, with: to)
        guard case .failure(let d) = JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json") else {
            throw Refused.accepted(to)
        }
        return try #require(d.items.first)
    }

    enum Refused: Error { case accepted(String) }

    /// (edit, Kazakh, Russian) — the English of each is in the JSON reader's own table.
    static let said: [(String, String, String, String)] = [
        (#""birth_date": "1990-01-01""#, #""birth_date": 5"#,
         "`members[0].birth_date`: күн (YYYY-MM-DD) күтілді, `5` табылды",
         "`members[0].birth_date`: ожидалось: дата (YYYY-MM-DD), найдено: `5`"),
        (#""sex": "female""#, #""sex": "femal""#,
         "`members[0].sex`: `femal` деген мән жоқ («Жынысы» мәндерінің арасында)",
         "`members[0].sex`: значения `femal` нет среди значений «Пол»"),
        (#""relation": "self""#, #""relaton": "self""#,
         "`members[0].relaton`: member жазбасында мұндай өріс жоқ",
         "`members[0].relaton`: в записи member нет такого поля"),
        (#""amount": 100000.5"#, #""amount": -1"#,
         "`members[0].incomes[0].amount`: -1 ең кіші рұқсат етілген 0 мәнінен кіші",
         "`members[0].incomes[0].amount`: -1 меньше наименьшего допустимого значения 0"),
        (#""amount": 100000.5"#, #""amount": "lots""#,
         "`members[0].incomes[0].amount`: сан күтілді, \"lots\" мәтіні табылды",
         "`members[0].incomes[0].amount`: ожидалось число, найден текст \"lots\""),
        (#""incomes": []"#, #""incomes": 5"#,
         "`members[1].incomes`: тізім күтілді",
         "`members[1].incomes`: ожидался список"),
    ]

    @Test("a JSON reader's message in Kazakh and Russian keeps the field path and the value found", arguments: said)
    func json(_ from: String, _ to: String, _ kk: String, _ ru: String) throws {
        let d = try Self.jsonProblem(from, to)
        #expect(d.message(in: .kk) == kk)
        #expect(d.message(in: .ru) == ru)
        #expect(d.message(in: .en) == d.message)
    }

    @Test("the suggestion is translated too")
    func help() throws {
        let d = try Self.jsonProblem(#""sex": "female""#, #""sex": "femal""#)
        #expect(d.help(in: .en) == "did you mean `female`?")
        #expect(d.help(in: .ru) == "возможно, имелось в виду `female`?")
        #expect(d.help(in: .kk) == "`female` болуы мүмкін бе?")
    }

    /// Every edit of the JSON reader's tables: three different texts, none empty, each naming
    /// the same place first.
    @Test("every record message exists in all three languages")
    func everyMessage() throws {
        let edits = JSONRecordReaderTests.mistakes.map { ($0.0, $0.1) } + JSONRecordReaderTests.reports.flatMap { $0.0 }
        for (from, to) in edits {
            let d = try Self.jsonProblem(from, to)
            let texts = Language.allCases.map { d.message(in: $0) }
            #expect(Set(texts).count == 3, "not translated: \(d.message)")
            let place = d.message.prefix { $0 != ":" }
            #expect(texts.allSatisfy { $0.hasPrefix(place) }, "\(texts)")
        }
    }

    @Test("the YAML reader says the same things in the same three languages")
    func yaml() {
        let text = """
        application: {id: A, date: 2025-06-01, region: almaty, city: almaty, applicant: m1}
        members:
          - {id: m1, relation: self, sex: femal, birth_date: 1990-01-01, employment: employed, incomes: 5}
        facts: {commission_finding: need_confirmed}
        """
        guard case .failure(let d) = Repo.ruleSet.recordReader.read(SourceFile(path: "a.yaml", text: text)) else { Issue.record("accepted"); return }
        let messages = d.sorted.map { $0.message(in: .ru) }
        #expect(messages == ["`members[0].sex`: значения `femal` нет среди значений «Пол»", "`members[0].incomes`: ожидалось: список, найдено: одиночное значение"])
        #expect(d.rendered(language: .kk).contains("a.yaml:3:"))
        #expect(d.rendered(language: .kk).contains("`members[0].sex`: `femal` деген мән жоқ («Жынысы» мәндерінің арасында)"))
    }

    @Test("batch rejects are written in the language asked for", arguments: [
        (Language.kk, "`members[0].sex`: `femal` деген мән жоқ («Жынысы» мәндерінің арасында) (`female` болуы мүмкін бе?)"),
        (Language.ru, "`members[0].sex`: значения `femal` нет среди значений «Пол» (возможно, имелось в виду `female`?)"),
        (Language.en, "`members[0].sex`: `femal` is not a sex (did you mean `female`?)"),
    ])
    func batch(_ language: Language, _ expected: String) throws {
        let good = JSONRecordReaderTests.valid
        let bad = good.replacingOccurrences(of: #""sex": "female""#, with: #""sex": "femal""#)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-lang-\(language.rawValue)-\(UUID().uuidString).jsonl")
        try (good + "\n" + bad + "\n").write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        var rejects = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, jobs: 1, language: language)
            .run(input: try FileHandle(forReadingFrom: input), output: { _ in }, rejects: { rejects += String(decoding: $0, as: UTF8.self) })
        #expect(summary.decided == 1 && summary.rejected == 1)
        let line = try #require(try JSONSerialization.jsonObject(with: Data(rejects.utf8)) as? [String: Any])
        #expect(line["line"] as? Int == 2)
        #expect(line["error"] as? String == expected)
    }

    @Test("a household without an application date is refused in the language asked for")
    func noDate() throws {
        let text = JSONRecordReaderTests.valid.replacingOccurrences(of: #""date": "2025-06-01", "#, with: "")
        let record = try JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json").get()
        let e: DecisionError
        do { _ = try Repo.ruleSet.decide(record); Issue.record("decided without a date"); return } catch { e = error }
        #expect(e.message == "`application.date`: the application date is not given; every decision depends on it")
        #expect(e.message(in: .ru) == "`application.date`: не указана дата заявления; от неё зависит каждое решение")
        #expect(e.message(in: .kk) == "`application.date`: өтініш күні берілмеген; әр шешім соған сүйенеді")
        #expect(e.householdProblem == .noApplicationDate)
        // A decision date does not stand in for the application's.
        do { _ = try Repo.ruleSet.decide(record, asOf: Day(iso: "2025-06-01")); Issue.record("decided without an application date") } catch {
            #expect(error.householdProblem == .noApplicationDate)
        }
    }
}
