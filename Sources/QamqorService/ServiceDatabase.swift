/// The two stores a service keeps in its database, each behind its own protocol: the audit log
/// (``AuditStore``) and the workbench's rule versions, history, schedule and drafts
/// (``WorkbenchStore``). Both live in one SQLite file (the default) or one PostgreSQL database
/// shared by replicas, where each store declares its own tables' migrations
/// (``PostgresSchema``).
public struct ServiceDatabase: Sendable {
    public let audit: any AuditStore
    public let workbench: any WorkbenchStore

    /// Both stores in the SQLite file of `log` (the workbench's tables are created if absent).
    public init(_ log: AuditLog) throws {
        audit = log
        workbench = try SQLiteWorkbenchStore(audit: log)
    }

    /// Both stores on the connection pool of `log` (its schema, both stores' tables, migrated).
    public init(_ log: PostgresAuditLog) {
        audit = log
        workbench = PostgresWorkbenchStore(database: log)
    }

    /// The database `db` names: a `postgres://` URL, else a SQLite file's path.
    public static func open(_ db: String) async throws -> ServiceDatabase {
        if AuditStores.isPostgres(db) { return ServiceDatabase(try await PostgresAuditLog(url: db)) }
        return try ServiceDatabase(AuditLog(path: db))
    }
}
