import Foundation
import Hummingbird
import QamqorEngine

extension QamqorAPI {
    /// The largest body "add a value" takes: a few fields of one form.
    static let maxValueFormBytes = 8 << 10

    /// `POST /v1/drafts/{id}/parameters/values`: the "add a value from a date" form. The body is
    /// `{"parameter", "key", "from", "value", "source", "reason"}`; the value is written into the
    /// draft's rule file that defines the parameter (``ParameterValueEdit``: one line in date order,
    /// the rest of the file unchanged), and the answer is the draft's check, as for a saved file,
    /// with the file and the line written. A value the form cannot take is 422 with the field it
    /// concerns; a draft that does not check is 409 (the form reads the draft's own parameters).
    func addParameterValue(_ id: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let bytes = try await body(request, limit: Self.maxValueFormBytes)
        // The form's fields as the API document states them: text of bounded length, `key` and
        // `reason` text or null, nothing else.
        let limits: [String: (required: Bool, min: Int, max: Int)] = [
            "parameter": (true, 1, 120), "key": (false, 0, 120), "from": (true, 0, 10), "value": (true, 0, 40), "source": (true, 1, 500), "reason": (false, 0, 500),
        ]
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any],
              object.keys.allSatisfy({ limits[$0] != nil }),
              limits.allSatisfy({ name, limit in
                  switch object[name] {
                  case nil: return !limit.required
                  case is NSNull: return !limit.required
                  case let s as String: return (limit.min...limit.max).contains(s.unicodeScalars.count)
                  default: return false
                  }
              }) else {
            throw APIError(.badRequest, "bad-body", Localized("parameter-edit.bad-body"))
        }
        func text(_ key: String) -> String? { object[key] as? String }
        let name = text("parameter") ?? ""
        let d = try await loadDraft(id)
        guard case .success(let rules) = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: Self.doesNotCheck(lang)), status: .conflict)
        }
        guard let table = rules.parameters.first(where: { $0.name == name }) else {
            throw APIError(.unprocessableContent, "unknown-parameter", Localized("parameter-edit.unknown-parameter", ["parameter": name]), field: "parameter")
        }
        guard let from = text("from").flatMap({ Day(iso: $0) }) else {
            throw APIError(.unprocessableContent, "invalid-value", Localized("parameter-edit.bad-date"), field: "from")
        }
        let value = text("value") ?? ""
        let edit = ParameterValueEdit(parameter: name, key: text("key"), from: from, value: value, source: text("source") ?? "",
                                      correction: text("reason"), today: ParameterCoverage.today())
        let prefix = store.displayName + "/"
        let relative = table.file.hasPrefix(prefix) ? String(table.file.dropFirst(prefix.count)) : table.file
        guard let index = d.files.firstIndex(where: { $0.path == relative }) else {
            throw APIError(.unprocessableContent, "unknown-parameter", Localized("parameter-edit.not-in-file", ["parameter": name]), field: "parameter")
        }
        switch edit.applied(to: d.files[index].text, table: table) {
        case .failure(let refusal):
            var e = APIError(.unprocessableContent, "invalid-value", refusal.said, field: refusal.field)
            e.language = lang
            throw e
        case .success(let written):
            var files = d.files
            files[index] = (files[index].path, written)
            guard files.reduce(0, { $0 + $1.text.utf8.count }) <= RulePath.maxDraftBytes else {
                throw APIError(.contentTooLarge, "draft-too-large", Localized("workbench.total", ["RulePath": RulePath.maxDraftBytes >> 20]))
            }
            try await workbench.updateDraft(id, files: files)
            let line = written.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("\(from): {value:") }.map { $0 + 1 }
            return Response.json(checkJSON(files, lang: lang, extra: [("saved", .string(relative)), ("line", line.map { .number(String($0)) } ?? .null)]))
        }
    }

    /// `GET /v1/parameters/{name}/decisions?from=YYYY-MM-DD[&key=]`: what a value of the
    /// parameter from `from` would reach of what was already decided — the audited decisions made
    /// for a day from `from` until the series' next value (all programmes and regions: an upper
    /// bound), and the older rows that keep no day. The form shows it before a correction of
    /// history is sent; an auditor's replay (`GET /v1/decisions/{id}/replay`) shows what each
    /// would be now.
    func decisionsReached(_ name: String, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        _ = try Self.language(query.get("lang").map { String($0) })
        guard let table = store.rules.parameters.first(where: { $0.name == name }) else {
            throw APIError(.notFound, "unknown-parameter", Localized("parameter-edit.unknown-parameter", ["parameter": String(name.prefix(120))]), field: "name")
        }
        guard let from = try Self.day(query.get("from").map { String($0) }, field: "from") else {
            throw APIError(.badRequest, "bad-date", Localized("parameter-edit.bad-date"), field: "from")
        }
        let key = query.get("key").map { String($0) }
        let until = table.entries.filter { $0.key == key && $0.start > from }.map(\.start).min()
        let (dated, undated) = try await audit.decisions(from: from, before: until)
        return Response.json(.object([("parameter", .string(name)), ("from", .string(from.description)), ("until", until.map { .string($0.description) } ?? .null),
                                      ("decisions", .number(String(dated))), ("undated", .number(String(undated)))]))
    }
}
