import Synchronization
import Foundation
import QamqorEngine

/// The published rule version shared by replicas through their common database (PostgreSQL):
/// every version published on any replica — from the workbench, by hot reload of its directory,
/// or with `qamqor publish RULES_DIR --db …` — is appended, and the latest is the one every
/// replica serves.
public protocol SharedRuleVersions: Sendable {
    /// The latest published version and its position, if any was published.
    func latestRuleVersion() async throws -> (seq: Int64, version: String)?
    /// The rule files of publication `seq`.
    func ruleFiles(seq: Int64) async throws -> [(relativePath: String, text: String)]
    /// Appends a version (its files whole) as the latest; other replicas take it at their next poll.
    func publishRules(version: String, files: [(relativePath: String, text: String)], by: String, note: String) async throws
}

/// Keeps one replica on the shared version, polled by the rule watcher.
///
/// Guarantees: a version taken from the database is checked and its tests run before it is
/// served, as with hot reload (``RuleSetStore/publish(_:base:)``); a version that fails is not
/// served and not retried until a newer one is published. A change made on this replica (a
/// publish, a rollback, hot reload) is pushed to the database at the next poll, so it becomes the
/// version of every replica. While the database is unreachable the replica keeps serving what it
/// has.
final class RuleVersionSync: Sendable {
    let shared: any SharedRuleVersions
    let store: RuleSetStore
    /// The version this replica and the database last agreed on, and a shared publication that
    /// failed here (not tried again).
    private let state = Mutex<(agreed: String?, rejectedSeq: Int64?)>((nil, nil))

    enum Outcome: Equatable {
        case unchanged
        /// Taken from the database and now served.
        case pulled(String)
        /// This replica's own change, now the shared version.
        case pushed(String)
        /// The shared version does not check or pass its tests here; the old one stays.
        case rejected(String)
    }

    init(shared: any SharedRuleVersions, store: RuleSetStore) { self.shared = shared; self.store = store }

    private func read() -> (String?, Int64?) { state.withLock { ($0.agreed, $0.rejectedSeq) } }
    private func write(agreed a: String?, rejected r: Int64?) { state.withLock { $0 = (a, r) } }

    /// One round: compare, then pull or push. Errors (the database down) leave everything as is.
    func poll() async -> Outcome {
        let (agreed, rejectedSeq) = read()
        let local = store.rules
        let found: (seq: Int64, version: String)?
        do { found = try await shared.latestRuleVersion() } catch { return .unchanged }
        guard let latest = found else {
            // Nothing published yet: this replica's rules become the first shared version.
            guard (try? await shared.publishRules(version: local.version, files: local.fileTexts, by: "service", note: "")) != nil else { return .unchanged }
            write(agreed: local.version, rejected: rejectedSeq)
            return .pushed(local.version)
        }
        if latest.version == local.version {
            if agreed != local.version { write(agreed: local.version, rejected: rejectedSeq) }
            return .unchanged
        }
        if let agreed, agreed != local.version {
            // Changed here since the last agreement: this replica's version becomes everyone's.
            guard (try? await shared.publishRules(version: local.version, files: local.fileTexts, by: "service", note: "")) != nil else { return .unchanged }
            write(agreed: local.version, rejected: rejectedSeq)
            return .pushed(local.version)
        }
        // Published elsewhere: take it, checked and tested first.
        guard latest.seq != rejectedSeq, let files = try? await shared.ruleFiles(seq: latest.seq) else { return .unchanged }
        switch store.publish(files, base: local.version) {
        case .published:
            write(agreed: latest.version, rejected: rejectedSeq)
            return .pulled(latest.version)
        case .rejected, .unwritable:
            write(agreed: agreed, rejected: latest.seq)
            return .rejected(latest.version)
        case .baseMoved:
            return .unchanged
        }
    }
}
