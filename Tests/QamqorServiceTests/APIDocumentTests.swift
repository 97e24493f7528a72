import Foundation
import Hummingbird
import HummingbirdTesting
import QamqorEngine
import Testing
@testable import QamqorService

/// docs/openapi.yaml states what the service takes: its generated part is the rules' own, and
/// each request below — schema-valid or not — is answered as the document says.
@Suite("The API document")
struct APIDocumentTests {
    static let document = ServiceFixture.repo.appendingPathComponent("docs/openapi.yaml")
    static let rules: RuleSet = {
        guard case .success(let r) = RuleSet.load(from: DirectoryRuleSource(directory: ServiceFixture.repo.appendingPathComponent("rules").path)) else { fatalError("the shipped rules do not load") }
        return r
    }()

    @Test("the document's schemas are the rules' (run `qamqor openapi --write docs/openapi.yaml` after changing rules/schema.yaml)")
    func documentIsCurrent() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let updated = try #require(OpenAPIDocument.updated(text, rules: Self.rules))
        #expect(updated == text)
        // Every operation that can refuse data the schema allows lists the codes it may use.
        #expect(text.components(separatedBy: "x-refused-beyond-schema:").count - 1 == 6)
        for code in RecordSchemas.crossFieldCodes { #expect(text.contains(code), "\(code) is not documented") }
    }

    @Test("the pattern of the schema's dates matches exactly the years 1900–2100", arguments: [
        (1900, 2100, "19[0-9]{2}|20[0-9]{2}|2100"), (2000, 2099, "20[0-9]{2}"), (1, 9999, "000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3}"),
        (1995, 2003, "199[5-5]|199[6-6]|199[7-7]|199[8-8]|199[9-9]|200[0-3]"),
    ] as [(Int, Int, String)])
    func yearPattern(_ lo: Int, _ hi: Int, _ expected: String) throws {
        let pattern = RecordSchemas.rangePattern(lo, hi, width: 4)
        let regex = try NSRegularExpression(pattern: "^(\(pattern))$")
        func matches(_ y: Int) -> Bool {
            let s = String(format: "%04d", y)
            return regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
        }
        #expect((0...9999).filter(matches) == Array(lo...hi))
        if lo == 1900 || lo == 2000 { #expect(pattern == expected) }
    }

    /// (what, path, content type, body, status, error code or nil when accepted)
    static let answers: [(String, String, String, String, Int, String?)] = [
        ("the smallest household the document allows", "/v1/decisions", "application/json", #"{"application": {"date": "2025-06-01"}}"#, 200, nil),
        ("an envelope", "/v1/decisions", "application/json", #"{"household": {"application": {"date": "2025-06-01"}}, "programs": ["ata"], "lang": null}"#, 200, nil),
        ("a wrong query language beside the envelope's own", "/v1/decisions?lang=xx", "application/json",
         #"{"household": {"application": {"date": "2025-06-01"}}, "lang": "kk"}"#, 400, "bad-language"),
        ("a wrong query date beside the envelope's own", "/v1/decisions?as_of=2025-02-30", "application/json",
         #"{"household": {"application": {"date": "2025-06-01"}}, "as_of": "2025-06-01"}"#, 400, nil),
        ("no application date, even with a decision date", "/v1/decisions?as_of=2025-06-01", "application/json", #"{"members": []}"#, 422, "no-application-date"),
        ("no member at all", "/v1/decisions", "application/json", #"{"application": {"date": "2025-06-01"}, "members": []}"#, 422, "no-members"),
        ("a programme id that is not text", "/v1/decisions", "application/json", #"{"household": {"application": {"date": "2025-06-01"}}, "programs": [null]}"#, 422, "record-type"),
        ("an applicant who is not a member", "/v1/decisions", "application/json",
         #"{"application": {"date": "2025-06-01", "applicant": "m9"}, "members": [{"id": "m1"}]}"#, 422, "applicant-not-member"),
        ("two members with one id", "/v1/decisions", "application/json",
         #"{"application": {"date": "2025-06-01"}, "members": [{"id": "m1"}, {"id": "m1"}]}"#, 422, "duplicate-member-id"),
        ("a birth after the application", "/v1/decisions", "application/json",
         #"{"application": {"date": "2025-06-01"}, "members": [{"birth_date": "2025-06-02"}]}"#, 422, "born-after-application"),
        ("a whole number past the schema's maximum", "/v1/decisions", "application/json",
         #"{"application": {"date": "2025-06-01"}, "members": [{"children_born_or_adopted": 9223372036855}]}"#, 422, "record-type"),
        ("the schema's maximum whole number", "/v1/households/read", "application/json",
         #"{"members": [{"children_born_or_adopted": 9223372036854}]}"#, 200, nil),
        ("a YAML `false` for a text field", "/v1/households/read", "application/yaml", "facts:\n  refusals:\n  - member: false\n", 422, "record-type"),
        ("a YAML number for a text field", "/v1/households/read", "application/yaml", "members:\n- id: 12\n", 422, "record-type"),
        ("the same in quotes", "/v1/households/read", "application/yaml", "members:\n- id: '12'\n", 200, nil),
        ("an octal-looking YAML number", "/v1/households/read", "application/yaml", "members:\n- id: 017\n", 422, "record-type"),
        ("digits YAML 1.1 reads as text (not octal)", "/v1/households/read", "application/yaml", "members:\n- id: 044013915084\n", 200, nil),
        ("an exponent without a point, text in YAML 1.1", "/v1/households/read", "application/yaml", "members:\n- id: 1e3\n", 200, nil),
        ("a household of null facts", "/v1/households/read", "application/json", #"{"members": null}"#, 200, nil),
        ("a file that names no field", "/v1/households/read", "application/json", "{}", 422, "empty-household"),
        ("a YAML file that names no field", "/v1/households/read", "application/yaml", "# nothing yet\n{}\n", 422, "empty-household"),
    ]

    @Test("each request is answered as the document says", arguments: answers)
    func answeredAsDocumented(_ what: String, _ path: String, _ type: String, _ body: String, _ status: Int, _ code: String?) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)) { r in
                #expect(Int(r.status.code) == status, "\(what): \(String(buffer: r.body))")
                if let code { #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == code, "\(what)") }
            }
        }
    }
}
