import Hummingbird
import QamqorEngine

/// What every page reads, open to all: the programmes, the schema of a household, the sample
/// households and rounds, and who the caller is.
enum ReferenceRoutes {
    static let table: [Route] = [
        Route(.get, "/v1/programs", .open, "listPrograms") { api, request, _ in try api.programs(request) },
        Route(.get, "/v1/schema", .open, "getSchema") { api, request, _ in api.schema(request) },
        Route(.get, "/v1/samples", .open, "listSamples") { api, request, _ in try api.samples(request) },
        Route(.get, "/v1/samples/:name", .open, "getSample") { api, _, context in try api.sample(context.parameters.get("name") ?? "") },
        Route(.get, "/v1/sample-rounds", .open, "listSampleRounds") { api, _, _ in
            Response.json(.object([("rounds", .array(api.sampleRounds().map { .string($0) }))]))
        },
        Route(.get, "/v1/sample-rounds/:name", .open, "getSampleRound") { api, _, context in
            try api.sampleRound(context.parameters.get("name") ?? "")
        },
        Route(.get, "/v1/whoami", .open, "whoami") { api, _, context in
            Response.json(.object([("name", context.identity.map { .string($0.name) } ?? .null),
                                   ("roles", .array((context.identity?.roles ?? []).map(\.rawValue).sorted().map { .string($0) })),
                                   ("tokens_required", .bool(api.configuration.tokens != nil))]))
        },
    ]
}
