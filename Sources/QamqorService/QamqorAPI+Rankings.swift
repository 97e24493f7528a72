import Foundation
import Hummingbird
import QamqorEngine

/// Rankings: a round of grant applications, ranked for the committee (JSON, CSV or a printable
/// page), or why one application ranks above another.
extension QamqorAPI {
    // MARK: Rankings

    /// The body is a round (JSONL, JSON or CSV); `program` names the grant programme; `format`
    /// is json (default) or csv; `lang` the language of labels.
    func rank(_ request: Request) async throws -> Response {
        let rules = store.rules
        let query = request.uri.queryParameters
        guard let program = query.get("program").map({ String($0) }) else {
            throw APIError(.badRequest, "missing-program", Localized("api.program"), field: "program")
        }
        guard let plan = rules.program(program) else { throw APIError(.notFound, "unknown-program", Self.unknownProgramme(program), field: "program") }
        guard let scoring = plan.scoring else {
            let grants = rules.programs.filter { $0.scoring != nil }.map(\.id).joined(separator: ", ")
            throw APIError(.unprocessableContent, "not-a-grant", Localized("api.grants", ["program": program, "grants": grants]), field: "program")
        }
        let lang = try Self.language(query.get("lang").map { String($0) })
        let bytes = try await body(request, limit: configuration.maxRankingBody)
        let format = RoundFormat.of(upload: bytes, contentType: request.headers[.contentType] ?? "", declaredJSON: query.get("input") == "json")
        let asOf = try Self.day(query.get("as_of").map { String($0) }, field: "as_of")
        // The print's filter, checked whatever the format (a wrong one is a mistake, not ignored).
        let statusText = query.get("status").map { String($0) } ?? ""
        let status = statusText.isEmpty ? nil : RankingStatus(rawValue: statusText)
        guard statusText.isEmpty || status != nil else {
            throw APIError(.badRequest, "bad-status", Localized("api.status", ["RankingStatus": RankingStatus.allCases.map(\.rawValue).joined(separator: ", ")]), field: "status")
        }
        let searchText = query.get("search").map { String($0) } ?? ""
        guard searchText.unicodeScalars.count <= 200 else {
            throw APIError(.badRequest, "bad-search", Localized("api.search-text"), field: "search")
        }
        let search = searchText.isEmpty ? nil : searchText.lowercased()
        let most = configuration.maxRankingApplications
        let input = RoundInput(bytes: bytes, format: format, name: format.fileName, reader: RoundReader(schema: rules.schema, scoring: scoring), limit: most)
        guard !input.exceeded else {
            let n = (try? ExactDecimal(integer: Int64(most))).map { ValueFormatter(language: lang).number($0) } ?? String(most)
            throw APIError(.contentTooLarge, "round-too-large", Localized("api.round-has-more-than", ["n": n]))
        }
        var ranking = try Ranker(rules: rules).rank(programID: program, input: input, asOf: asOf)
        // The round as the committee knows it: the uploaded file's own name.
        if let name = query.get("name").map({ String($0) }) {
            let shown = (name as NSString).lastPathComponent
            guard !shown.isEmpty, shown.unicodeScalars.count <= 120, !shown.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw APIError(.badRequest, "bad-round-name", Localized("api.shown"), field: "name")
            }
            ranking.roundName = shown
        }
        // A round from which no application could be read is refused, with the reasons by line,
        // rather than answered as an empty shortlist.
        guard !ranking.applications.isEmpty else {
            var e = APIError(.unprocessableContent, "no-applications", Localized("api.no-application-could-read"))
            e.line = ranking.rejected.first?.line
            e.details = ranking.rejected.prefix(20).map(\.said)
            e.language = lang
            throw e
        }
        let renderer = RankingRenderer(language: lang)
        let compare = query.getAll("compare").map { String($0) }
        if !compare.isEmpty {
            // Why the first application ranks above or below each of the others (as the CLI's --compare).
            switch RankingComparison.make(compare, in: ranking, renderer: renderer) {
            case .failure(.ids): throw APIError(.badRequest, "bad-compare", RankingComparison.Refusal.ids.said, field: "compare")
            case .failure(let refusal): throw APIError(.notFound, "no-application", refusal.said, field: "compare")
            case .success(let c):
                let pairs = c.others.map { JSONValue.object([("a", .string(c.first)), ("b", .string($0.id)), ("comparison", .string($0.text))]) }
                return Response.json(.object([("a", .string(c.first)), ("b", .string(c.others[0].id)), ("comparison", .string(c.others[0].text)),
                                              ("comparisons", .array(pairs))]))
            }
        }
        let headersText = query.get("csv_headers").map { String($0) } ?? "ids"
        guard let headers = RankingRenderer.CSVHeaders(rawValue: headersText) else {
            throw APIError(.badRequest, "bad-csv-headers", Localized("api.headers"), field: "csv_headers")
        }
        switch query.get("format").map({ String($0) }) ?? "json" {
        case "csv": return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
                                    body: .init(byteBuffer: ByteBuffer(bytes: renderer.csvBytes(ranking, headers: headers))))
        case "xlsx":
            guard let bytes = renderer.xlsx(ranking) else {
                throw APIError(.contentTooLarge, "round-too-large", Localized("api.xlsx-too-large"))
            }
            return Response(status: .ok, headers: [.contentType: RankingRenderer.xlsxContentType,
                                                   .contentDisposition: "attachment; filename=\"ranking-\(ranking.program.id).xlsx\""],
                             body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        case "html":
            // The committee's filter (`status`, `search` as on the page) prints only the rows shown.
            let keep: ((RankedApplication) -> Bool)? = status == nil && search == nil ? nil : { a in
                (status == nil || a.status == status) && (search.map { q in
                    [a.id, a.name ?? "", a.reason?[lang] ?? "", a.status.label[lang], a.regionLabel?[lang] ?? ""].contains { $0.lowercased().contains(q) } } ?? true)
            }
            // The time the page was made, as the committee reads it: Kazakhstan's clock, dd.mm.yyyy HH:MM.
            let now = Date().addingTimeInterval(5 * 3600)
            let day = ValueFormatter(language: lang).date(Day(ordinal: Int32(Int(now.timeIntervalSince1970) / 86_400)))
            let minutes = Int(now.timeIntervalSince1970) / 60
            let clock = String(format: "%02d:%02d", (minutes / 60) % 24, minutes % 60)
            return Response.text(renderer.html(ranking, generatedAt: "\(day) \(clock)", keep: keep), contentType: "text/html; charset=utf-8")
        case "json": return Response.json(renderer.json(ranking))
        case let other: throw APIError(.badRequest, "bad-format", Localized("api.format-json-csv-or", ["other": other]), field: "format")
        }
    }
}
