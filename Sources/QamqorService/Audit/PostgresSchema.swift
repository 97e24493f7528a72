/// The schema of the PostgreSQL database replicas share: the audit log's migrations and the
/// workbench's, each declared by its own store, numbered in one sequence and applied in it (each
/// once, in one transaction, recorded in `qamqor_migrations`).
public enum PostgresSchema {
    /// One schema version: its number, what it adds, and its statements.
    typealias Migration = (version: Int, note: String, sql: [String])

    /// Every migration this build knows, in order: the numbers of both stores interleave, and
    /// must not repeat.
    static let migrations: [Migration] = (PostgresAuditLog.migrations + PostgresWorkbenchStore.migrations).sorted { $0.version < $1.version }
}
