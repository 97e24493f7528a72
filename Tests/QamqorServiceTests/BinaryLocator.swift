import AsyncHTTPClient
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NIOCore

/// Finds the `qamqor` executable for end-to-end tests. `swift test` builds the libraries, not the
/// executable: `.build/debug/qamqor` (from `swift build`, which `.ci/run` runs first) is used
/// when there is one; otherwise it is built into `.build-e2e` (a separate build folder, since the
/// running `swift test` holds the lock on `.build`).
enum QamqorBinary {
    static let path: String? = {
        let repo = ServiceFixture.repo.path
        let candidates = [".build/debug/qamqor", ".build/x86_64-unknown-linux-gnu/debug/qamqor", ".build/aarch64-unknown-linux-gnu/debug/qamqor",
                          ".build-e2e/debug/qamqor"].map { repo + "/" + $0 }
        // `swift build` (run first by .ci/run) keeps .build/debug/qamqor current; a stale binary
        // here would only come from skipping that step.
        func fresh(_ p: String) -> Bool { FileManager.default.isExecutableFile(atPath: p) }
        if let p = candidates.first(where: fresh) { return p }
        let build = Process()
        build.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        build.arguments = ["swift", "build", "--product", "qamqor", "--scratch-path", repo + "/.build-e2e"]
        build.currentDirectoryURL = ServiceFixture.repo
        build.standardOutput = FileHandle.nullDevice
        build.standardError = FileHandle.nullDevice
        try? build.run()
        build.waitUntilExit()
        return candidates.first(where: fresh) ?? candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()
}

/// A `qamqor serve` child process on a free port, for tests that need a real server.
final class RunningService: @unchecked Sendable {
    let process = Process()
    let port: Int
    let database: String
    var base: String { "http://127.0.0.1:\(port)" }

    /// A service on `port` (a random free one by default: give a stopped service's to restart it).
    init(rules: URL? = nil, database: String? = nil, port: Int? = nil, environment: [String: String] = [:], arguments: [String] = []) throws {
        guard let binary = QamqorBinary.path else { throw TestFailure("cannot find or build the qamqor executable") }
        self.port = port ?? Int.random(in: 20000...40000)
        self.database = database ?? ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--rules", (rules ?? ServiceFixture.repo.appendingPathComponent("rules")).path,
                             "--samples", ServiceFixture.repo.appendingPathComponent("samples").path,
                             "--port", String(self.port), "--db", self.database] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        try process.run()
    }

    /// Waits until /healthz answers (at most 20 s).
    func ready() async throws {
        for _ in 0..<200 {
            if let (status, _) = try? await Self.fetch(base + "/healthz", timeout: .seconds(2)), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("the service did not start")
    }

    /// One HTTP request with a deadline (AsyncHTTPClient: a request that never completes is
    /// abandoned when its time is up, instead of holding the test forever): status and body.
    static func fetch(_ url: String, method: String = "GET", headers: [(String, String)] = [], body: String? = nil,
                      timeout: Duration = .seconds(60)) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let (s, atto) = timeout.components
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000))
        let data = Data((try await response.body.collect(upTo: 64 << 20)).readableBytesView)
        return (Int(response.status.code), data)
    }

    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) } }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
