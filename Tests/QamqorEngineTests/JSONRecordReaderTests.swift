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

    /// Wrong but well-formed values are all reported; JSON that cannot be read is reported once,
    /// where it breaks, without the misleading errors that would follow from guessing on.
    static let reports: [([(String, String)], [String])] = [
        ([(#""sex": "female""#, #""sex": "femal""#), (#""region": "almaty""#, #""region": "narnia""#)],
         ["`application.region`: `narnia` is not a region", "`members[0].sex`: `femal` is not a sex"]),
        ([(#""incomes": []"#, #""incomes": -"#)], ["`members[1].incomes`: expected a list"]),
        ([(#""incomes": []"#, #""incomes": 5"#), (#""sex": "male""#, #""sex": 1"#)],
         ["`members[1].sex`: `1` is not a sex", "`members[1].incomes`: expected a list"]),
        ([(#""relation": "child""#, "\"relation\": \"chi\u{01}ld\"")], ["`members[1].relation`: a control character inside text"]),
        ([(#""amount": 100000.5"#, #""amount": 12abc"#)], ["`members[0].incomes[0].amount`: expected an amount in tenge (digits with at most 6 decimal places), found `12abc`"]),
        ([(#""amount": 100000.5"#, #""amount": 922337203685477.5807"#)], ["`members[0].incomes[0].amount`: `922337203685477.5807` is larger than the largest number allowed (at most 9223372036854.775807)"]),
        ([(#""amount": 100000.5"#, #""amount": 1e-7"#)], ["`members[0].incomes[0].amount`: `1e-7` has more than 6 decimal places"]),
        ([(#""amount": 100000.5"#, #""amount": 1e308"#)], ["`members[0].incomes[0].amount`: `1e308` is larger than the largest number allowed (at most 9223372036854.775807)"]),
        ([(#""amount": 100000.5"#, #""amount": 0.12345678901234567890123456789012345"#)], ["`members[0].incomes[0].amount`: `0.12345678901234567890123456789012345` has more than 6 decimal places"]),
        ([(#""employment": "employed""#, #""employment": "employed" "x": 1"#)], ["`members[0]`: expected `,` or `}` in a record"]),
    ]

    @Test("every wrong value is reported, unreadable JSON once", arguments: reports)
    func report(_ edits: [(String, String)], _ messages: [String]) {
        var text = Self.valid
        for (from, to) in edits { text = text.replacingOccurrences(of: from, with: to) }
        guard case .failure(let d) = JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(text.utf8), source: "x.json") else {
            Issue.record("accepted"); return
        }
        #expect(d.items.map(\.message) == messages)
    }

    /// A top-level text read without reading the rest (a refused request's `lang`).
    static let topLevelTexts: [(String, String?)] = [
        (#"{"household": {"members": 3}, "lang": "kk"}"#, "kk"),
        (#"{"a": [1, {"lang": "ru"}], "b": "x\"lang\": \"ru\"", "lang": "en"}"#, "en"),
        (#"{"lang": 5}"#, nil),
        (#"[{"lang": "kk"}]"#, nil),
        (#"{"lang": "kk", "#, "kk"),
        (#"{"x": [[[[[[, "lang": "kk"}"#, nil),
        ("{\"x\": " + String(repeating: "[", count: 100_000) + ", \"lang\": \"kk\"}", nil),
    ]

    @Test("a top-level text is found without reading the other values, never inside them", arguments: topLevelTexts)
    func topLevelText(_ json: String, _ want: String?) {
        #expect(JSONRecordReader.topLevelText(Array(json.utf8), key: "lang") == want)
    }

    @Test("truncated and deeply nested input is an error, not a crash")
    func malformed() {
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        for text in [String(Self.valid.prefix(80)), "", "{", "[", "{\"members\": " + String(repeating: "[", count: 10_000), "nul", "{\"application\": {\"id\": \"\\u12\"}}"] {
            guard case .failure = reader.read(Array(text.utf8), source: "x.json") else { Issue.record("accepted: \(text.prefix(40))"); continue }
        }
    }
}

/// The reader's fast paths (names matched as bytes, plain numbers read without a String) give the
/// same values and the same messages as the general ones.
@Suite("JSON reader fast paths")
struct JSONReaderFastPathTests {
    static let amounts: [(String, String?)] = [
        ("0", "0"), ("12", "12"), ("12.5", "12.5"), ("169000", "169000"), ("0.000001", "0.000001"),
        ("999999999999", "999999999999"), ("100000.25", "100000.25"), ("9999999.999999", "9999999.999999"),
        ("1.2345678", nil), ("--1", nil),
        // Every JSON number form, exactly.
        ("1e5", "100000"), ("1E+5", "100000"), ("2.5e-3", "0.0025"), ("1.50000000e1", "15"), ("-0.0", "0"), ("123e-6", "0.000123"),
        ("1e-7", nil), ("1e400", nil), ("1e-99999999999", nil), ("1e", nil), ("1e+", nil),
        // Not numbers as JSON spells them.
        ("12.", nil), (".5", nil), ("+5", nil), ("012", nil), ("00", nil), ("-", nil), ("1.", nil),
        // Too large for an exact amount: refused, never a crash.
        ("123456789012345", nil), ("1234567890123456789", nil), ("99999999999999999999999999", nil),
    ]

    @Test("an income amount reads exactly, or is refused with the field path", arguments: amounts)
    func amount(_ text: String, _ expected: String?) throws {
        let json = JSONRecordReaderTests.valid.replacingOccurrences(of: #""amount": 100000.5"#, with: "\"amount\": \(text)")
        let result = JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(json.utf8), source: "x.json")
        switch (result, expected) {
        case (.success(let r), let want?):
            guard case .list(let members)? = r["members"], case .record(let m)? = members.first,
                  case .list(let incomes)? = m["incomes"], case .record(let income)? = incomes.first,
                  case .decimal(let d)? = income["amount"] else { Issue.record("no amount read"); return }
            #expect(d == ExactDecimal(parsing: want))
        case (.failure(let d), nil):
            #expect(d.items.first?.message.hasPrefix("`members[0].incomes[0].amount`:") == true)
        default:
            Issue.record("\(text): expected \(expected ?? "an error"), got \(result)")
        }
    }

    @Test("field names are found by their bytes, in any order, and near misses are not")
    func names() {
        let names = ["id", "name", "relation", "sex", "birth_date", "disability", "a", ""]
        let table = UTF8NameTable(names)
        for (i, n) in names.enumerated() {
            let bytes = Array(n.utf8)
            #expect(bytes.withUnsafeBufferPointer { table.index(of: $0) } == i, "\(n)")
        }
        for miss in ["Id", "names", "birth-date", "b", "relation ", "ид"] {
            let bytes = Array(miss.utf8)
            #expect(bytes.withUnsafeBufferPointer { table.index(of: $0) } == nil, "\(miss)")
        }
    }

    @Test("fields in any order decide the same as in schema order")
    func order() throws {
        let shuffled = #"{"facts": {"commission_finding": "need_confirmed"}, "members": [{"incomes": [{"amount": 100000.5, "kind": "wages", "month": "2025-01"}], "employment": "employed", "birth_date": "1990-01-01", "sex": "female", "relation": "self", "name": "Ә", "id": "m1"}, {"incomes": [], "employment": "not_working", "birth_date": "2021-03-04", "sex": "male", "relation": "child", "id": "m2"}], "application": {"applicant": "m1", "city": "almaty", "region": "almaty", "date": "2025-06-01", "id": "A-1"}}"#
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        let a = try reader.read(Array(JSONRecordReaderTests.valid.utf8), source: "a").get()
        let b = try reader.read(Array(shuffled.utf8), source: "b").get()
        let da = try Repo.ruleSet.decide(a), db = try Repo.ruleSet.decide(b)
        #expect(da.map(\.status) == db.map(\.status))
        #expect(da.map(\.amount) == db.map(\.amount))
        #expect(da.map(\.missing) == db.map(\.missing))
    }

    /// A path's number (which finds a thread's cached missing fact) is kept step by step; it
    /// must be the one the path's steps give, however the reader got there, and none when a
    /// step does not fit (an unknown key, a list position past 32 766) or there are too many.
    @Test("a read path's key is that of its steps, however it was reached", arguments: [
        ([2], 3, 0x8002_8003 as UInt64?), ([2, -1], 4, 0x8002_0001_8004), ([2, -2, 5], nil, 0x8002_0002_8005),
        ([1, -1, 6, -3], nil, 0x8001_0001_8006_0003), ([1, -1, 6, -3], 0, nil), ([1, Int.min], nil, nil),
        ([1, -40_000], 2, nil), ([], 7, 0x8007), ([], nil, 0),
    ] as [([Int], Int?, UInt64?)])
    func pathKey(steps: [Int], slot: Int?, expected: UInt64?) {
        var direct = ReadPath()
        for s in steps { direct.append(s) }
        #expect(direct.key(slot: slot) == expected)
        // The same path reached after wandering: deeper, an unknown key, back out.
        var wandered = ReadPath()
        for s in steps {
            wandered.append(Int.min); wandered.append(9); wandered.removeLast(); wandered.removeLast()
            wandered.append(s)
            wandered.append(-70_000); wandered.append(3); wandered.removeLast(); wandered.removeLast()
        }
        #expect(wandered.key(slot: slot) == expected)
        #expect(wandered.all == steps)
    }

    /// Texts are scanned eight bytes at a time: a quote, an escape or a control character at
    /// every position of a word, and at its end, is found where it is.
    @Test("a name is read exactly whatever the position of an escape or a control character", arguments: 0..<20)
    func textStops(_ k: Int) throws {
        let reader = JSONRecordReader(schema: Repo.ruleSet.schema)
        let prefix = String(repeating: "ә", count: k / 2) + String(repeating: "a", count: k % 2)
        func name(_ text: String) -> String { JSONRecordReaderTests.valid.replacingOccurrences(of: #""name": "Ә \"Q\"""#, with: #""name": ""# + text + #"""#) }
        let escaped = try reader.read(Array(name(prefix + #"\"x\\y"#).utf8), source: "x").get()
        guard case .list(let members)? = escaped["members"], case .record(let m)? = members.first, case .text(let got)? = m["name"] else {
            Issue.record("no name"); return
        }
        #expect(got == prefix + "\"x\\y")
        guard case .failure(let d) = reader.read(Array(name(prefix + "\u{01}z").utf8), source: "x") else { Issue.record("accepted a control character"); return }
        #expect(d.items.first?.message == "`members[0].name`: a control character inside text")
    }
}
