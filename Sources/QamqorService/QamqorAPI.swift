import Foundation
import Hummingbird
import QamqorEngine
import QamqorRequests

/// The HTTP API and web pages of the service, over one ``RuleSetStore`` and one ``AuditStore`` (SQLite or PostgreSQL).
/// Every handler takes the rule set in force when the request starts.
public struct QamqorAPI: Sendable {
    public let configuration: ServiceConfiguration
    public let store: RuleSetStore
    public let audit: any AuditStore
    /// Rule versions, their history, the schedule and drafts: in the audit database, SQLite or
    /// PostgreSQL (where every replica shares them).
    public let workbench: any WorkbenchStore
    /// With a PostgreSQL audit log: the rule version shared by every replica of the database.
    let sharing: RuleVersionSync?
    /// What `GET /metrics` reports.
    public let metrics = ServiceMetrics()
    /// The draft impacts running, waiting or kept (see ``ImpactJobs``).
    let impactJobs = ImpactJobs()
    /// The decision envelope's reader, made once per rule set.
    let envelopes = DecisionEnvelopes()

    /// Records the rules in force as a version in the workbench (so decisions made under them
    /// can be replayed).
    public init(configuration: ServiceConfiguration, store: RuleSetStore, database: ServiceDatabase) async throws {
        self.configuration = configuration; self.store = store; self.audit = database.audit
        sharing = (audit as? any SharedRuleVersions).map { RuleVersionSync(shared: $0, store: store) }
        workbench = database.workbench
        let rules = store.rules
        try await workbench.recordPublication(rules.version, files: rules.fileTexts, kind: .start, by: "service", note: "", base: nil)
        await activateDueSchedule()
        metrics.rulesVersion(store.rules.version)
    }

    /// Watches the rules directory (hot reload) until cancelled; each version swapped in is
    /// recorded like a publication, and `report` hears of every swap and rejection.
    /// A version scheduled for a date that has come is brought into force at the first poll of
    /// that day.
    public func watchRules(report: @escaping @Sendable (RuleSetStore.ReloadOutcome, RuleSetStore.Snapshot) -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.reloadInterval)
            if await activateDueSchedule() != nil { metrics.reloaded("scheduled"); report(.swapped, store.current) }
            let outcome = store.reloadIfChanged(stablePolls: 3)
            if outcome == .swapped {
                try? await workbench.recordPublication(store.rules.version, files: store.rules.fileTexts, kind: .reload, by: "rules directory", note: "", base: nil)
                metrics.reloaded("swapped")
            } else if outcome == .rejected {
                metrics.reloaded("rejected")
            }
            if let sharing {
                switch await sharing.poll() {
                case .pulled(let v):
                    try? await workbench.recordPublication(v, files: store.rules.fileTexts, kind: .shared, by: "another replica", note: "", base: nil)
                    metrics.reloaded("shared")
                    report(.swapped, store.current)
                case .rejected: metrics.reloaded("shared-rejected")
                case .pushed, .unchanged: break
                }
            }
            metrics.rulesVersion(store.rules.version)
            if outcome == .swapped || outcome == .rejected { report(outcome, store.current) }
        }
    }

    /// `/healthz` and `/healthz/ready`: 200 when the audit log can take a row, else 503 with why.
    func readiness() async throws -> Response {
        if let problem = await audit.problem() {
            var r = Response.json(.object([("status", .string("unavailable")), ("alive", .bool(true)), ("ready", .bool(false)),
                                           ("reason", .string(problem)), ("rules_version", .string(store.rules.version))]))
            r.status = .serviceUnavailable
            return r
        }
        return Response.json(.object([("status", .string("ok")), ("alive", .bool(true)), ("ready", .bool(true)), ("rules_version", .string(store.rules.version))]))
    }


    /// `GET /metrics`: Prometheus' text, with the audit chain's head as this process last wrote it.
    func metricsResponse() -> Response {
        var text = metrics.text()
        // Kept outside the database, the head lets `qamqor audit verify --head` find rows cut
        // off the end of the log.
        if let head = audit.lastHead {
            text += Array("# HELP qamqor_audit_chain_head_info The hash of the last decision this process appended to the audit chain (qamqor audit verify --head)\n# TYPE qamqor_audit_chain_head_info gauge\nqamqor_audit_chain_head_info{head=\"\(head)\"} 1\n".utf8)
        }
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: text)))
    }

    // MARK: Options

    /// The language to say a refused record in: the `lang` option, else the `lang` of a request
    /// envelope that could not be read as a whole, else the first of kk, ru, en the client's
    /// `Accept-Language` names, else English.
    /// A household as posted: a household file as YAML when the content type says so (read by the
    /// `qamqor eval` reader, aliases bounded), else JSON; refused with its field path and line.
    func postedHousehold(_ bytes: [UInt8], _ request: Request, rules: RuleSet, language langText: String?) throws -> RecordValue {
        guard !bytes.isEmpty else { throw APIError(.badRequest, "empty-body", Localized("api.posted-household")) }
        let read: Result<RecordValue, DiagnosticList>
        if Self.isYAML(request.headers[.contentType]) {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw APIError(.unprocessableContent, "not-utf8", Localized("api.request-body-not-utf")) }
            read = rules.recordReader.read(SourceFile(path: "request body", text: text))
        } else {
            read = JSONRecordReader(schema: rules.schema).read(bytes, source: "request body")
        }
        switch read {
        case .failure(let d): throw APIError(d, language: Self.errorLanguage(langText, request, body: nil))
        case .success(let r): return r
        }
    }

    /// `POST /v1/households/read`: a household file (YAML or JSON) read and checked against the
    /// schema, answered as the JSON the caseworker page edits (as `GET /v1/samples/{name}` does);
    /// nothing is decided or audited.
    func readHousehold(_ request: Request) async throws -> Response {
        let rules = store.rules
        let langText = request.uri.queryParameters.get("lang").map { String($0) }
        _ = try Self.language(langText)
        let bytes = try await body(request, limit: configuration.maxDecisionBody)
        let record = try postedHousehold(bytes, request, rules: rules, language: langText)
        let form = RecordJSON.encode(record)
        // Refused only when the file names no field at all (`{}`, comments): a file whose fields
        // are all null is a household of missing facts, answered as such.
        if case .object(let fields) = form, fields.isEmpty,
           !(Self.isYAML(request.headers[.contentType])
                ? rules.recordReader.namesAnyField(SourceFile(path: "request body", text: String(decoding: bytes, as: UTF8.self)))
                : !(JSONRecordReader.topLevelKeys(bytes) ?? []).isEmpty) {
            var refusal = APIError(.unprocessableContent, "empty-household", Localized("api.refusal"))
            refusal.language = Self.errorLanguage(langText, request, body: nil)
            throw refusal
        }
        return Response.json(form)
    }

    /// Whether a content type names YAML (`application/yaml`, `application/x-yaml`, `text/yaml`,
    /// with or without parameters).
    static func isYAML(_ contentType: String?) -> Bool {
        guard let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
        return ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"].contains(type)
    }

    static func errorLanguage(_ option: String?, _ request: Request, body: [UInt8]?) -> Language {
        if let l = option.flatMap(Language.init) { return l }
        if let body, let l = JSONRecordReader.topLevelText(body, key: "lang").flatMap(Language.init) { return l }
        for tag in (request.headers[.acceptLanguage] ?? "").split(separator: ",") {
            let code = tag.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).prefix(2).lowercased() } ?? ""
            if let l = Language(rawValue: code) { return l }
        }
        return .en
    }

    /// "unknown programme `p`" in the three languages.
    static func unknownProgramme(_ p: String) -> Localized {
        Localized("api.unknown-programme", ["p": p])
    }

    static func language(_ text: String?) throws -> Language {
        guard let text else { return .en }
        guard let l = Language(rawValue: text) else { throw APIError(.badRequest, "bad-language", Localized("api.bad-language", ["text": text, "list": Language.allCases.map(\.rawValue).joined(separator: ", ")]), field: "lang") }
        return l
    }

    static func level(_ text: String?) throws -> ExplanationLevel {
        guard let text else { return .decisive }
        guard let l = ExplanationLevel(rawValue: text) else { throw APIError(.badRequest, "bad-level", Localized("api.level-must-decisive-or", ["text": text]), field: "level") }
        return l
    }

    static func day(_ text: String?, field: String) throws -> Day? {
        guard let text else { return nil }
        guard let d = Day(iso: text) else { throw APIError(.badRequest, "bad-date", Localized("api.must-date-yyyy-mm", ["field": field, "text": text]), field: field) }
        return d
    }

    func body(_ request: Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw APIError(.contentTooLarge, "body-too-large", Localized("api.buffer", ["limit": limit]))
        }
    }

    // MARK: Decisions

    /// The request body is the household itself (query options `program`, `as_of`, `lang`,
    /// `level`), or `{"household": {...}, "programs": [...], "as_of": ..., "lang": ..., "level": ...}`.
    func decide(_ request: Request, caller: Caller?) async throws -> Response {
        let rules = store.rules
        let bytes = try await body(request, limit: configuration.maxDecisionBody)
        let query = request.uri.queryParameters
        var programs = query.getAll("program").map { String($0) }
        var asOfText = query.get("as_of").map { String($0) }
        var langText = query.get("lang").map { String($0) }
        var levelText = query.get("level").map { String($0) }
        // The query is checked even where the envelope's own values override it: a wrong value is
        // a mistake to say, not one to ignore.
        _ = try Self.language(langText)
        _ = try Self.level(levelText)
        _ = try Self.day(asOfText, field: "as_of")
        try Self.checkProgrammes(programs, rules: rules, language: Self.errorLanguage(langText, request, body: nil))
        let record: RecordValue
        var envelopeProgrammes = false
        // An envelope is recognised by its keys, in any order: a household has no `household` field.
        if !Self.isYAML(request.headers[.contentType]), JSONRecordReader.topLevelKeys(bytes)?.contains("household") == true {
            switch envelopes.envelope(for: rules).read(bytes) {
            case .failure(let d): throw APIError(d, language: Self.errorLanguage(langText, request, body: bytes))
            case .success(let e):
                record = e.household
                asOfText = e.asOf ?? asOfText
                langText = e.lang ?? langText
                // The envelope's own list replaces the query's (checked below, once).
                if !e.programs.isEmpty { programs = e.programs; envelopeProgrammes = true }
                levelText = e.level ?? levelText
            }
        } else {
            record = try postedHousehold(bytes, request, rules: rules, language: langText)
        }
        let lang = try Self.language(langText)
        let level = try Self.level(levelText)
        let asOf = try Self.day(asOfText, field: "as_of")
        // Each programme once, in the order first named: a list cannot make the answer larger
        // than every programme decided once.
        var named: Set<String> = []
        programs = programs.filter { named.insert($0).inserted }
        if envelopeProgrammes { try Self.checkProgrammes(programs, rules: rules, language: lang) }
        let explanations: [Explanation]
        do throws(DecisionError) {
            explanations = try rules.explain(record, asOf: asOf, programs: programs.isEmpty ? nil : programs, level: level)
        } catch {
            var e = APIError(error, field: "application.date")
            e.language = lang
            throw e
        }
        let id = UUID().uuidString.lowercased()
        // Written once, straight into bytes: the answer and the audit row are the same text, the
        // document `qamqor eval --format json` prints (with the audit id).
        var body = JSONBytes()
        DecisionDocument(rulesVersion: rules.version, language: lang, level: level, asOf: asOf, explanations: explanations)
            .write(auditID: id, to: &body)
        let responseText = body.withBytes { String(decoding: $0, as: UTF8.self) }
        let outcome = Self.outcome(explanations)
        for e in explanations { metrics.decided(program: e.decision.program, status: e.decision.status.rawValue) }
        // Committed before the answer is sent.
        let writeStart = ContinuousClock.now
        defer { metrics.auditWrite(took: ContinuousClock.now - writeStart) }
        try await audit.record(AuditLog.Entry(
            // The day it was decided for: the date asked for, else the application's (so that the
            // decisions a corrected parameter value reached can be counted by their dates).
            id: id, createdAt: Date().formatted(.iso8601), caller: caller?.name ?? "", rulesVersion: rules.version, asOf: (asOf ?? Self.applicationDate(record))?.description,
            programs: programs.isEmpty ? "*" : programs.joined(separator: ","), input: String(decoding: bytes, as: UTF8.self),
            outcome: outcome.rendered(pretty: false), explanation: responseText))
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body.withBytes { ByteBuffer(bytes: $0) }))
    }

    /// Refuses (404 `unknown-program`, with the closest id) the first of `programs` the rules do
    /// not have.
    static func checkProgrammes(_ programs: [String], rules: RuleSet, language: Language?) throws {
        for p in programs where rules.program(p) == nil {
            var e = APIError(.notFound, "unknown-program", Self.unknownProgramme(p), field: "programs")
            e.details = Suggestion.closest(to: p, among: rules.programs.map(\.id)).map { [RecordMessage.didYouMean($0)] } ?? []
            e.language = language
            throw e
        }
    }

    /// The household's application date, when it has one.
    static func applicationDate(_ record: RecordValue) -> Day? {
        if case .record(let a)? = record["application"], case .date(let d)? = a["date"] { return d }
        return nil
    }

    func auditedDecision(_ request: Request, id: String) async throws -> Response {
        guard let e = try await audit.entry(id) else { throw APIError(.notFound, "not-found", Localized("api.no-audited-decision", ["id": id]), field: "id") }
        return Response.text(#"{"id":\#(JSONValue.string(e.id).rendered()),"created_at":"\#(e.createdAt)","caller":\#(JSONValue.string(e.caller).rendered()),"rules_version":"\#(e.rulesVersion)","programs":\#(JSONValue.string(e.programs).rendered()),"outcome":\#(e.outcome),"response":\#(e.explanation),"input":\#(JSONValue.string(e.input).rendered())}"#,
                             contentType: "application/json; charset=utf-8")
    }

    // MARK: Programmes, rules, schema, samples

    func programs(_ request: Request) throws -> Response {
        let rules = store.rules
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        return Response.json(ProgramCatalogue(rules: rules).json(in: lang))
    }

    /// The rules in force, their coverage gaps and the last rejected change, with diagnostics in
    /// `language` (`?lang=kk|ru|en`, English by default).
    func rulesStatus(in language: Language) -> Response {
        let s = store.current
        var kv: [(String, JSONValue)] = [
            ("version", .string(s.rules.version)), ("loaded_at", .string(s.loadedAt.formatted(.iso8601))),
            ("directory", .string(store.displayName)), ("files", .array(s.rules.files.map { .string($0) })),
            ("programs", .number(String(s.rules.programs.count))), ("tests_passed", .number(String(s.testsPassed))),
            ("status", .string(s.rejected == nil ? "ok" : "last-change-rejected")),
        ]
        // Regions and quarters the rules in force have no figure for (as `qamqor check` says).
        let today = ParameterCoverage.today()
        kv.append(("coverage", .object([
            ("as_of", .string(today.description)),
            ("gaps", .array(ParameterCoverage.gaps(in: s.rules.parameters, today: today).items.map { Self.diagnosticJSON($0, in: language) })),
        ])))
        if let r = s.rejected {
            kv.append(("rejected_change", .object([
                ("at", .string(r.at.formatted(.iso8601))),
                ("diagnostics", .array(r.diagnostics.map { Self.diagnosticJSON($0, in: language) })),
                ("failed_tests", .array(r.failedTests.map { .string($0) })),
            ])))
        }
        return Response.json(.object(kv))
    }

    /// One rule-file diagnostic as JSON: where, its code and title, the message and help, and the
    /// full rendering with the quoted line and caret.
    static func diagnosticJSON(_ diagnostic: Diagnostic, in language: Language) -> JSONValue {
        let d = diagnostic.in(language), loc = d.location
        let fields: [(String, JSONValue)] = [
            ("file", .string(d.file)), ("line", loc.map { .number(String($0.line)) } ?? .null),
            ("column", loc.map { .number(String($0.column)) } ?? .null), ("severity", .string(d.severity.rawValue)),
            ("code", .string(d.code.rawValue)), ("title", .string(d.code.title[language])), ("message", .string(d.message)),
            ("help", d.help.map { .string($0) } ?? .null), ("text", .string(d.description)),
        ]
        return .object(fields)
    }

    func schema(_ request: Request) -> Response {
        let s = store.rules.schema
        func labels(_ l: Localized) -> JSONValue { .object(Language.allCases.map { ($0.rawValue, .string(l[$0])) }) }
        func type(_ t: ValueType) -> JSONValue {
            switch t {
            case .list(let inner): return .object([("list", type(inner))])
            case .enumeration(let e): return .object([("enum", .string(e.name))])
            case .record(let r): return .object([("record", .string(r.name))])
            default: return .string(t.description)
            }
        }
        return Response.json(.object([
            ("root", .string(s.root.name)),
            ("enums", .object(s.enums.sorted { $0.key < $1.key }.map { name, e in
                (name, .object([("label", labels(e.label)), ("values", .array(e.cases.enumerated().map { i, c in
                    .object([("value", .string(c)), ("label", labels(e.labels[i]))]) }))]))
            })),
            ("records", .object(s.records.sorted { $0.key < $1.key }.map { name, r in
                (name, .object([("label", labels(r.label)), ("fields", .array(r.fields.map { f in
                    .object([("name", .string(f.name)), ("label", labels(f.label)), ("type", type(f.type)),
                             ("month", .bool(f.isMonth)), ("has_default", .bool(f.defaultValue != nil))] + (f.askedFromAge.map { [("asked_from_age", JSONValue.number(String($0)))] } ?? []))
                }))]))
            })),
        ]))
    }

    func sampleFiles() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: configuration.samplesDirectory)) ?? []
        return items.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }.sorted()
    }

    /// The sample files, and what each holds in the language asked for: its line in
    /// `descriptions/<lang>.yaml` of the samples directory, else its fallback's, else the English one, else the
    /// file's first comment line.
    func samples(_ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let files = sampleFiles()
        func catalogue(_ l: Language) -> [String: String] {
            (try? String(contentsOfFile: configuration.samplesDirectory + "/descriptions/\(l.rawValue).yaml", encoding: .utf8)).flatMap(TextCatalogue.read) ?? [:]
        }
        // A language without its own descriptions file reads its fallback's, then English.
        let asked = catalogue(lang), fallback = lang.fallback == lang ? asked : catalogue(lang.fallback)
        let english = lang == .en ? asked : catalogue(.en)
        let descriptions: [(String, JSONValue)] = files.map { name in
            if let said = asked[name] ?? fallback[name] ?? english[name] { return (name, .string(String(said.prefix(400)))) }
            let path = configuration.samplesDirectory + "/" + name
            let first = (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
            let said = first.hasPrefix("#") ? first.dropFirst().trimmingCharacters(in: .whitespaces) : ""
            return (name, said.isEmpty ? .null : .string(String(said.prefix(300))))
        }
        return Response.json(.object([("samples", .array(files.map { .string($0) })), ("language", .string(lang.rawValue)), ("descriptions", .object(descriptions))]))
    }

    /// The sample rounds of grant applications (`rounds/` of the samples directory: CSV and JSONL).
    func sampleRounds() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: configuration.samplesDirectory + "/rounds")) ?? []
        return items.filter { $0.hasSuffix(".csv") || $0.hasSuffix(".jsonl") }.sorted()
    }

    /// One sample round as its file holds it (only a listed name is read: no path reaches the disk).
    func sampleRound(_ name: String) throws -> Response {
        guard sampleRounds().contains(name),
              let data = FileManager.default.contents(atPath: configuration.samplesDirectory + "/rounds/" + name), data.count <= Self.maxRoundSampleBytes else {
            throw APIError(.notFound, "not-found", Localized("api.sample", ["name": name]), field: "name")
        }
        return Response(status: .ok, headers: [.contentType: name.hasSuffix(".csv") ? "text/csv; charset=utf-8" : "application/x-ndjson"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// The largest sample round served (a deployment's samples directory is its own; still bounded).
    static let maxRoundSampleBytes = 32 << 20

    func sample(_ name: String) throws -> Response {
        guard sampleFiles().contains(name) else { throw APIError(.notFound, "not-found", Localized("api.sample", ["name": name]), field: "name") }
        let path = configuration.samplesDirectory + "/" + name
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw APIError(.notFound, "not-found", Localized("api.cannot-read-sample", ["name": name])) }
        switch store.rules.recordReader.read(SourceFile(path: path, text: text)) {
        case .failure(let d): throw APIError(d)
        case .success(let r): return Response.json(RecordJSON.encode(r))
        }
    }
}

/// Turns thrown ``APIError``s (and any other error) into JSON responses; an input error is a
/// 4xx, never a 500.
struct ErrorJSONMiddleware: RouterMiddleware {
    typealias Context = QamqorContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Said in the request's language: its `lang` option when valid, else `Accept-Language`.
        let language = QamqorAPI.errorLanguage(request.uri.queryParameters.get("lang").map { String($0) }, request, body: nil)
        do {
            return try await next(request, context)
        } catch let e as APIError {
            return e.response(in: language)
        } catch let e as DecisionError {
            return APIError(e).response(in: language)
        } catch let e as AuditLog.Unavailable {
            let deciding = request.method == .post && request.uri.path == "/v1/decisions"
            return (deciding ? APIError(e) : APIError(storeUnavailable: e)).response(in: language)
        } catch let e as RoleRequired {
            return APIError.roleRequired(e.role, caller: e.caller, tokenSent: request.headers[.authorization] != nil).response(in: language)
        } catch let e as HTTPError where e.status == .notFound && e.body == nil {
            // No route: a served path with another method is a 405, any other path a 404.
            if let allowed = ServiceRoutes.methods(of: request.uri.path), !allowed.contains(request.method) {
                return APIError.methodNotAllowed(request.method, allowed: allowed).response(in: language)
            }
            return APIError(.notFound, "not-found", Localized("api.allowed")).response(in: language)
        } catch let e as HTTPError where e.status == .unauthorized {
            _ = e
            return APIError.unauthorized(tokensRequired: true).response(in: language)
        } catch let e as HTTPError {
            return APIError(e.status, "http-\(e.status.code)", untranslated: e.body ?? e.status.reasonPhrase).response(in: language)
        } catch {
            return APIError(.internalServerError, "internal", untranslated: "\(error)").response(in: language)
        }
    }
}
