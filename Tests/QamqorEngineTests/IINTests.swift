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
        ("900101400004", "the IIN's check digit is wrong"),
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
        ("900101400003", "900101400004", "`members[0].iin`: `9001••••••04` is not a valid IIN: the IIN's check digit is wrong"),
        ("900101400003", "9001014", "`members[0].iin`: `•••••••` is not a valid IIN: an IIN has 12 digits; this has 7 characters"),
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
}
