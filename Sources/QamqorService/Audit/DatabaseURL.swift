import Foundation

/// A `postgres://` URL taken apart: `postgres://user[:password]@host[:port]/database`, with
/// `?sslmode=require` for TLS (default: none, for loopback and private networks).
public struct DatabaseURL: Sendable {
    public let user: String, password: String?, host: String, port: Int, database: String
    public let requireTLS: Bool

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            throw Invalid(description: "not a PostgreSQL URL: expected postgres://user@host:port/database")
        }
        guard let host = c.host, !host.isEmpty else { throw Invalid(description: "the PostgreSQL URL names no host") }
        let database = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        guard !database.isEmpty else { throw Invalid(description: "the PostgreSQL URL names no database (…/database)") }
        guard let user = c.user, !user.isEmpty else { throw Invalid(description: "the PostgreSQL URL names no user (postgres://user@…)") }
        let mode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard ["disable", "require"].contains(mode) else { throw Invalid(description: "sslmode must be disable or require, not \(mode)") }
        self.user = user.removingPercentEncoding ?? user
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
        self.host = host; self.port = c.port ?? 5432; self.database = database; self.requireTLS = mode == "require"
    }

    /// The URL without its password, for messages and logs.
    public var redacted: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
