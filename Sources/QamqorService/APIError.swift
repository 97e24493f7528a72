import Hummingbird
import QamqorEngine

/// A request the service refuses, answered with a 4xx status and a JSON body naming what is wrong
/// (and the field, line and column where there is one). Input errors are never 500s.
struct APIError: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var field: String?
    var line: Int?
    var column: Int?
    var details: [String] = []

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status; self.code = code; self.message = message; self.field = field
    }

    /// From record diagnostics: the first one's field path and position, all of them as details,
    /// the messages in `language`.
    init(_ diagnostics: DiagnosticList, language: Language = .en) {
        let items = diagnostics.sorted
        let first = items.first
        var field: String?
        if let m = first?.message, m.hasPrefix("`"), let end = m.dropFirst().firstIndex(of: "`") { field = String(m[m.index(after: m.startIndex)..<end]) }
        self.init(.unprocessableContent, first?.code ?? "invalid-record", first?.message(in: language) ?? "the record is not valid", field: field)
        line = first?.location?.line
        column = first?.location?.column
        details = items.map { d in d.message(in: language) + (d.help(in: language).map { " (\($0))" } ?? "") }
    }

    var json: JSONValue {
        var kv: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let field { kv.append(("field", .string(field))) }
        if let line { kv.append(("line", .number(String(line)))) }
        if let column { kv.append(("column", .number(String(column)))) }
        if !details.isEmpty { kv.append(("details", .array(details.map { .string($0) }))) }
        return .object([("error", .object(kv))])
    }

    var response: Response { Response.json(json, status: status) }
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
