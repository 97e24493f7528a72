import Crypto
import Foundation
import GRDB
import QamqorEngine

/// The policy workbench's records, in the audit database: every rule version ever in force (a
/// content-addressed snapshot of all its files, who published it, when and why) and the drafts
/// policy officers work on. File texts are stored once per content (`rule_blobs`), so a version
/// or a draft that changes one file adds one text.
///
/// Versions are never deleted: an audited decision names the version it was made under, and a
/// replay needs it. Plain SQL of types both SQLite and PostgreSQL have.
public final class WorkbenchStore: Sendable {
    private let pool: DatabasePool

    /// The most drafts kept at once (a client cannot fill the database with them).
    public static let maxDrafts = 100

    /// In the audit database (the SQLite default).
    public convenience init(audit: AuditLog) throws { try self.init(pool: audit.pool) }

    /// In a SQLite file of its own (when the audit log is in PostgreSQL).
    public convenience init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        try self.init(pool: DatabasePool(path: path, configuration: config))
    }

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
                    base_version TEXT
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
                    outcome TEXT NOT NULL DEFAULT ''
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
        }
    }

    /// A file of a manifest: its path and the hash of its text.
    struct ManifestEntry: Codable { let path: String; let hash: String }

    /// How a version came to be in force.
    public enum PublicationKind: String, Sendable {
        /// The rules the service started with.
        case start
        /// A change of the rules directory picked up by hot reload.
        case reload
        /// A draft published from the workbench.
        case publish
        /// An earlier version published again.
        case rollback
        /// A version published on another replica, taken from the shared database.
        case shared
    }

    /// One time a version came into force.
    public struct Publication: Sendable {
        public let at: String
        public let version: String
        public let kind: PublicationKind
        public let publishedBy: String
        public let note: String
        public let baseVersion: String?
    }

    /// One draft's record.
    public struct Draft: Sendable {
        public let id: String
        public let name: String
        public let author: String
        public let baseVersion: String
        public let createdAt: String
        public let updatedAt: String
        /// Its files, by path, sorted.
        public let files: [(path: String, text: String)]
    }

    // MARK: Versions

    /// Records that `version` (with `files`) came into force: its files once, the event always —
    /// except a start or reload of the version already last in force, which adds nothing.
    public func recordPublication(_ version: String, files: [(relativePath: String, text: String)], kind: PublicationKind,
                                  by: String, note: String, base: String?) throws {
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_versions WHERE version = ?", arguments: [version]) != true {
                let manifest = try Self.store(files.map { ($0.relativePath, $0.text) }, db)
                try db.execute(sql: "INSERT INTO rule_versions (version, first_seen, manifest) VALUES (?, ?, ?)",
                               arguments: [version, Date().formatted(.iso8601), manifest])
            }
            if kind == .start || kind == .reload {
                let last = try String.fetchOne(db, sql: "SELECT version FROM rule_publications ORDER BY at DESC, rowid DESC LIMIT 1")
                if last == version { return }
            }
            try db.execute(sql: "INSERT INTO rule_publications (id, at, version, kind, published_by, note, base_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [UUID().uuidString.lowercased(), Date().formatted(.iso8601), version, kind.rawValue, by, note, base])
        }
    }

    /// Every time a version came into force, the latest first.
    public func publications(limit: Int = 200) throws -> [Publication] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM rule_publications ORDER BY at DESC, rowid DESC LIMIT ?", arguments: [limit]).map { r in
                Publication(at: r["at"], version: r["version"], kind: PublicationKind(rawValue: r["kind"]) ?? .publish,
                            publishedBy: r["published_by"], note: r["note"], baseVersion: r["base_version"])
            }
        }
    }

    /// The files of version `version`, or nil when it is not recorded.
    public func files(ofVersion version: String) throws -> [(path: String, text: String)]? {
        try pool.read { db in
            guard let manifest = try String.fetchOne(db, sql: "SELECT manifest FROM rule_versions WHERE version = ?", arguments: [version]) else { return nil }
            return try Self.load(manifest, db)
        }
    }

    // MARK: Scheduled publication

    /// A version published to come into force on a later date.
    public struct Scheduled: Sendable {
        public let id: String
        public let version: String
        public let effectiveFrom: Day
        public let baseVersion: String
        public let publishedBy: String
        public let note: String
        public let createdAt: String
        /// `pending`, `done` or `cancelled`.
        public let state: String
        /// Why it was cancelled, or when it came into force.
        public let outcome: String
    }

    /// Schedules `version` (its files recorded) to come into force on `day`; a pending schedule
    /// it replaces is cancelled with the reason.
    public func schedule(_ version: String, files: [(relativePath: String, text: String)], from day: Day, base: String, by: String, note: String) throws {
        try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM rule_versions WHERE version = ?", arguments: [version]) != true {
                let manifest = try Self.store(files.map { ($0.relativePath, $0.text) }, db)
                try db.execute(sql: "INSERT INTO rule_versions (version, first_seen, manifest) VALUES (?, ?, ?)", arguments: [version, Date().formatted(.iso8601), manifest])
            }
            try db.execute(sql: "UPDATE rule_schedule SET state = 'cancelled', outcome = ? WHERE state = 'pending'",
                           arguments: ["replaced by version \(version) from \(day)"])
            try db.execute(sql: "INSERT INTO rule_schedule (id, version, effective_from, base_version, published_by, note, created_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')",
                           arguments: [UUID().uuidString.lowercased(), version, day.description, base, by, note, Date().formatted(.iso8601)])
        }
    }

    /// The latest schedule (pending or not), if any.
    public func latestSchedule() throws -> Scheduled? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM rule_schedule ORDER BY created_at DESC, rowid DESC LIMIT 1").flatMap { r in
                guard let day = Day(iso: r["effective_from"] as String) else { return nil }
                return Scheduled(id: r["id"], version: r["version"], effectiveFrom: day, baseVersion: r["base_version"], publishedBy: r["published_by"],
                                 note: r["note"], createdAt: r["created_at"], state: r["state"], outcome: r["outcome"])
            }
        }
    }

    /// Marks schedule `id` done or cancelled, with what happened.
    public func closeSchedule(_ id: String, state: String, outcome: String) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE rule_schedule SET state = ?, outcome = ? WHERE id = ? AND state = 'pending'", arguments: [state, outcome, id])
        }
    }

    // MARK: Drafts

    /// A new draft holding `files` (the rules in force), based on `base`.
    public func createDraft(name: String, author: String, base: String, files: [(relativePath: String, text: String)]) throws -> String? {
        try pool.write { db in
            guard (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_drafts") ?? 0) < Self.maxDrafts else { return nil }
            let id = String(UUID().uuidString.lowercased().prefix(8))
            let now = Date().formatted(.iso8601)
            let manifest = try Self.store(files.map { ($0.relativePath, $0.text) }, db)
            try db.execute(sql: "INSERT INTO rule_drafts (id, name, author, base_version, created_at, updated_at, manifest) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, name, author, base, now, now, manifest])
            return id
        }
    }

    /// Every draft, the most recently changed first (without their files).
    public func drafts() throws -> [(id: String, name: String, author: String, baseVersion: String, updatedAt: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, name, author, base_version, updated_at FROM rule_drafts ORDER BY updated_at DESC, rowid DESC")
                .map { ($0["id"], $0["name"], $0["author"], $0["base_version"], $0["updated_at"]) }
        }
    }

    /// Draft `id` with its files, or nil.
    public func draft(_ id: String) throws -> Draft? {
        try pool.read { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM rule_drafts WHERE id = ?", arguments: [id]) else { return nil }
            return Draft(id: r["id"], name: r["name"], author: r["author"], baseVersion: r["base_version"], createdAt: r["created_at"],
                         updatedAt: r["updated_at"], files: try Self.load(r["manifest"], db))
        }
    }

    /// Replaces the draft's files (all of them) and, when given, its base; false when there is no such draft.
    @discardableResult
    public func updateDraft(_ id: String, files: [(path: String, text: String)], base: String? = nil) throws -> Bool {
        try pool.write { db in
            let manifest = try Self.store(files, db)
            try db.execute(sql: "UPDATE rule_drafts SET manifest = ?, updated_at = ?, base_version = COALESCE(?, base_version) WHERE id = ?",
                           arguments: [manifest, Date().formatted(.iso8601), base, id])
            return db.changesCount > 0
        }
    }

    /// Deletes draft `id`; false when there was none.
    @discardableResult
    public func deleteDraft(_ id: String) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM rule_drafts WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Blobs

    /// Stores each text once by its SHA-256; returns the manifest as JSON.
    static func store(_ files: [(String, String)], _ db: Database) throws -> String {
        var entries: [ManifestEntry] = []
        for (path, text) in files.sorted(by: { $0.0 < $1.0 }) {
            let hash = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            try db.execute(sql: "INSERT INTO rule_blobs (hash, text) VALUES (?, ?) ON CONFLICT(hash) DO NOTHING", arguments: [hash, text])
            entries.append(ManifestEntry(path: path, hash: hash))
        }
        return String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
    }

    static func load(_ manifest: String, _ db: Database) throws -> [(path: String, text: String)] {
        let entries = try JSONDecoder().decode([ManifestEntry].self, from: Data(manifest.utf8))
        return try entries.map { e in
            guard let text = try String.fetchOne(db, sql: "SELECT text FROM rule_blobs WHERE hash = ?", arguments: [e.hash]) else {
                throw AuditLog.Unavailable(reason: "the text of \(e.path) (\(e.hash)) is missing from the database")
            }
            return (e.path, text)
        }
    }
}
