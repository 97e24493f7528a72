import Hummingbird

/// Ranking a round of applications (the `committee` role).
enum RankingRoutes {
    static let table: [Route] = [
        Route(.post, "/v1/rankings", .role(.committee), "rankApplications") { api, request, _ in try await api.rank(request) },
    ]
}
