import Foundation
import Hummingbird
import HummingbirdTesting
@testable import QamqorService
import QamqorEngine

/// Shared helpers: the repository's rules copied to a temporary directory, an API over them,
/// and a fresh audit database.
enum ServiceFixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qamqor-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A copy of `rules/` that a test may edit.
    static func rulesCopy() throws -> URL {
        let dir = temporaryDirectory().appendingPathComponent("rules")
        try FileManager.default.copyItem(at: repo.appendingPathComponent("rules"), to: dir)
        // The rule tests refer to ../../samples; give the copy the same neighbour.
        try FileManager.default.createSymbolicLink(at: dir.deletingLastPathComponent().appendingPathComponent("samples"),
                                                   withDestinationURL: repo.appendingPathComponent("samples"))
        return dir
    }

    static func api(rules: URL? = nil, adminToken: String? = "secret") throws -> QamqorAPI {
        let dir = try rules ?? rulesCopy()
        let config = ServiceConfiguration(rulesDirectory: dir.path, samplesDirectory: repo.appendingPathComponent("samples").path,
                                          databasePath: temporaryDirectory().appendingPathComponent("audit.sqlite").path, adminToken: adminToken)
        return QamqorAPI(configuration: config, store: try RuleSetStore(directory: dir.path), audit: try AuditLog(path: config.databasePath))
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
