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
                  first.map { d in Localized(kk: d.message(in: .kk), ru: d.message(in: .ru), en: d.message(in: .en)) }
                      ?? Localized(kk: "жазба жарамсыз", ru: "запись недействительна", en: "the record is not valid"), field: field)
        line = first?.location?.line
        column = first?.location?.column
        details = items.map { d in
            func said(_ l: Language) -> String { d.message(in: l) + (d.help(in: l).map { " (\($0))" } ?? "") }
            return Localized(kk: said(.kk), ru: said(.ru), en: said(.en))
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
                  Localized(kk: error.message(in: .kk), ru: error.message(in: .ru), en: error.message(in: .en)), field: named)
    }

    /// No token, or one the service does not know (401).
    static func unauthorized(tokensRequired: Bool) -> APIError {
        APIError(.unauthorized, "unauthorized", Localized(
            kk: "бұл сұрауға токен керек: `Authorization: Bearer <токен>` жіберіңіз",
            ru: "для этого запроса нужен токен: отправьте `Authorization: Bearer <токен>`",
            en: "this request needs a token: send `Authorization: Bearer <token>`"))
    }

    /// A method the path does not serve (405), with the ones it does in `Allow`.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [HTTPRequest.Method]) -> APIError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        var e = APIError(.methodNotAllowed, "method-not-allowed", Localized(
            kk: "бұл мекенжай \(method.rawValue) әдісін қабылдамайды; қабылдайтыны: \(list)",
            ru: "этот адрес не принимает метод \(method.rawValue); принимает: \(list)",
            en: "this address does not take \(method.rawValue); it takes \(list)"))
        e.headers[.allow] = list
        return e
    }

    /// A caller without the role a route needs: 403 when the request sent a token, 401 when it
    /// sent none (a token with the role is what it lacks).
    static func roleRequired(_ role: Role, caller: Caller?, tokenSent: Bool) -> APIError {
        let r = role.label
        var e = tokenSent
            ? APIError(.forbidden, "forbidden", Localized(
                kk: "бұл әрекетке \(r.kk) рөлі керек", ru: "для этого действия нужна роль \(r.ru)", en: "this needs the \(r.en) role"))
            : APIError(.unauthorized, "unauthorized", Localized(
                kk: "бұл әрекетке \(r.kk) рөлі бар токен керек: `Authorization: Bearer <токен>` жіберіңіз",
                ru: "для этого действия нужен токен с ролью \(r.ru): отправьте `Authorization: Bearer <токен>`",
                en: "this needs a token with the \(r.en) role: send `Authorization: Bearer <token>`"))
        if tokenSent, let caller {
            let held = caller.roles.map(\.rawValue).sorted().joined(separator: ", ")
            e.details = [Localized(kk: "\(caller.name): рөлдері — \(held)", ru: "\(caller.name): роли — \(held)", en: "\(caller.name) holds: \(held)")]
        }
        if role == .auditor, caller == .workstation {
            e.details.append(Localized(kk: "аудит журналын оқу үшін сервисті --auth файлымен іске қосыңыз", ru: "чтобы читать журнал аудита, запустите сервис с файлом --auth",
                                       en: "to read the audit log, start the service with an --auth token file"))
        }
        return e
    }

    /// The audit log cannot take the decision's row: the decision is not answered (503).
    init(_ unavailable: AuditLog.Unavailable) {
        self.init(.serviceUnavailable, "audit-unavailable", Localized(
            kk: "шешім аудит журналына жазылмайды, сондықтан жауап берілмейді; кейінірек қайталаңыз",
            ru: "решение не удаётся записать в журнал аудита, поэтому ответа нет; повторите позже",
            en: "the decision cannot be written to the audit log, so it is not answered; try again later"))
        details = [Localized(uniform: unavailable.reason)]
    }

    /// The database behind the audit log and the workbench cannot be reached (503), for anything
    /// but a decision.
    init(storeUnavailable unavailable: AuditLog.Unavailable) {
        self.init(.serviceUnavailable, "database-unavailable", Localized(
            kk: "дерекқор қолжетімсіз; кейінірек қайталаңыз",
            ru: "база данных недоступна; повторите позже",
            en: "the database cannot be reached; try again later"))
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
