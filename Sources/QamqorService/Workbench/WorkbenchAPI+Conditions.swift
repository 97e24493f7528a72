import Foundation
import Hummingbird
import QamqorEngine

/// A draft's programmes as conditions an officer reads and edits in place (the `policy` role):
/// each programme's tree of conditions — labels and reasons in kk, ru and en, the test as written,
/// its numbers, the parameters and definitions it reads by their labels — and one change at a time
/// written into the programme's file (``ConditionEdit``), answered with the draft's check.
extension QamqorAPI {
    /// The largest body a condition edit takes: three texts.
    static let maxConditionEditBytes = 8 << 10

    /// `GET /v1/drafts/{id}/programs`: every programme of the draft as its outline.
    func draftPrograms(_ id: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let d = try await loadDraft(id)
        // Names the tests read, by label: from the draft's rules when they build, else the rules in force.
        let rules = (try? build(d.files).get()) ?? store.rules
        var labels: [String: (kind: String, label: Localized)] = [:]
        for p in rules.parameters { labels[p.name] = ("parameter", p.label) }
        for def in rules.definitions where labels[def.name] == nil { labels[def.name] = ("definition", def.label) }
        func localized(_ l: Localized?) -> JSONValue {
            l.map { .object([("kk", .string($0.kk)), ("ru", .string($0.ru)), ("en", .string($0.en))]) } ?? .null
        }
        func node(_ c: ProgramOutline.Condition) -> JSONValue {
            .object([
                ("id", c.id.map { .string($0) } ?? .null), ("kind", .string(c.kind.rawValue)), ("line", .number(String(c.line))),
                ("label", localized(c.label)), ("reason", localized(c.reason)), ("when", c.when.map { .string($0) } ?? .null),
                ("off", c.off.map { .string($0) } ?? .null),
                ("numbers", .array(c.numbers.map { .string($0.text) })),
                ("reads", .array(c.reads.compactMap { name in
                    labels[name].map { .object([("name", .string(name)), ("kind", .string($0.kind)), ("label", .string($0.label[lang]))]) }
                })),
                ("children", .array(c.children.map(node))),
            ])
        }
        let programs: [JSONValue] = d.files.filter { $0.path.hasPrefix("programs/") }.sorted { $0.path < $1.path }.compactMap { f in
            guard let o = ProgramOutline.read(f.text) else { return nil }
            return .object([("program", .string(o.program)), ("title", .string(o.title[lang])), ("file", .string(f.path)),
                            ("conditions", .array(o.conditions.map(node))),
                            ("criteria", .array(o.criteria.map { c in
                                .object([("id", .string(c.id)), ("label", localized(c.label)), ("weight", c.weight.map { .string($0) } ?? .null),
                                         ("cap", c.cap.map { .string($0) } ?? .null), ("line", .number(String(c.line)))])
                            })),
                            ("figures", .array(o.figures.map { g in
                                .object([("name", .string(g.name)), ("label", localized(g.label)), ("expr", .string(g.expr)), ("line", .number(String(g.line))),
                                         ("numbers", .array(g.numbers.map { .object([("text", .string($0.text)), ("start", .number(String($0.range.lowerBound))),
                                                                                     ("end", .number(String($0.range.upperBound)))]) }))])
                            }))])
        }
        return Response.json(.object([("draft", .string(id)), ("programs", .array(programs))]))
    }

    /// `POST /v1/drafts/{id}/programs/{program}/conditions/{condition}`: one change, the body
    /// `{"label": {"kk", "ru", "en"}}`, `{"reason": {…}}`, `{"number": {"index", "value"}}`, or
    /// `{"off": "why"}` to switch it off (`{"off": null}` switches it on again).
    /// A change the rules cannot take is 422 with the field; the answer is the draft's check.
    func editCondition(_ id: String, program: String, condition: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let bytes = try await body(request, limit: Self.maxConditionEditBytes)
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any], object.count == 1,
              let (key, value) = object.first else {
            throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body"))
        }
        func texts(_ v: Any) -> Localized? {
            guard let m = v as? [String: Any], m.count == 3, let kk = m["kk"] as? String, let ru = m["ru"] as? String, let en = m["en"] as? String,
                  [kk, ru, en].allSatisfy({ $0.unicodeScalars.count <= 600 }) else { return nil }
            return Localized(kk: kk, ru: ru, en: en)
        }
        let change: ConditionEdit.Change
        switch key {
        case "label": guard let l = texts(value) else { throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body")) }; change = .label(l)
        case "reason": guard let l = texts(value) else { throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body")) }; change = .reason(l)
        case "number":
            guard let m = value as? [String: Any], m.count == 2, let index = m["index"] as? Int, (0...1000).contains(index),
                  let v = m["value"] as? String, v.unicodeScalars.count <= 40 else { throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body")) }
            change = .number(index: index, value: v)
        case "weight", "cap":
            guard let v = value as? String, v.unicodeScalars.count <= 40 else { throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body")) }
            change = .criterion(key: key, value: v)
        case "off":
            if value is NSNull { change = .off(nil) }
            else if let note = value as? String, note.unicodeScalars.count <= 600 { change = .off(note) }
            else { throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body")) }
        default: throw APIError(.badRequest, "bad-body", Localized("condition-edit.bad-body"))
        }
        let d = try await loadDraft(id)
        guard program.count <= 100, let index = d.files.firstIndex(where: { $0.path.hasPrefix("programs/") && ProgramOutline.read($0.text)?.program == program }) else {
            throw APIError(.notFound, "no-program", Localized("condition-edit.no-program", ["program": String(program.prefix(100))]), field: "program")
        }
        switch ConditionEdit(condition: condition, change: change).applied(to: d.files[index].text) {
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
            return Response.json(checkJSON(files, lang: lang, extra: [("saved", .string(files[index].path))]))
        }
    }
}
