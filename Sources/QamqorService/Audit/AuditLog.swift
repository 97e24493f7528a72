import Crypto
import Foundation
import GRDB
import QamqorEngine
import Synchronization

/// The audit log: every decision the service answers is written to an embedded SQLite database
/// (WAL) and committed before the answer is sent, so a crash right after a response loses nothing.
///
/// Guarantees: a database that fails SQLite's integrity check is refused at start with the reason;
/// a write succeeds only while the file it was opened as is still at its path (a database deleted
/// or replaced while running fails every write with ``Unavailable``, so no answer carries the id
/// of a row that is not on disk).
public final class AuditLog: AuditStore {
    /// The database: the audit table here, the rule versions and drafts in ``WorkbenchStore``.
    let pool: DatabasePool
    public let path: String
    /// The device and inode of the file opened: the file at `path` must still be this one.
    private let identity: FileIdentity?
    /// The same for its write-ahead log (`-wal`), which holds every decision since the last
    /// checkpoint: removed or replaced, those decisions are gone at the next crash.
    private let walIdentity: FileIdentity?
    /// When SQLite's `quick_check` last ran, and what it found wrong (sticky: a database that
    /// failed it takes no more decisions until the service is restarted on a sound one).
    private let health = Mutex<(checked: ContinuousClock.Instant?, failed: String?)>((nil, nil))
    /// The hash of the last row this process appended.
    private let head = ChainHead()
    public var lastHead: String? { head.current }
    /// How often readiness runs `quick_check`.
    static let quickCheckInterval: Duration = .seconds(30)

    public typealias Unavailable = AuditUnavailable
    public typealias Entry = AuditEntry
    public typealias Verification = AuditVerification

    public var location: String { path }

    struct FileIdentity: Equatable, Sendable { let device: UInt64; let inode: UInt64 }

    static func identity(of path: String) -> FileIdentity? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
    }

    /// Nil when the database can take a row now, else why not: the file and its write-ahead
    /// log are still those opened, and SQLite's `quick_check` (run at most every 30 s here)
    /// finds nothing wrong.
    public func problem() async -> String? {
        if let p = fileProblem() { return p }
        let due = health.withLock { h in h.checked.map { ContinuousClock.now - $0 >= Self.quickCheckInterval } ?? true }
        if due { quickCheck() }
        return health.withLock { $0.failed }
    }

    /// Runs `quick_check`; a failure is kept (see ``health``).
    private func quickCheck() {
        let found = (try? pool.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }) ?? ["the database cannot be read"]
        health.withLock { h in
            h.checked = .now
            if found != ["ok"], h.failed == nil { h.failed = "the audit database fails SQLite's integrity check: " + found.prefix(3).joined(separator: "; ") }
        }
    }

    /// What a database error says, without the SQL statement it came from.
    static func describe(_ error: any Error) -> String {
        if let e = error as? DatabaseError {
            if e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED { return "the database is locked by another process" }
            return e.message ?? "SQLite error \(e.resultCode.rawValue)"
        }
        return "\(error)"
    }

    public func close() async { try? pool.close() }

    /// Nil when the database file is still the one opened, else why not.
    func fileProblem() -> String? {
        if let failed = health.withLock({ $0.failed }) { return failed }
        guard let identity else { return nil }
        let name = (path as NSString).lastPathComponent
        guard let now = Self.identity(of: path) else { return "the audit database \(name) is gone" }
        guard now == identity else { return "the audit database \(name) was replaced while the service ran" }
        if let walIdentity {
            guard let wal = Self.identity(of: path + "-wal") else { return "the write-ahead log of \(name) was removed: decisions since the last checkpoint would be lost" }
            guard wal == walIdentity else { return "the write-ahead log of \(name) was replaced while the service ran" }
        }
        return nil
    }

    /// Opens (or creates) the database at `path`; refuses a database that fails SQLite's
    /// integrity check, naming what is wrong.
    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        // Another process holding the write lock is waited for (a bounded time), not an error.
        config.busyMode = .timeout(5)
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
        // WAL mode made the log when the pool opened its first connection.
        walIdentity = path == ":memory:" ? nil : Self.identity(of: path + "-wal")
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
            // Databases made before callers were recorded get the column; before the hash chain,
            // its columns (their older rows stay unchained: `verify` says how many).
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(decisions)").map { $0["name"] as String }
            if !columns.contains("caller") { try db.execute(sql: "ALTER TABLE decisions ADD COLUMN caller TEXT NOT NULL DEFAULT ''") }
            if !columns.contains("seq") {
                try db.execute(sql: "ALTER TABLE decisions ADD COLUMN seq INTEGER")
                try db.execute(sql: "ALTER TABLE decisions ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''")
                try db.execute(sql: "ALTER TABLE decisions ADD COLUMN row_hash TEXT NOT NULL DEFAULT ''")
            }
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS decisions_seq ON decisions (seq)")
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS decisions_as_of ON decisions (as_of)")
            // What the chain cannot say of itself: how many rows were written before it existed
            // (counted once, when the chain is first set up: any later row without a place in
            // it was inserted by hand), and that it was ever written to (an emptied log is not a
            // log that never held a decision).
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            if try String.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE key = 'unchained_before_chain'") == nil {
                let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE seq IS NULL") ?? 0
                try db.execute(sql: "INSERT INTO audit_meta (key, value) VALUES ('unchained_before_chain', ?)", arguments: [String(before)])
                if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE seq IS NOT NULL") ?? 0 > 0 {
                    try db.execute(sql: "INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('chain_started', 'before this record')")
                }
            }
        }
    }

    /// Writes and commits an entry; returns only once it is durable.
    public func record(_ e: Entry) async throws {
        if let p = fileProblem() { throw Unavailable(reason: p) }
        do {
            try await write(e)
        } catch {
            // A failed write may mean a damaged file: checked now, not at the next readiness probe.
            quickCheck()
            throw Unavailable(reason: "the audit database cannot be written: \(Self.describe(error))")
        }
        // Deleted while the row was written: the row is not on disk.
        if let p = fileProblem() { throw Unavailable(reason: p) }
    }

    private func write(_ e: Entry) async throws {
        let written: String = try await pool.write { db in
            // The chain: each row holds the previous row's hash and its own, over the previous
            // hash and its content; one writer at a time keeps it a line.
            let last = try Row.fetchOne(db, sql: "SELECT seq, row_hash FROM decisions WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
            let seq = (last?["seq"] as Int64? ?? 0) + 1
            let prev = last?["row_hash"] as String? ?? ""
            let hash = AuditChain.hash(prev: prev, e)
            try db.execute(sql: "INSERT INTO decisions (id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation, seq, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [e.id, e.createdAt, e.caller, e.rulesVersion, e.asOf, e.programs, e.input, e.outcome, e.explanation, seq, prev, hash])
            if seq == 1 { try db.execute(sql: "INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('chain_started', ?)", arguments: [e.createdAt]) }
            return hash
        }
        head.set(written)
    }

    /// Walks the chain from the first row (``AuditChain``). Rows without a place in the chain
    /// are a problem unless they were there when the chain was set up (counted then), and an
    /// empty log is a problem once a decision was ever written to it.
    public func verify(expectingHead: String?) async throws -> Verification {
        try await pool.read { db in
            let unchained = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE seq IS NULL") ?? 0
            let before = try String.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE key = 'unchained_before_chain'").flatMap { Int($0) } ?? 0
            let started = try String.fetchOne(db, sql: "SELECT value FROM audit_meta WHERE key = 'chain_started'")
            var walker = AuditChain.Walker(unchained: unchained, expectingHead: expectingHead)
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM decisions WHERE seq IS NOT NULL ORDER BY seq")
            while let r = try rows.next() {
                let e = Entry(id: r["id"], createdAt: r["created_at"], caller: r["caller"] ?? "", rulesVersion: r["rules_version"], asOf: r["as_of"],
                              programs: r["programs"], input: r["input"], outcome: r["outcome"], explanation: r["explanation"])
                guard walker.add(seq: r["seq"], e, storedPrev: r["prev_hash"], own: r["row_hash"]) else { break }
            }
            var result = walker.finished
            if result.problem == nil, unchained > before {
                result.problem = "\(unchained - before) decision row(s) have no place in the chain, but \(before == 0 ? "none were" : "only \(before) were") written before it: they were inserted afterwards"
            }
            if result.problem == nil, result.chained == 0, let started {
                result.problem = "the log holds no decision in its chain, but decisions were written to it (the first at \(started)): its rows were removed"
            }
            return result
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

    public func decisions(from: Day, before: Day?) async throws -> (dated: Int, undated: Int) {
        try await pool.read { db in
            let dated = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE as_of >= ? AND (? IS NULL OR as_of < ?)",
                                         arguments: [from.description, before?.description, before?.description]) ?? 0
            let undated = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE as_of IS NULL") ?? 0
            return (dated, undated)
        }
    }

}
