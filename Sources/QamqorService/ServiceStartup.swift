import QamqorEngine

/// Why the service did not start, in the words `qamqor serve` prints: which part failed (the
/// rules, the audit database, the workbench's tables) and where.
public struct ServiceStartError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

extension QamqorAPI {
    /// Opens everything the service runs on, in order, for `configuration`: the rules (loaded,
    /// checked and their tests run — broken rules are never served), the audit database named
    /// by `databasePath` (a SQLite file, or `postgres://…` shared by replicas), and the
    /// workbench's tables in it. Nothing is left open when it fails. The caller builds the
    /// server with ``application(limits:watching:onRunning:)`` and calls ``close()`` after it.
    public static func open(_ configuration: ServiceConfiguration) async throws(ServiceStartError) -> QamqorAPI {
        let store: RuleSetStore
        do { store = try RuleSetStore(directory: configuration.rulesDirectory) } catch {
            throw ServiceStartError(description: "the rules in \(configuration.rulesDirectory) do not load:\n\(error)")
        }
        let db = configuration.databasePath
        let database: ServiceDatabase
        do { database = try await ServiceDatabase.open(db) } catch {
            throw ServiceStartError(description: "\(AuditStores.printable(db)): cannot open the audit database (\(error))")
        }
        do { return try await QamqorAPI(configuration: configuration, store: store, database: database) } catch {
            await database.audit.close()
            throw ServiceStartError(description: "\(AuditStores.printable(db)): cannot open the workbench's tables (\(error))")
        }
    }

    /// Closes the audit database (after the server has stopped: requests in flight are done).
    public func close() async { await audit.close() }
}
