import Foundation
import GRDB
import QamqorEngine

/// The workbench's records in SQLite: in the audit database (the default, one service).
/// File texts live once per content in `rule_blobs`, so a version or a draft that changes one
/// file adds one text.
public final class SQLiteWorkbenchStore: WorkbenchStore {
    private let pool: DatabasePool

    /// In the audit database.
    public convenience init(audit: AuditLog) throws { try self.init(pool: audit.pool) }

    init(pool: DatabasePool) throws {
        self.pool = pool
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS rule_blobs (hash TEXT PRIMARY KEY, text TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS rule_versions (
                    version TEXT PRIMARY KEY,
                    first_seen TEXT NOT NULL,
                    manifest TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS rule_publications (
                    id TEXT PRIMARY KEY,
                    at TEXT NOT NULL,
                    version TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    published_by TEXT NOT NULL,
                    note TEXT NOT NULL,
                    base_version TEXT,
                    approved_by TEXT NOT NULL DEFAULT '',
                    approved_at TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE IF NOT EXISTS rule_schedule (
                    id TEXT PRIMARY KEY,
                    version TEXT NOT NULL,
                    effective_from TEXT NOT NULL,
                    base_version TEXT NOT NULL,
                    published_by TEXT NOT NULL,
                    note TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    state TEXT NOT NULL,
                    outcome TEXT NOT NULL DEFAULT '',
                    approved_by TEXT NOT NULL DEFAULT '',
                    approved_at TEXT NOT NULL DEFAULT ''
                );
                CREATE TABLE IF NOT EXISTS rule_approvals (
                    draft_id TEXT PRIMARY KEY,
                    content TEXT NOT NULL,
                    approved_by TEXT NOT NULL,
                    approved_at TEXT NOT NULL
                );
                CREATE TABLE IF NOT EXISTS rule_drafts (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    author TEXT NOT NULL,
                    base_version TEXT NOT NULL,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    manifest TEXT NOT NULL
                );
                """)
            // A database made before approvals were kept with the history: the columns added.
            for table in ["rule_publications", "rule_schedule"] {
                let columns = try db.columns(in: table).map(\.name)
                for column in ["approved_by", "approved_at"] where !columns.contains(column) {
                    try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) TEXT NOT NULL DEFAULT ''")
                }
            }
        }
    }

    // MARK: Versions

    public func recordPublication(_ version: String, files: [(relativePath: String, text: String)], kind: Workbench.PublicationKind,
                                  by: String, note: String, base: String?, approval: Workbench.Approval?) async throws {
        try await pool.write { db in
            try Self.keepVersion(version, files: files, db)
            if kind.confirmsOnly {
                let last = try String.fetchOne(db, sql: "SELECT version FROM rule_publications ORDER BY at DESC, rowid DESC LIMIT 1")
                if last == version { return }
            }
            try db.execute(sql: "INSERT INTO rule_publications (id, at, version, kind, published_by, note, base_version, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [UUID().uuidString.lowercased(), Workbench.now(), version, kind.rawValue, by, note, base, approval?.by ?? "", approval?.at ?? ""])
        }
    }

    public func publications(limit: Int) async throws -> [Workbench.Publication] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rule_publications ORDER BY at DESC, rowid DESC LIMIT ?", arguments: [limit]).map { r in
                var p = Workbench.Publication(at: r["at"], version: r["version"], kind: Workbench.PublicationKind(rawValue: r["kind"]) ?? .publish,
                                              publishedBy: r["published_by"], note: r["note"], baseVersion: r["base_version"])
                let by: String = r["approved_by"], at: String = r["approved_at"]
                if !by.isEmpty { p.approvedBy = by; p.approvedAt = at }
                return p
            }
        }
    }

    public func files(ofVersion version: String) async throws -> [(path: String, text: String)]? {
        try await pool.read { db in
            guard let manifest = try String.fetchOne(db, sql: "SELECT manifest FROM rule_versions WHERE version = ?", arguments: [version]) else { return nil }
            return try Self.load(manifest, db)
        }
    }

    // MARK: Scheduled publication

    public func schedule(_ version: String, files: [(relativePath: String, text: String)], from day: Day, base: String, by: String, note: String, approval: Workbench.Approval?) async throws {
        try await pool.write { db in
            try Self.keepVersion(version, files: files, db)
            try db.execute(sql: "UPDATE rule_schedule SET state = 'cancelled', outcome = ? WHERE state IN ('pending', 'activating')",
                           arguments: [ScheduleOutcome.stored(Localized("workbench.schedule-replaced", ["version": version, "day": day]))])
            try db.execute(sql: "INSERT INTO rule_schedule (id, version, effective_from, base_version, published_by, note, created_at, state, approved_by, approved_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)",
                           arguments: [UUID().uuidString.lowercased(), version, day.description, base, by, note, Workbench.now(), approval?.by ?? "", approval?.at ?? ""])
        }
    }

    public func latestSchedule() async throws -> Workbench.Scheduled? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM rule_schedule ORDER BY created_at DESC, rowid DESC LIMIT 1").flatMap { r in
                guard let day = Day(iso: r["effective_from"] as String) else { return nil }
                var s = Workbench.Scheduled(id: r["id"], version: r["version"], effectiveFrom: day, baseVersion: r["base_version"], publishedBy: r["published_by"],
                                            note: r["note"], createdAt: r["created_at"], state: r["state"], outcome: r["outcome"])
                let by: String = r["approved_by"], at: String = r["approved_at"]
                if !by.isEmpty { s.approvedBy = by; s.approvedAt = at }
                return s
            }
        }
    }

    public func claimSchedule(_ id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE rule_schedule SET state = 'activating' WHERE id = ? AND state = 'pending'", arguments: [id])
            return db.changesCount > 0
        }
    }

    public func closeSchedule(_ id: String, state: String, outcome: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE rule_schedule SET state = ?, outcome = ? WHERE id = ? AND state IN ('pending', 'activating')", arguments: [state, outcome, id])
        }
    }

    // MARK: Drafts

    public func createDraft(name: String, author: String, base: String, files: [(relativePath: String, text: String)]) async throws -> String? {
        try await pool.write { db in
            guard (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_drafts") ?? 0) < Workbench.maxDrafts else { return nil }
            let id = Workbench.newDraftID(), now = Workbench.now()
            let manifest = try Self.store(files.map { ($0.relativePath, $0.text) }, db)
            try db.execute(sql: "INSERT INTO rule_drafts (id, name, author, base_version, created_at, updated_at, manifest) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, name, author, base, now, now, manifest])
            return id
        }
    }

    public func drafts() async throws -> [Workbench.DraftSummary] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, author, base_version, updated_at FROM rule_drafts ORDER BY updated_at DESC, rowid DESC")
                .map { Workbench.DraftSummary(id: $0["id"], name: $0["name"], author: $0["author"], baseVersion: $0["base_version"], updatedAt: $0["updated_at"]) }
        }
    }

    public func draft(_ id: String) async throws -> Workbench.Draft? {
        try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM rule_drafts WHERE id = ?", arguments: [id]) else { return nil }
            return Workbench.Draft(id: r["id"], name: r["name"], author: r["author"], baseVersion: r["base_version"], createdAt: r["created_at"],
                                   updatedAt: r["updated_at"], files: try Self.load(r["manifest"], db))
        }
    }

    @discardableResult
    public func updateDraft(_ id: String, files: [(path: String, text: String)], base: String?) async throws -> Bool {
        try await pool.write { db in
            let old = try String.fetchOne(db, sql: "SELECT manifest FROM rule_drafts WHERE id = ?", arguments: [id])
            let manifest = try Self.store(files.map { ($0.path, $0.text) }, db)
            try db.execute(sql: "UPDATE rule_drafts SET manifest = ?, updated_at = ?, base_version = COALESCE(?, base_version) WHERE id = ?",
                           arguments: [manifest, Workbench.now(), base, id])
            let changed = db.changesCount > 0
            if let old { try Self.reclaim(old, db) }
            return changed
        }
    }

    @discardableResult
    public func deleteDraft(_ id: String) async throws -> Bool {
        try await pool.write { db in
            let old = try String.fetchOne(db, sql: "SELECT manifest FROM rule_drafts WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM rule_drafts WHERE id = ?", arguments: [id])
            let deleted = db.changesCount > 0
            try db.execute(sql: "DELETE FROM rule_approvals WHERE draft_id = ?", arguments: [id])
            if let old { try Self.reclaim(old, db) }
            return deleted
        }
    }

    // MARK: Approvals

    public func approve(draft id: String, content: String, by: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO rule_approvals (draft_id, content, approved_by, approved_at) VALUES (?, ?, ?, ?)",
                           arguments: [id, content, by, Workbench.now()])
        }
    }

    public func approval(ofDraft id: String) async throws -> Workbench.Approval? {
        try await pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM rule_approvals WHERE draft_id = ?", arguments: [id]) else { return nil }
            return Workbench.Approval(by: r["approved_by"], at: r["approved_at"], content: r["content"])
        }
    }

    // MARK: Blobs

    private static func keepVersion(_ version: String, files: [(relativePath: String, text: String)], _ db: Database) throws {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_versions WHERE version = ?", arguments: [version]) != true else { return }
        let manifest = try store(files.map { ($0.relativePath, $0.text) }, db)
        try db.execute(sql: "INSERT INTO rule_versions (version, first_seen, manifest) VALUES (?, ?, ?)", arguments: [version, Workbench.now(), manifest])
    }

    /// Stores each text once by its SHA-256; returns the manifest.
    private static func store(_ files: [(String, String)], _ db: Database) throws -> String {
        let hashed = Workbench.hashed(files)
        for (entry, text) in hashed {
            try db.execute(sql: "INSERT INTO rule_blobs (hash, text) VALUES (?, ?) ON CONFLICT(hash) DO NOTHING", arguments: [entry.hash, text])
        }
        return try Workbench.manifestText(hashed.map(\.entry))
    }

    /// Removes the texts of `manifest` that no version and no draft names any more: a draft
    /// rewritten or deleted leaves nothing behind.
    private static func reclaim(_ manifest: String, _ db: Database) throws {
        for e in try Workbench.manifest(manifest) {
            let pattern = "%\"" + e.hash + "\"%"
            let used = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM rule_versions WHERE manifest LIKE ?) OR EXISTS (SELECT 1 FROM rule_drafts WHERE manifest LIKE ?)",
                                         arguments: [pattern, pattern]) ?? true
            if !used { try db.execute(sql: "DELETE FROM rule_blobs WHERE hash = ?", arguments: [e.hash]) }
        }
    }

    private static func load(_ manifest: String, _ db: Database) throws -> [(path: String, text: String)] {
        try Workbench.manifest(manifest).map { e in
            guard let text = try String.fetchOne(db, sql: "SELECT text FROM rule_blobs WHERE hash = ?", arguments: [e.hash]) else {
                throw AuditUnavailable(reason: "the text of \(e.path) (\(e.hash)) is missing from the database")
            }
            return (e.path, text)
        }
    }
}
