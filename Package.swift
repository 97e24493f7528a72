// swift-tools-version: 6.1
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
    ],
    targets: [
        .target(
            name: "QamqorEngine",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: [
                // The evaluator's frame is confined to one thread by construction; dynamic
                // exclusivity checks on it cost a third of a decision in release builds.
                .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "qamqor",
            dependencies: [
                "QamqorEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "QamqorEngineTests",
            dependencies: ["QamqorEngine"],
            exclude: ["Golden"]
        ),
    ]
)
