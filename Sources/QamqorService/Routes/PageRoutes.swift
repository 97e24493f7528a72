import Hummingbird

/// The three pages and their files, open to all (what they show is asked of the API, with the
/// caller's roles). Pages are not API operations: they have no operation id.
enum PageRoutes {
    static let table: [Route] = [
        Route(.get, "/", .open, nil) { _, _, _ in try WebAssets.response("caseworker.html") },
        Route(.get, "/committee", .open, nil) { _, _, _ in try WebAssets.response("committee.html") },
        Route(.get, "/policy", .open, nil) { _, _, _ in try WebAssets.response("policy.html") },
        Route(.get, "/static/:file", .open, nil) { _, _, context in try WebAssets.response(context.parameters.get("file") ?? "") },
    ]
}
