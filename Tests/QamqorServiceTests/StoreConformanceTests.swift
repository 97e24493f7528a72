import Foundation
import QamqorEngine
import Testing
@testable import QamqorService

/// The backends a store protocol has: SQLite always; PostgreSQL when the tests are given a
/// server (`QAMQOR_TEST_POSTGRES`, as CI does: scripts/postgres-test.sh).
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres
    var testDescription: String { rawValue }

    static var available: [StoreBackend] { TestPostgres.url == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A new, empty database of this backend with both of its stores.
    func database() async throws -> ServiceDatabase {
        switch self {
        case .sqlite: try ServiceDatabase(AuditLog(path: ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path))
        case .postgres: ServiceDatabase(try await PostgresAuditLog(url: TestPostgres.freshDatabase(), timeout: TestPostgres.patient))
        }
    }
}

extension OnePostgresServer {
/// What every ``AuditStore`` promises, asked of each backend with the same calls.
@Suite("AuditStore conformance", .serialized)
struct AuditStoreConformanceTests {
    static func entry(_ id: String, asOf: String?, outcome: String = #"{"ata":"eligible"}"#) -> AuditEntry {
        AuditEntry(id: id, createdAt: "2026-12-07T10:00:00Z", caller: "caseworker user", rulesVersion: "v1", asOf: asOf, programs: "ata",
                   input: #"{"application":{"date":"2025-09-10"}}"#, outcome: outcome, explanation: #"{"decisions":[]}"#)
    }

    @Test("a recorded decision reads back field for field; an unknown id is nil; the count follows", arguments: StoreBackend.available)
    func roundTrip(_ backend: StoreBackend) async throws {
        let audit = try await backend.database().audit
        #expect(try await audit.count() == 0)
        #expect(await audit.problem() == nil)
        try await audit.record(Self.entry("a1", asOf: "2025-09-15"))
        try await audit.record(Self.entry("a2", asOf: nil, outcome: #"{"ata":"ineligible"}"#))
        #expect(try await audit.count() == 2)
        let e = try #require(try await audit.entry("a1"))
        #expect(e.id == "a1" && e.createdAt == "2026-12-07T10:00:00Z" && e.caller == "caseworker user" && e.rulesVersion == "v1")
        #expect(e.asOf == "2025-09-15" && e.programs == "ata" && e.input == #"{"application":{"date":"2025-09-10"}}"#)
        #expect(e.outcome == #"{"ata":"eligible"}"# && e.explanation == #"{"decisions":[]}"#)
        #expect(try await audit.entry("a2")?.asOf == nil)
        #expect(try await audit.entry("nope") == nil)
        await audit.close()
    }

    @Test("rows form one chain whose head is the last row this process appended", arguments: StoreBackend.available)
    func chainHead(_ backend: StoreBackend) async throws {
        let audit = try await backend.database().audit
        #expect(audit.lastHead == nil)
        for i in 1...4 { try await audit.record(Self.entry("c\(i)", asOf: nil)) }
        let v = try await audit.verify()
        #expect(v.problem == nil && v.chained == 4 && v.unchained == 0)
        #expect(audit.lastHead == v.head)
        // A head the chain holds verifies; one it never held is reported.
        #expect(try await audit.verify(expectingHead: v.head).problem == nil)
        #expect(try await audit.verify(expectingHead: String(repeating: "0", count: 64)).problem != nil)
        await audit.close()
    }

    @Test("decisions are counted by the day they were made for: on or after a day, before another, and those that say no day", arguments: StoreBackend.available)
    func decisionsByDay(_ backend: StoreBackend) async throws {
        let audit = try await backend.database().audit
        for (id, day) in [("d1", "2025-08-15"), ("d2", "2025-09-15"), ("d3", "2025-10-01"), ("d4", nil)] as [(String, String?)] {
            try await audit.record(Self.entry(id, asOf: day))
        }
        let from = try #require(Day(iso: "2025-09-01"))
        #expect(try await audit.decisions(from: from, before: nil) == (dated: 2, undated: 1))
        #expect(try await audit.decisions(from: from, before: Day(iso: "2025-10-01")) == (dated: 1, undated: 1))
        #expect(try await audit.decisions(from: try #require(Day(iso: "2026-01-01")), before: nil).dated == 0)
        await audit.close()
    }
}

}

extension OnePostgresServer {
/// What every ``WorkbenchStore`` promises, asked of each backend with the same calls.
@Suite("WorkbenchStore conformance", .serialized)
struct WorkbenchStoreConformanceTests {
    static let v1: [(relativePath: String, text: String)] = [("programs/ata.yaml", "id: ata\n"), ("parameters/mrp.yaml", "mrp: 3932\n")]
    static let v2: [(relativePath: String, text: String)] = [("programs/ata.yaml", "id: ata\n# changed\n"), ("parameters/mrp.yaml", "mrp: 3932\n")]

    @Test("versions: each publication is history, the latest first; a version's files read back sorted; a start of the version in force adds nothing", arguments: StoreBackend.available)
    func versions(_ backend: StoreBackend) async throws {
        let database = try await backend.database(), store = database.workbench
        defer { Task { await database.audit.close() } }
        try await store.recordPublication("v1", files: Self.v1, kind: .start, by: "service", note: "", base: nil)
        try await store.recordPublication("v2", files: Self.v2, kind: .publish, by: "Айгүл", note: "ATA", base: "v1",
                                          approval: Workbench.Approval(by: "Нұрлан", at: "2026-12-07T09:00:00Z", content: "x"))
        try await store.recordPublication("v2", files: Self.v2, kind: .start, by: "service", note: "", base: nil)
        let history = try await store.publications()
        #expect(history.map(\.version) == ["v2", "v1"])
        #expect(history.first?.kind == .publish && history.first?.publishedBy == "Айгүл" && history.first?.baseVersion == "v1")
        #expect(history.first?.approvedBy == "Нұрлан")
        let files = try #require(try await store.files(ofVersion: "v2"))
        #expect(files.map(\.path) == ["parameters/mrp.yaml", "programs/ata.yaml"])
        #expect(files.last?.text == "id: ata\n# changed\n")
        #expect(try await store.files(ofVersion: "v9") == nil)
    }

    @Test("drafts: made, listed, read, replaced, deleted; a draft that is not there is said to be not there", arguments: StoreBackend.available)
    func drafts(_ backend: StoreBackend) async throws {
        let database = try await backend.database(), store = database.workbench
        defer { Task { await database.audit.close() } }
        let id = try #require(try await store.createDraft(name: "Орталық", author: "Айгүл", base: "v1", files: Self.v1))
        #expect(try await store.drafts().map(\.id) == [id])
        var draft = try #require(try await store.draft(id))
        #expect(draft.name == "Орталық" && draft.author == "Айгүл" && draft.baseVersion == "v1" && draft.files.count == 2)
        #expect(try await store.updateDraft(id, files: [("programs/ata.yaml", "id: ata\n# draft\n")], base: "v2"))
        draft = try #require(try await store.draft(id))
        #expect(draft.files.map(\.path) == ["programs/ata.yaml"] && draft.files.first?.text == "id: ata\n# draft\n" && draft.baseVersion == "v2")
        #expect(try await store.updateDraft("missing", files: [], base: nil) == false)
        #expect(try await store.deleteDraft(id))
        #expect(try await store.draft(id) == nil)
        #expect(try await store.deleteDraft(id) == false)
    }

    @Test("at most the draft limit of drafts exist", arguments: StoreBackend.available)
    func draftLimit(_ backend: StoreBackend) async throws {
        let database = try await backend.database(), store = database.workbench
        defer { Task { await database.audit.close() } }
        for i in 0..<Workbench.maxDrafts { #expect(try await store.createDraft(name: "d\(i)", author: "a", base: "v1", files: Self.v1) != nil) }
        #expect(try await store.createDraft(name: "one more", author: "a", base: "v1", files: Self.v1) == nil)
    }

    @Test("a schedule is the latest, claimed once, closed with its outcome; a newer one cancels the pending one", arguments: StoreBackend.available)
    func schedule(_ backend: StoreBackend) async throws {
        let database = try await backend.database(), store = database.workbench
        defer { Task { await database.audit.close() } }
        let day = try #require(Day(iso: "2027-01-01"))
        try await store.schedule("v2", files: Self.v2, from: day, base: "v1", by: "Айгүл", note: "from the new year", approval: nil)
        let first = try #require(try await store.latestSchedule())
        #expect(first.version == "v2" && first.effectiveFrom == day && first.state == "pending" && first.baseVersion == "v1")
        try await store.schedule("v3", files: Self.v1, from: day, base: "v1", by: "Айгүл", note: "again", approval: nil)
        let second = try #require(try await store.latestSchedule())
        #expect(second.version == "v3" && second.id != first.id)
        #expect(try await store.claimSchedule(first.id) == false, "the replaced schedule is no longer pending")
        #expect(try await store.claimSchedule(second.id))
        #expect(try await store.claimSchedule(second.id) == false, "a schedule is claimed once")
        try await store.closeSchedule(second.id, state: "done", outcome: "in force")
        let closed = try #require(try await store.latestSchedule())
        #expect(closed.state == "done" && closed.outcome == "in force")
    }

    @Test("an approval is kept with the content approved, and a later one replaces it", arguments: StoreBackend.available)
    func approvals(_ backend: StoreBackend) async throws {
        let database = try await backend.database(), store = database.workbench
        defer { Task { await database.audit.close() } }
        let id = try #require(try await store.createDraft(name: "d", author: "Айгүл", base: "v1", files: Self.v1))
        #expect(try await store.approval(ofDraft: id) == nil)
        try await store.approve(draft: id, content: "digest-1", by: "Нұрлан")
        try await store.approve(draft: id, content: "digest-2", by: "Ерлан")
        let a = try #require(try await store.approval(ofDraft: id))
        #expect(a.by == "Ерлан" && a.content == "digest-2" && !a.at.isEmpty)
    }
}
}
