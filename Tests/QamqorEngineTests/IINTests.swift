import Foundation
import Testing
@testable import QamqorEngine

/// The individual identification number: its checks in the readers (form, check digit, century
/// and sex digit) and against the member it belongs to (birth date, sex, another member's).
@Suite("IIN")
struct IINTests {
    /// (number, why it is refused; nil: valid)
    static let numbers: [(String, String?)] = [
        ("900101400003", nil),                       // a woman born 1 January 1990
        ("210304500009", nil),                       // a boy born 4 March 2021
        ("900117300507", nil),                       // first weights give 10: the second round's digit
        ("900101400004", "the check digit does not match — check it against the document"),
        ("900117300570", "no IIN is issued with these digits (the check digit comes out as 10 twice)"),
        ("900101700002", "the IIN's 7th digit must be 1–6 (century and sex)"),
        ("901301400003", "the IIN's first 6 digits are not a date"),
        ("90010140000", "an IIN has 12 digits; this has 11 characters"),
        ("9001014000031", "an IIN has 12 digits; this has 13 characters"),
        ("90010140000X", "an IIN has digits only"),
        ("９００１０１４００００３", "an IIN has digits only"),
    ]

    @Test("form, check digit (both weight rounds), century and sex digit", arguments: numbers)
    func validation(_ number: String, _ why: String?) {
        #expect(IIN.problem(number)?.en == why)
        if why == nil { #expect(IIN(number) != nil) }
    }

    @Test("the century and sex digit gives the birth year and sex")
    func decoding() throws {
        let woman = try #require(IIN("900101400003"))
        #expect(woman.birthDate == Day(iso: "1990-01-01")! && !woman.isMale)
        let boy = try #require(IIN("210304500009"))
        #expect(boy.birthDate == Day(iso: "2021-03-04")! && boy.isMale)
        #expect(woman.masked == "9001••••••03")
    }

    static let valid = JSONRecordReaderTests.valid
        .replacingOccurrences(of: #""id": "m1", "name""#, with: #""id": "m1", "iin": "900101400003", "name""#)
        .replacingOccurrences(of: #""id": "m2", "relation""#, with: #""id": "m2", "iin": "210304500009", "relation""#)

    /// (replace, with, the refusal both readers and the decision give; nil: decided)
    static let households: [(String, String, String?)] = [
        ("", "", nil),
        ("900101400003", "900101400004", "`members[0].iin`: IIN `9001••••••04`: the check digit does not match — check it against the document"),
        ("900101400003", "9001014", "`members[0].iin`: IIN `•••••••`: an IIN has 12 digits; this has 7 characters"),
        ("900101400003", "900102400009", "`members[0].iin`: the IIN 9001••••••09 gives the birth date 1990-01-02, but `birth_date` is 1990-01-01"),
        ("900101400003", "900101300007", "`members[0].iin`: the IIN 9001••••••07 is a male's, but `sex` is female"),
        ("210304500009", "900101400003", "`members[1].iin`: the IIN 9001••••••03 gives the birth date 1990-01-01, but `birth_date` is 2021-03-04"),
    ]

    @Test("a household's IINs are checked by both readers and against each member", arguments: households)
    func household(_ from: String, _ to: String, _ refusal: String?) throws {
        let json = from.isEmpty ? Self.valid : Self.valid.replacingOccurrences(of: from, with: to)
        func outcome(_ r: Result<RecordValue, DiagnosticList>) -> String? {
            switch r {
            case .failure(let d): return d.items.first?.message
            case .success(let record):
                do { _ = try Repo.ruleSet.decide(record); return nil } catch { return error.message }
            }
        }
        #expect(outcome(JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(json.utf8), source: "x.json")) == refusal)
        // YAML is a superset of JSON: the YAML reader reads the same text.
        #expect(outcome(Repo.record(json)) == refusal)
    }

    @Test("two members with one IIN are refused")
    func twice() throws {
        let json = Self.valid.replacingOccurrences(of: #""id": "m2", "iin": "210304500009", "relation": "child", "sex": "male", "birth_date": "2021-03-04""#,
                                                    with: #""id": "m2", "iin": "900101400003", "relation": "child", "sex": "female", "birth_date": "1990-01-01""#)
        #expect(json != Self.valid)
        let record = try JSONRecordReader(schema: Repo.ruleSet.schema).read(Array(json.utf8), source: "x.json").get()
        #expect(throws: DecisionError.self) { try Repo.ruleSet.decide(record) }
        do { _ = try Repo.ruleSet.decide(record) } catch {
            #expect(error.message == "`members[1].iin`: the IIN 9001••••••03 is also the IIN of members[0]")
        }
    }

    @Test("a batch names an IIN found in two households of one file, with both lines")
    func batchSharedIIN() throws {
        let household = Self.valid.replacingOccurrences(of: "\n", with: "")
        var lines = (0..<300).map(HouseholdGenerator(seed: 9).line)
        lines[9] = household
        lines[211] = household.replacingOccurrences(of: #""id": "A-1""#, with: #""id": "A-2""#)
        let input = try PopulationTests.write(lines)
        defer { try? FileManager.default.removeItem(at: input) }
        for jobs in [1, 2] {
            let summary = try BatchRunner(rules: Repo.ruleSet, jobs: jobs).run(input: try FileHandle(forReadingFrom: input), output: { _ in }, rejects: { _ in })
            #expect(summary.decided == 300)
            #expect(summary.sharedIINs.map(\.iin) == ["2103••••••09", "9001••••••03"])
            #expect(summary.sharedIINs.map(\.lines) == [[10, 212], [10, 212]])
            let text = BatchSummaryText(language: .ru).lines(summary, programs: Repo.ruleSet.programs, seconds: 1)
            #expect(text.contains("внимание: один ИИН 9001••••••03 в нескольких семьях — строки 10, 212 (один человек учтён дважды)"))
        }
    }

    /// A valid IIN for a birth date and sex (serial digits from `serial`), its check digit computed.
    static func iin(born: String, male: Bool, serial: Int) -> String {
        let d = Day(iso: born)!
        let century = d.year >= 2000 ? (male ? 5 : 6) : (male ? 3 : 4)
        for s in serial..<(serial + 100) {
            let base = String(format: "%02d%02d%02d%d%04d", d.year % 100, d.month, d.parts.day, century, s % 10000)
            for check in 0...9 where IIN(base + String(check)) != nil { return base + String(check) }
        }
        return ""
    }

    @Test("a ranking names an IIN found in two applications of one round, with both lines")
    func roundSharedIIN() throws {
        var lines = try String(contentsOfFile: Repo.samples + "/rounds/isker-ana-2025.jsonl", encoding: .utf8).split(separator: "\n").prefix(40).map(String.init)
        func withIIN(_ k: Int, _ iin: String) throws {
            var o = try #require(try JSONSerialization.jsonObject(with: Data(lines[k].utf8)) as? [String: Any])
            var h = try #require(o["household"] as? [String: Any])
            var members = try #require(h["members"] as? [[String: Any]])
            members[0]["iin"] = iin
            h["members"] = members
            o["household"] = h
            lines[k] = String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self)
        }
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[4].utf8)) as? [String: Any])
        let member = try #require(((first["household"] as? [String: Any])?["members"] as? [[String: Any]])?.first)
        let iin = Self.iin(born: try #require(member["birth_date"] as? String), male: member["sex"] as? String == "male", serial: 123)
        try withIIN(4, iin)
        try withIIN(30, iin)
        let ranking = try Ranker(rules: Repo.ruleSet).rank(programID: "isker_ana", round: Array(lines.joined(separator: "\n").utf8), path: "round.jsonl")
        #expect(ranking.sharedIINs.map(\.lines) == [[5, 31]])
        #expect(ranking.sharedIINs.first?.iin == IIN.mask(iin))
        let json = RankingRenderer(language: .en).json(ranking).rendered(pretty: false)
        #expect(json.contains("the IIN \(IIN.mask(iin)) is in more than one application — lines 5, 31 (one person applied twice)"))
        #expect(!json.contains(iin))
    }
}
