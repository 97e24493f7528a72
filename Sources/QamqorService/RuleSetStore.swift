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
        /// Nothing to do; or the directory is back to the rules in force (a rejected change undone,
        /// a directory renamed away and back), which clears the rejection.
        case unchanged
        /// The directory differs from the rules in force but has not yet been the same for enough
        /// polls in a row: an editor may still be writing.
        case settling
        case swapped, rejected
    }

    public let directory: String
    /// How the directory is named in answers: its last path component, never where it is.
    public let displayName: String
    private let state: Mutex<Snapshot>
    /// The fingerprint seen at the last polls while it differs from the rules in force, and how
    /// many polls in a row have seen it.
    private let pending = Mutex<(fingerprint: String, polls: Int)?>(nil)
    /// The rule files' names, sizes, inodes and modification times at the last poll, the
    /// fingerprint read then, and how many polls have trusted it since.
    private let lastLook = Mutex<(listing: [String], fingerprint: String, trusted: Int)?>(nil)
    /// How many polls in a row may trust an unchanged listing before the texts are read again
    /// (a file rewritten twice within the file system's clock tick at the same size).
    static let pollsTrustingListing = 8

    /// Loads the rules once; fails with every diagnostic if they do not check or their tests fail.
    public init(directory: String) throws {
        self.directory = directory
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        displayName = name.isEmpty || name == "/" ? "rules" : name
        switch Self.load(directory, displayName) {
        case .success(let (rules, passed)):
            state = Mutex(Snapshot(rules: rules, loadedAt: Date(), fingerprint: rules.version, rejected: nil, testsPassed: passed))
        case .failure(let r):
            throw RuleSourceError(message: (r.diagnostics.map(\.description) + r.failedTests).joined(separator: "\n\n"))
        }
    }

    /// The current snapshot.
    public var current: Snapshot { state.withLock { $0 } }

    /// The rule set in force.
    public var rules: RuleSet { state.withLock { $0.rules } }

    /// Checks the directory; once its files have had the same content for `stablePolls` calls in
    /// a row, loads, checks and tests them, and swaps on success. What is swapped in is exactly
    /// the content that was stable (a file changed while loading is not served).
    @discardableResult
    public func reloadIfChanged(stablePolls: Int = 1) -> ReloadOutcome {
        let fp = polledFingerprint()
        let snapshot = current
        if fp == snapshot.fingerprint {
            pending.withLock { $0 = nil }
            if snapshot.rejected != nil {
                state.withLock { $0 = Snapshot(rules: $0.rules, loadedAt: $0.loadedAt, fingerprint: $0.fingerprint, rejected: nil, testsPassed: $0.testsPassed) }
            }
            return .unchanged
        }
        if fp == snapshot.rejected?.fingerprint { return .unchanged }
        let polls = pending.withLock { p -> Int in
            let n = p?.fingerprint == fp ? (p?.polls ?? 0) + 1 : 1
            p = (fp, n)
            return n
        }
        if polls < stablePolls { return .settling }
        pending.withLock { $0 = nil }
        switch Self.load(directory, displayName) {
        case .success(let (rules, passed)):
            // Changed between the fingerprint and the read: wait for it to settle again.
            guard rules.version == fp else { return .settling }
            state.withLock { $0 = Snapshot(rules: rules, loadedAt: Date(), fingerprint: fp, rejected: nil, testsPassed: passed) }
            return .swapped
        case .failure(let r):
            let rejected = Rejected(at: Date(), fingerprint: fp, diagnostics: r.diagnostics, failedTests: r.failedTests)
            state.withLock { $0 = Snapshot(rules: $0.rules, loadedAt: $0.loadedAt, fingerprint: $0.fingerprint, rejected: rejected, testsPassed: $0.testsPassed) }
            return .rejected
        }
    }

    /// Checks the directory every `interval` until the task is cancelled, calling `report` after
    /// each reload that swapped or was rejected. A change is loaded only once the directory has
    /// been the same for `stablePolls` polls in a row (by default three: half a second at 250 ms).
    public func watch(every interval: Duration, stablePolls: Int = 3, report: @Sendable (ReloadOutcome, Snapshot) -> Void = { _, _ in }) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let outcome = reloadIfChanged(stablePolls: stablePolls)
            if outcome == .swapped || outcome == .rejected { report(outcome, current) }
        }
    }

    struct LoadFailure: Error { let diagnostics: [Diagnostic]; let failedTests: [String] }

    /// What a publish did.
    public enum PublishOutcome: Sendable {
        /// The files are in the directory and the service decides with them.
        case published(Snapshot)
        /// The rules in force are no longer the version the draft started from.
        case baseMoved(current: String)
        /// The files do not check, or their tests fail: nothing was written.
        case rejected(diagnostics: [Diagnostic], failedTests: [String])
        /// Writing the directory failed (the rules in force are unchanged).
        case unwritable(String)
    }

    /// One publish at a time: the check of the base and the swap are one step. (A third `Mutex`
    /// property here crashes the 6.3.1 optimizer in release builds, in the throwing initializer.)
    private let publishing = NSLock()

    /// Whether `files` could be published on `base` now: the base is the version in force, and
    /// the files check and pass their tests. Writes nothing; the loaded rules are returned in
    /// `.published` without being swapped in.
    public func validate(_ files: [(relativePath: String, text: String)], base: String) -> PublishOutcome {
        let before = current
        guard before.rules.version == base else { return .baseMoved(current: before.rules.version) }
        switch Self.load(MemoryRuleSource(files, displayRoot: displayName)) {
        case .failure(let f): return .rejected(diagnostics: f.diagnostics, failedTests: f.failedTests)
        case .success(let r): return .published(Snapshot(rules: r.0, loadedAt: Date(), fingerprint: r.0.version, rejected: nil, testsPassed: r.1))
        }
    }

    /// Publishes `files` (every rule file, by path relative to the directory) if the rules in
    /// force are still version `base` and the files check and pass their tests: writes them into
    /// the directory (each file written aside and renamed over the old one; rule files not in
    /// `files` removed), then swaps. Two publishes at once: the second finds its base moved.
    public func publish(_ files: [(relativePath: String, text: String)], base: String) -> PublishOutcome {
        publishing.lock()
        defer { publishing.unlock() }
        do {
            let before = current
            guard before.rules.version == base else { return .baseMoved(current: before.rules.version) }
            let loaded: (RuleSet, Int)
            switch Self.load(MemoryRuleSource(files, displayRoot: displayName)) {
            case .failure(let f): return .rejected(diagnostics: f.diagnostics, failedTests: f.failedTests)
            case .success(let r): loaded = r
            }
            do {
                try Self.write(files, into: directory)
            } catch {
                // Put back what was in force; the watcher keeps it in any case (a half-written
                // directory fails its checks or tests).
                try? Self.write(before.rules.fileTexts, into: directory)
                return .unwritable("\(error)")
            }
            let snapshot = Snapshot(rules: loaded.0, loadedAt: Date(), fingerprint: loaded.0.version, rejected: nil, testsPassed: loaded.1)
            state.withLock { $0 = snapshot }
            pending.withLock { $0 = nil }
            return .published(snapshot)
        }
    }

    /// Writes `files` into `directory`: each beside its place and renamed over it, so a reader
    /// never sees half a file; rule files of the directory not among them are removed.
    static func write(_ files: [(relativePath: String, text: String)], into directory: String) throws {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        let keep = Set(files.map(\.relativePath))
        for (rel, text) in files {
            let target = base.appendingPathComponent(rel)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let old = fm.contents(atPath: target.path), old == Data(text.utf8) { continue }
            let aside = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).publishing")
            try Data(text.utf8).write(to: aside)
            guard rename(aside.path, target.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        }
        if let walker = fm.enumerator(atPath: directory) {
            for case let rel as String in walker where RuleFiles.isRuleFile(rel) && !keep.contains(rel) {
                try fm.removeItem(at: base.appendingPathComponent(rel))
            }
        }
    }

    static func load(_ directory: String, _ displayName: String) -> Result<(RuleSet, Int), LoadFailure> {
        load(DirectoryRuleSource(directory: directory, displayRoot: displayName))
    }

    /// Loads, checks and tests the rules of `source`.
    static func load(_ source: some RuleSource) -> Result<(RuleSet, Int), LoadFailure> {
        switch RuleSet.load(from: source) {
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

    /// The content hash of every rule file (the version the rules would have), or a text saying
    /// why the directory cannot be read: changes when any file's content changes.
    /// The directory's fingerprint, reading the texts only when the listing (names, sizes,
    /// inodes, modification times) changed since the last poll, or after it was trusted
    /// ``pollsTrustingListing`` times: a poll of an unchanged directory reads no file.
    func polledFingerprint() -> String {
        let listing = Self.listing(directory)
        if let listing, let reused = lastLook.withLock({ look -> String? in
            guard let l = look, l.listing == listing, l.trusted < Self.pollsTrustingListing else { return nil }
            look = (l.listing, l.fingerprint, l.trusted + 1)
            return l.fingerprint
        }) { return reused }
        let fp = Self.fingerprint(directory, displayName)
        lastLook.withLock { $0 = listing.map { ($0, fp, 0) } }
        return fp
    }

    /// Each rule file as `path size inode modified`, in path order; nil when the directory
    /// cannot be listed (the fingerprint then says why).
    static func listing(_ directory: String) -> [String]? {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: directory) else { return nil }
        var out: [String] = []
        for case let rel as String in walker where RuleFiles.isRuleFile(rel) {
            guard let a = try? fm.attributesOfItem(atPath: directory + "/" + rel) else { return nil }
            let modified = (a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            out.append("\(rel) \((a[.size] as? NSNumber)?.int64Value ?? -1) \((a[.systemFileNumber] as? NSNumber)?.int64Value ?? -1) \(modified)")
        }
        return out.sorted()
    }

    static func fingerprint(_ directory: String, _ displayName: String) -> String {
        do { return try DirectoryRuleSource(directory: directory, displayRoot: displayName).version() } catch {
            return "unreadable: \(error)"
        }
    }
}
