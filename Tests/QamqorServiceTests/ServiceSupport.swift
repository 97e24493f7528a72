import Foundation
import Hummingbird
import HummingbirdTesting
@testable import QamqorService
import QamqorEngine

/// Shared helpers: the repository's rules copied to a temporary directory, an API over them,
/// and a fresh audit database.
enum ServiceFixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// How many rule tests the shipped rules hold (all of which pass): pages and counts are
    /// checked against it, so that adding a rule test does not change what these tests assert.
    static let shippedRuleTests: Int = {
        guard case .success(let rules) = RuleSet.load(from: DirectoryRuleSource(directory: repo.appendingPathComponent("rules").path)) else { return -1 }
        return RuleTestRunner(rules: rules).runAll().filter(\.passed).count
    }()

    /// One scratch folder per test process, under which every test makes its own directory.
    /// Folders that earlier runs left behind (more than an hour old) are removed on first use.
    static let scratch: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-tests")
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: root.path)) ?? [] {
            let url = root.appendingPathComponent(name)
            if let modified = (try? fm.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date, modified < Date().addingTimeInterval(-3600) {
                try? fm.removeItem(at: url)
            }
        }
        let url = root.appendingPathComponent("run-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
        try? fm.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    static func temporaryDirectory() -> URL {
        let url = scratch.appendingPathComponent(UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of `rules/` that a test may edit.
    static func rulesCopy() throws -> URL {
        let dir = temporaryDirectory().appendingPathComponent("rules")
        // The rule tests' households are inside the rules (tests/households): the copy is whole.
        try FileManager.default.copyItem(at: repo.appendingPathComponent("rules"), to: dir)
        return dir
    }

    /// Tokens named after their roles: `caseworker-token`, …, and `all-token` with every role.
    static let tokens: TokenTable = {
        var entries = Role.allCases.map { TokenTable.Entry(name: "\($0.rawValue) user", roles: [$0], sha256: TokenTable.digest("\($0.rawValue)-token")) }
        entries.append(TokenTable.Entry(name: "all roles", roles: Role.allCases, sha256: TokenTable.digest("all-token")))
        return try! TokenTable(entries: entries)
    }()

    /// A service on a copy of the rules (or `rules`), its audit log and workbench in `audit` or
    /// else in a new SQLite file.
    static func api(rules: URL? = nil, tokens: TokenTable? = nil, database: ServiceDatabase? = nil,
                    configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> QamqorAPI {
        let dir = try rules ?? rulesCopy()
        var config = ServiceConfiguration(rulesDirectory: dir.path, samplesDirectory: repo.appendingPathComponent("samples").path,
                                          databasePath: database?.audit.location ?? temporaryDirectory().appendingPathComponent("audit.sqlite").path, tokens: tokens)
        configure(&config)
        return try await QamqorAPI(configuration: config, store: try RuleSetStore(directory: dir.path), database: try database ?? ServiceDatabase(AuditLog(path: config.databasePath)))
    }

    static func app(_ api: QamqorAPI) -> some ApplicationProtocol {
        Application(router: api.router())
    }

    static func sample(_ name: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try Data(contentsOf: repo.appendingPathComponent("samples/\(name)")))
    }

    static func json(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView))) as? [String: Any] ?? [:]
    }
}
