import Foundation
import Hummingbird
import QamqorEngine

/// The policy officer's workbench over HTTP (the `policy` role; replay the `auditor` role):
/// drafts of the rules edited file by file, checked and tested as they change, compared with
/// the rules in force and with a population, published, and every version kept for history,
/// rollback and replay. The files are the same YAML `qamqor check`, `test` and `impact` read.
extension QamqorAPI {
    func addWorkbenchRoutes(to router: Router<QamqorContext>) {
        let policy = router.group().add(middleware: RequireRole(role: .policy))
        policy.get("/v1/workbench") { request, _ in try overview(request) }
        policy.post("/v1/drafts") { request, context in try await createDraft(request, caller: context.identity) }
        policy.get("/v1/drafts/:id") { request, context in try showDraft(try draftID(context), request) }
        policy.delete("/v1/drafts/:id") { _, context in try deleteDraft(try draftID(context)) }
        policy.get("/v1/drafts/:id/file") { request, context in try draftFile(try draftID(context), request) }
        policy.put("/v1/drafts/:id/file") { request, context in try await saveDraftFile(try draftID(context), request) }
        policy.delete("/v1/drafts/:id/file") { request, context in try deleteDraftFile(try draftID(context), request) }
        policy.post("/v1/drafts/:id/check") { request, context in try await checkDraft(try draftID(context), request) }
        policy.post("/v1/drafts/:id/tests") { request, context in try testDraft(try draftID(context), request) }
        policy.post("/v1/drafts/:id/tests/accept") { request, context in try acceptTestResults(try draftID(context), request) }
        policy.post("/v1/drafts/:id/tests/keep") { request, context in try await keepAsTest(try draftID(context), request) }
        policy.post("/v1/drafts/:id/impact") { request, context in try await impactOfDraft(try draftID(context), request) }
        policy.get("/v1/drafts/:id/diff") { _, context in try diffDraft(try draftID(context)) }
        policy.post("/v1/drafts/:id/rebase") { request, context in try rebaseDraft(try draftID(context), request) }
        policy.post("/v1/drafts/:id/publish") { request, context in try publishDraft(try draftID(context), request, caller: context.identity) }
        policy.get("/v1/rules/versions") { _, _ in try versionList() }
        policy.delete("/v1/rules/scheduled") { _, _ in try cancelSchedule() }
        policy.get("/v1/parameters") { request, _ in try parameters(request) }
        policy.get("/v1/rules/versions/:version/diff") { request, context in try diffVersions(context.parameters.get("version") ?? "", request) }
        policy.post("/v1/rules/versions/:version/republish") { request, context in
            try republish(context.parameters.get("version") ?? "", request, caller: context.identity)
        }
        router.group().add(middleware: RequireRole(role: .auditor))
            .get("/v1/decisions/:id/replay") { _, context in try await replay(context.parameters.get("id") ?? "") }
    }

    /// The workbench's paths, for 405 answers.
    static let workbenchPaths: [(path: String, methods: [HTTPRequest.Method])] = [
        ("/v1/workbench", [.get]), ("/v1/drafts", [.post]), ("/v1/drafts/:id", [.get, .delete]),
        ("/v1/drafts/:id/file", [.get, .put, .delete]), ("/v1/drafts/:id/check", [.post]), ("/v1/drafts/:id/tests", [.post]), ("/v1/drafts/:id/tests/accept", [.post]), ("/v1/drafts/:id/tests/keep", [.post]),
        ("/v1/drafts/:id/impact", [.post]), ("/v1/drafts/:id/diff", [.get]), ("/v1/drafts/:id/rebase", [.post]),
        ("/v1/drafts/:id/publish", [.post]), ("/v1/rules/versions", [.get]), ("/v1/rules/scheduled", [.delete]), ("/v1/parameters", [.get]), ("/v1/rules/versions/:version/diff", [.get]),
        ("/v1/rules/versions/:version/republish", [.post]), ("/v1/decisions/:id/replay", [.get]),
    ]

    // MARK: Overview

    func overview(_ request: Request) throws -> Response {
        let live = store.current
        let drafts = try workbench.drafts()
        return Response.json(.object([
            ("live_version", .string(live.rules.version)), ("loaded_at", .string(live.loadedAt.formatted(.iso8601))),
            ("drafts", .array(drafts.map { d in
                .object([("id", .string(d.id)), ("name", .string(d.name)), ("author", .string(d.author)),
                         ("base_version", .string(d.baseVersion)), ("updated_at", .string(d.updatedAt)),
                         ("base_is_live", .bool(d.baseVersion == live.rules.version))])
            })),
            ("publications", try publicationsJSON()),
            ("scheduled", try scheduleJSON()),
        ]))
    }

    func scheduleJSON() throws -> JSONValue {
        guard let s = try workbench.latestSchedule() else { return .null }
        return .object([("version", .string(s.version)), ("effective_from", .string(s.effectiveFrom.description)),
                         ("base_version", .string(s.baseVersion)), ("published_by", .string(s.publishedBy)), ("note", .string(s.note)),
                         ("created_at", .string(s.createdAt)), ("state", .string(s.state)), ("outcome", .string(s.outcome))])
    }

    func cancelSchedule() throws -> Response {
        guard let s = try workbench.latestSchedule(), s.state == "pending" else {
            throw APIError(.notFound, "nothing-scheduled", Localized(kk: "жоспарланған жариялау жоқ", ru: "запланированной публикации нет", en: "nothing is scheduled"))
        }
        try workbench.closeSchedule(s.id, state: "cancelled", outcome: "cancelled by a policy officer")
        return Response.json(.object([("cancelled", .string(s.version))]))
    }

    /// Brings a scheduled version into force once its date has come (Kazakhstan's calendar date,
    /// as the coverage report uses): published as a draft would be — if the rules in force are
    /// still the version it was checked against, and it still checks and passes its tests;
    /// otherwise the schedule is cancelled with the reason. Returns the version brought in.
    @discardableResult
    public func activateDueSchedule(today: Day = ParameterCoverage.today()) -> String? {
        guard let s = try? workbench.latestSchedule(), s.state == "pending", s.effectiveFrom <= today else { return nil }
        guard let files = try? workbench.files(ofVersion: s.version) else {
            try? workbench.closeSchedule(s.id, state: "cancelled", outcome: "the files of version \(s.version) are missing")
            return nil
        }
        switch store.publish(files.map { ($0.path, $0.text) }, base: s.baseVersion) {
        case .published(let snapshot):
            try? workbench.recordPublication(snapshot.rules.version, files: snapshot.rules.fileTexts, kind: .publish, by: s.publishedBy,
                                             note: "in force from \(s.effectiveFrom)" + (s.note.isEmpty ? "" : ": \(s.note)"), base: s.baseVersion)
            try? workbench.closeSchedule(s.id, state: "done", outcome: "in force since \(Date().formatted(.iso8601))")
            return snapshot.rules.version
        case .baseMoved(let current):
            try? workbench.closeSchedule(s.id, state: "cancelled", outcome: "the rules in force changed to \(current) before \(s.effectiveFrom)")
        case .rejected:
            try? workbench.closeSchedule(s.id, state: "cancelled", outcome: "it no longer checks or passes its tests")
        case .unwritable:
            break // Tried again at the next poll.
        }
        return nil
    }

    func publicationsJSON() throws -> JSONValue {
        .array(try workbench.publications().map { p in
            .object([("at", .string(p.at)), ("version", .string(p.version)), ("kind", .string(p.kind.rawValue)),
                     ("published_by", .string(p.publishedBy)), ("note", .string(p.note)), ("base_version", p.baseVersion.map { .string($0) } ?? .null)])
        })
    }

    func versionList() throws -> Response {
        Response.json(.object([("live_version", .string(store.rules.version)), ("publications", try publicationsJSON())]))
    }

    /// Every parameter of the rules in force with every dated value, per key (region) where it
    /// has one, and each value's publication: a legislation explorer.
    func parameters(_ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        func number(_ v: Value) -> JSONValue {
            switch v {
            case .int(let i): .number(String(i))
            case .decimal(let d): .number(d.description)
            case .bool(let b): .bool(b)
            default: .null
            }
        }
        let rules = store.rules
        return Response.json(.object([("version", .string(rules.version)), ("parameters", .array(rules.parameters.map { p in
            let entries = p.entries
            let keys: [JSONValue] = p.key.map { k in
                k.cases.enumerated().map { i, c in
                    .object([("key", .string(c)), ("label", .string(k.labels[i][lang])),
                             ("values", .array(entries.filter { $0.key == c }.map { e in
                                 .object([("from", .string(e.start.description)), ("value", number(e.value)), ("source", e.source.map { .string($0) } ?? .null)])
                             }))])
                }
            } ?? []
            return .object([
                ("name", .string(p.name)), ("label", .string(p.label[lang])), ("type", .string(p.type.said[lang])),
                ("source", .string(p.source)), ("by", p.key.map { .string($0.name) } ?? .null),
                ("stale_after_months", p.staleAfterMonths.map { .number(String($0)) } ?? .null),
                ("file", .string(p.file)), ("line", p.location.map { .number(String($0.line)) } ?? .null),
                ("values", p.key == nil ? .array(entries.map { e in
                    .object([("from", .string(e.start.description)), ("value", number(e.value)), ("source", e.source.map { .string($0) } ?? .null)])
                }) : .null),
                ("keys", p.key == nil ? .null : .array(keys)),
            ])
        }))]))
    }

    // MARK: Drafts

    func draftID(_ context: QamqorContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { throw Self.noDraft(id) }
        return id
    }

    static func noDraft(_ id: String) -> APIError {
        APIError(.notFound, "no-draft", Localized(kk: "`\(id.prefix(64))` жобасы жоқ", ru: "черновика `\(id.prefix(64))` нет", en: "no draft `\(id.prefix(64))`"), field: "id")
    }

    func loadDraft(_ id: String) throws -> WorkbenchStore.Draft {
        guard let d = try workbench.draft(id) else { throw Self.noDraft(id) }
        return d
    }

    func createDraft(_ request: Request, caller: Caller?) async throws -> Response {
        _ = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        guard let given = request.uri.queryParameters.get("name").map({ String($0) }), given.count <= 120,
              !given.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError(.badRequest, "bad-draft-name", Localized(
                kk: "жобаның атауын беріңіз (`?name=…`, 120 таңбаға дейін, басқару таңбаларынсыз)",
                ru: "дайте черновику имя (`?name=…`, до 120 символов, без управляющих символов)",
                en: "give the draft a name (`?name=…`, up to 120 characters, no control characters)"), field: "name")
        }
        let trimmed = given.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = trimmed.isEmpty ? "draft" : trimmed
        let live = store.rules
        guard let id = try workbench.createDraft(name: name, author: caller?.name ?? "local", base: live.version, files: live.fileTexts) else {
            throw APIError(.conflict, "too-many-drafts", Localized(
                kk: "жобалар тым көп (\(WorkbenchStore.maxDrafts)); ескілерін жойыңыз", ru: "слишком много черновиков (\(WorkbenchStore.maxDrafts)); удалите старые",
                en: "too many drafts (\(WorkbenchStore.maxDrafts)); delete old ones"))
        }
        return try showDraft(id, request, status: .created)
    }

    func showDraft(_ id: String, _ request: Request, status: HTTPResponse.Status = .ok) throws -> Response {
        let d = try loadDraft(id)
        let base = try workbench.files(ofVersion: d.baseVersion) ?? []
        let baseTexts = Dictionary(base.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        return Response.json(.object([
            ("id", .string(d.id)), ("name", .string(d.name)), ("author", .string(d.author)), ("base_version", .string(d.baseVersion)),
            ("base_is_live", .bool(d.baseVersion == store.rules.version)), ("created_at", .string(d.createdAt)), ("updated_at", .string(d.updatedAt)),
            ("files", .array(d.files.map { f in
                .object([("path", .string(f.path)), ("bytes", .number(String(f.text.utf8.count))),
                         ("changed", .bool(baseTexts[f.path] != f.text))])
            })),
            ("removed", .array(base.filter { b in !d.files.contains { $0.path == b.path } }.map { .string($0.path) })),
        ]), status: status)
    }

    func deleteDraft(_ id: String) throws -> Response {
        guard try workbench.deleteDraft(id) else { throw Self.noDraft(id) }
        return Response.json(.object([("deleted", .string(id))]))
    }

    func filePath(_ request: Request) throws -> RulePath {
        guard let p = request.uri.queryParameters.get("path") else {
            throw APIError(.badRequest, "missing-path", Localized(kk: "файлдың жолын беріңіз: `?path=programs/ata.yaml`",
                                                                  ru: "укажите путь файла: `?path=programs/ata.yaml`",
                                                                  en: "give the file's path: `?path=programs/ata.yaml`"), field: "path")
        }
        return try RulePath(String(p))
    }

    func draftFile(_ id: String, _ request: Request) throws -> Response {
        let path = try filePath(request)
        let d = try loadDraft(id)
        guard let f = d.files.first(where: { $0.path == path.value }) else {
            throw APIError(.notFound, "no-file", Localized(kk: "жобада `\(path)` файлы жоқ", ru: "в черновике нет файла `\(path)`", en: "the draft has no file `\(path)`"), field: "path")
        }
        return Response.text(f.text, contentType: "text/plain; charset=utf-8")
    }

    /// The text of a rule file sent in a request body: UTF-8, at most ``RulePath/maxFileBytes``.
    func fileText(_ request: Request, allowEmpty: Bool = false) async throws -> String {
        let bytes = try await body(request, limit: RulePath.maxFileBytes)
        guard !bytes.isEmpty || allowEmpty else {
            throw APIError(.badRequest, "empty-body", Localized(kk: "файлдың мәтінін жіберіңіз", ru: "отправьте текст файла", en: "send the file's text"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.badRequest, "not-utf8", Localized(kk: "файл UTF-8 мәтіні емес", ru: "файл не в кодировке UTF-8", en: "the file is not UTF-8 text"))
        }
        return text
    }

    func saveDraftFile(_ id: String, _ request: Request) async throws -> Response {
        let path = try filePath(request)
        let text = try await fileText(request)
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let d = try loadDraft(id)
        var files = d.files.filter { $0.path != path.value }
        guard files.count < RulePath.maxFiles else {
            throw APIError(.unprocessableContent, "too-many-files", Localized(kk: "жобада файлдар тым көп (\(RulePath.maxFiles))",
                                                                             ru: "в черновике слишком много файлов (\(RulePath.maxFiles))",
                                                                             en: "the draft has too many files (\(RulePath.maxFiles))"))
        }
        files.append((path.value, text))
        try workbench.updateDraft(id, files: files)
        return Response.json(checkJSON(files, lang: lang, extra: [("saved", .string(path.value))]))
    }

    func deleteDraftFile(_ id: String, _ request: Request) throws -> Response {
        let path = try filePath(request)
        let d = try loadDraft(id)
        let files = d.files.filter { $0.path != path.value }
        guard files.count < d.files.count else {
            throw APIError(.notFound, "no-file", Localized(kk: "жобада `\(path)` файлы жоқ", ru: "в черновике нет файла `\(path)`", en: "the draft has no file `\(path)`"), field: "path")
        }
        try workbench.updateDraft(id, files: files)
        return Response.json(.object([("deleted", .string(path.value))]))
    }

    /// The draft as a rule set, or its diagnostics.
    func build(_ files: [(path: String, text: String)]) -> Result<RuleSet, DiagnosticList> {
        RuleSet.load(from: MemoryRuleSource(files.map { ($0.path, $0.text) }, displayRoot: store.displayName))
    }

    /// `{ok, errors, warnings, diagnostics}`: the draft's diagnostics (and the coverage of its
    /// parameters) in `lang`.
    func checkJSON(_ files: [(path: String, text: String)], lang: Language, extra: [(String, JSONValue)] = []) -> JSONValue {
        var diagnostics: [Diagnostic]
        switch build(files) {
        case .failure(let d): diagnostics = d.sorted
        case .success(let rules): diagnostics = ParameterCoverage.gaps(in: rules.parameters, today: ParameterCoverage.today()).sorted
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        diagnostics = Array(diagnostics.prefix(200))
        return .object(extra + [
            ("ok", .bool(errors == 0)), ("errors", .number(String(errors))),
            ("warnings", .number(String(diagnostics.count - min(errors, diagnostics.count)))),
            ("diagnostics", .array(diagnostics.map { Self.diagnosticJSON($0, in: lang) })),
        ])
    }

    /// Checks the draft; with `?path=` and a body, as if that file held the body (nothing saved):
    /// what the editor asks as the officer types.
    func checkDraft(_ id: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        var files = try loadDraft(id).files
        if request.uri.queryParameters.get("path") != nil {
            let path = try filePath(request)
            let text = try await fileText(request, allowEmpty: true)
            files = files.filter { $0.path != path.value } + [(path.value, text)]
        }
        return Response.json(checkJSON(files, lang: lang))
    }

    func testDraft(_ id: String, _ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let files = try loadDraft(id).files
        switch build(files) {
        case .failure:
            return Response.json(checkJSON(files, lang: lang, extra: [("ran", .bool(false))]), status: .unprocessableContent)
        case .success(let rules):
            let results = RuleTestRunner(rules: rules).runAll()
            let failed = results.filter { !$0.passed }
            return Response.json(.object([
                ("ran", .bool(true)), ("passed", .number(String(results.count - failed.count))), ("failed", .number(String(failed.count))),
                ("failures", .array(failed.map { r in
                    .object([("name", .string(r.name)), ("file", .string(r.file)), ("line", r.location.map { .number(String($0.line)) } ?? .null),
                             ("failures", .array(r.failures.map { .string($0) }))])
                })),
            ]))
        }
    }

    /// After a deliberate change, takes what the draft's rules now give as the expected status,
    /// amount or form of each failing rule test (where the expectation is a plain value in the
    /// test file), saves the test files, and lists every change made for review — it shows in the
    /// draft's diff too. Failures it cannot correct (missing facts, errors) stay failures.
    func acceptTestResults(_ id: String, _ request: Request) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let d = try loadDraft(id)
        guard case .success(let rules) = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: [("ran", .bool(false))]), status: .unprocessableContent)
        }
        let results = RuleTestRunner(rules: rules).runAll()
        let prefix = store.displayName + "/"
        var byFile: [String: [RuleTestRunner.Correction]] = [:]
        var accepted: [JSONValue] = []
        for r in results where !r.corrections.isEmpty {
            let rel = r.file.hasPrefix(prefix) ? String(r.file.dropFirst(prefix.count)) : r.file
            byFile[rel, default: []] += r.corrections
            for c in r.corrections {
                accepted.append(.object([("test", .string(r.name)), ("file", .string(rel)), ("line", .number(String(c.location.line))),
                                         ("key", .string(c.key)), ("old", .string(c.old)), ("new", .string(c.new))]))
            }
        }
        var files = d.files
        for (i, f) in files.enumerated() {
            guard let cs = byFile[f.path] else { continue }
            files[i] = (f.path, RuleTestRunner.applying(cs, to: f.text).text)
        }
        try workbench.updateDraft(id, files: files)
        let after: [RuleTestRunner.Result]
        if case .success(let again) = build(files) { after = RuleTestRunner(rules: again).runAll() } else { after = [] }
        let failed = after.filter { !$0.passed }
        return Response.json(.object([
            ("accepted", .array(accepted)), ("passed", .number(String(after.count - failed.count))), ("failed", .number(String(failed.count))),
            ("failures", .array(failed.map { r in
                .object([("name", .string(r.name)), ("file", .string(r.file)), ("line", r.location.map { .number(String($0.line)) } ?? .null),
                         ("failures", .array(r.failures.map { .string($0) }))])
            })),
        ]))
    }

    /// Keeps a household decided on the caseworker page as a rule test of the draft: decided
    /// with the draft's rules for `program` (as of `as_of` when given), it is appended to
    /// `tests/kept.yaml` with the status, amount and form it gets — the household inline, so the
    /// test stands on its own. Answers with the test's text.
    func keepAsTest(_ id: String, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        guard let program = query.get("program").map({ String($0) }) else {
            throw APIError(.badRequest, "missing-program", Localized(kk: "бағдарламаны көрсетіңіз: `?program=ata`", ru: "укажите программу: `?program=ata`",
                                                                     en: "give the programme: `?program=ata`"), field: "program")
        }
        let asOf = try Self.day(query.get("as_of").map { String($0) }, field: "as_of")
        let name = query.get("name").map { String($0) }.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard (name?.count ?? 0) <= 200 else {
            throw APIError(.badRequest, "bad-test-name", Localized(kk: "тест атауы 200 таңбадан аспауы керек", ru: "имя теста — не длиннее 200 символов",
                                                                   en: "the test's name must be at most 200 characters"), field: "name")
        }
        let d = try loadDraft(id)
        guard case .success(let rules) = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: [("kept", .bool(false))]), status: .unprocessableContent)
        }
        guard rules.program(program) != nil else { throw APIError(.notFound, "unknown-program", Self.unknownProgramme(program), field: "program") }
        let bytes = try await body(request, limit: configuration.maxDecisionBody)
        let record: RecordValue
        switch JSONRecordReader(schema: rules.schema).read(bytes, source: "request body") {
        case .failure(let diagnostics): throw APIError(diagnostics, language: lang)
        case .success(let r): record = r
        }
        let decision: Decision
        do throws(DecisionError) {
            guard let first = try rules.decide(record, asOf: asOf, programs: [program]).first else { throw DecisionError(message: "no decision") }
            decision = first
        } catch {
            var e = APIError(error)
            e.language = lang
            throw e
        }
        var expect = "{status: \(decision.status.rawValue)"
        if let a = decision.amount { expect += ", amount: \(a)" }
        if let f = decision.form { expect += ", form: \(f)" }
        expect += "}"
        let title = name ?? "kept from the caseworker page: \(program) \(decision.status.rawValue)"
        var case_ = "  - name: \(JSONValue.string(title).rendered())\n"
        case_ += "    program: \(program)\n"
        if let asOf { case_ += "    as_of: \(asOf)\n" }
        // JSON is YAML: the household exactly as it was decided.
        case_ += "    household: \(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: " "))\n"
        case_ += "    expect: \(expect)\n"
        let path = "tests/kept.yaml"
        var files = d.files
        if let i = files.firstIndex(where: { $0.path == path }) {
            let old = files[i].text
            files[i] = (path, old + (old.hasSuffix("\n") ? "" : "\n") + case_)
        } else {
            files.append((path, "# Households kept from the caseworker page as rule tests.\ntests:\n" + case_))
        }
        try workbench.updateDraft(id, files: files)
        return Response.json(checkJSON(files, lang: lang, extra: [("kept", .bool(true)), ("file", .string(path)), ("test", .string(case_))]))
    }

    /// The most households a request may generate for an impact, and the largest upload: an
    /// impact is computed while the request waits.
    static let maxGeneratedHouseholds = 30_000
    static let maxImpactUpload = 32 << 20

    /// The draft against the rules in force on a population: `households` generated with `seed`
    /// (at most ``maxGeneratedHouseholds``), or a JSONL body of households (at most 32 MB).
    func impactOfDraft(_ id: String, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        let n = Int(query.get("households").map { String($0) } ?? "10000")
        let seed = UInt32(query.get("seed").map { String($0) } ?? "1").map(UInt64.init)
        guard let n, (1...Self.maxGeneratedHouseholds).contains(n), let seed else {
            throw APIError(.badRequest, "bad-population", Localized(
                kk: "`households` 1-ден \(Self.maxGeneratedHouseholds)-ға дейінгі сан, `seed` 0-ден 4 294 967 295-ке дейінгі бүтін сан болуы керек",
                ru: "`households` — число от 1 до \(Self.maxGeneratedHouseholds), `seed` — целое от 0 до 4 294 967 295",
                en: "`households` must be a number from 1 to \(Self.maxGeneratedHouseholds), `seed` a whole number from 0 to 4 294 967 295"), field: "households")
        }
        let files = try loadDraft(id).files
        guard case .success(let proposed) = build(files) else {
            return Response.json(checkJSON(files, lang: lang, extra: [("ran", .bool(false))]), status: .unprocessableContent)
        }
        let upload = try await body(request, limit: Self.maxImpactUpload)
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-impact-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: input) }
        if upload.isEmpty {
            let generator = HouseholdGenerator(seed: seed)
            var text = ""
            text.reserveCapacity(n * 1000)
            for i in 0..<n { text += generator.line(i); text += "\n" }
            try Data(text.utf8).write(to: input)
        } else {
            try Data(upload).write(to: input)
        }
        let analysis = ImpactAnalysis(base: store.rules, proposed: proposed)
        let handle = try FileHandle(forReadingFrom: input)
        defer { try? handle.close() }
        let report = try analysis.run(input: handle)
        let renderer = ImpactRenderer(language: lang, analysis: analysis, baseName: store.rules.version, proposedName: "draft \(id)")
        return Response.json(.object([("ran", .bool(true)), ("report", renderer.json(report))]))
    }

    // MARK: Diff

    static func diffJSON(old: [(path: String, text: String)], new: [(path: String, text: String)]) -> JSONValue {
        let o = Dictionary(old.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        let n = Dictionary(new.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        var files: [JSONValue] = []
        for path in Set(o.keys).union(n.keys).sorted() where o[path] != n[path] {
            let diff = LineDiff(old: o[path] ?? "", new: n[path] ?? "")
            let status = o[path] == nil ? "added" : n[path] == nil ? "removed" : "changed"
            files.append(.object([("path", .string(path)), ("status", .string(status)), ("truncated", .bool(diff.truncated)),
                                  ("diff", .string(diff.hunks.map(\.text).joined()))]))
        }
        return .array(files)
    }

    func diffDraft(_ id: String) throws -> Response {
        let d = try loadDraft(id)
        let base = try workbench.files(ofVersion: d.baseVersion) ?? []
        return Response.json(.object([("base_version", .string(d.baseVersion)), ("files", Self.diffJSON(old: base, new: d.files))]))
    }

    func versionFiles(_ version: String) throws -> [(path: String, text: String)] {
        guard version.count <= 64, let files = try workbench.files(ofVersion: version) else {
            throw APIError(.notFound, "no-version", Localized(kk: "`\(version.prefix(64))` нұсқасы сақталмаған", ru: "версия `\(version.prefix(64))` не сохранена",
                                                             en: "no version `\(version.prefix(64))` is kept"), field: "version")
        }
        return files
    }

    func diffVersions(_ version: String, _ request: Request) throws -> Response {
        let against = request.uri.queryParameters.get("against").map { String($0) } ?? store.rules.version
        let new = try versionFiles(version), old = try versionFiles(against)
        return Response.json(.object([("version", .string(version)), ("against", .string(against)), ("files", Self.diffJSON(old: old, new: new))]))
    }

    // MARK: Rebase

    /// Moves a draft onto the rules in force: a file the draft did not change takes the live
    /// text; a file the live rules did not change keeps the draft's; a file both changed keeps
    /// the draft's and is listed as a conflict to look at.
    func rebaseDraft(_ id: String, _ request: Request) throws -> Response {
        let d = try loadDraft(id)
        let live = store.rules
        let base = Dictionary((try workbench.files(ofVersion: d.baseVersion) ?? []).map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        let mine = Dictionary(d.files.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(live.fileTexts.map { ($0.relativePath, $0.text) }, uniquingKeysWith: { a, _ in a })
        var merged: [(path: String, text: String)] = []
        var conflicts: [String] = []
        for path in Set(base.keys).union(mine.keys).union(theirs.keys).sorted() {
            let b = base[path], m = mine[path], t = theirs[path]
            let pick: String?
            if m == b { pick = t } else if t == b || t == m { pick = m } else { pick = m; conflicts.append(path) }
            if let pick { merged.append((path, pick)) }
        }
        try workbench.updateDraft(id, files: merged, base: live.version)
        return Response.json(.object([("id", .string(id)), ("base_version", .string(live.version)),
                                      ("conflicts", .array(conflicts.map { .string($0) }))]))
    }

    // MARK: Publish and roll back

    func note(_ request: Request) throws -> String {
        let note = request.uri.queryParameters.get("note").map { String($0) } ?? ""
        guard note.count <= 500 else {
            throw APIError(.badRequest, "note-too-long", Localized(kk: "ескертпе 500 таңбадан аспауы керек", ru: "примечание — не длиннее 500 символов",
                                                                  en: "the note must be at most 500 characters"), field: "note")
        }
        return note
    }

    func publishDraft(_ id: String, _ request: Request, caller: Caller?) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let effective = try Self.day(request.uri.queryParameters.get("effective_from").map { String($0) }, field: "effective_from")
        let d = try loadDraft(id)
        if let effective, effective > ParameterCoverage.today() {
            return try schedule(d, from: effective, note: try note(request), caller: caller, lang: lang)
        }
        let response = try publish(d.files, base: d.baseVersion, kind: .publish, note: try note(request), caller: caller, lang: lang)
        if response.status == .ok { try workbench.updateDraft(id, files: d.files, base: store.rules.version) }
        return response
    }

    /// Checks a draft now and schedules it to come into force on `day`.
    func schedule(_ d: WorkbenchStore.Draft, from day: Day, note: String, caller: Caller?, lang: Language) throws -> Response {
        let files = d.files.map { ($0.path, $0.text) }
        switch store.validate(files, base: d.baseVersion) {
        case .published(let snapshot):
            try workbench.schedule(snapshot.rules.version, files: snapshot.rules.fileTexts, from: day, base: d.baseVersion, by: caller?.name ?? "local", note: note)
            return Response.json(.object([("version", .string(snapshot.rules.version)), ("effective_from", .string(day.description)),
                                          ("scheduled", .bool(true)), ("tests_passed", .number(String(snapshot.testsPassed)))]), status: .accepted)
        case let other:
            return try outcomeResponse(other, base: d.baseVersion, kind: .publish, note: note, caller: caller, lang: lang)
        }
    }

    func republish(_ version: String, _ request: Request, caller: Caller?) throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let files = try versionFiles(version)
        let live = store.rules
        // A version with another schema would read the audited households differently.
        if let liveSchema = live.fileTexts.first(where: { $0.relativePath == "schema.yaml" })?.text,
           let oldSchema = files.first(where: { $0.path == "schema.yaml" })?.text, liveSchema != oldSchema,
           request.uri.queryParameters.get("schema_change") != "accept" {
            throw APIError(.conflict, "schema-differs", Localized(
                kk: "`\(version)` нұсқасының схемасы қазіргіден басқа: жазбалар басқаша оқылады. Сонда да жариялау үшін `?schema_change=accept` қосыңыз",
                ru: "схема версии `\(version)` отличается от действующей: записи будут читаться иначе. Чтобы всё же опубликовать, добавьте `?schema_change=accept`",
                en: "version `\(version)` has another schema than the rules in force: records would be read differently. To publish it anyway add `?schema_change=accept`"))
        }
        return try publish(files, base: live.version, kind: .rollback, note: try note(request), caller: caller, lang: lang)
    }

    func publish(_ files: [(path: String, text: String)], base: String, kind: WorkbenchStore.PublicationKind, note: String,
                 caller: Caller?, lang: Language) throws -> Response {
        try outcomeResponse(store.publish(files.map { ($0.path, $0.text) }, base: base), base: base, kind: kind, note: note, caller: caller, lang: lang)
    }

    func outcomeResponse(_ outcome: RuleSetStore.PublishOutcome, base: String, kind: WorkbenchStore.PublicationKind, note: String,
                         caller: Caller?, lang: Language) throws -> Response {
        switch outcome {
        case .published(let snapshot):
            try workbench.recordPublication(snapshot.rules.version, files: snapshot.rules.fileTexts, kind: kind,
                                            by: caller?.name ?? "local", note: note, base: base)
            metrics.reloaded(kind.rawValue)
            metrics.rulesVersion(snapshot.rules.version)
            return Response.json(.object([("version", .string(snapshot.rules.version)), ("tests_passed", .number(String(snapshot.testsPassed))),
                                          ("kind", .string(kind.rawValue))]))
        case .baseMoved(let current):
            var e = APIError(.conflict, "base-moved", Localized(
                kk: "жоба \(base) нұсқасынан басталған, ал қазір \(current) нұсқасы күшінде (оны басқа біреу жариялады): жобаны жаңа нұсқаға көшіріңіз (rebase), тексеріп, қайта жариялаңыз",
                ru: "черновик начат с версии \(base), а сейчас действует \(current) (её опубликовал кто-то другой): перенесите черновик на новую версию (rebase), проверьте и опубликуйте снова",
                en: "the draft started from version \(base), but \(current) is in force now (someone else published it): rebase the draft onto it, check, and publish again"))
            e.language = lang
            throw e
        case .rejected(let diagnostics, let failedTests):
            return Response.json(.object([
                ("code", .string("draft-does-not-pass")),
                ("message", .string(Localized(kk: "жоба тексеруден немесе тесттерден өтпейді: ештеңе жарияланбады",
                                              ru: "черновик не проходит проверку или тесты: ничего не опубликовано",
                                              en: "the draft does not check or its tests fail: nothing was published")[lang])),
                ("diagnostics", .array(diagnostics.prefix(200).map { Self.diagnosticJSON($0, in: lang) })),
                ("failed_tests", .array(failedTests.map { .string($0) })),
            ]), status: .unprocessableContent)
        case .unwritable(let why):
            throw APIError(.serviceUnavailable, "rules-unwritable", Localized(
                kk: "ережелер каталогына жазу мүмкін болмады; күшіндегі ережелер өзгерген жоқ (\(why))",
                ru: "не удалось записать каталог правил; действующие правила не изменились (\(why))",
                en: "the rules directory could not be written; the rules in force are unchanged (\(why))"))
        }
    }

    // MARK: Replay

    /// Decides an audited request again under the rule version it was made under, and says
    /// whether every programme's status, amount and form are the same.
    func replay(_ id: String) async throws -> Response {
        guard let entry = try await audit.entry(id) else {
            throw APIError(.notFound, "not-found", Localized(kk: "`\(id)` тіркелген шешімі жоқ", ru: "нет записанного решения `\(id)`", en: "no audited decision `\(id)`"), field: "id")
        }
        let files = try versionFiles(entry.rulesVersion)
        guard case .success(let rules) = build(files) else {
            throw APIError(.conflict, "version-does-not-load", Localized(
                kk: "\(entry.rulesVersion) нұсқасы бұл бағдарламада жүктелмейді", ru: "версия \(entry.rulesVersion) не загружается этой программой",
                en: "version \(entry.rulesVersion) does not load in this program"))
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

    /// The household of an audited request, read again with `rules`.
    static func auditedRecord(_ entry: AuditLog.Entry, rules: RuleSet) throws -> RecordValue {
        let bytes = Array(entry.input.utf8)
        if JSONRecordReader.topLevelKeys(bytes)?.contains("household") == true {
            guard case .success(let e) = DecisionEnvelope(schema: rules.schema).read(bytes) else { throw unreplayable(entry.id) }
            return e.household
        }
        guard case .success(let r) = JSONRecordReader(schema: rules.schema).read(bytes, source: "audit") else { throw unreplayable(entry.id) }
        return r
    }

    static func unreplayable(_ id: String) -> APIError {
        APIError(.conflict, "not-replayable", Localized(kk: "`\(id)` шешімін қайта есептеу мүмкін емес", ru: "решение `\(id)` нельзя пересчитать",
                                                        en: "decision `\(id)` cannot be decided again"))
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
