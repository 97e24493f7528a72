import Foundation
import GRDB

/// The audit log: every decision the service answers is written to an embedded SQLite database
/// (WAL) and committed before the answer is sent, so a crash right after a response loses nothing.
///
/// Guarantees: a database that fails SQLite's integrity check is refused at start with the reason;
/// a write succeeds only while the file it was opened as is still at its path (a database deleted
/// or replaced while running fails every write with ``Unavailable``, so no answer carries the id
/// of a row that is not on disk).
public final class AuditLog: Sendable {
    /// The database: the audit table here, the rule versions and drafts in ``WorkbenchStore``.
    let pool: DatabasePool
    public let path: String
    /// The device and inode of the file opened: the file at `path` must still be this one.
    private let identity: FileIdentity?

    /// The audit log cannot take a write (or be trusted): decisions are refused until it can.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    struct FileIdentity: Equatable, Sendable { let device: UInt64; let inode: UInt64 }

    static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// Nil when the database file is still the one opened, else why not.
    public func problem() -> String? {
        guard let identity else { return nil }
        guard let now = Self.identity(of: path) else { return "the audit database \((path as NSString).lastPathComponent) is gone" }
        return now == identity ? nil : "the audit database \((path as NSString).lastPathComponent) was replaced while the service ran"
    }

    /// Opens (or creates) the database at `path`; refuses a database that fails SQLite's
    /// integrity check, naming what is wrong.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL with NORMAL sync: a committed transaction survives the process being killed.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: config)
        let check = try pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        guard check == ["ok"] else {
            throw Unavailable(reason: "the audit database fails SQLite's integrity check: " + check.prefix(3).joined(separator: "; "))
        }
        identity = path == ":memory:" ? nil : Self.identity(of: path)
        try pool.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS decisions (
                    id TEXT PRIMARY KEY,
                    created_at TEXT NOT NULL,
                    rules_version TEXT NOT NULL,
                    as_of TEXT,
                    programs TEXT NOT NULL,
                    input TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    explanation TEXT NOT NULL
                )
                """)
            // Databases made before callers were recorded get the column.
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(decisions)").map { $0["name"] as String }
            if !columns.contains("caller") { try db.execute(sql: "ALTER TABLE decisions ADD COLUMN caller TEXT NOT NULL DEFAULT ''") }
        }
    }

    /// One audited decision.
    public struct Entry: Sendable {
        public let id: String
        public let createdAt: String
        /// The name of the token that asked (`local` on a workstation).
        public let caller: String
        public let rulesVersion: String
        public let asOf: String?
        public let programs: String
        public let input: String
        public let outcome: String
        public let explanation: String
    }

    /// Writes and commits an entry; returns only once it is durable.
    public func record(_ e: Entry) async throws {
        if let p = problem() { throw Unavailable(reason: p) }
        do {
            try await write(e)
        } catch {
            throw Unavailable(reason: "the audit database cannot be written: \(error)")
        }
        // Deleted while the row was written: the row is not on disk.
        if let p = problem() { throw Unavailable(reason: p) }
    }

    private func write(_ e: Entry) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO decisions (id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [e.id, e.createdAt, e.caller, e.rulesVersion, e.asOf, e.programs, e.input, e.outcome, e.explanation])
        }
    }

    /// The entry with `id`, if any.
    public func entry(_ id: String) async throws -> Entry? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM decisions WHERE id = ?", arguments: [id]) else { return nil }
            return Entry(id: row["id"], createdAt: row["created_at"], caller: row["caller"] ?? "", rulesVersion: row["rules_version"], asOf: row["as_of"],
                         programs: row["programs"], input: row["input"], outcome: row["outcome"], explanation: row["explanation"])
        }
    }

    /// How many decisions are recorded.
    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions") ?? 0 }
    }
}
