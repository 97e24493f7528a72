import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import QamqorService
import QamqorEngine

/// `POST /v1/drafts/{id}/parameters/values`: the policy page's "add a value from a date" form, as
/// an officer who never opens the YAML uses it.
@Suite("Parameter form")
struct ParameterFormTests {
    static let policy: HTTPFields = [.authorization: "Bearer policy-token", .contentType: "application/json"]

    static func body(_ fields: [String: Any?]) -> ByteBuffer {
        ByteBuffer(data: (try? JSONSerialization.data(withJSONObject: fields.mapValues { $0 ?? NSNull() })) ?? Data())
    }

    @Test("a value from 2027-01-01 through the form lands in the draft's file, checks, and is refused with the field when wrong")
    func addValue() async throws {
        let api = try await ServiceFixture.api(rules: try ServiceFixture.rulesCopy(), tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let draft: String = try await client.execute(uri: "/v1/drafts?name=share", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            let uri = "/v1/drafts/\(draft)/parameters/values?lang=kk"
            try await client.execute(uri: uri, method: .post, headers: Self.policy,
                                     body: Self.body(["parameter": "poverty_line_share_of_minimum", "from": "2027-01-01", "value": "0,75", "source": "ministry order № 1 of 01.12.2026"])) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
                let json = ServiceFixture.json(r.body)
                #expect(json["ok"] as? Bool == true && json["saved"] as? String == "parameters/poverty_line.yaml")
                #expect((json["line"] as? Int ?? 0) > 0)
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=parameters/poverty_line.yaml", method: .get, headers: Self.policy) { r in
                #expect(String(buffer: r.body).contains("      2023-07-01: 0.70\n      2027-01-01: {value: 0.75, source: \"ministry order № 1 of 01.12.2026\"}\n"))
            }
            // Each refusal names the form's field, in the officer's language.
            for (fields, field) in [
                (["parameter": "poverty_line_share_of_minimum", "from": "2028-01-01", "value": "0.8", "source": " "], "source"),
                (["parameter": "poverty_line_share_of_minimum", "from": "2024-01-01", "value": "0.8", "source": "x"], "from"),
                (["parameter": "poverty_line_share_of_minimum", "from": "2028-13-01", "value": "0.8", "source": "x"], "from"),
                (["parameter": "poverty_line_share_of_minimum", "from": "2028-01-01", "value": "many", "source": "x"], "value"),
                (["parameter": "no_such_parameter", "from": "2028-01-01", "value": "1", "source": "x"], "parameter"),
                (["parameter": "published_poverty_line", "key": "narnia", "from": "2028-01-01", "value": "1", "source": "x"], "key"),
            ] as [([String: Any?], String)] {
                try await client.execute(uri: uri, method: .post, headers: Self.policy, body: Self.body(fields)) { r in
                    #expect(r.status == .unprocessableContent, "\(fields): \(String(buffer: r.body))")
                    let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                    #expect(error?["field"] as? String == field, "\(fields): \(String(buffer: r.body))")
                    #expect((error?["message"] as? String)?.contains(where: { ("а"..."я").contains($0) || "әіңғүұқөһ".contains($0) }) == true)
                }
            }
            // What the document does not allow is refused as a bad request: not an object, a number
            // for the value, an unknown field, a source of 501 characters.
            for bad in [#"[1, 2]"#, #"{"parameter": "mrp", "from": "2028-01-01", "value": 1, "source": "x"}"#,
                        #"{"parameter": "mrp", "from": "2028-01-01", "value": "1", "source": "x", "colour": "red"}"#,
                        "{\"parameter\": \"mrp\", \"from\": \"2028-01-01\", \"value\": \"1\", \"source\": \"\(String(repeating: "ы", count: 501))\"}"] {
                try await client.execute(uri: uri, method: .post, headers: Self.policy, body: ByteBuffer(string: bad)) { r in
                    #expect(r.status == .badRequest, "\(bad.prefix(80)): \(String(buffer: r.body))")
                }
            }
        }
    }

    @Test("before a correction of history, the form is told how many audited decisions the days it changes hold")
    func decisionsReached() async throws { try await Self.decisionsReached(database: nil) }

    /// The same on any audit store (the PostgreSQL suite runs it on PostgreSQL).
    static func decisionsReached(database: ServiceDatabase?) async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens, database: database)
        let household = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"), encoding: .utf8)
        try await ServiceFixture.app(api).test(.router) { client in
            // Three decisions: for 15 August 2025, for 15 September 2025, and one for its application's own day (10 September 2025).
            for asOf in ["\"2025-08-15\"", "\"2025-09-15\"", "null"] {
                try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: WorkbenchTests.caseworker,
                                         body: ByteBuffer(string: "{\"household\": \(household), \"as_of\": \(asOf)}")) { r in #expect(r.status == .ok) }
            }
            #expect(try await api.audit.decisions(from: try #require(Day(iso: "2000-01-01")), before: nil).dated == 3)
            // Almaty's minimum has values from 2025-08-01 and 2025-09-01: a value for August reaches one decision.
            func reached(_ query: String) async throws -> [String: Any] {
                try await client.execute(uri: "/v1/parameters/regional_subsistence_minimum/decisions?\(query)", method: .get, headers: Self.policy) { r in
                    #expect(r.status == .ok, "\(query)")
                    return ServiceFixture.json(r.body)
                }
            }
            let august = try await reached("from=2025-08-01&key=almaty")
            #expect(august["until"] as? String == "2025-09-01" && august["decisions"] as? Int == 1 && august["undated"] as? Int == 0)
            let september = try await reached("from=2025-09-01&key=almaty")
            #expect(september["until"] as? String == "2025-11-01" && september["decisions"] as? Int == 2, "the application's own day counts")
            let later = try await reached("from=2030-01-01&key=almaty")
            #expect(later["until"] is NSNull && later["decisions"] as? Int == 0)
            try await client.execute(uri: "/v1/parameters/nosuch/decisions?from=2025-01-01", method: .get, headers: Self.policy) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/parameters/mrp/decisions?from=2025-13-01", method: .get, headers: Self.policy) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/v1/parameters/mrp/decisions?from=2025-01-01", method: .get, headers: WorkbenchTests.caseworker) { r in #expect(r.status == .forbidden) }
        }
    }
}
