import Foundation
import Hummingbird
import QamqorEngine

/// The policy officer's workbench over HTTP (the `policy` role; replay the `auditor` role):
/// drafts of the rules edited file by file, checked and tested as they change, compared with
/// the rules in force and with a population, published, and every version kept for history,
/// rollback and replay. The files are the same YAML `qamqor check`, `test` and `impact` read.
extension QamqorAPI {
    // MARK: Overview

    func overview(_ request: Request) async throws -> Response {
        let live = store.current
        let drafts = try await workbench.drafts()
        return Response.json(.object([
            ("live_version", .string(live.rules.version)), ("loaded_at", .string(live.loadedAt.formatted(.iso8601))),
            ("drafts", .array(drafts.map { d in
                .object([("id", .string(d.id)), ("name", .string(d.name)), ("author", .string(d.author)),
                         ("base_version", .string(d.baseVersion)), ("updated_at", .string(d.updatedAt)),
                         ("base_is_live", .bool(d.baseVersion == live.rules.version))])
            })),
            ("publications", try await publicationsJSON()),
            ("scheduled", try await scheduleJSON(lang: try Self.language(request.uri.queryParameters.get("lang").map { String($0) }))),
            ("approval_required", .bool(configuration.approvalRequired)),
        ]))
    }

    func scheduleJSON(lang: Language) async throws -> JSONValue {
        guard let s = try await workbench.latestSchedule() else { return .null }
        return .object([("version", .string(s.version)), ("effective_from", .string(s.effectiveFrom.description)),
                         ("base_version", .string(s.baseVersion)), ("published_by", .string(s.publishedBy)), ("note", .string(s.note)),
                         ("created_at", .string(s.createdAt)), ("state", .string(s.state)), ("outcome", .string(ScheduleOutcome.said(s.outcome, in: lang))),
                         // Whether it is built on the rules in force now (its diff against them: /v1/rules/versions/{version}/diff).
                         ("base_is_live", .bool(s.baseVersion == store.rules.version)),
                         ("approved_by", s.approvedBy.map { .string($0) } ?? .null), ("approved_at", s.approvedAt.map { .string($0) } ?? .null)])
    }

    func cancelSchedule() async throws -> Response {
        guard let s = try await workbench.latestSchedule(), s.state == "pending" else {
            throw APIError(.notFound, "nothing-scheduled", Localized("workbench.nothing-scheduled"))
        }
        try await workbench.closeSchedule(s.id, state: "cancelled", outcome: ScheduleOutcome.stored(Localized("workbench.schedule-cancelled-by-officer")))
        return Response.json(.object([("cancelled", .string(s.version))]))
    }

    /// Brings a scheduled version into force once its date has come (Kazakhstan's calendar date,
    /// as the coverage report uses): published as a draft would be — if the rules in force are
    /// still the version it was checked against, and it still checks and passes its tests;
    /// otherwise the schedule is cancelled with the reason. Returns the version brought in.
    /// With several replicas on one database, one replica claims the schedule and brings it in;
    /// the others take the version as they take any shared publication. While the database is
    /// unreachable nothing happens, and the next poll tries again.
    @discardableResult
    public func activateDueSchedule(today: Day = ParameterCoverage.today()) async -> String? {
        guard let s = try? await workbench.latestSchedule(), s.state == "pending", s.effectiveFrom <= today,
              (try? await workbench.claimSchedule(s.id)) == true else { return nil }
        let stored: [(path: String, text: String)]?
        do { stored = try await workbench.files(ofVersion: s.version) } catch {
            try? await workbench.closeSchedule(s.id, state: "pending", outcome: "")
            return nil
        }
        guard let files = stored else {
            try? await workbench.closeSchedule(s.id, state: "cancelled", outcome: ScheduleOutcome.stored(Localized("workbench.schedule-files-missing", ["version": s.version])))
            return nil
        }
        switch store.publish(files.map { ($0.path, $0.text) }, base: s.baseVersion) {
        case .published(let snapshot):
            try? await workbench.recordPublication(snapshot.rules.version, files: snapshot.rules.fileTexts, kind: .scheduled, by: s.publishedBy,
                                                   note: s.note, base: s.baseVersion, approval: s.approval)
            try? await workbench.closeSchedule(s.id, state: "done", outcome: ScheduleOutcome.stored(Localized("workbench.schedule-in-force-since", ["at": Date().formatted(.iso8601)])))
            return snapshot.rules.version
        case .baseMoved(let current):
            try? await workbench.closeSchedule(s.id, state: "cancelled", outcome: ScheduleOutcome.stored(Localized("workbench.schedule-base-changed", ["current": current, "date": s.effectiveFrom])))
        case .rejected:
            try? await workbench.closeSchedule(s.id, state: "cancelled", outcome: ScheduleOutcome.stored(Localized("workbench.schedule-no-longer-passes")))
        case .unwritable:
            try? await workbench.closeSchedule(s.id, state: "pending", outcome: "") // Tried again at the next poll.
        }
        return nil
    }

    func publicationsJSON() async throws -> JSONValue {
        .array(try await workbench.publications().map { p in
            .object([("at", .string(p.at)), ("version", .string(p.version)), ("kind", .string(p.kind.rawValue)),
                     ("published_by", .string(p.publishedBy)), ("note", .string(p.note)), ("base_version", p.baseVersion.map { .string($0) } ?? .null),
                     ("approved_by", p.approvedBy.map { .string($0) } ?? .null), ("approved_at", p.approvedAt.map { .string($0) } ?? .null)])
        })
    }

    func versionList() async throws -> Response {
        Response.json(.object([("live_version", .string(store.rules.version)), ("publications", try await publicationsJSON())]))
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
                ("labels", .object(Language.allCases.map { ($0.rawValue, .string(p.label[$0])) })), ("kind", .string(p.type.description)),
                ("by_label", p.key.map { .string($0.label[lang]) } ?? .null),
                ("source", .string(p.source)), ("by", p.key.map { .string($0.name) } ?? .null),
                ("stale_after_months", p.staleAfterMonths.map { .number(String($0)) } ?? .null),
                ("required", .bool(p.required)),
                ("file", .string(p.file)), ("line", p.location.map { .number(String($0.line)) } ?? .null),
                ("values", p.key == nil ? .array(entries.map { e in
                    .object([("from", .string(e.start.description)), ("value", number(e.value)), ("source", e.source.map { .string($0) } ?? .null)])
                }) : .null),
                ("keys", p.key == nil ? .null : .array(keys)),
            ])
        }))]))
    }

}
