import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import HTTPTypes
@testable import QamqorService

@Suite("HTTP API")
struct RouteTests {
    @Test("a posted household gets every programme's decision with its explanation, audited")
    func decisions() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            let body = try ServiceFixture.sample("almaty-student-family.json")
            let id: String = try await client.execute(uri: "/v1/decisions?lang=ru", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                let decisions = json["decisions"] as? [[String: Any]] ?? []
                #expect(decisions.count == 20)
                let ata = try #require(decisions.first { $0["program"] as? String == "ata" })
                #expect(ata["status"] as? String == "eligible")
                #expect(ata["amount_text"] as? String == "113 147,50 ₸")
                #expect(ata["conditions"] != nil)
                return json["audit_id"] as? String ?? ""
            }
            #expect(try await api.audit.count() == 1)
            // A workstation (no token file) decides, but reading the audit log needs a token (401,
            // since none was sent), which only a service started with --auth can accept.
            try await client.execute(uri: "/v1/decisions/\(id)", method: .get) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate] == "Bearer")
                let details = (ServiceFixture.json(r.body)["error"] as? [String: Any])?["details"] as? [String]
                #expect(details == ["to read the audit log, start the service with an --auth token file"])
            }
        }
    }

    @Test("GET /metrics: decisions by programme and status, request latency by route, audit writes, the rules version")
    func metrics() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            let body = try ServiceFixture.sample("almaty-student-family.json")
            try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/v1/nope", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                let text = String(buffer: r.body)
                #expect(text.contains(#"qamqor_decisions_total{program="ata",status="eligible"} 1"#))
                #expect(text.contains(#"qamqor_request_duration_seconds_count{route="/v1/decisions",method="POST",status="200"} 1"#))
                #expect(text.contains("qamqor_audit_write_duration_seconds_count 1"))
                #expect(text.contains(#"qamqor_rules_version_info{version="\#(api.store.rules.version)"} 1"#))
                #expect(!text.contains("ALM-2025"), "no personal data in metrics")
            }
        }
    }

    static let routes: [(method: HTTPRequest.Method, uri: String, role: Role)] = [
        (.post, "/v1/decisions", .caseworker), (.post, "/v1/rankings?program=isker_ana", .committee),
        (.get, "/v1/rules", .policy), (.get, "/v1/decisions/nope", .auditor),
    ]

    @Test("with a token file each route needs its role: 401 without a token, 403 with another role, in the request's language")
    func roles() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        let household = try ServiceFixture.sample("almaty-student-family.json")
        try await ServiceFixture.app(api).test(.router) { client in
            for route in Self.routes {
                try await client.execute(uri: route.uri, method: route.method, headers: [.acceptLanguage: "kk"], body: household) { r in
                    #expect(r.status == .unauthorized, "\(route.uri)")
                    #expect(((ServiceFixture.json(r.body)["error"] as? [String: Any])?["message"] as? String)?.contains("токен") == true)
                }
                try await client.execute(uri: route.uri, method: route.method, headers: [.authorization: "Bearer wrong"], body: household) { r in
                    #expect(r.status == .unauthorized, "\(route.uri)")
                }
                for other in Role.allCases where other != route.role {
                    try await client.execute(uri: route.uri + (route.uri.contains("?") ? "&" : "?") + "lang=ru", method: route.method,
                                             headers: [.authorization: "Bearer \(other.rawValue)-token"], body: household) { r in
                        #expect(r.status == .forbidden, "\(route.uri) as \(other)")
                        let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                        #expect((error?["message"] as? String)?.hasPrefix("для этого действия нужна роль") == true)
                        #expect((error?["details"] as? [String])?.first == "\(other.rawValue) user: роли — \(other.rawValue)")
                    }
                }
                try await client.execute(uri: route.uri, method: route.method, headers: [.authorization: "Bearer \(route.role.rawValue)-token"], body: household) { r in
                    #expect(r.status != .unauthorized && r.status != .forbidden, "\(route.uri)")
                }
            }
            // The caller's name goes into the audit row; the auditor reads it back.
            let id: String = try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: [.authorization: "Bearer caseworker-token"], body: household) { r in
                ServiceFixture.json(r.body)["audit_id"] as? String ?? ""
            }
            try await client.execute(uri: "/v1/decisions/\(id)", method: .get, headers: [.authorization: "Bearer auditor-token"]) { r in
                #expect(r.status == .ok)
                #expect(ServiceFixture.json(r.body)["caller"] as? String == "caseworker user")
            }
        }
    }

    @Test("a token is found by its digest; the file refuses unknown roles, bad digests and a digest given twice")
    func tokenFile() throws {
        let t = ServiceFixture.tokens
        #expect(t.caller(token: "policy-token") == Caller(name: "policy user", roles: [.policy]))
        #expect(t.caller(token: "policy-token ") == nil)
        #expect(t.caller(token: "") == nil)
        let bad = [TokenTable.Entry(name: "a", roles: [.policy], sha256: "zz"),
                   TokenTable.Entry(name: "", roles: [.policy], sha256: TokenTable.digest("x"))]
        for e in bad { #expect(throws: TokenTable.Invalid.self) { try TokenTable(entries: [e]) } }
        #expect(throws: TokenTable.Invalid.self) {
            try TokenTable(entries: [TokenTable.Entry(name: "a", roles: [.policy], sha256: TokenTable.digest("x")),
                                     TokenTable.Entry(name: "b", roles: [.auditor], sha256: TokenTable.digest("x"))])
        }
        let (token, digest) = TokenTable.newToken()
        #expect(token.count >= 43 && digest == TokenTable.digest(token))
    }

    @Test("the envelope form picks programmes, date, language and level")
    func envelope() async throws {
        let api = try await ServiceFixture.api()
        let household = String(decoding: try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json")), as: UTF8.self)
        let body = #"{"household": \#(household), "programs": ["ata"], "as_of": "2025-08-29", "lang": "kk", "level": "full"}"#
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/decisions", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                #expect(json["language"] as? String == "kk" && json["level"] as? String == "full")
                let d = (json["decisions"] as? [[String: Any]])?.first
                #expect(d?["amount"] as? NSNumber == NSNumber(value: 107249.5))
                #expect((json["decisions"] as? [Any])?.count == 1)
            }
        }
    }

    @Test("a household file as YAML (application/yaml) is decided as the same household in JSON; a YAML mistake names its field and line")
    func yamlBody() async throws {
        let api = try await ServiceFixture.api()
        let yaml = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-widow-five-children.yaml"), encoding: .utf8)
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: [.contentType: "application/yaml; charset=utf-8"], body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok)
                let d = (ServiceFixture.json(r.body)["decisions"] as? [[String: Any]])?.first
                #expect(d?["status"] as? String == "eligible" && d?["amount"] as? NSNumber == NSNumber(value: 127295))
            }
            // A misspelt field: its path and its line in the posted text.
            let typo = yaml.replacingOccurrences(of: "birth_date:", with: "birth_dat:")
            try await client.execute(uri: "/v1/decisions", method: .post, headers: [.contentType: "text/yaml"], body: ByteBuffer(string: typo)) { r in
                #expect(r.status == .unprocessableContent)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["field"] as? String == "members[0].birth_dat")
                #expect((error?["line"] as? Int ?? 0) > 1)
            }
            // An alias bomb is refused before it expands.
            var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            for i in 1..<20 { bomb += "a\(i): &a\(i) [" + Array(repeating: i == 1 ? "*a" : "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
            try await client.execute(uri: "/v1/decisions", method: .post, headers: [.contentType: "application/x-yaml"], body: ByteBuffer(string: bomb)) { r in
                #expect(r.status == .unprocessableContent)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "yaml-unsafe")
            }
            // Bytes that are not UTF-8.
            try await client.execute(uri: "/v1/decisions", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(bytes: [0x61, 0x3a, 0x20, 0xff, 0xfe])) { r in
                #expect(r.status == .unprocessableContent)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "not-utf8")
            }
        }
    }

    @Test("a household file is read (YAML or JSON) and answered as the page's JSON, decided by no one; a mistake names field and line")
    func readHouseholdFile() async throws {
        let api = try await ServiceFixture.api()
        let yaml = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/astana-family.yaml"), encoding: .utf8)
        try await ServiceFixture.app(api).test(.router) { client in
            let fromYAML: [String: Any] = try await client.execute(uri: "/v1/households/read", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: yaml)) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)
            }
            let sample: [String: Any] = try await client.execute(uri: "/v1/samples/astana-family.yaml", method: .get) { r in ServiceFixture.json(r.body) }
            #expect(NSDictionary(dictionary: fromYAML) == NSDictionary(dictionary: sample))
            // The JSON it answered reads back the same.
            let json = try JSONSerialization.data(withJSONObject: fromYAML)
            try await client.execute(uri: "/v1/households/read", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(bytes: json)) { r in
                #expect(r.status == .ok)
                #expect(NSDictionary(dictionary: ServiceFixture.json(r.body)) == NSDictionary(dictionary: sample))
            }
            let wrong = yaml.replacingOccurrences(of: "sex: female", with: "sex: femal")
            try await client.execute(uri: "/v1/households/read?lang=kk", method: .post, headers: [.contentType: "application/yaml"], body: ByteBuffer(string: wrong)) { r in
                #expect(r.status == .unprocessableContent)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect((error?["field"] as? String)?.hasSuffix(".sex") == true)
                #expect((error?["line"] as? Int ?? 0) > 1)
                #expect((error?["message"] as? String)?.contains("деген мән жоқ") == true)
            }
            // A file that gives no fact at all is not a household to edit.
            for (empty, type) in [("{}", "application/json"), ("# nothing yet\n{}\n", "application/yaml")] {
                try await client.execute(uri: "/v1/households/read?lang=ru", method: .post, headers: [.contentType: type], body: ByteBuffer(string: empty)) { r in
                    #expect(r.status == .unprocessableContent)
                    let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "empty-household")
                    #expect((error?["message"] as? String)?.contains("нет домохозяйства") == true)
                }
            }
            // A language the service does not speak is refused before anything is read.
            try await client.execute(uri: "/v1/households/read?lang=AAA", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "{}")) { r in
                #expect(r.status == .badRequest)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["field"] as? String == "lang")
            }
        }
        #expect(try await api.audit.count() == 0)
    }

    @Test("a round with more applications than a request may rank is refused (413) in every format, before any is read")
    func roundTooLarge() async throws {
        let api = try await ServiceFixture.api { $0.maxRankingApplications = 59 }
        let jsonl = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl"), encoding: .utf8)
        let csv = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.csv"), encoding: .utf8)
        let json = "[" + jsonl.split(separator: "\n").joined(separator: ",") + "]"
        try await ServiceFixture.app(api).test(.router) { client in
            for (body, type) in [(jsonl, "application/x-ndjson"), (csv, "text/csv"), (json, "application/json")] {
                try await client.execute(uri: "/v1/rankings?program=isker_ana&lang=ru", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)) { r in
                    #expect(r.status == .contentTooLarge, "\(type)")
                    let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "round-too-large")
                    #expect(error?["message"] as? String == "в раунде больше 59 заявок; разделите его или ранжируйте командой `qamqor rank`")
                }
            }
        }
        // At the default limit the same round is ranked.
        let open = try await ServiceFixture.api()
        try await ServiceFixture.app(open).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=isker_ana", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json)) { r in
                #expect(r.status == .ok)
            }
        }
    }

    static let badRequests: [(String, String, Int, String?)] = [
        ("not json at all", "", 422, nil),
        (#"{"application": {"date": 5}}"#, "", 422, "application.date"),
        (#"{"members": [{"birth_date": 5}]}"#, "", 422, "members[0].birth_date"),
        (#"{"members": [{"relaton": "self"}]}"#, "", 422, "members[0].relaton"),
        ("", "", 400, nil),
        (#"{"application": {"date": "2025-06-01"}}"#, "?program=atx", 404, "programs"),
        (#"{"application": {"date": "2025-06-01"}}"#, "?lang=fr", 400, "lang"),
        (#"{"application": {"date": "2025-06-01"}}"#, "?as_of=2025-02-30", 400, "as_of"),
        (#"{"household": {"members": 3}}"#, "", 422, "household.members"),
    ]

    @Test("bad requests get a 4xx JSON error naming the field", arguments: badRequests)
    func badRequest(_ body: String, _ query: String, _ status: Int, _ field: String?) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/decisions\(query)", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(Int(r.status.code) == status)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["message"] as? String != nil)
                if let field { #expect(error?["field"] as? String == field) }
            }
        }
        #expect(try await api.audit.count() == 0)
    }

    static let refusals: [(String, String, HTTPFields, String)] = [
        (#"{"household": {"members": [{"sex": "femal"}]}, "lang": "ru"}"#, "", [:], "`household.members[0].sex`: значения `femal` нет среди значений «Пол»"),
        (#"{"members": [{"sex": "femal"}]}"#, "?lang=kk", [:], "`members[0].sex`: `femal` деген мән жоқ («Жынысы» мәндерінің арасында)"),
        (#"{"members": [{"sex": "femal"}]}"#, "", [.acceptLanguage: "ru-RU,ru;q=0.9,en;q=0.8"], "`members[0].sex`: значения `femal` нет среди значений «Пол»"),
        (#"{"members": [{"sex": "femal"}]}"#, "", [:], "`members[0].sex`: `femal` is not a sex"),
    ]

    @Test("a refused record is said in the request's language, with the same field", arguments: refusals)
    func refusedInLanguage(_ body: String, _ query: String, _ headers: HTTPFields, _ message: String) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/decisions\(query)", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .unprocessableContent)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["message"] as? String == message)
                #expect((error?["field"] as? String)?.hasSuffix("members[0].sex") == true)
            }
        }
    }

    /// (path and query, body, headers, status, message, details)
    static let otherRefusals: [(String, String, HTTPFields, Int, String, [String])] = [
        ("/v1/decisions?program=atx", #"{"application": {"date": "2025-06-01"}}"#, [:], 404, "unknown programme `atx`", ["did you mean `ata`?"]),
        ("/v1/decisions?program=atx&lang=ru", #"{"application": {"date": "2025-06-01"}}"#, [:], 404, "неизвестная программа `atx`", ["возможно, имелось в виду `ata`?"]),
        ("/v1/decisions", #"{"household": {"application": {"date": "2025-06-01"}}, "programs": ["atx"], "lang": "kk"}"#, [:], 404,
         "белгісіз бағдарлама `atx`", ["`ata` болуы мүмкін бе?"]),
        ("/v1/decisions?lang=fr", #"{"application": {"date": "2025-06-01"}}"#, [.acceptLanguage: "kk-KZ,ru;q=0.8"], 400,
         "`lang` мәні мыналардың бірі болуы керек: kk, ru, en; `fr` емес", []),
        ("/v1/decisions?as_of=2025-02-30&lang=ru", #"{"application": {"date": "2025-06-01"}}"#, [:], 400,
         "`as_of` должно быть датой (ГГГГ-ММ-ДД), а не `2025-02-30`", []),
        ("/v1/rankings?program=ata&lang=kk", "", [:], 422, "`ata` бағдарламасында scoring бөлімі жоқ; ол мыналарда бар: isker_ana, state_business_grant", []),
    ]

    @Test("other refusals are said in the request's language too", arguments: otherRefusals)
    func otherRefusalsInLanguage(_ uri: String, _ body: String, _ headers: HTTPFields, _ status: Int, _ message: String, _ details: [String]) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(Int(r.status.code) == status)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["message"] as? String == message)
                #expect((error?["details"] as? [String] ?? []) == details)
            }
        }
    }

    @Test("a body over the limit is refused with 413")
    func tooLarge() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            let big = ByteBuffer(repeating: UInt8(ascii: " "), count: 2 << 20)
            try await client.execute(uri: "/v1/decisions", method: .post, body: big) { r in
                #expect(r.status == .contentTooLarge)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "body-too-large")
            }
        }
    }

    @Test("a round is ranked; CSV can be downloaded; a programme without scoring is refused")
    func rankings() async throws {
        let api = try await ServiceFixture.api()
        let round = try ServiceFixture.sample("rounds/isker-ana-2025-with-errors.jsonl")
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=isker_ana", method: .post, body: round) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                #expect((json["applications"] as? [Any])?.count == 60)
                #expect((json["rejected"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [11, 21, 31])
            }
            try await client.execute(uri: "/v1/rankings?program=isker_ana&format=csv", method: .post, body: round) { r in
                #expect(r.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(String(buffer: r.body).hasPrefix("rank,id,applicant"))
            }
            try await client.execute(uri: "/v1/rankings?program=ata", method: .post, body: round) { r in #expect(r.status == .unprocessableContent) }
            try await client.execute(uri: "/v1/rankings", method: .post, body: round) { r in #expect(r.status == .badRequest) }
        }
    }

    /// (method, path, status, `Allow`): a served path with a method it does not take is a 405
    /// naming the ones it does; an unknown path is a 404. Never a 500.
    static let methodTable: [(HTTPRequest.Method, String, Int, String?)] = [
        (.delete, "/v1/decisions", 405, "POST"), (.get, "/v1/decisions", 405, "POST"), (.put, "/v1/decisions/abc", 405, "GET"),
        (.trace, "/healthz", 405, "GET"), (HTTPRequest.Method("QUERY")!, "/v1/programs", 405, "GET"), (.patch, "/v1/rankings", 405, "POST"),
        (.post, "/static/app.js", 405, "GET"), (.delete, "/", 405, "GET"),
        (.get, "/v1/nothing", 404, nil), (.get, "/v1/decisions/a/b", 404, nil), (.delete, "/etc/passwd", 404, nil),
    ]

    @Test("a method a path does not take is a 405 with Allow; an unknown path a 404", arguments: methodTable)
    func methods(_ method: HTTPRequest.Method, _ path: String, _ status: Int, _ allow: String?) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: path + "?lang=kk", method: method) { r in
                #expect(Int(r.status.code) == status)
                #expect(r.headers[.allow] == allow)
                let code = (ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String
                #expect(code == (status == 405 ? "method-not-allowed" : "not-found"))
            }
        }
    }

    /// (content type, round): rounds from which no application can be read.
    static let unreadableRounds: [(String, String, Int?, String?)] = [
        ("text/csv", "id,household\nA1,/etc/passwd\nA2,../rules/schema.yaml\n", 2,
         "line 2: the `household` cell must hold the household as JSON; file references are not read here"),
        ("text/csv", "[]", 1, "the CSV header needs `id` and `household` columns"),
        ("application/x-ndjson", "{}\n", 1, "line 1: the application has no `id`"),
        ("application/json", "[]", nil, nil),
        ("text/csv", "", nil, nil),
    ]

    @Test("a round from which no application can be read is refused (422) with its reasons by line", arguments: unreadableRounds)
    func unreadableRound(_ type: String, _ body: String, _ line: Int?, _ first: String?) async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=isker_ana", method: .post, headers: [.contentType: type], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .unprocessableContent)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "no-applications")
                #expect(error?["line"] as? Int == line)
                #expect((error?["details"] as? [String])?.first == first)
                #expect(!String(buffer: r.body).contains("root:"))
            }
        }
    }

    @Test("programmes, rules status, schema, samples, health and the pages are served")
    func reads() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/programs?lang=kk", method: .get) { r in
                #expect((ServiceFixture.json(r.body)["programs"] as? [Any])?.count == 20)
            }
            try await client.execute(uri: "/v1/rules", method: .get) { r in
                let json = ServiceFixture.json(r.body)
                #expect(json["status"] as? String == "ok")
                #expect((json["tests_passed"] as? Int ?? 0) >= 100)
                // The regions no figure covers are listed for the policy officer, with file and line.
                let gaps = (json["coverage"] as? [String: Any])?["gaps"] as? [[String: Any]] ?? []
                let aktobe = gaps.first { ($0["message"] as? String)?.contains("`aktobe_region`") == true }
                #expect((aktobe?["file"] as? String)?.hasSuffix("parameters/poverty_line.yaml") == true)
                #expect(aktobe?["line"] as? Int != nil)
            }
            try await client.execute(uri: "/v1/schema", method: .get) { r in #expect(ServiceFixture.json(r.body)["root"] as? String == "household") }
            try await client.execute(uri: "/v1/samples/almaty-widow-five-children.yaml", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).contains("\"month\":\"2025-01\""))
            }
            try await client.execute(uri: "/v1/samples/..%2Fetc%2Fpasswd", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
            for page in ["/", "/committee", "/policy", "/static/app.js", "/static/app.css", "/static/caseworker.js"] {
                try await client.execute(uri: page, method: .get) { r in #expect(r.status == .ok, "\(page)") }
            }
            try await client.execute(uri: "/static/../Package.swift", method: .get) { r in #expect(r.status != .ok) }
        }
    }
}
