import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams
@testable import QamqorService

/// The one route table against what it promises: every operation is in docs/openapi.yaml under
/// its id with its role as `security` and `x-role`, the document lists nothing the service does
/// not serve, and the router serves exactly the table (a method a path does not take is 405 with
/// the table's `Allow`).
@Suite("The route table")
struct RouteTableTests {
    /// One operation as the document states it.
    struct Documented: Equatable, CustomStringConvertible {
        let method: String, path: String, operationID: String?, secured: Bool?, role: String?
        var description: String { "\(method) \(path) (\(operationID ?? "no id"), security \(secured.map(String.init) ?? "unstated"), role \(role ?? "none"))" }
    }

    /// The operations of an API document's text.
    static func operations(_ yaml: String) throws -> [Documented] {
        guard let doc = try Yams.load(yaml: yaml) as? [String: Any], let paths = doc["paths"] as? [String: Any] else { return [] }
        var out: [Documented] = []
        for (path, item) in paths {
            guard let ops = item as? [String: Any] else { continue }
            for (method, op) in ops where ["get", "post", "put", "delete", "patch"].contains(method) {
                let o = op as? [String: Any] ?? [:]
                let security = o["security"] as? [Any]
                out.append(Documented(method: method.uppercased(), path: path, operationID: o["operationId"] as? String,
                                      secured: security.map { !$0.isEmpty }, role: o["x-role"] as? String))
            }
        }
        return out
    }

    /// What the table says each documented operation must look like.
    static func expected(_ r: Route) -> Documented {
        let role: String? = if case .role(let role) = r.access { role.rawValue } else { nil }
        return Documented(method: r.method.rawValue, path: r.documentPath, operationID: r.operationID, secured: role != nil, role: role)
    }

    /// Where the table and a document disagree, one line each.
    static func disagreements(_ yaml: String) throws -> [String] {
        let documented = try operations(yaml)
        var problems: [String] = []
        for r in ServiceRoutes.all where r.operationID != nil {
            let want = expected(r)
            guard let got = documented.first(where: { $0.method == want.method && $0.path == want.path }) else {
                problems.append("not in the document: \(want)"); continue
            }
            if got != want { problems.append("documented as \(got), served as \(want)") }
        }
        for d in documented where !ServiceRoutes.all.contains(where: { $0.operationID != nil && $0.method.rawValue == d.method && $0.documentPath == d.path }) {
            problems.append("documented but not served: \(d)")
        }
        return problems
    }

    static var document: String { get throws { try String(contentsOf: APIDocumentTests.document, encoding: .utf8) } }

    @Test("docs/openapi.yaml has every operation of the table, with its id and its role as security")
    func documentMatchesTable() throws {
        #expect(try Self.disagreements(Self.document) == [])
        let ids = ServiceRoutes.all.compactMap(\.operationID)
        #expect(Set(ids).count == ids.count, "operation ids are unique")
        #expect(ServiceRoutes.all.contains { $0.path == "/v1/whoami" && $0.operationID == "whoami" })
    }

    @Test("an operation left out of the document, or documented with another role, is caught")
    func mutationsAreCaught() throws {
        let text = try Self.document
        // The document without POST /v1/rankings' operation id line: an operation the table serves.
        let dropped = text.replacingOccurrences(of: "      operationId: rankApplications\n", with: "")
        #expect(try Self.disagreements(dropped).contains { $0.contains("POST /v1/rankings") })
        // The audit log's read said to need the caseworker's role.
        let wrongRole = text.replacingOccurrences(of: "      operationId: getAuditedDecision\n      security: [{bearer: []}]\n      x-role: auditor",
                                                  with: "      operationId: getAuditedDecision\n      security: [{bearer: []}]\n      x-role: caseworker")
        #expect(wrongRole != text)
        #expect(try Self.disagreements(wrongRole).contains { $0.contains("GET /v1/decisions/{id}") && $0.contains("role auditor") })
        // A guarded operation said to be open.
        let open = text.replacingOccurrences(of: "      operationId: decide\n      security: [{bearer: []}]", with: "      operationId: decide\n      security: []")
        #expect(try Self.disagreements(open).contains { $0.contains("POST /v1/decisions") })
    }

    @Test("the router answers each path with the table's methods: another method is 405 with Allow")
    func allowFromTable() async throws {
        let api = try await ServiceFixture.api()
        try await ServiceFixture.app(api).test(.router) { client in
            for (path, method, allow) in [("/v1/drafts/d1/file", HTTPRequest.Method.patch, "GET, PUT, DELETE"), ("/v1/rules/versions", .post, "GET"),
                                          ("/v1/decisions", .get, "POST"), ("/v1/impact-jobs/j1", .post, "GET, DELETE"), ("/policy", .delete, "GET")] {
                try await client.execute(uri: path, method: method) { r in
                    #expect(r.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(r.headers[.allow] == allow, "\(method) \(path)")
                }
            }
            try await client.execute(uri: "/v1/nothing-here", method: .get) { r in #expect(r.status == .notFound) }
        }
        // Every route of the table is registered: each answers something other than "no route".
        #expect(ServiceRoutes.methods(of: "/v1/drafts/d1/programs/ata/conditions/income") == [.post])
        #expect(ServiceRoutes.methods(of: "/v1/decisions/abc/notice") == [.get])
    }
}
