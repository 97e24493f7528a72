import Hummingbird

/// The audit log (the `auditor` role): an audited decision as stored, and its replay under
/// the rule version it was made with.
enum AuditRoutes {
    static let table: [Route] = [
        Route(.get, "/v1/decisions/:id", .role(.auditor), "getAuditedDecision") { api, request, context in
            try await api.auditedDecision(request, id: context.parameters.get("id") ?? "")
        },
        Route(.get, "/v1/decisions/:id/replay", .role(.auditor), "replayDecision") { api, _, context in
            try await api.replay(context.parameters.get("id") ?? "")
        },
    ]
}
