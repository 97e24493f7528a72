import Foundation
import Hummingbird
import QamqorEngine

/// Diffs, rebasing, publishing (now or from a date) and rolling back.
extension QamqorAPI {
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

    func diffDraft(_ id: String) async throws -> Response {
        let d = try await loadDraft(id)
        let base = try await workbench.files(ofVersion: d.baseVersion) ?? []
        return Response.json(.object([("base_version", .string(d.baseVersion)), ("files", Self.diffJSON(old: base, new: d.files))]))
    }

    func versionFiles(_ version: String) async throws -> [(path: String, text: String)] {
        guard version.count <= 64, let files = try await workbench.files(ofVersion: version) else {
            throw APIError(.notFound, "no-version", Localized("workbench.no-version-kept", ["prefix": version.prefix(64)]), field: "version")
        }
        return files
    }

    func diffVersions(_ version: String, _ request: Request) async throws -> Response {
        let against = request.uri.queryParameters.get("against").map { String($0) } ?? store.rules.version
        let new = try await versionFiles(version), old = try await versionFiles(against)
        return Response.json(.object([("version", .string(version)), ("against", .string(against)), ("files", Self.diffJSON(old: old, new: new))]))
    }

    // MARK: Rebase

    /// Moves a draft onto the rules in force: a file the draft did not change takes the live
    /// text; a file the live rules did not change keeps the draft's; a file both changed keeps
    /// the draft's and is listed as a conflict to look at.
    func rebaseDraft(_ id: String, _ request: Request) async throws -> Response {
        let d = try await loadDraft(id)
        let live = store.rules
        let base = Dictionary((try await workbench.files(ofVersion: d.baseVersion) ?? []).map { ($0.path, $0.text) }, uniquingKeysWith: { a, _ in a })
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
        try await workbench.updateDraft(id, files: merged, base: live.version)
        return Response.json(.object([("id", .string(id)), ("base_version", .string(live.version)),
                                      ("conflicts", .array(conflicts.map { .string($0) }))]))
    }

    // MARK: Publish and roll back

    func note(_ request: Request) throws -> String {
        let note = request.uri.queryParameters.get("note").map { String($0) } ?? ""
        guard note.unicodeScalars.count <= 500 else {
            throw APIError(.badRequest, "note-too-long", Localized("workbench.note"), field: "note")
        }
        return note
    }

    /// A second policy officer approves a draft as its files are now (four eyes): never its
    /// author, and only a draft whose rules check.
    func approveDraft(_ id: String, _ request: Request, caller: Caller?) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        var e: APIError
        guard configuration.approvalRequired else {
            e = APIError(.conflict, "approval-not-required", Localized("workbench.service-publishes-without-second"))
            e.language = lang; throw e
        }
        let d = try await loadDraft(id)
        let who = caller?.name ?? "local"
        guard who != d.author else {
            e = APIError(.forbidden, "own-draft", Localized("workbench.you-cannot-approve-your"))
            e.language = lang; throw e
        }
        guard case .success = build(d.files) else {
            return Response.json(checkJSON(d.files, lang: lang, extra: Self.doesNotCheck(lang)), status: .conflict)
        }
        try await workbench.approve(draft: id, content: Workbench.digest(d.files), by: who)
        let a = try await workbench.approval(ofDraft: id)
        return Response.json(.object([("draft", .string(id)), ("approved_by", .string(who)), ("approved_at", a.map { .string($0.at) } ?? .null)]))
    }

    /// With approval required: the approval of the draft as it is now, by someone other than its
    /// author — else 409 approval-needed, saying whether there is none or the draft changed since.
    func requireApproval(_ d: Workbench.Draft, lang: Language) async throws -> Workbench.Approval? {
        guard configuration.approvalRequired else { return nil }
        let a = try await workbench.approval(ofDraft: d.id)
        if let a, a.content == Workbench.digest(d.files), a.by != d.author { return a }
        var e = a == nil
            ? APIError(.conflict, "approval-needed", Localized("workbench.publishing-needs-another-policy", ["id": d.id]))
            : APIError(.conflict, "approval-needed", Localized("workbench.changed-after-approval", ["approver": a?.by ?? ""]))
        e.language = lang
        throw e
    }

    func publishDraft(_ id: String, _ request: Request, caller: Caller?) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        let effective = try Self.day(request.uri.queryParameters.get("effective_from").map { String($0) }, field: "effective_from")
        let d = try await loadDraft(id)
        let note = try note(request)
        // Who approved it stays in the history with the publication (and with the schedule).
        let approval = try await requireApproval(d, lang: lang)
        if let effective, effective > ParameterCoverage.today() {
            return try await schedule(d, from: effective, note: note, caller: caller, lang: lang, approval: approval)
        }
        let response = try await publish(d.files, base: d.baseVersion, kind: .publish, note: note, caller: caller, lang: lang, approval: approval)
        if response.status == .ok { try await workbench.updateDraft(id, files: d.files, base: store.rules.version) }
        return response
    }

    /// Checks a draft now and schedules it to come into force on `day`.
    func schedule(_ d: Workbench.Draft, from day: Day, note: String, caller: Caller?, lang: Language, approval: Workbench.Approval?) async throws -> Response {
        let files = d.files.map { ($0.path, $0.text) }
        switch store.validate(files, base: d.baseVersion) {
        case .published(let snapshot):
            try await workbench.schedule(snapshot.rules.version, files: snapshot.rules.fileTexts, from: day, base: d.baseVersion, by: caller?.name ?? "local", note: note, approval: approval)
            return Response.json(.object([("version", .string(snapshot.rules.version)), ("effective_from", .string(day.description)),
                                          ("scheduled", .bool(true)), ("tests_passed", .number(String(snapshot.testsPassed)))]), status: .accepted)
        case let other:
            return try await outcomeResponse(other, base: d.baseVersion, kind: .publish, note: note, caller: caller, lang: lang)
        }
    }

    func republish(_ version: String, _ request: Request, caller: Caller?) async throws -> Response {
        let lang = try Self.language(request.uri.queryParameters.get("lang").map { String($0) })
        // `schema_change` is `accept` or absent: anything else is a mistake, whatever the schemas.
        if let given = request.uri.queryParameters.get("schema_change"), given != "accept" {
            throw APIError(.badRequest, "bad-schema-change", Localized("workbench.given"), field: "schema_change")
        }
        let files = try await versionFiles(version)
        let live = store.rules
        // A version with another schema would read the audited households differently.
        if let liveSchema = live.fileTexts.first(where: { $0.relativePath == "schema.yaml" })?.text,
           let oldSchema = files.first(where: { $0.path == "schema.yaml" })?.text, liveSchema != oldSchema,
           request.uri.queryParameters.get("schema_change") != "accept" {
            throw APIError(.conflict, "schema-differs", Localized("workbench.old-schema", ["version": version]))
        }
        return try await publish(files, base: live.version, kind: .rollback, note: try note(request), caller: caller, lang: lang)
    }

    func publish(_ files: [(path: String, text: String)], base: String, kind: Workbench.PublicationKind, note: String,
                 caller: Caller?, lang: Language, approval: Workbench.Approval? = nil) async throws -> Response {
        try await outcomeResponse(store.publish(files.map { ($0.path, $0.text) }, base: base), base: base, kind: kind, note: note, caller: caller, lang: lang, approval: approval)
    }

    func outcomeResponse(_ outcome: RuleSetStore.PublishOutcome, base: String, kind: Workbench.PublicationKind, note: String,
                         caller: Caller?, lang: Language, approval: Workbench.Approval? = nil) async throws -> Response {
        switch outcome {
        case .published(let snapshot):
            try await workbench.recordPublication(snapshot.rules.version, files: snapshot.rules.fileTexts, kind: kind,
                                            by: caller?.name ?? "local", note: note, base: base, approval: approval)
            metrics.reloaded(kind.rawValue)
            metrics.rulesVersion(snapshot.rules.version)
            // A version scheduled on top of the rules that were in force is built on rules that no
            // longer are: it is cancelled now, with the reason, never brought in later.
            var fields: [(String, JSONValue)] = [("version", .string(snapshot.rules.version)), ("tests_passed", .number(String(snapshot.testsPassed))),
                                                  ("kind", .string(kind.rawValue))]
            if let s = try await workbench.latestSchedule(), s.state == "pending", s.baseVersion != snapshot.rules.version {
                let why = Localized("workbench.schedule-cancelled", ["version": s.version, "effectiveFrom": s.effectiveFrom, "base": s.baseVersion,
                                                                     "current": snapshot.rules.version, "rollback": kind == .rollback, "by": caller?.name ?? "local"])
                try await workbench.closeSchedule(s.id, state: "cancelled", outcome: ScheduleOutcome.stored(why))
                fields.append(("cancelled_schedule", .object([("version", .string(s.version)), ("effective_from", .string(s.effectiveFrom.description)),
                                                              ("reason", .string(why[lang]))])))
            }
            return Response.json(.object(fields))
        case .baseMoved(let current):
            var e = APIError(.conflict, "base-moved", Localized("workbench.draft-started-from-version", ["base": base, "current": current]))
            e.language = lang
            throw e
        case .rejected(let diagnostics, let failedTests):
            let said = Localized("workbench.draft-does-not-check")[lang]
            return Response.json(.object([
                ("error", .object([("code", .string("draft-does-not-pass")), ("message", .string(said))])),
                ("code", .string("draft-does-not-pass")),
                ("message", .string(said)),
                ("diagnostics", .array(diagnostics.prefix(200).map { Self.diagnosticJSON($0, in: lang) })),
                ("failed_tests", .array(failedTests.map { .string($0) })),
            ]), status: .conflict)
        case .unwritable(let why):
            throw APIError(.serviceUnavailable, "rules-unwritable", Localized("workbench.rules-directory-could-not", ["why": why]))
        }
    }
}
