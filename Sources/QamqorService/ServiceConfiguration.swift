import Foundation

/// How `qamqor serve` runs: where the rules, samples and audit database are, where it listens,
/// and the limits it enforces.
public struct ServiceConfiguration: Sendable {
    public var rulesDirectory: String
    public var samplesDirectory: String
    public var host: String
    public var port: Int
    public var databasePath: String
    /// Bearer token for reading audited decisions; with none, reading is refused.
    public var adminToken: String?
    /// Largest accepted body of a decision request.
    public var maxDecisionBody: Int
    /// Largest accepted body of a ranking request (a round file).
    public var maxRankingBody: Int
    /// How often the rules directory is checked for saved changes.
    public var reloadInterval: Duration

    public init(rulesDirectory: String = "rules", samplesDirectory: String = "samples", host: String = "127.0.0.1", port: Int = 8080,
                databasePath: String = "qamqor.sqlite", adminToken: String? = ProcessInfo.processInfo.environment["QAMQOR_ADMIN_TOKEN"],
                maxDecisionBody: Int = 1 << 20, maxRankingBody: Int = 64 << 20, reloadInterval: Duration = .milliseconds(250)) {
        self.rulesDirectory = rulesDirectory; self.samplesDirectory = samplesDirectory; self.host = host; self.port = port
        self.databasePath = databasePath; self.adminToken = adminToken.flatMap { $0.isEmpty ? nil : $0 }
        self.maxDecisionBody = maxDecisionBody; self.maxRankingBody = maxRankingBody; self.reloadInterval = reloadInterval
    }
}
