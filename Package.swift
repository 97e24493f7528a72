// swift-tools-version: 6.1
import Foundation
import PackageDescription

let package = Package(
    name: "Qamqor",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "QamqorEngine", targets: ["QamqorEngine"]),
        .executable(name: "qamqor", targets: ["qamqor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Bearer tokens and roles: the authenticator and role-policy middleware; tokens are kept
        // as SHA-256 digests.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Already built for HummingbirdTesting; the browser test speaks WebDriver with it.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already built for Hummingbird; the rule watcher runs as one of the service's services.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // GET /metrics in Prometheus' text format.
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Logs (already built for Hummingbird): one JSON object a line with a request id, or text.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The audit log shared by replicas (`--db postgres://…`); SQLite stays the default.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // The engine, layer by layer: each target imports only the ones below it, so a back-edge
        // does not compile (README, "Layout"). The hot path from bytes to a decision and its
        // explanation is one target (QamqorCore); what it calls below is `@inlinable` where it
        // is hot (BENCHMARKS.md: the split measured).
        .target(
            name: "QamqorSupport",
            dependencies: [.product(name: "Yams", package: "Yams")],
            // Every word the engine, service, CLI and pages say: one catalogue file a language.
            resources: [.copy("Catalogue/messages")]
        ),
        .target(name: "QamqorCore", dependencies: ["QamqorSupport", .product(name: "Yams", package: "Yams")]),
        .target(name: "QamqorBatch", dependencies: ["QamqorSupport", "QamqorCore"]),
        .target(name: "QamqorRuleTests", dependencies: ["QamqorSupport", "QamqorCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "QamqorScore", dependencies: ["QamqorSupport", "QamqorCore", "QamqorBatch"]),
        .target(name: "QamqorEngine", dependencies: ["QamqorSupport", "QamqorCore", "QamqorBatch", "QamqorRuleTests", "QamqorScore"]),
        // The service's request readers (the decision envelope): above the engine, beside the
        // service, so that their fuzzer need not build the HTTP server.
        .target(name: "QamqorRequests", dependencies: ["QamqorEngine"]),
        .target(
            name: "QamqorService",
            dependencies: [
                "QamqorEngine",
                "QamqorRequests",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            resources: [.copy("Web")]
        ),
        .executableTarget(
            name: "qamqor",
            dependencies: [
                "QamqorEngine",
                "QamqorService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "QamqorServiceTests",
            dependencies: [
                "QamqorService", "QamqorEngine",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "QamqorEngineTests",
            dependencies: ["QamqorEngine"],
            exclude: ["Golden", "Fuzz", "Expressions"]
        ),
    ]
)

// Coverage-guided fuzzing harnesses (libFuzzer), built only by `fuzz/run.sh`, which sets
// QAMQOR_FUZZ=1, builds them as shared libraries instrumented with `-sanitize=fuzzer` in
// `.build-fuzz`, and links each with libFuzzer's own `main`.
if ProcessInfo.processInfo.environment["QAMQOR_FUZZ"] == "1" {
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["QamqorEngine"], path: "Fuzz/Sources/FuzzSupport"))
    for name in ["FuzzJSONRecord", "FuzzYAMLRecord", "FuzzExpression", "FuzzRules", "FuzzRound", "FuzzMessageFormat"] {
        package.targets.append(.target(name: name, dependencies: ["FuzzSupport", "QamqorEngine", "QamqorRequests"], path: "Fuzz/Sources/\(name)"))
        package.products.append(.library(name: name, type: .dynamic, targets: [name]))
    }
}
