import Foundation
import Hummingbird
import QamqorEngine
import QamqorRequests

/// Deciding an audited request again under the version it was made under.
extension QamqorAPI {
    // MARK: Replay

    /// Decides an audited request again under the rule version it was made under, and says
    /// whether every programme's status, amount and form are the same.
    func replay(_ id: String) async throws -> Response {
        guard let entry = try await audit.entry(id) else {
            throw APIError(.notFound, "not-found", Localized("workbench.entry", ["id": id]), field: "id")
        }
        let files = try await versionFiles(entry.rulesVersion)
        guard case .success(let rules) = build(files) else {
            throw APIError(.conflict, "version-does-not-load", Localized("workbench.rules", ["rulesVersion": entry.rulesVersion]))
        }
        let record = try Self.auditedRecord(entry, rules: rules)
        let programs = entry.programs == "*" ? nil : entry.programs.split(separator: ",").map(String.init)
        let asOf = entry.asOf.flatMap { Day(iso: $0) }
        let replayed: JSONValue
        do { replayed = Self.outcome(try rules.explain(record, asOf: asOf, programs: programs)) } catch { throw Self.unreplayable(id) }
        let original = entry.outcome
        let again = replayed.rendered(pretty: false)
        return Response.text(#"{"id":\#(JSONValue.string(id).rendered()),"rules_version":"\#(rules.version)","same":\#(original == again),"original":\#(original),"replayed":\#(again)}"#,
                             contentType: "application/json; charset=utf-8")
    }

    /// The household of an audited request, read again with `rules`: the input as it was
    /// posted — JSON (a household or an envelope), or a YAML household file (kept verbatim in the
    /// audit log, and read again by the same reader).
    static func auditedRecord(_ entry: AuditLog.Entry, rules: RuleSet) throws -> RecordValue {
        let bytes = Array(entry.input.utf8)
        if bytes.first(where: { ![32, 9, 10, 13].contains($0) }) != UInt8(ascii: "{") {
            guard case .success(let r) = rules.recordReader.read(SourceFile(path: "audit", text: entry.input)) else { throw unreplayable(entry.id) }
            return r
        }
        if JSONRecordReader.topLevelKeys(bytes)?.contains("household") == true {
            guard case .success(let e) = DecisionEnvelope(schema: rules.schema).read(bytes) else { throw unreplayable(entry.id) }
            return e.household
        }
        if case .success(let r) = JSONRecordReader(schema: rules.schema).read(bytes, source: "audit") { return r }
        // A YAML household in flow style (`{application: …}`) starts like JSON.
        guard case .success(let r) = rules.recordReader.read(SourceFile(path: "audit", text: entry.input)) else { throw unreplayable(entry.id) }
        return r
    }

    static func unreplayable(_ id: String) -> APIError {
        APIError(.conflict, "not-replayable", Localized("workbench.unreplayable", ["id": id]))
    }

    /// What the audit log keeps of each decision: programme, status, amount, form, date.
    static func outcome(_ explanations: [Explanation]) -> JSONValue {
        .array(explanations.map { e in
            .object([("program", .string(e.decision.program)), ("status", .string(e.decision.status.rawValue)),
                     ("amount", e.decision.amount.map { .number($0.description) } ?? .null), ("form", e.decision.form.map { .string($0) } ?? .null),
                     ("as_of", .string(e.decision.asOf.description))])
        })
    }
}
