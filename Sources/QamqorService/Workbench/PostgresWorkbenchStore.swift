import Foundation
import Logging
import PostgresNIO
import QamqorEngine

/// The workbench's records in the PostgreSQL database every replica shares (its migrations 3–5 in
/// ``PostgresSchema``): a draft begun on one replica is opened, edited, tested and published
/// on any other, and every replica's history, schedule and replay read the same versions.
///
/// Every call is bounded like the audit log's: while PostgreSQL is unreachable it throws
/// ``AuditUnavailable`` within the store's timeout (the API answers 503) and works again when
/// the database is back.
public final class PostgresWorkbenchStore: WorkbenchStore {
    private let database: PostgresAuditLog
    private let logger: Logger
    /// Taken while counting and inserting drafts, so replicas together keep the limit.
    static let draftLock: Int64 = 0x5141_4D51_4F52_0003

    /// On the connection pool of `database` (its schema already migrated).
    public init(database: PostgresAuditLog) {
        self.database = database
        var logger = Logger(label: "qamqor.postgres.workbench")
        logger.logLevel = .error
        self.logger = logger
    }

    /// The workbench's schema versions in the database's one numbering (``PostgresSchema``).
    static let migrations: [PostgresSchema.Migration] = [
        (3, "the workbench: rule versions, history, schedule and drafts", schema),
        (4, "a second officer's approval of a draft", ["""
            CREATE TABLE rule_approvals (
                draft_id TEXT PRIMARY KEY,
                content TEXT NOT NULL,
                approved_by TEXT NOT NULL,
                approved_at TEXT NOT NULL
            )
            """]),
        (5, "who approved each version in the history and each schedule", [
            "ALTER TABLE rule_publications ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE rule_publications ADD COLUMN approved_at TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE rule_schedule ADD COLUMN approved_by TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE rule_schedule ADD COLUMN approved_at TEXT NOT NULL DEFAULT ''",
        ]),
    ]

    /// The tables, as migration 3 creates them.
    static let schema = [
        "CREATE TABLE rule_blobs (hash TEXT PRIMARY KEY, text TEXT NOT NULL)",
        "CREATE TABLE rule_versions (version TEXT PRIMARY KEY, first_seen TEXT NOT NULL, manifest TEXT NOT NULL)",
        """
        CREATE TABLE rule_publications (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL,
            published_by TEXT NOT NULL, note TEXT NOT NULL, base_version TEXT
        )
        """,
        """
        CREATE TABLE rule_schedule (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, version TEXT NOT NULL, effective_from TEXT NOT NULL, base_version TEXT NOT NULL,
            published_by TEXT NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL, outcome TEXT NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE rule_drafts (
            seq BIGSERIAL PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, author TEXT NOT NULL, base_version TEXT NOT NULL,
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL, manifest TEXT NOT NULL
        )
        """,
    ]

    private var client: PostgresClient { database.client }

    // MARK: Versions

    public func recordPublication(_ version: String, files: [(relativePath: String, text: String)], kind: Workbench.PublicationKind,
                                  by: String, note: String, base: String?, approval: Workbench.Approval?) async throws {
        let logger = self.logger
        try await database.bounded("recording rules \(version)") { [client] in
            try await client.withTransaction(logger: logger) { c in
                try await Self.keepVersion(version, files: files, c, logger)
                if kind.confirmsOnly {
                    // Replicas confirming the same version at once add it once.
                    try await c.query("LOCK TABLE rule_publications IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                    for try await last in try await c.query("SELECT version FROM rule_publications ORDER BY seq DESC LIMIT 1", logger: logger).decode(String.self)
                    where last == version { return }
                }
                try await c.query("""
                    INSERT INTO rule_publications (id, at, version, kind, published_by, note, base_version, approved_by, approved_at)
                    VALUES (\(UUID().uuidString.lowercased()), \(Workbench.now()), \(version), \(kind.rawValue), \(by), \(note), \(base), \(approval?.by ?? ""), \(approval?.at ?? ""))
                    """, logger: logger)
            }
        }
    }

    public func publications(limit: Int) async throws -> [Workbench.Publication] {
        try await database.bounded("reading the rules' history") { [client] in
            var list: [Workbench.Publication] = []
            let rows = try await client.query("SELECT at, version, kind, published_by, note, base_version, approved_by, approved_at FROM rule_publications ORDER BY seq DESC LIMIT \(limit)")
            for try await r in rows.decode((String, String, String, String, String, String?, String, String).self) {
                var p = Workbench.Publication(at: r.0, version: r.1, kind: Workbench.PublicationKind(rawValue: r.2) ?? .publish, publishedBy: r.3, note: r.4, baseVersion: r.5)
                if !r.6.isEmpty { p.approvedBy = r.6; p.approvedAt = r.7 }
                list.append(p)
            }
            return list
        }
    }

    public func files(ofVersion version: String) async throws -> [(path: String, text: String)]? {
        let logger = self.logger
        return try await database.bounded("reading rules \(version)") { [client] in
            try await client.withConnection { c in
                var manifest: String?
                for try await m in try await c.query("SELECT manifest FROM rule_versions WHERE version = \(version)", logger: logger).decode(String.self) { manifest = m }
                guard let manifest else { return nil }
                return try await Self.load(manifest, c, logger)
            }
        }
    }

    // MARK: Scheduled publication

    public func schedule(_ version: String, files: [(relativePath: String, text: String)], from day: Day, base: String, by: String, note: String, approval: Workbench.Approval?) async throws {
        let logger = self.logger
        try await database.bounded("scheduling rules \(version)") { [client] in
            try await client.withTransaction(logger: logger) { c in
                try await Self.keepVersion(version, files: files, c, logger)
                try await c.query("UPDATE rule_schedule SET state = 'cancelled', outcome = \(ScheduleOutcome.stored(Localized("workbench.schedule-replaced", ["version": version, "day": day]))) WHERE state IN ('pending', 'activating')",
                                  logger: logger)
                try await c.query("""
                    INSERT INTO rule_schedule (id, version, effective_from, base_version, published_by, note, created_at, state, approved_by, approved_at)
                    VALUES (\(UUID().uuidString.lowercased()), \(version), \(day.description), \(base), \(by), \(note), \(Workbench.now()), 'pending', \(approval?.by ?? ""), \(approval?.at ?? ""))
                    """, logger: logger)
            }
        }
    }

    public func latestSchedule() async throws -> Workbench.Scheduled? {
        try await database.bounded("reading the schedule") { [client] in
            let rows = try await client.query("""
                SELECT id, version, effective_from, base_version, published_by, note, created_at, state, outcome, approved_by, approved_at FROM rule_schedule ORDER BY seq DESC LIMIT 1
                """)
            for try await r in rows.decode((String, String, String, String, String, String, String, String, String, String, String).self) {
                guard let day = Day(iso: r.2) else { return nil }
                var s = Workbench.Scheduled(id: r.0, version: r.1, effectiveFrom: day, baseVersion: r.3, publishedBy: r.4, note: r.5, createdAt: r.6, state: r.7, outcome: r.8)
                if !r.9.isEmpty { s.approvedBy = r.9; s.approvedAt = r.10 }
                return s
            }
            return nil
        }
    }

    public func claimSchedule(_ id: String) async throws -> Bool {
        try await database.bounded("claiming schedule \(id)") { [client] in
            var claimed = false
            for try await _ in try await client.query("UPDATE rule_schedule SET state = 'activating' WHERE id = \(id) AND state = 'pending' RETURNING id").decode(String.self) {
                claimed = true
            }
            return claimed
        }
    }

    public func closeSchedule(_ id: String, state: String, outcome: String) async throws {
        try await database.bounded("closing schedule \(id)") { [client] in
            try await client.query("UPDATE rule_schedule SET state = \(state), outcome = \(outcome) WHERE id = \(id) AND state IN ('pending', 'activating')")
            return true
        }
    }

    // MARK: Drafts

    public func createDraft(name: String, author: String, base: String, files: [(relativePath: String, text: String)]) async throws -> String? {
        let logger = self.logger
        return try await database.bounded("creating a draft") { [client] in
            try await client.withTransaction(logger: logger) { c -> String? in
                try await c.query("SELECT pg_advisory_xact_lock(\(Self.draftLock))", logger: logger)
                var count = 0
                for try await n in try await c.query("SELECT COUNT(*) FROM rule_drafts", logger: logger).decode(Int.self) { count = n }
                guard count < Workbench.maxDrafts else { return nil }
                let id = Workbench.newDraftID(), now = Workbench.now()
                let manifest = try await Self.store(files.map { ($0.relativePath, $0.text) }, c, logger)
                try await c.query("""
                    INSERT INTO rule_drafts (id, name, author, base_version, created_at, updated_at, manifest)
                    VALUES (\(id), \(name), \(author), \(base), \(now), \(now), \(manifest))
                    """, logger: logger)
                return id
            }
        }
    }

    public func drafts() async throws -> [Workbench.DraftSummary] {
        try await database.bounded("listing drafts") { [client] in
            var list: [Workbench.DraftSummary] = []
            let rows = try await client.query("SELECT id, name, author, base_version, updated_at FROM rule_drafts ORDER BY updated_at DESC, seq DESC")
            for try await r in rows.decode((String, String, String, String, String).self) {
                list.append(Workbench.DraftSummary(id: r.0, name: r.1, author: r.2, baseVersion: r.3, updatedAt: r.4))
            }
            return list
        }
    }

    public func draft(_ id: String) async throws -> Workbench.Draft? {
        let logger = self.logger
        return try await database.bounded("reading draft \(id)") { [client] in
            try await client.withConnection { c in
                let rows = try await c.query("SELECT id, name, author, base_version, created_at, updated_at, manifest FROM rule_drafts WHERE id = \(id)", logger: logger)
                var found: (String, String, String, String, String, String, String)?
                for try await r in rows.decode((String, String, String, String, String, String, String).self) { found = r }
                guard let r = found else { return nil }
                return Workbench.Draft(id: r.0, name: r.1, author: r.2, baseVersion: r.3, createdAt: r.4, updatedAt: r.5, files: try await Self.load(r.6, c, logger))
            }
        }
    }

    @discardableResult
    public func updateDraft(_ id: String, files: [(path: String, text: String)], base: String?) async throws -> Bool {
        let logger = self.logger
        return try await database.bounded("saving draft \(id)") { [client] in
            try await client.withTransaction(logger: logger) { c in
                var old: String?
                for try await m in try await c.query("SELECT manifest FROM rule_drafts WHERE id = \(id)", logger: logger).decode(String.self) { old = m }
                let manifest = try await Self.store(files.map { ($0.path, $0.text) }, c, logger)
                var changed = false
                let rows = try await c.query("""
                    UPDATE rule_drafts SET manifest = \(manifest), updated_at = \(Workbench.now()), base_version = COALESCE(\(base), base_version)
                    WHERE id = \(id) RETURNING id
                    """, logger: logger)
                for try await _ in rows.decode(String.self) { changed = true }
                if let old { try await Self.reclaim(old, c, logger) }
                return changed
            }
        }
    }

    @discardableResult
    public func deleteDraft(_ id: String) async throws -> Bool {
        let logger = self.logger
        return try await database.bounded("deleting draft \(id)") { [client] in
            try await client.withTransaction(logger: logger) { c in
                var old: String?
                for try await m in try await c.query("DELETE FROM rule_drafts WHERE id = \(id) RETURNING manifest", logger: logger).decode(String.self) { old = m }
                if let old { try await Self.reclaim(old, c, logger) }
                try await c.query("DELETE FROM rule_approvals WHERE draft_id = \(id)", logger: logger)
                return old != nil
            }
        }
    }

    // MARK: Approvals

    public func approve(draft id: String, content: String, by: String) async throws {
        try await database.bounded("approving draft \(id)") { [client] in
            try await client.query("""
                INSERT INTO rule_approvals (draft_id, content, approved_by, approved_at) VALUES (\(id), \(content), \(by), \(Workbench.now()))
                ON CONFLICT (draft_id) DO UPDATE SET content = EXCLUDED.content, approved_by = EXCLUDED.approved_by, approved_at = EXCLUDED.approved_at
                """)
            return true
        }
    }

    public func approval(ofDraft id: String) async throws -> Workbench.Approval? {
        try await database.bounded("reading the approval of draft \(id)") { [client] in
            for try await r in try await client.query("SELECT approved_by, approved_at, content FROM rule_approvals WHERE draft_id = \(id)").decode((String, String, String).self) {
                return Workbench.Approval(by: r.0, at: r.1, content: r.2)
            }
            return nil
        }
    }

    // MARK: Blobs

    private static func keepVersion(_ version: String, files: [(relativePath: String, text: String)], _ c: PostgresConnection, _ logger: Logger) async throws {
        for try await _ in try await c.query("SELECT 1 FROM rule_versions WHERE version = \(version)", logger: logger).decode(Int.self) { return }
        let manifest = try await store(files.map { ($0.relativePath, $0.text) }, c, logger)
        try await c.query("INSERT INTO rule_versions (version, first_seen, manifest) VALUES (\(version), \(Workbench.now()), \(manifest)) ON CONFLICT (version) DO NOTHING",
                          logger: logger)
    }

    /// Stores each text once by its SHA-256; returns the manifest.
    private static func store(_ files: [(String, String)], _ c: PostgresConnection, _ logger: Logger) async throws -> String {
        let hashed = Workbench.hashed(files)
        for (entry, text) in hashed {
            try await c.query("INSERT INTO rule_blobs (hash, text) VALUES (\(entry.hash), \(text)) ON CONFLICT (hash) DO NOTHING", logger: logger)
        }
        return try Workbench.manifestText(hashed.map(\.entry))
    }

    /// Removes the texts of `manifest` that no version and no draft names any more.
    private static func reclaim(_ manifest: String, _ c: PostgresConnection, _ logger: Logger) async throws {
        for e in try Workbench.manifest(manifest) {
            let pattern = "%\"" + e.hash + "\"%"
            try await c.query("""
                DELETE FROM rule_blobs WHERE hash = \(e.hash)
                AND NOT EXISTS (SELECT 1 FROM rule_versions WHERE manifest LIKE \(pattern))
                AND NOT EXISTS (SELECT 1 FROM rule_drafts WHERE manifest LIKE \(pattern))
                """, logger: logger)
        }
    }

    private static func load(_ manifest: String, _ c: PostgresConnection, _ logger: Logger) async throws -> [(path: String, text: String)] {
        let entries = try Workbench.manifest(manifest)
        var texts: [String: String] = [:]
        let hashes = entries.map(\.hash)
        for try await (hash, text) in try await c.query("SELECT hash, text FROM rule_blobs WHERE hash = ANY(\(hashes))", logger: logger).decode((String, String).self) {
            texts[hash] = text
        }
        return try entries.map { e in
            guard let text = texts[e.hash] else { throw AuditUnavailable(reason: "the text of \(e.path) (\(e.hash)) is missing from the database") }
            return (e.path, text)
        }
    }
}
