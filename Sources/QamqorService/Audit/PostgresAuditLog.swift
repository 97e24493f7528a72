import Foundation
import QamqorEngine
import Logging
import PostgresNIO

/// The audit log in PostgreSQL, shared by every replica that names the same database: the same
/// rows and hash chain as ``AuditLog``, one chain for all replicas (writers take turns under a
/// transaction-scoped advisory lock, so the chain stays a line however many replicas write).
///
/// Guarantees: the schema is created and migrated at start under a migration table
/// (`qamqor_migrations`); a database migrated by a newer Qamqor is refused, naming both
/// versions. `record` returns only after `COMMIT`. While PostgreSQL is unreachable every call
/// throws ``AuditUnavailable`` within ``timeout`` (the service answers 503), and the connection
/// pool reconnects by itself when it is back.
public final class PostgresAuditLog: AuditStore, SharedRuleVersions {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// Decisions waiting for the next transaction.
    private let queue = CommitQueue()
    /// The hash of the last row this process appended.
    private let head = ChainHead()
    public var lastHead: String? { head.current }
    private let logger: Logger
    public let location: String
    /// How long a call waits for the database before the store is reported unavailable.
    public let timeout: Duration

    /// The audit log's own schema versions (the workbench declares its own; ``PostgresSchema``
    /// applies both in the order of their numbers).
    static let migrations: [PostgresSchema.Migration] = [
        (1, "decisions with the hash chain", ["""
            CREATE TABLE decisions (
                id TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                caller TEXT NOT NULL,
                rules_version TEXT NOT NULL,
                as_of TEXT,
                programs TEXT NOT NULL,
                input TEXT NOT NULL,
                outcome TEXT NOT NULL,
                explanation TEXT NOT NULL,
                seq BIGINT NOT NULL UNIQUE,
                prev_hash TEXT NOT NULL,
                row_hash TEXT NOT NULL
            )
            """]),
        (2, "rule versions shared by replicas", ["""
            CREATE TABLE published_rules (
                seq BIGSERIAL PRIMARY KEY,
                version TEXT NOT NULL,
                files TEXT NOT NULL,
                published_by TEXT NOT NULL,
                note TEXT NOT NULL,
                published_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )
            """]),
        (6, "decisions found by the day they were made for", ["CREATE INDEX decisions_as_of ON decisions (as_of)"]),
    ]

    /// The advisory lock keys: one for migrating, one for appending to the chain.
    static let migrationLock: Int64 = 0x5141_4D51_4F52_0001, chainLock: Int64 = 0x5141_4D51_4F52_0002

    /// Connects to `url` (`postgres://user[:password]@host[:port]/database[?sslmode=disable|require]`)
    /// and brings the schema up to date.
    /// How the probe connection of ``migrate()`` connects.
    private let probe: PostgresConnection.Configuration

    public init(url: String, timeout: Duration = .seconds(5)) async throws {
        let target = try DatabaseURL(url)
        location = target.redacted
        self.timeout = timeout
        var config = PostgresClient.Configuration(host: target.host, port: target.port, username: target.user, password: target.password,
                                                  database: target.database, tls: target.requireTLS ? .require(.makeClientConfiguration()) : .disable)
        config.options.connectTimeout = timeout
        config.options.maximumConnections = 16
        var logger = Logger(label: "qamqor.postgres")
        logger.logLevel = .error
        self.logger = logger
        probe = PostgresConnection.Configuration(host: target.host, port: target.port, username: target.user, password: target.password,
                                                 database: target.database, tls: target.requireTLS ? .require(try .init(configuration: .makeClientConfiguration())) : .disable)
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        queue.write = { [weak self] batch, deadline in
            guard let self else { throw AuditUnavailable(reason: "the audit store was closed") }
            try await self.append(batch, deadline: deadline)
        }
        do { try await migrate() } catch {
            runner.cancel()
            throw error
        }
    }

    public func close() async { runner.cancel() }


    /// Runs `body` against the database, or throws ``AuditUnavailable`` if it does not answer
    /// within ``timeout``. The answer never waits longer: a call stuck on a dead connection is
    /// cancelled and left to finish on its own.
    func bounded<T: Sendable>(_ what: String, within limit: Duration? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let timeout = limit ?? self.timeout, location = self.location
        let race = Race<T>()
        let work = Task {
            do { race.finish(.success(try await body())) } catch { race.finish(.failure(error)) }
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            race.finish(.failure(AuditUnavailable(reason: "the audit database \(location) did not answer within \(timeout) (\(what))")))
            work.cancel()
        }
        defer { timer.cancel() }
        let outcome = await race.result()
        switch outcome {
        case .success(let v): return v
        case .failure(let e as AuditUnavailable): throw e
        case .failure(let e as MigrationRefused): throw e
        case .failure(let e): throw AuditUnavailable(reason: "the audit database \(location) cannot be reached (\(what)): \(Self.describe(e))")
        }
    }

    /// A PostgreSQL error's own message where there is one.
    static func describe(_ error: any Error) -> String {
        if let p = error as? PSQLError {
            if let m = p.serverInfo?[.message] { return m }
            return "\(p.code)"
        }
        return "\(error)"
    }

    /// The database was migrated by a newer Qamqor: this one must not write to it.
    public struct MigrationRefused: Error, CustomStringConvertible {
        public let found: Int, known: Int
        public var description: String {
            "the audit database is at schema version \(found), newer than the \(known) this qamqor knows: upgrade qamqor before starting it on this database"
        }
    }

    /// First a probe (a wrong host or a server that is down is reported within 15 seconds, or
    /// ``timeout`` if longer); then the migration itself, which creates tables and may wait for
    /// another replica's, within a minute (a loaded server can take longer than a decision's bound).
    private func migrate() async throws {
        let logger = self.logger
        let migrations = PostgresSchema.migrations
        // One connection of its own: a server that answers and refuses (a wrong password, an
        // unknown database) is said to have refused, with its words, not to have been silent.
        try await bounded("connecting", within: max(timeout, .seconds(15))) { [probe, location] in
            let connection: PostgresConnection
            do { connection = try await PostgresConnection.connect(configuration: probe, id: 0, logger: logger) } catch let e as PSQLError where e.serverInfo?[.message] != nil {
                throw AuditUnavailable(reason: "the audit database \(location) refused the connection: \(Self.describe(e))")
            }
            try? await connection.close()
            return true
        }
        try await bounded("migrating the schema", within: max(timeout, .seconds(60))) { [client] in
            try await client.withTransaction(logger: logger) { c in
                try await c.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
                try await c.query("CREATE TABLE IF NOT EXISTS qamqor_migrations (version INTEGER PRIMARY KEY, note TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", logger: logger)
                var current = 0
                for try await v in try await c.query("SELECT COALESCE(MAX(version), 0) FROM qamqor_migrations", logger: logger).decode(Int.self) { current = v }
                let known = migrations.last?.version ?? 0
                if current > known { throw MigrationRefused(found: current, known: known) }
                for m in migrations where m.version > current {
                    for sql in m.sql { try await c.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
                    try await c.query("INSERT INTO qamqor_migrations (version, note) VALUES (\(m.version), \(m.note))", logger: logger)
                }
            }
        }
    }

    /// Waits until `e` is committed. Decisions that arrive while a transaction is being committed
    /// are written together in the next one (group commit: one chain lock, one commit, one
    /// flush to disk for all of them), each answered only after that commit.
    ///
    /// A 503 means no row: the transaction may not commit later than ``commitMargin`` before
    /// the answer's own deadline (PostgreSQL itself gives up waiting for the chain's lock or a
    /// statement by then, and the transaction checks the time before it commits), so a decision
    /// answered "not recorded" was not recorded.
    public func record(_ e: AuditEntry) async throws {
        let deadline = ContinuousClock.now + timeout - Self.commitMargin(timeout)
        try await bounded("writing decision \(e.id)") { [queue] in try await queue.submit(e, deadline: deadline) }
    }

    /// How long before a write's answer is due its transaction must have committed.
    static func commitMargin(_ timeout: Duration) -> Duration { min(.milliseconds(1500), timeout / 3) }

    /// Appends `batch` to the chain in one transaction, which rolls back rather than commit
    /// after `deadline`.
    private func append(_ batch: [AuditEntry], deadline: ContinuousClock.Instant) async throws {
        let logger = self.logger
        let appended: String = try await bounded("writing \(batch.count) decision(s)") { [client] in
            try await client.withTransaction(logger: logger) { c in
                let left = max(Duration.milliseconds(50), deadline - .now)
                let ms = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
                try await c.query("SELECT set_config('lock_timeout', \(String(ms) + "ms"), true), set_config('statement_timeout', \(String(ms) + "ms"), true)", logger: logger)
                // One writer at a time across replicas keeps the chain a line.
                try await c.query("SELECT pg_advisory_xact_lock(\(Self.chainLock))", logger: logger)
                var seq: Int64 = 0, prev = ""
                for try await (s, h) in try await c.query("SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1", logger: logger).decode((Int64, String).self) {
                    seq = s; prev = h
                }
                for e in batch {
                    let hash = AuditChain.hash(prev: prev, e)
                    seq += 1
                    try await c.query("""
                        INSERT INTO decisions (id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation, seq, prev_hash, row_hash)
                        VALUES (\(e.id), \(e.createdAt), \(e.caller), \(e.rulesVersion), \(e.asOf), \(e.programs), \(e.input), \(e.outcome), \(e.explanation), \(seq), \(prev), \(hash))
                        """, logger: logger)
                    prev = hash
                }
                guard ContinuousClock.now < deadline else {
                    throw AuditUnavailable(reason: "the audit database \(self.location) took too long to take the decision; it was not recorded")
                }
                return prev
            }
        }
        head.set(appended)
    }

    public func entry(_ id: String) async throws -> AuditEntry? {
        try await bounded("reading decision \(id)") { [client] in
            let rows = try await client.query("""
                SELECT id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation FROM decisions WHERE id = \(id)
                """)
            for try await r in rows.decode((String, String, String, String, String?, String, String, String, String).self) {
                return AuditEntry(id: r.0, createdAt: r.1, caller: r.2, rulesVersion: r.3, asOf: r.4, programs: r.5, input: r.6, outcome: r.7, explanation: r.8)
            }
            return nil
        }
    }

    public func count() async throws -> Int {
        try await bounded("counting decisions") { [client] in
            var n = 0
            for try await c in try await client.query("SELECT COUNT(*) FROM decisions").decode(Int.self) { n = c }
            return n
        }
    }

    public func decisions(from: Day, before: Day?) async throws -> (dated: Int, undated: Int) {
        try await bounded("counting decisions by their day") { [client] in
            var dated = 0, undated = 0
            let start = from.description, end = before?.description
            for try await c in try await client.query("SELECT COUNT(*) FROM decisions WHERE as_of >= \(start) AND (\(end)::TEXT IS NULL OR as_of < \(end))").decode(Int.self) { dated = c }
            for try await c in try await client.query("SELECT COUNT(*) FROM decisions WHERE as_of IS NULL").decode(Int.self) { undated = c }
            return (dated, undated)
        }
    }

    public func verify(expectingHead: String?) async throws -> AuditVerification {
        // A walk over every row: not bounded by the short timeout of a decision's write.
        do {
            var walker = AuditChain.Walker(unchained: 0, expectingHead: expectingHead)
            let rows = try await client.query("""
                SELECT seq, prev_hash, row_hash, id, created_at, caller, rules_version, as_of, programs, input, outcome, explanation FROM decisions ORDER BY seq
                """)
            for try await r in rows.decode((Int64, String, String, String, String, String, String, String?, String, String, String, String).self) {
                let e = AuditEntry(id: r.3, createdAt: r.4, caller: r.5, rulesVersion: r.6, asOf: r.7, programs: r.8, input: r.9, outcome: r.10, explanation: r.11)
                guard walker.add(seq: r.0, e, storedPrev: r.1, own: r.2) else { break }
            }
            return walker.finished
        } catch {
            throw AuditUnavailable(reason: "the audit database \(location) cannot be read: \(Self.describe(error))")
        }
    }

    // MARK: Rule versions shared by replicas

    public func latestRuleVersion() async throws -> (seq: Int64, version: String)? {
        try await bounded("reading the published rule version") { [client] in
            for try await (seq, version) in try await client.query("SELECT seq, version FROM published_rules ORDER BY seq DESC LIMIT 1").decode((Int64, String).self) {
                return (seq, version)
            }
            return nil
        }
    }

    public func ruleFiles(seq: Int64) async throws -> [(relativePath: String, text: String)] {
        let text: String = try await bounded("reading published rules \(seq)") { [client] in
            for try await files in try await client.query("SELECT files FROM published_rules WHERE seq = \(seq)").decode(String.self) { return files }
            return "[]"
        }
        // Stored as [[path, text], …].
        let pairs = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [[String]] ?? []
        return pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }

    public func publishRules(version: String, files: [(relativePath: String, text: String)], by: String, note: String) async throws {
        let data = try JSONSerialization.data(withJSONObject: files.map { [$0.relativePath, $0.text] })
        let text = String(decoding: data, as: UTF8.self)
        try await bounded("publishing rules \(version)") { [client] in
            try await client.query("INSERT INTO published_rules (version, files, published_by, note) VALUES (\(version), \(text), \(by), \(note))")
            return true
        }
    }

    public func problem() async -> String? {
        do {
            _ = try await bounded("checking the connection") { [client] in
                for try await _ in try await client.query("SELECT 1").decode(Int.self) {}
                return true
            }
            return nil
        } catch {
            return "\(error)"
        }
    }
}
