import Hummingbird

/// Deciding for a household (the `caseworker` role): decisions with their explanations, a
/// household file read for the page, and the printable notice of an audited decision.
enum DecisionRoutes {
    static let table: [Route] = [
        Route(.post, "/v1/decisions", .role(.caseworker), "decide") { api, request, context in
            try await api.decide(request, caller: context.identity)
        },
        Route(.post, "/v1/households/read", .role(.caseworker), "readHousehold") { api, request, _ in
            try await api.readHousehold(request)
        },
        Route(.get, "/v1/decisions/:id/notice", .role(.caseworker), "getDecisionNotice") { api, request, context in
            try await api.notice(context.parameters.get("id") ?? "", request)
        },
    ]
}
