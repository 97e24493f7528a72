import QamqorEngine
import Foundation

/// How `qamqor serve` runs: where the rules, samples and audit database are, where it listens,
/// and the limits it enforces.
public struct ServiceConfiguration: Sendable {
    public var rulesDirectory: String
    public var samplesDirectory: String
    public var host: String
    public var port: Int
    public var databasePath: String
    /// The bearer tokens accepted, with their roles (`--auth FILE`); nil for a single-user
    /// workstation on loopback, where every role but `auditor` is open.
    public var tokens: TokenTable?
    /// Largest accepted body of a decision request.
    public var maxDecisionBody: Int
    /// Largest accepted body of a ranking request (a round file).
    public var maxRankingBody: Int
    /// Most applications a ranking request may hold (a larger round is ranked with `qamqor rank`):
    /// with the body limit, what bounds the memory one request takes.
    public var maxRankingApplications: Int
    /// Names besides loopback ones that requests may carry in `Host` (`--public-name`, or the
    /// address listened on with `--auth`): any other `Host` is refused, so a page on another
    /// name that resolves here (DNS rebinding) reaches nothing.
    public var publicNames: [String] = []
    /// The body that issues decision notices (`--issuer FILE`); nil: notices say none is named.
    public var issuer: NoticeIssuer?
    /// With tokens, whether a draft is published without a second policy officer's approval
    /// (`--publish-without-approval`, a deployment with one officer).
    public var publishWithoutApproval = false
    /// Whether publishing a draft needs a second policy officer's approval: with tokens (there are
    /// people to tell apart), unless the deployment says otherwise. A workstation has one user.
    public var approvalRequired: Bool { tokens != nil && !publishWithoutApproval }
    /// How often the rules directory is checked for saved changes.
    public var reloadInterval: Duration

    public init(rulesDirectory: String = "rules", samplesDirectory: String = "samples", host: String = "127.0.0.1", port: Int = 8080,
                databasePath: String = "qamqor.sqlite", tokens: TokenTable? = nil,
                maxDecisionBody: Int = 1 << 20, maxRankingBody: Int = 64 << 20, maxRankingApplications: Int = 100_000,
                reloadInterval: Duration = .milliseconds(250)) {
        self.rulesDirectory = rulesDirectory; self.samplesDirectory = samplesDirectory; self.host = host; self.port = port
        self.databasePath = databasePath; self.tokens = tokens
        self.maxDecisionBody = maxDecisionBody; self.maxRankingBody = maxRankingBody
        self.maxRankingApplications = maxRankingApplications; self.reloadInterval = reloadInterval
    }
}
