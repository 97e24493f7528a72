import Foundation
import Hummingbird
import QamqorEngine

/// Decision notices: a printable page for an audited decision, made again from the audit log
/// under the rule version it was decided with, in the language asked for.
extension QamqorAPI {
    /// `GET /v1/decisions/{id}/notice?lang=kk[&program=ata]`: the notice as HTML (print it, or
    /// print it to PDF).
    func notice(_ id: String, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        guard id.count <= 64, let entry = try await audit.entry(id) else {
            throw APIError(.notFound, "not-found", Localized("notice-api.entry", ["prefix": id.prefix(64)]), field: "id")
        }
        let files = try await versionFiles(entry.rulesVersion)
        guard case .success(let rules) = build(files) else { throw Self.unreplayable(id) }
        let record = try Self.auditedRecord(entry, rules: rules)
        var programs = entry.programs == "*" ? nil : entry.programs.split(separator: ",").map(String.init)
        if let only = query.get("program").map({ String($0) }) {
            guard programs?.contains(only) ?? (rules.program(only) != nil) else {
                throw APIError(.notFound, "unknown-program", Self.unknownProgramme(only), field: "program")
            }
            programs = [only]
        }
        let explanations: [Explanation]
        do { explanations = try rules.explain(record, asOf: entry.asOf.flatMap { Day(iso: $0) }, programs: programs) } catch { throw Self.unreplayable(id) }
        var header = NoticeRenderer.Header(auditID: entry.id, decidedAt: String(entry.createdAt.prefix(10)), rulesVersion: entry.rulesVersion)
        // Who applied, from the household as read (posted as JSON or as a YAML file alike).
        if let household = try? JSONSerialization.jsonObject(with: Data(RecordJSON.encode(record).utf8())) as? [String: Any] {
            let application = household["application"] as? [String: Any]
            let applicant = application?["applicant"] as? String
            let member = (household["members"] as? [[String: Any]])?.first { $0["id"] as? String == applicant }
            header.applicant = member?["name"] as? String
            header.iin = (member?["iin"] as? String).map(IIN.mask)
            header.applicationID = application?["id"] as? String
            header.applicationDate = application?["date"] as? String
        }
        var bases: [String: Localized?] = [:]
        for p in rules.programs { bases[p.id] = p.spec.legalBasis }
        let html = NoticeRenderer(language: lang).html(explanations, bases: bases, header: header, issuer: configuration.issuer)
        return Response.text(html, contentType: "text/html; charset=utf-8")
    }
}
