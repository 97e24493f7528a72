import Foundation
import Hummingbird
import QamqorEngine

/// A draft's impact as a background job (the `policy` role): started, watched, cancelled and
/// read by any policy officer who has its link; the result in kk, ru or en, as JSON or CSV.
extension QamqorAPI {
    func jobID(_ context: QamqorContext) throws -> ImpactJobs.Job {
        let id = context.parameters.get("job") ?? ""
        guard id.count <= 64, let job = impactJobs.job(id) else {
            throw APIError(.notFound, "no-impact-job", Localized("impact-jobs.no-job", ["id": String(id.prefix(64)), "n": ImpactJobs.maxKept]), field: "job")
        }
        return job
    }

    /// `POST /v1/drafts/{id}/impact-jobs`: the draft against the rules in force on `households`
    /// generated with `seed` (at most ``ImpactJobs/maxGeneratedHouseholds``), or on the JSONL body
    /// (at most 1 GiB, written to a temporary file as it arrives). Answers 202 with the job.
    func startImpactJob(_ id: String, _ request: Request, caller: Caller?) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        let n = Int(query.get("households").map { String($0) } ?? "10000")
        let seed = UInt32(query.get("seed").map { String($0) } ?? "1").map(UInt64.init)
        guard let n, (1...ImpactJobs.maxGeneratedHouseholds).contains(n), let seed else {
            throw APIError(.badRequest, "bad-population", Localized("workbench.seed", ["maxGeneratedHouseholds": ImpactJobs.maxGeneratedHouseholds]), field: "households")
        }
        // Generated households may all apply on one date (a policy for next year on the
        // applications of next year); by default they apply over April–December 2025.
        let dated = try Self.day(query.get("application_date").map { String($0) }, field: "application_date")
        let draft = try await loadDraft(id)
        guard case .success(let proposed) = build(draft.files) else {
            return Response.json(checkJSON(draft.files, lang: lang, extra: Self.doesNotCheck(lang) + [("ran", .bool(false))]), status: .conflict)
        }
        let (file, bytes) = try await Self.spool(request.body, limit: ImpactJobs.maxUploadBytes)
        let population: ImpactJobs.Population
        if let file, bytes > 0 { population = .uploaded(file: file, bytes: bytes) } else {
            if let file { try? FileManager.default.removeItem(at: file) }
            population = .generated(households: n, seed: seed, applicationDate: dated)
        }
        let job: ImpactJobs.Job
        do {
            job = try impactJobs.start(draft: id, draftName: draft.name, owner: caller?.name, population: population,
                                       analysis: ImpactAnalysis(base: store.rules, proposed: proposed))
        } catch {
            if case .uploaded(let f, _) = population { try? FileManager.default.removeItem(at: f) }
            var e = APIError(.tooManyRequests, "impact-jobs-busy", Localized("impact-jobs.busy", ["n": ImpactJobs.maxWaiting]))
            e.headers[.retryAfter] = "10"
            throw e
        }
        var r = Response.json(jobJSON(job, lang: lang, withResult: false), status: .accepted)
        r.headers[.location] = "/v1/impact-jobs/\(job.id)"
        return r
    }

    /// Writes a request body to a temporary file as it arrives; nil when the body is empty.
    static func spool(_ body: RequestBody, limit: Int) async throws -> (URL?, Int) {
        var file: URL? = nil, handle: FileHandle? = nil, total = 0
        do {
            for try await chunk in body {
                guard chunk.readableBytes > 0 else { continue }
                total += chunk.readableBytes
                if total > limit { throw APIError(.contentTooLarge, "body-too-large", Localized("api.buffer", ["limit": limit])) }
                if handle == nil {
                    let f = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-impact-\(UUID().uuidString).jsonl")
                    guard FileManager.default.createFile(atPath: f.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                        throw APIError(.serviceUnavailable, "no-room", Localized("impact-jobs.cannot-keep-upload"))
                    }
                    file = f
                    handle = try FileHandle(forWritingTo: f)
                }
                try handle?.write(contentsOf: chunk.readableBytesView)
            }
            try handle?.close()
            return (file, total)
        } catch {
            try? handle?.close()
            if let file { try? FileManager.default.removeItem(at: file) }
            throw error
        }
    }

    /// `GET /v1/impact-jobs`: the jobs kept, newest first, without their results.
    func listImpactJobs(_ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        return Response.json(.object([("jobs", .array(impactJobs.all().map { jobJSON($0, lang: lang, withResult: false) }))]))
    }

    /// `GET /v1/impact-jobs/{job}`: its state and progress, and once done its report (`format=csv`:
    /// the report's tables for a spreadsheet).
    func showImpactJob(_ job: ImpactJobs.Job, _ request: Request) throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        switch query.get("format").map({ String($0) }) ?? "json" {
        case "json": return Response.json(jobJSON(job, lang: lang, withResult: true))
        case "csv":
            guard let report = job.now.report else {
                throw APIError(.conflict, "impact-job-not-done", Localized("impact-jobs.not-done", ["state": job.now.state.rawValue]), field: "job")
            }
            let text = renderer(job, lang).csv(report)
            return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8",
                                                   .contentDisposition: "attachment; filename=\"impact-\(job.draft)-\(lang.rawValue).csv\""],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        case let other: throw APIError(.badRequest, "bad-format", Localized("impact-jobs.format", ["other": String(other.prefix(40))]), field: "format")
        }
    }

    /// `DELETE /v1/impact-jobs/{job}`: stops the job if it waits or runs, and forgets it (its
    /// address answers 404 afterwards); answers the job as it was when stopped.
    func cancelImpactJob(_ job: ImpactJobs.Job, _ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        impactJobs.cancel(job)
        return Response.json(jobJSON(job, lang: lang, withResult: false))
    }

    private func renderer(_ job: ImpactJobs.Job, _ lang: Language) -> ImpactRenderer {
        ImpactRenderer(language: lang, analysis: job.analysis, baseName: job.analysis.base.version, proposedName: "draft \(job.draft)")
    }

    func jobJSON(_ job: ImpactJobs.Job, lang: Language, withResult: Bool) -> JSONValue {
        let s = job.now
        let iso: (Date?) -> JSONValue = { $0.map { .string($0.formatted(.iso8601)) } ?? .null }
        let population: JSONValue
        switch job.population {
        case .generated(let n, let seed, let date):
            population = .object([("kind", .string("generated")), ("households", .number(String(n))), ("seed", .number(String(seed))),
                                  ("application_date", date.map { .string($0.description) } ?? .null)])
        case .uploaded(_, let bytes):
            population = .object([("kind", .string("uploaded")), ("bytes", .number(String(bytes)))])
        }
        var fields: [(String, JSONValue)] = [
            ("id", .string(job.id)), ("draft", .string(job.draft)), ("draft_name", .string(job.draftName)),
            ("owner", job.owner.map { .string($0) } ?? .null), ("state", .string(s.state.rawValue)),
            ("state_text", .string(MessageCatalogue.say("impact-jobs.state.\(s.state.rawValue)", [:], in: lang))),
            ("created_at", iso(job.createdAt)), ("started_at", iso(s.startedAt)), ("finished_at", iso(s.finishedAt)),
            ("population", population),
            ("progress", .object([("households", .number(String(s.households))), ("fraction", .number(String(format: "%.4f", job.fraction)))])),
            ("base_version", .string(job.analysis.base.version)),
            ("links", .object([("self", .string("/v1/impact-jobs/\(job.id)")), ("csv", .string("/v1/impact-jobs/\(job.id)?format=csv&lang=\(lang.rawValue)")),
                               ("page", .string("/policy#draft=\(job.draft)&impact=\(job.id)"))])),
        ]
        if let e = s.error { fields.append(("error", .string(e[lang]))) }
        if withResult, let report = s.report { fields.append(("report", renderer(job, lang).json(report))) }
        return .object(fields)
    }
}
