import Crypto
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
            // The chain: each row holds the previous row's hash and its own, over the previous
            // hash and its content; one writer at a time keeps it a line.
            let last = try Row.fetchOne(db, sql: "SELECT seq, row_hash FROM decisions WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")
            let seq = (last?["seq"] as Int64? ?? 0) + 1
            let prev = last?["row_hash"] as String? ?? ""
            let hash = Self.hash(prev: prev, e)
            try db.execute(sql: "INSERT INTO decisions (id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation, seq, prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [e.id, e.createdAt, e.caller, e.rulesVersion, e.asOf, e.programs, e.input, e.outcome, e.explanation, seq, prev, hash])
        }
    }

    /// SHA-256 over the previous row's hash and every field of the row, each length-prefixed.
    static func hash(prev: String, _ e: Entry) -> String {
        var h = SHA256()
        for field in [prev, e.id, e.createdAt, e.caller, e.rulesVersion, e.asOf ?? "\u{0}", e.programs, e.input, e.outcome, e.explanation] {
            let bytes = Data(field.utf8)
            h.update(data: Data(String(bytes.count).utf8 + [0x3A]))
            h.update(data: bytes)
        }
        return h.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// What `verify` found.
    public struct Verification: Sendable {
        /// Rows in the chain, and older rows written before the chain existed.
        public var chained = 0, unchained = 0
        /// The last row's hash: keep it elsewhere to detect a removal of the latest rows too.
        public var head = ""
        /// The first problem, if any: a row altered, a row removed, a chain broken.
        public var problem: String?
    }

    /// Walks the chain from the first row: each row's hash must be that of the previous row's
    /// hash and its own content, and the sequence must have no gap. Names the first row that was
    /// altered or the place a row was removed.
    public func verify() async throws -> Verification {
        try await pool.read { db in
            var v = Verification()
            v.unchained = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions WHERE seq IS NULL") ?? 0
            var prevHash = "", prevSeq: Int64 = 0, prevID = ""
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM decisions WHERE seq IS NOT NULL ORDER BY seq")
            while let r = try rows.next() {
                let seq: Int64 = r["seq"]
                let e = Entry(id: r["id"], createdAt: r["created_at"], caller: r["caller"] ?? "", rulesVersion: r["rules_version"], asOf: r["as_of"],
                              programs: r["programs"], input: r["input"], outcome: r["outcome"], explanation: r["explanation"])
                let stored: String = r["prev_hash"], own: String = r["row_hash"]
                if seq != prevSeq + 1 {
                    v.problem = prevSeq == 0 ? "the chain's first \(seq - 1) row(s) were removed (it starts at \(seq), decision \(e.id))"
                        : "\(seq - prevSeq - 1) row(s) were removed after decision \(prevID) (number \(prevSeq)), before decision \(e.id) (number \(seq))"
                    return v
                }
                if stored != prevHash {
                    v.problem = "decision \(e.id) (number \(seq)) does not follow the row before it: the chain was altered there"
                    return v
                }
                if Self.hash(prev: stored, e) != own {
                    v.problem = "decision \(e.id) (number \(seq)) was altered after it was written"
                    return v
                }
                v.chained += 1
                prevHash = own; prevSeq = seq; prevID = e.id
            }
            v.head = prevHash
            return v
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
