import Foundation
import GRDB

/// The audit log: every decision the service answers is written to an embedded SQLite database
/// (WAL) and committed before the answer is sent, so a crash right after a response loses nothing.
public final class AuditLog: Sendable {
    private let pool: DatabasePool

    /// Opens (or creates) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            // WAL with NORMAL sync: a committed transaction survives the process being killed.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        pool = try DatabasePool(path: path, configuration: config)
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
        }
    }

    /// One audited decision.
    public struct Entry: Sendable {
        public let id: String
        public let createdAt: String
        public let rulesVersion: String
        public let asOf: String?
        public let programs: String
        public let input: String
        public let outcome: String
        public let explanation: String
    }

    /// Writes and commits an entry; returns only once it is durable.
    public func record(_ e: Entry) async throws {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO decisions (id, created_at, rules_version, as_of, programs, input, outcome, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [e.id, e.createdAt, e.rulesVersion, e.asOf, e.programs, e.input, e.outcome, e.explanation])
        }
    }

    /// The entry with `id`, if any.
    public func entry(_ id: String) async throws -> Entry? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM decisions WHERE id = ?", arguments: [id]) else { return nil }
            return Entry(id: row["id"], createdAt: row["created_at"], rulesVersion: row["rules_version"], asOf: row["as_of"],
                         programs: row["programs"], input: row["input"], outcome: row["outcome"], explanation: row["explanation"])
        }
    }

    /// How many decisions are recorded.
    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM decisions") ?? 0 }
    }
}
