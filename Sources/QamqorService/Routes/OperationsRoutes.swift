import Hummingbird

/// What an operator and a load balancer read, open to all: readiness, liveness and metrics.
enum OperationsRoutes {
    static let table: [Route] = [
        // Ready: the audit log takes a row now (503 when not: a load balancer sends decisions
        // elsewhere). Alive: the process answers (a restart would not help a database that is
        // down, so a liveness probe must not fail for that).
        Route(.get, "/healthz", .open, "getHealth") { api, _, _ in try await api.readiness() },
        Route(.get, "/healthz/ready", .open, "getReadiness") { api, _, _ in try await api.readiness() },
        Route(.get, "/healthz/live", .open, "getLiveness") { api, _, _ in
            Response.json(.object([("status", .string("alive")), ("rules_version", .string(api.store.rules.version))]))
        },
        Route(.get, "/metrics", .open, "getMetrics") { api, _, _ in api.metricsResponse() },
    ]
}
