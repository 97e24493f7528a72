// swift-tools-version: 6.1
// A package that builds on Qamqor's engine as an ordinary dependency (no unsafe flags): it loads
// the rules, reads one applicant file and prints each programme's decision.
import PackageDescription

let package = Package(
    name: "decide-one",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Qamqor", path: "../..")],
    targets: [
        .executableTarget(name: "decide-one", dependencies: [.product(name: "QamqorEngine", package: "Qamqor")]),
    ]
)
