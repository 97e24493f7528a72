import Foundation
import QamqorEngine
import Synchronization

/// Holds the rule set the service decides with, and swaps it atomically when the rules directory
/// changes — but only when the new rules check and their tests pass. Requests take a reference to
/// the current rule set when they start, so a swap never changes a request in flight.
public final class RuleSetStore: Sendable {
    /// The rules in force and the outcome of the last reload attempt.
    public struct Snapshot: Sendable {
        public let rules: RuleSet
        public let loadedAt: Date
        public let fingerprint: String
        /// The last attempt that did not swap (diagnostics and failing tests), if any since.
        public let rejected: Rejected?
        public let testsPassed: Int
    }

    /// A reload that kept the old rules.
    public struct Rejected: Sendable {
        public let at: Date
        public let fingerprint: String
        public let diagnostics: [Diagnostic]
        public let failedTests: [String]
    }

    public enum ReloadOutcome: Sendable, Equatable {
        case unchanged, swapped, rejected
    }

    public let directory: String
    /// How the directory is named in answers: its last path component, never where it is.
    public let displayName: String
    private let state: Mutex<Snapshot>

    /// Loads the rules once; fails with every diagnostic if they do not check or their tests fail.
    public init(directory: String) throws {
        self.directory = directory
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        displayName = name.isEmpty || name == "/" ? "rules" : name
        let fp = Self.fingerprint(directory)
        switch Self.load(directory, displayName) {
        case .success(let (rules, passed)):
            state = Mutex(Snapshot(rules: rules, loadedAt: Date(), fingerprint: fp, rejected: nil, testsPassed: passed))
        case .failure(let r):
            throw RuleSourceError(message: (r.diagnostics.map(\.description) + r.failedTests).joined(separator: "\n\n"))
        }
    }

    /// The current snapshot.
    public var current: Snapshot { state.withLock { $0 } }

    /// The rule set in force.
    public var rules: RuleSet { state.withLock { $0.rules } }

    /// Checks the directory; if its files changed, loads and tests them and swaps on success.
    @discardableResult
    public func reloadIfChanged() -> ReloadOutcome {
        let fp = Self.fingerprint(directory)
        let snapshot = current
        if fp == snapshot.fingerprint || fp == snapshot.rejected?.fingerprint { return .unchanged }
        switch Self.load(directory, displayName) {
        case .success(let (rules, passed)):
            state.withLock { $0 = Snapshot(rules: rules, loadedAt: Date(), fingerprint: fp, rejected: nil, testsPassed: passed) }
            return .swapped
        case .failure(let r):
            let rejected = Rejected(at: Date(), fingerprint: fp, diagnostics: r.diagnostics, failedTests: r.failedTests)
            state.withLock { $0 = Snapshot(rules: $0.rules, loadedAt: $0.loadedAt, fingerprint: $0.fingerprint, rejected: rejected, testsPassed: $0.testsPassed) }
            return .rejected
        }
    }

    /// Checks the directory every `interval` until the task is cancelled, calling `report` after
    /// each reload that swapped or was rejected.
    public func watch(every interval: Duration, report: @Sendable (ReloadOutcome, Snapshot) -> Void = { _, _ in }) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let outcome = reloadIfChanged()
            if outcome != .unchanged { report(outcome, current) }
        }
    }

    struct LoadFailure: Error { let diagnostics: [Diagnostic]; let failedTests: [String] }

    static func load(_ directory: String, _ displayName: String) -> Result<(RuleSet, Int), LoadFailure> {
        switch RuleSet.load(from: DirectoryRuleSource(directory: directory, displayRoot: displayName)) {
        case .failure(let d): return .failure(LoadFailure(diagnostics: d.sorted, failedTests: []))
        case .success(let rules):
            let results = RuleTestRunner(rules: rules).runAll()
            let failed = results.filter { !$0.passed }.map { r in
                "\(r.file):\(r.location?.line ?? 0): \(r.name): " + r.failures.joined(separator: "; ")
            }
            if !failed.isEmpty { return .failure(LoadFailure(diagnostics: [], failedTests: failed)) }
            return .success((rules, results.count))
        }
    }

    /// Paths, sizes and modification times of every rule file: changes when any file is saved.
    static func fingerprint(_ directory: String) -> String {
        let fm = FileManager.default
        var parts: [String] = []
        if let walker = fm.enumerator(atPath: directory) {
            for case let rel as String in walker where rel.hasSuffix(".yaml") || rel.hasSuffix(".yml") {
                let attrs = try? fm.attributesOfItem(atPath: directory + "/" + rel)
                let size = (attrs?[.size] as? NSNumber)?.intValue ?? -1
                let time = (attrs?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                parts.append("\(rel)|\(size)|\(time)")
            }
        }
        return parts.sorted().joined(separator: "\n")
    }
}
