import Foundation
import Testing
@testable import QamqorEngine

/// One reader contract for every applicant record: what an attacker or a careless user can send,
/// and what each must get — a refusal naming the field (never a crash), or the right reading.
@Suite("Input boundary")
struct InputBoundaryTests {
    static let valid = JSONRecordReaderTests.valid
    static var reader: JSONRecordReader { JSONRecordReader(schema: Repo.ruleSet.schema) }

    /// The household with `from` replaced by `to`, read and decided for every programme: the
    /// first refusal's message (reader or decision), or nil when it was decided.
    static func refusal(_ from: String, _ to: String) -> String? {
        let text = valid.replacingOccurrences(of: from, with: to)
        #expect(text != valid || from == to, "fixture text not found: \(from)")
        switch reader.read(Array(text.utf8), source: "x.json") {
        case .failure(let d): return d.items.first?.message
        case .success(let r):
            do { _ = try Repo.ruleSet.decide(r); _ = try Repo.ruleSet.explain(r); return nil } catch { return error.message }
        }
    }

    static let refused: [(String, String, String)] = [
        // Dates: the schema's range, with the field path; as-of dates through the decision.
        (#""date": "2025-06-01""#, #""date": "0001-01-15""#, "`application.date`: the date 0001-01-15 is outside the allowed range 1900-01-01 … 2100-12-31"),
        (#""date": "2025-06-01""#, #""date": "9999-12-31""#, "`application.date`: the date 9999-12-31 is outside the allowed range 1900-01-01 … 2100-12-31"),
        (#""birth_date": "2021-03-04""#, #""birth_date": "1899-12-31""#, "`members[1].birth_date`: the date 1899-12-31 is outside the allowed range 1900-01-01 … 2100-12-31"),
        (#""month": "2025-01""#, #""month": "2101-01""#, "`members[0].incomes[0].month`: the date 2101-01-01 is outside the allowed range 1900-01-01 … 2100-12-31"),
        (#""birth_date": "2021-03-04""#, #""birth_date": "2025-06-02""#, "`members[1].birth_date`: the birth date 2025-06-02 is after the application date 2025-06-01"),
        // Households no rule can decide.
        (#""members": [{"id": "m1""#, #""members": [], "x": [{"id": "m1""#, "`x`: no such field in household"),
        (#""id": "m2""#, #""id": "m1""#, "`members[1].id`: the id `m1` is also the id of members[0]"),
        (#""applicant": "m1""#, #""applicant": "m9""#, "`application.applicant`: `m9` is not the id of any member"),
        // Duplicate keys: refused with their path, never last-key-wins.
        (#""region": "almaty""#, #""region": "almaty", "region": "shymkent""#, "`application.region`: the field is given twice"),
        (#""sex": "male""#, #""sex": "male", "sex": "male""#, "`members[1].sex`: the field is given twice"),
        // Escapes JSON does not have, and halves of a surrogate pair.
        (#""name": "Ә \"Q\"""#, #""name": "\ud83d""#, "`members[0].name`: an unpaired surrogate \\u escape in text"),
        (#""name": "Ә \"Q\"""#, #""name": "\ude00\ud83d""#, "`members[0].name`: an unpaired surrogate \\u escape in text"),
        (#""name": "Ә \"Q\"""#, #""name": "\x41""#, "`members[0].name`: bad \\u escape in text"),
        (#""name": "Ә \"Q\"""#, #""name": "\u+041""#, "`members[0].name`: bad \\u escape in text"),
    ]

    @Test("a bad value is refused with its field path", arguments: refused)
    func refusedValue(_ from: String, _ to: String, _ message: String) {
        #expect(Self.refusal(from, to) == message)
    }

    @Test("a household with no members is refused, not divided by zero")
    func noMembers() throws {
        let text = #"{"application": {"id": "A", "date": "2025-06-01", "region": "almaty", "city": "almaty", "applicant": "m1"}, "members": [], "facts": {}}"#
        let r = try Self.reader.read(Array(text.utf8), source: "x.json").get()
        #expect(throws: DecisionError.self) { try Repo.ruleSet.decide(r) }
        do { _ = try Repo.ruleSet.decide(r) } catch {
            #expect(error.message == "`members`: the household has no members; at least the applicant is needed")
            #expect(error.message(in: .kk).hasPrefix("`members`: отбасында"))
        }
    }

    @Test("more members than the schema allows are refused without reading the rest")
    func tooManyMembers() {
        let member = #"{"id": "mX", "relation": "child", "sex": "male", "birth_date": "2021-03-04", "employment": "not_working", "incomes": []}"#
        let many = (0..<41).map { member.replacingOccurrences(of: "mX", with: "m\($0 + 2)") }.joined(separator: ", ")
        let text = Self.valid.replacingOccurrences(of: #"{"id": "m2""#, with: many + #", {"id": "m99""#)
        guard case .failure(let d) = Self.reader.read(Array(text.utf8), source: "x.json") else { Issue.record("accepted"); return }
        #expect(d.items.first?.message == "`members`: the list has more than 40 items")
    }

    @Test("a date in the first quarter of year 1 is decided by no date function into a crash")
    func dateFunctionsAreTotal() {
        for d in [Day.civil(1, 1, 15), Day.civil(1, 1, 1), Day.civil(9999, 12, 31), Day(ordinal: .min), Day(ordinal: .max)] {
            let q = DayRange.quarter(containing: d.quarterStart.adding(days: -1))
            #expect(q.first <= q.last)
            #expect(d.monthStart <= d || d.ordinal < -1_000_000_000)
            _ = d.adding(months: 1_000_000).adding(months: -3_000_000).adding(days: .max).adding(days: .min)
            _ = d.description
            _ = d.months(until: Day.civil(2025, 1, 1))
        }
        #expect(Day.civil(2025, 5, 31).adding(months: -3) == Day(year: 2025, month: 2, day: 28))
        #expect(Day.civil(1, 2, 10).quarterStart.adding(days: -1).description == "0000-12-31")
        #expect(Day.civil(1, 1, 31).adding(months: -1) == Day.civil(0, 12, 31))
    }

    @Test("rounding and flooring the largest amounts never trap")
    func decimalsAreTotal() {
        for u: Int64 in [.max, .min, .max - 1, .min + 1] {
            let d = ExactDecimal(units: u)
            #expect(d.rounded(places: 0).units.signum() == u.signum())
            // Within one whole of the value (the very lowest floor would leave the range).
            #expect(abs(Int128(d.floored().units) - Int128(u)) < Int128(ExactDecimal.scale))
        }
    }

    static let readings: [(String, String, String)] = [
        // Every JSON escape and number form is read, exactly.
        (#""name": "Ә \"Q\"""#, #""name": "\ud83d\ude00 \u00e9\/\b""#, "😀 é/\u{8}"),
        (#""name": "Ә \"Q\"""#, #""name": "Ә \"Q\"""#, "Ә \"Q\""),
    ]

    @Test("escapes become the characters they stand for", arguments: readings)
    func escapes(_ from: String, _ to: String, _ name: String) throws {
        let text = Self.valid.replacingOccurrences(of: from, with: to)
        let r = try Self.reader.read(Array(text.utf8), source: "x.json").get()
        guard case .list(let members)? = r["members"], case .record(let m) = members[0], case .text(let got)? = m["name"] else {
            Issue.record("no name"); return
        }
        #expect(got == name)
    }

    @Test("invalid UTF-8 is refused with its byte offset; a byte-order mark is skipped")
    func encoding() throws {
        var bytes = Array(Self.valid.utf8)
        let at = try #require(bytes.firstIndex(of: UInt8(ascii: "Q")))
        bytes[at] = 0xFF
        guard case .failure(let d) = Self.reader.read(bytes, source: "x.json") else { Issue.record("accepted"); return }
        #expect(d.items.first?.message == "the applicant record: the bytes at offset \(at) are not valid UTF-8")
        for bad: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80]] {
            #expect(UTF8Check.firstInvalid(bad.withUnsafeBufferPointer { $0 }, 0..<bad.count) == 0, "\(bad)")
        }
        let good = Array("Ә😀é€".utf8)
        #expect(good.withUnsafeBufferPointer { UTF8Check.firstInvalid($0, 0..<good.count) } == nil)
        let withBOM = [0xEF, 0xBB, 0xBF] + Array(Self.valid.utf8)
        #expect(throws: Never.self) { try Self.reader.read(withBOM, source: "x.json").get() }
    }

    @Test("an envelope is recognised by its keys in any order")
    func envelopeKeys() {
        #expect(JSONRecordReader.topLevelKeys(Array(#"{"as_of": "2025-06-01", "household": {"a": [1, {"b": "}"}]}}"#.utf8)) == ["as_of", "household"])
        #expect(JSONRecordReader.topLevelKeys(Array(#"[1]"#.utf8)) == nil)
        #expect(JSONRecordReader.topLevelKeys(Array(#"{"a": }"#.utf8)) == nil)
    }

    @Test("a household with a duplicate key is refused by the YAML reader too")
    func yamlDuplicate() {
        let yaml = """
        application: {id: A, date: 2025-06-01, region: almaty, city: almaty, applicant: m1}
        members:
          - {id: m1, relation: self, sex: female, birth_date: 1990-01-01, employment: employed, incomes: []}
        facts: {}
        application: {id: B}
        """
        guard case .failure(let d) = Repo.record(yaml) else { Issue.record("accepted"); return }
        #expect(d.items.first?.location?.line == 5)
    }

    @Test("a programme named twice is decided once")
    func programsOnce() throws {
        let r = try Self.reader.read(Array(Self.valid.utf8), source: "x.json").get()
        #expect(try Repo.ruleSet.decide(r, programs: ["ata", "ata", "large_family", "ata"]).map(\.program) == ["ata", "large_family"])
    }
}
