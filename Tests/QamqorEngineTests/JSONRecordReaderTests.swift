import Foundation
import Testing
@testable import QamqorEngine

/// The fast JSON reader agrees with the YAML/JSON file reader and reports the same kinds of errors.
@Suite("JSON record reader")
struct JSONRecordReaderTests {
    static let valid = #"{"application": {"id": "A-1", "date": "2025-06-01", "region": "almaty", "city": "almaty", "applicant": "m1"}, "members": [{"id": "m1", "name": "Ә \"Q\"", "relation": "self", "sex": "female", "birth_date": "1990-01-01", "employment": "employed", "incomes": [{"month": "2025-01", "kind": "wages", "amount": 100000.5}]}, {"id": "m2", "relation": "child", "sex": "male", "birth_date": "2021-03-04", "employment": "not_working", "incomes": []}], "facts": {"commission_finding": "need_confirmed"}}"#

    @Test("decides exactly as the file reader does, for every programme")
    func agrees() throws {
        for text in [Self.valid, try String(contentsOfFile: Repo.samples + "/almaty-student-family.json", encoding: .utf8)] {
            let a = try Repo.record(text).get()
            let b = try JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json").get()
            let da = try Repo.ruleSet.decide(a), db = try Repo.ruleSet.decide(b)
            #expect(da.map(\.status) == db.map(\.status))
            #expect(da.map(\.amount) == db.map(\.amount))
            #expect(da.map(\.missing) == db.map(\.missing))
        }
    }

    static let mistakes: [(String, String, String)] = [
        (#""birth_date": "1990-01-01""#, #""birth_date": 5"#, "`members[0].birth_date`: expected a date (YYYY-MM-DD), found `5`"),
        (#""sex": "female""#, #""sex": "femal""#, "`members[0].sex`: `femal` is not a sex"),
        (#""relation": "self""#, #""relaton": "self""#, "`members[0].relaton`: no such field in member"),
        (#""amount": 100000.5"#, #""amount": "lots""#, "`members[0].incomes[0].amount`: expected a number, found text \"lots\""),
        (#""amount": 100000.5"#, #""amount": -1"#, "`members[0].incomes[0].amount`: -1 is below the smallest allowed value 0"),
        (#""region": "almaty""#, #""region": "narnia""#, "`application.region`: `narnia` is not a region"),
        (#""incomes": []"#, #""incomes": [}"#, "`members[1].incomes[0]`: expected a record (income) as a JSON object"),
        (#""incomes": []"#, #""incomes": [{"month": "2025-01", "kind": "wages", "amount": 1} {}]"#, "`members[1].incomes`: expected `,` or `]` in a list"),
    ]

    @Test("a wrong value names its field path", arguments: mistakes)
    func mistake(_ from: String, _ to: String, _ message: String) {
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        guard case .failure(let d) = JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json", line: 7) else {
            Issue.record("accepted: \(to)"); return
        }
        #expect(d.items.first?.message == message)
        #expect(d.items.first?.location?.line == 7)
    }

    @Test("truncated and deeply nested input is an error, not a crash")
    func malformed() {
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        for text in [String(Self.valid.prefix(80)), "", "{", "[", "{\"members\": " + String(repeating: "[", count: 10_000), "nul", "{\"application\": {\"id\": \"\\u12\"}}"] {
            guard case .failure = reader.read(Array(text.utf8), source: "x.json") else { Issue.record("accepted: \(text.prefix(40))"); continue }
        }
    }
}
