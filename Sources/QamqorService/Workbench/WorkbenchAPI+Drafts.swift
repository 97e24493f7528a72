import Foundation
import Hummingbird
import QamqorEngine

/// The workbench's drafts: files read and written, checked, tested, kept as tests, and an
/// impact on a population.
extension QamqorAPI {
    // MARK: Drafts

    func draftID(_ context: QamqorContext) throws -> String {
        let id = context.parameters.get("id") ?? ""
        guard id.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { throw Self.noDraft(id) }
        return id
    }

    static func noDraft(_ id: String) -> APIError {
        APIError(.notFound, "no-draft", Localized("workbench.no-draft", ["prefix": id.prefix(64)]), field: "id")
    }

    func loadDraft(_ id: String) async throws -> Workbench.Draft {
        guard let d = try await workbench.draft(id) else { throw Self.noDraft(id) }
        return d
    }

    func createDraft(_ request: Request, caller: Caller?) async throws -> Response {
        _ = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        guard let given = request.uri.queryParameters.get("name").map({ String($0) }), given.unicodeScalars.count <= 120,
              !given.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw APIError(.badRequest, "bad-draft-name", Localized("workbench.give-draft-name-name"), field: "name")
        }
        let trimmed = given.trimmingCharacters(in: .whitespacesAndNewlines)
        let name = trimmed.isEmpty ? "draft" : trimmed
        let live = store.rules
        guard let id = try await workbench.createDraft(name: name, author: caller?.name ?? "local", base: live.version, files: live.fileTexts) else {
            throw APIError(.conflict, "too-many-drafts", Localized("workbench.too-many-drafts-delete", ["maxDrafts": Workbench.maxDrafts]))
        }
        return try await showDraft(id, request, status: .created)
    }

    func showDraft(_ id: String, _ request: Request, status: HTTPResponse.Status = .ok) async throws -> Response {
        let d = try await loadDraft(id)
        let base = try await workbench.files(ofVersion: d.baseVersion) ?? []
        let baseTexts = Dictionary(base.map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
        return Response.json(.object([
            ("id", .string(d.id)), ("name", .string(d.name)), ("author", .string(d.author)), ("base_version", .string(d.baseVersion)),
            ("base_is_live", .bool(d.baseVersion == store.rules.version)), ("created_at", .string(d.createdAt)), ("updated_at", .string(d.updatedAt)),
            ("files", .array(d.files.map { f in
                .object([("path", .string(f.path)), ("bytes", .number(String(f.text.utf8.count))),
                         ("changed", .bool(baseTexts[f.path] != f.text))])
            })),
            ("removed", .array(base.filter { b in !d.files.contains { $0.path == b.path } }.map { .string($0.path) })),
            ("approval_required", .bool(configuration.approvalRequired)),
            ("approval", try await workbench.approval(ofDraft: d.id).map { a in
                .object([("by", .string(a.by)), ("at", .string(a.at)), ("current", .bool(a.content == Workbench.digest(d.files)))])
            } ?? .null),
        ]), status: status)
    }

    func deleteDraft(_ id: String) async throws -> Response {
        guard try await workbench.deleteDraft(id) else { throw Self.noDraft(id) }
        return Response.json(.object([("deleted", .string(id))]))
    }

    func filePath(_ request: Request) throws -> RulePath {
        guard let p = request.uri.queryParameters.get("path") else {
            throw APIError(.badRequest, "missing-path", Localized("workbench.give-file-path-path"), field: "path")
        }
        return try RulePath(String(p))
    }

    func draftFile(_ id: String, _ request: Request) async throws -> Response {
        let path = try filePath(request)
        let d = try await loadDraft(id)
        guard let f = d.files.first(where: { $0.path == path.value }) else {
            throw APIError(.notFound, "no-file", Localized("workbench.draft-has-no-file", ["path": path]), field: "path")
        }
        return Response.text(f.text, contentType: "text/plain; charset=utf-8")
    }

    /// The text of a rule file sent in a request body: UTF-8, at most ``RulePath/maxFileBytes``.
    func fileText(_ request: Request, allowEmpty: Bool = false) async throws -> String {
        let bytes = try await body(request, limit: RulePath.maxFileBytes)
        guard !bytes.isEmpty || allowEmpty else {
            throw APIError(.badRequest, "empty-body", Localized("workbench.bytes"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw APIError(.badRequest, "not-utf8", Localized("workbench.file-not-utf-text"))
        }
        return text
    }

    func saveDraftFile(_ id: String, _ request: Request) async throws -> Response {
        let path = try filePath(request)
        let text = try await fileText(request)
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let d = try await loadDraft(id)
        var files = d.files.filter { $0.path != path.value }
        guard files.count < RulePath.maxFiles else {
            throw APIError(.conflict, "too-many-files", Localized("workbench.files", ["maxFiles": RulePath.maxFiles]))
        }
        files.append((path.value, text))
        let total = files.reduce(0) { $0 + $1.text.utf8.count }
        guard total <= RulePath.maxDraftBytes else {
            throw APIError(.contentTooLarge, "draft-too-large", Localized("workbench.total", ["RulePath": RulePath.maxDraftBytes >> 20]))
        }
        try await workbench.updateDraft(id, files: files)
        return Response.json(checkJSON(files, lang: lang, extra: [("saved", .string(path.value))]))
    }

    func deleteDraftFile(_ id: String, _ request: Request) async throws -> Response {
        let path = try filePath(request)
        let d = try await loadDraft(id)
        let files = d.files.filter { $0.path != path.value }
        guard files.count < d.files.count else {
            throw APIError(.notFound, "no-file", Localized("workbench.draft-has-no-file", ["path": path]), field: "path")
        }
        try await workbench.updateDraft(id, files: files)
        return Response.json(.object([("deleted", .string(path.value))]))
    }

    /// The draft as a rule set, or its diagnostics.
    func build(_ files: [(path: String, text: String)]) -> Result<RuleSet, DiagnosticList> {
        RuleSet.load(from: MemoryRuleSource(files.map { ($0.path, $0.text) }, displayRoot: store.displayName))
    }

    /// `{ok, errors, warnings, diagnostics}`: the draft's diagnostics (and the coverage of its
    /// parameters) in `lang`.
    /// The `error` of an answer refusing work on a draft whose rules do not check (409: the
    /// draft's state, not the request, is what is wrong); the diagnostics follow it.
    static func doesNotCheck(_ lang: Language) -> [(String, JSONValue)] {
        [("error", .object([("code", .string("draft-does-not-check")), ("message", .string(Localized("workbench.does-not-check")[lang]))]))]
    }

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
        var files = try await loadDraft(id).files
        if request.uri.queryParameters.get("path") != nil {
            let path = try filePath(request)
            let text = try await fileText(request, allowEmpty: true)
            files = files.filter { $0.path != path.value } + [(path.value, text)]
        }
        return Response.json(checkJSON(files, lang: lang))
    }

    func testDraft(_ id: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let files = try await loadDraft(id).files
        let built = try await DraftJobs.shared.run { [self] stop -> (Result<RuleSet, DiagnosticList>, [RuleTestRunner.Result]) in
            let b = build(files)
            guard case .success(let rules) = b else { return (b, []) }
            return (b, RuleTestRunner(rules: rules).runAll(stoppingWhen: { stop.isSet }))
        }
        switch built.0 {
        case .failure:
            return Response.json(checkJSON(files, lang: lang, extra: Self.doesNotCheck(lang) + [("ran", .bool(false))]), status: .conflict)
        case .success:
            let results = built.1
            let failed = results.filter { !$0.passed }
            let prefix = store.displayName + "/"
            return Response.json(.object([
                ("ran", .bool(true)), ("passed", .number(String(results.count - failed.count))), ("failed", .number(String(failed.count))),
                ("failures", .array(failed.map { r in
                    let rel = r.file.hasPrefix(prefix) ? String(r.file.dropFirst(prefix.count)) : r.file
                    return .object([("name", .string(r.name)), ("file", .string(r.file)), ("line", r.location.map { .number(String($0.line)) } ?? .null),
                             ("household", r.household.map { .string($0[lang]) } ?? .null),
                             ("failures", .array(r.failures(in: lang).map { .string($0) })),
                             // Each expected value the draft's rules now give differently, to accept or leave one by one.
                             ("changes", .array(r.corrections.map { c in
                                 .object([("id", .string(c.id(in: rel))), ("key", .string(c.key)), ("old", .string(c.old)), ("new", .string(c.new)),
                                          ("name_contradicts", .bool(c.contradicts(name: r.name)))])
                             }))])
                })),
            ]))
        }
    }

    /// After a deliberate change, takes what the draft's rules now give as the expected status,
    /// amount or form of each failing rule test (where the expectation is a plain value in the
    /// test file), saves the test files, and lists every change made for review — it shows in the
    /// draft's diff too. Failures it cannot correct (missing facts, errors) stay failures.
    func acceptTestResults(_ id: String, _ request: Request) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let d = try await loadDraft(id)
        guard case .success(let rules) = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: Self.doesNotCheck(lang) + [("ran", .bool(false))]), status: .conflict)
        }
        let results = RuleTestRunner(rules: rules).runAll()
        let prefix = store.displayName + "/"
        // One by one: `change=file:line:key` (repeatable) accepts only those; without it, every
        // change whose test name does not contradict it. A contradicting name is never accepted.
        let named = request.uri.queryParameters.getAll("change").map { String($0) }
        // Bounded so that a request's line stays well within what the HTTP reader takes.
        guard named.count <= 20, named.allSatisfy({ $0.unicodeScalars.count <= 120 }) else {
            throw APIError(.badRequest, "bad-change", Localized("workbench.named"), field: "change")
        }
        let chosen = Set(named)
        var byFile: [String: [RuleTestRunner.Correction]] = [:]
        var accepted: [JSONValue] = [], refused: [JSONValue] = []
        for r in results where !r.corrections.isEmpty {
            let rel = r.file.hasPrefix(prefix) ? String(r.file.dropFirst(prefix.count)) : r.file
            for c in r.corrections where chosen.isEmpty || chosen.contains(c.id(in: rel)) {
                var change: [(String, JSONValue)] = [("id", .string(c.id(in: rel))), ("test", .string(r.name)), ("file", .string(rel)),
                                                     ("line", .number(String(c.location.line))), ("key", .string(c.key)), ("old", .string(c.old)), ("new", .string(c.new))]
                if c.contradicts(name: r.name) {
                    change.append(("reason", .string(Self.nameContradicts(r.name, c.new, lang))))
                    refused.append(.object(change))
                    continue
                }
                byFile[rel, default: []].append(c)
                accepted.append(.object(change))
            }
        }
        if !chosen.isEmpty, accepted.isEmpty {
            var e = refused.isEmpty
                ? APIError(.notFound, "no-such-change", Localized("workbench.no-such-change-tests"), field: "change")
                : APIError(.conflict, "name-contradicts", Localized("workbench.test-name-contradicts-new"), field: "change")
            e.language = lang
            throw e
        }
        var files = d.files
        for (i, f) in files.enumerated() {
            guard let cs = byFile[f.path] else { continue }
            files[i] = (f.path, RuleTestRunner.applying(cs, to: f.text).text)
        }
        try await workbench.updateDraft(id, files: files)
        let after: [RuleTestRunner.Result]
        if case .success(let again) = build(files) { after = RuleTestRunner(rules: again).runAll() } else { after = [] }
        let failed = after.filter { !$0.passed }
        return Response.json(.object([
            ("accepted", .array(accepted)), ("refused", .array(refused)), ("passed", .number(String(after.count - failed.count))), ("failed", .number(String(failed.count))),
            ("failures", .array(failed.map { r in
                .object([("name", .string(r.name)), ("file", .string(r.file)), ("line", r.location.map { .number(String($0.line)) } ?? .null),
                         ("failures", .array(r.failures(in: lang).map { .string($0) }))])
            })),
        ]))
    }

    /// Why a change is not accepted: the test's name says the opposite.
    static func nameContradicts(_ name: String, _ new: String, _ lang: Language) -> String {
        Localized("workbench.name-contradicts", ["name": name, "new": new])[lang]
    }

    /// Keeps a household decided on the caseworker page as a rule test of the draft: decided
    /// with the draft's rules for `program` (as of `as_of` when given), it is appended to
    /// `tests/kept.yaml` with the status, amount and form it gets — the household inline, so the
    /// test stands on its own, with no IIN or name (``RecordJSON/isIdentity(_:)``). Answers with
    /// the test's text.
    func keepAsTest(_ id: String, _ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let lang = try Self.language(query.get("lang").map { String($0) })
        guard let program = query.get("program").map({ String($0) }) else {
            throw APIError(.badRequest, "missing-program", Localized("workbench.program"), field: "program")
        }
        let asOf = try Self.day(query.get("as_of").map { String($0) }, field: "as_of")
        let name = query.get("name").map { String($0) }.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        guard (name?.unicodeScalars.count ?? 0) <= 200 else {
            throw APIError(.badRequest, "bad-test-name", Localized("workbench.name"), field: "name")
        }
        let d = try await loadDraft(id)
        guard case .success(let rules) = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: Self.doesNotCheck(lang) + [("kept", .bool(false))]), status: .conflict)
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
        // JSON is YAML: the household as it was decided, without the IIN and names of its
        // members (a draft, its diffs and the published rules are read by every policy officer).
        case_ += "    household: \(RecordJSON.encode(record, withoutIdentity: true).rendered(pretty: false))\n"
        case_ += "    expect: \(expect)\n"
        let path = "tests/kept.yaml"
        var files = d.files
        if let i = files.firstIndex(where: { $0.path == path }) {
            let old = files[i].text
            files[i] = (path, old + (old.hasSuffix("\n") ? "" : "\n") + case_)
        } else {
            files.append((path, "# Households kept from the caseworker page as rule tests.\ntests:\n" + case_))
        }
        try await workbench.updateDraft(id, files: files)
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
            throw APIError(.badRequest, "bad-population", Localized("workbench.seed", ["maxGeneratedHouseholds": Self.maxGeneratedHouseholds]), field: "households")
        }
        let files = try await loadDraft(id).files
        guard case .success(let proposed) = build(files) else {
            return Response.json(checkJSON(files, lang: lang, extra: Self.doesNotCheck(lang) + [("ran", .bool(false))]), status: .conflict)
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
        let report = try await DraftJobs.shared.run { _ in try analysis.run(input: handle) }
        let renderer = ImpactRenderer(language: lang, analysis: analysis, baseName: store.rules.version, proposedName: "draft \(id)")
        return Response.json(.object([("ran", .bool(true)), ("report", renderer.json(report))]))
    }
}
