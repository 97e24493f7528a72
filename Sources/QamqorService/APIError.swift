import Hummingbird
import QamqorEngine

/// A request the service refuses, answered with a 4xx status and a JSON body naming what is wrong
/// (and the field, line and column where there is one). Input errors are never 500s.
struct APIError: Error {
    let status: HTTPResponse.Status
    let code: String
    /// What is wrong, in Kazakh, Russian and English.
    let said: Localized
    var field: String?
    var line: Int?
    var column: Int?
    var details: [Localized] = []
    /// Headers the answer must carry (`Allow` on a 405, `WWW-Authenticate` on a 401).
    var headers: HTTPFields = [:]
    /// The language to answer in when the handler knew the request's (a refused record);
    /// otherwise the middleware takes it from the request.
    var language: Language?

    init(_ status: HTTPResponse.Status, _ code: String, _ said: Localized, field: String? = nil) {
        self.status = status; self.code = code; self.said = said; self.field = field
    }

    /// From record diagnostics: the first one's field path and position, all of them as details,
    /// the messages in `language`.
    init(_ diagnostics: DiagnosticList, language: Language? = nil) {
        let items = diagnostics.sorted
        let first = items.first
        var field: String?
        if let m = first?.message, m.hasPrefix("`"), let end = m.dropFirst().firstIndex(of: "`") { field = String(m[m.index(after: m.startIndex)..<end]) }
        self.init(.unprocessableContent, first?.code.rawValue ?? "invalid-record",
                  first.map { d in Localized(each: d.message(in:)) }
                      ?? Localized("api.record-not-valid"), field: field)
        line = first?.location?.line
        column = first?.location?.column
        details = items.map { d in
            func said(_ l: Language) -> String { d.message(in: l) + (d.help(in: l).map { " (\($0))" } ?? "") }
            return Localized(each: said)
        }
        self.language = language
    }

    /// A request that cannot be decided (no application date, an unknown programme), in the three
    /// languages where the error has them.
    init(_ error: DecisionError, field: String? = nil) {
        // A message that starts with a field path (`members[2].birth_date`: …) names its field.
        let m = error.message
        var named = field
        if m.hasPrefix("`"), let end = m.dropFirst().firstIndex(of: "`") { named = String(m[m.index(after: m.startIndex)..<end]) }
        self.init(.unprocessableContent, error.householdProblem?.rawValue ?? "undecidable",
                  Localized(each: error.message(in:)), field: named)
    }

    /// No token, or one the service does not know (401).
    static func unauthorized(tokensRequired: Bool) -> APIError {
        APIError(.unauthorized, "unauthorized", Localized("api.unauthorized"))
    }

    /// A method the path does not serve (405), with the ones it does in `Allow`.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var e = APIError(.methodNotAllowed, "method-not-allowed", Localized("api.address-does-not-take", ["method": method.rawValue, "list": list]))
        e.headers[.allow] = list
        return e
    }

    /// A caller without the role a route needs: 403 when the request sent a token, 401 when it
    /// sent none (a token with the role is what it lacks).
    static func roleRequired(_ role: Role, caller: Caller?, tokenSent: Bool) -> APIError {
        let r = role.label
        var e = tokenSent
            ? APIError(.forbidden, "forbidden", Localized("api.needs-role", ["r": r]))
            : APIError(.unauthorized, "unauthorized", Localized("api.needs-token-with-role", ["r": r]))
        if tokenSent, let caller {
            let held = caller.roles.map(\.rawValue).sorted().joined(separator: ", ")
            e.details = [Localized("api.held", ["name": caller.name, "held": held])]
        }
        if role == .auditor, caller == .workstation {
            e.details.append(Localized("api.read-audit-log-start"))
        }
        return e
    }

    /// The audit log cannot take the decision's row: the decision is not answered (503).
    init(_ unavailable: AuditLog.Unavailable) {
        self.init(.serviceUnavailable, "audit-unavailable", Localized("api.decision-cannot-written-audit"))
        details = [Localized(uniform: unavailable.reason)]
    }

    /// The database behind the audit log and the workbench cannot be reached (503), for anything
    /// but a decision.
    init(storeUnavailable unavailable: AuditLog.Unavailable) {
        self.init(.serviceUnavailable, "database-unavailable", Localized("api.database-cannot-reached-try"))
        details = [Localized(uniform: unavailable.reason)]
    }

    /// The message of an error that exists in one language only (a framework's, an unexpected one).
    init(_ status: HTTPResponse.Status, _ code: String, untranslated message: String) {
        self.init(status, code, Localized(uniform: message))
    }

    /// The error as the JSON body of an answer in `language` (or in the language the handler chose).
    func json(in language: Language) -> JSONValue {
        let l = self.language ?? language
        var kv: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(said[l]))]
        if let field { kv.append(("field", .string(field))) }
        if let line { kv.append(("line", .number(String(line)))) }
        if let column { kv.append(("column", .number(String(column)))) }
        if !details.isEmpty { kv.append(("details", .array(details.map { .string($0[l]) }))) }
        return .object([("error", .object(kv))])
    }

    func response(in language: Language) -> Response {
        var r = Response.json(json(in: language), status: status)
        r.headers.append(contentsOf: headers)
        if status == .unauthorized, r.headers[.wwwAuthenticate] == nil { r.headers[.wwwAuthenticate] = "Bearer" }
        return r
    }
}

extension Response {
    /// A JSON response with exact numbers.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: value.rendered(pretty: false))))
    }

    static func text(_ s: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: s)))
    }
}
