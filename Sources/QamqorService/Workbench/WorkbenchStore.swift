import Crypto
import Foundation
import QamqorEngine

/// The policy workbench's records: every rule version ever in force (a content-addressed
/// snapshot of all its files, who published it, when and why), the version scheduled for a later
/// date, and the drafts policy officers work on. Two implementations with the same behaviour:
/// ``SQLiteWorkbenchStore`` (in the audit database, the default) and ``PostgresWorkbenchStore``
/// (in the PostgreSQL database every replica shares, so a draft begun on one replica is opened,
/// tested and published on any other).
///
/// Guarantees of both: versions are never deleted (an audited decision names the version it was
/// made under, and a replay needs it); file texts are stored once per content; at most
/// ``Workbench/maxDrafts`` drafts exist; a start, reload or shared pull of the version already
/// last in force adds no history; a schedule is claimed by one replica only.
public protocol WorkbenchStore: Sendable {
    /// Records that `version` (with `files`) came into force: its files once, the event always —
    /// except a start, reload or shared pull of the version already last in force, which adds nothing.
    func recordPublication(_ version: String, files: [(relativePath: String, text: String)], kind: Workbench.PublicationKind,
                           by: String, note: String, base: String?, approval: Workbench.Approval?) async throws
    /// Every time a version came into force, the latest first.
    func publications(limit: Int) async throws -> [Workbench.Publication]
    /// The files of version `version`, sorted by path, or nil when it is not recorded.
    func files(ofVersion version: String) async throws -> [(path: String, text: String)]?

    /// Schedules `version` (its files recorded) to come into force on `day`; a pending schedule
    /// it replaces is cancelled with the reason.
    func schedule(_ version: String, files: [(relativePath: String, text: String)], from day: Day, base: String, by: String, note: String, approval: Workbench.Approval?) async throws
    /// The latest schedule (pending or not), if any.
    func latestSchedule() async throws -> Workbench.Scheduled?
    /// Takes pending schedule `id` for activation; false when it is no longer pending (another
    /// replica took it, or it was cancelled). Only the taker brings it into force.
    func claimSchedule(_ id: String) async throws -> Bool
    /// Closes schedule `id` (pending or claimed) as `done`, `cancelled` or — after a claim whose
    /// publication could not be written — `pending` again, with what happened.
    func closeSchedule(_ id: String, state: String, outcome: String) async throws

    /// A new draft holding `files` (the rules in force), based on `base`; nil when
    /// ``Workbench/maxDrafts`` drafts exist.
    func createDraft(name: String, author: String, base: String, files: [(relativePath: String, text: String)]) async throws -> String?
    /// Every draft, the most recently changed first (without their files).
    func drafts() async throws -> [Workbench.DraftSummary]
    /// Draft `id` with its files, or nil.
    func draft(_ id: String) async throws -> Workbench.Draft?
    /// Replaces the draft's files (all of them) and, when given, its base; false when there is no such draft.
    @discardableResult
    func updateDraft(_ id: String, files: [(path: String, text: String)], base: String?) async throws -> Bool
    /// Deletes draft `id`; false when there was none.
    @discardableResult
    func deleteDraft(_ id: String) async throws -> Bool

    /// Records that `by` approved draft `id` as its files were (`content`, their digest); an
    /// earlier approval of the draft is replaced.
    func approve(draft id: String, content: String, by: String) async throws
    /// The draft's latest approval, if any.
    func approval(ofDraft id: String) async throws -> Workbench.Approval?
}

extension WorkbenchStore {
    public func publications() async throws -> [Workbench.Publication] { try await publications(limit: 200) }
    /// A version in force without a second officer's approval (a start, a reload, a workstation).
    public func recordPublication(_ version: String, files: [(relativePath: String, text: String)], kind: Workbench.PublicationKind,
                                  by: String, note: String, base: String?) async throws {
        try await recordPublication(version, files: files, kind: kind, by: by, note: note, base: base, approval: nil)
    }
    @discardableResult
    public func updateDraft(_ id: String, files: [(path: String, text: String)]) async throws -> Bool { try await updateDraft(id, files: files, base: nil) }
}

/// The workbench's record types, shared by both stores.
public enum Workbench {
    /// The most drafts kept at once (a client cannot fill the database with them).
    public static let maxDrafts = 100

    /// How a version came to be in force.
    public enum PublicationKind: String, Sendable {
        /// The rules the service started with.
        case start
        /// A change of the rules directory picked up by hot reload.
        case reload
        /// A draft published from the workbench.
        case publish
        /// An earlier version published again.
        case rollback
        /// A version published on another replica, taken from the shared database.
        case shared
        /// A version published for a later date, come into force on that date.
        case scheduled

        /// Kinds that only say "this is in force": nothing is added when it already was.
        var confirmsOnly: Bool { self == .start || self == .reload || self == .shared }
    }

    /// One time a version came into force.
    public struct Publication: Sendable {
        public let at: String
        public let version: String
        public let kind: PublicationKind
        public let publishedBy: String
        public let note: String
        public let baseVersion: String?
        /// Who approved it (the second officer) and when; nil where no approval was needed.
        public var approvedBy: String? = nil
        public var approvedAt: String? = nil
    }

    /// A version published to come into force on a later date.
    public struct Scheduled: Sendable {
        public let id: String
        public let version: String
        public let effectiveFrom: Day
        public let baseVersion: String
        public let publishedBy: String
        public let note: String
        public let createdAt: String
        /// `pending`, `activating` (claimed by a replica), `done` or `cancelled`.
        public let state: String
        /// Why it was cancelled, or when it came into force.
        public let outcome: String
        /// Who approved it and when; nil where no approval was needed.
        public var approvedBy: String? = nil
        public var approvedAt: String? = nil
        /// The approval, to be recorded with the version when it comes into force.
        public var approval: Approval? { approvedBy.map { Approval(by: $0, at: approvedAt ?? "", content: "") } }
    }

    /// A second policy officer's approval of a draft as its files were then.
    public struct Approval: Sendable {
        public let by: String
        public let at: String
        /// The digest of the draft's files when approved (``Workbench/digest(_:)``): a change after
        /// the approval makes it no longer the draft's.
        public let content: String
    }

    /// The SHA-256 of a draft's files (paths and texts, in path order), in hex.
    public static func digest(_ files: [(path: String, text: String)]) -> String {
        var h = SHA256()
        for f in files.sorted(by: { $0.path < $1.path }) {
            h.update(data: Data(f.path.utf8)); h.update(data: Data([0]))
            h.update(data: Data(f.text.utf8)); h.update(data: Data([0]))
        }
        return Hex.lowercase(h.finalize())
    }

    /// A draft in the list (without its files).
    public struct DraftSummary: Sendable {
        public let id: String
        public let name: String
        public let author: String
        public let baseVersion: String
        public let updatedAt: String
    }

    /// One draft's record.
    public struct Draft: Sendable {
        public let id: String
        public let name: String
        public let author: String
        public let baseVersion: String
        public let createdAt: String
        public let updatedAt: String
        /// Its files, by path, sorted.
        public let files: [(path: String, text: String)]
    }

    /// A file of a manifest: its path and the hash of its text.
    struct ManifestEntry: Codable { let path: String; let hash: String }

    /// The files sorted by path, each with the SHA-256 of its text (the key it is stored under).
    static func hashed(_ files: [(String, String)]) -> [(entry: ManifestEntry, text: String)] {
        files.sorted { $0.0 < $1.0 }.map { path, text in
            (ManifestEntry(path: path, hash: Hex.lowercase(SHA256.hash(data: Data(text.utf8)))), text)
        }
    }

    /// A manifest as stored: JSON of its entries.
    static func manifestText(_ entries: [ManifestEntry]) throws -> String {
        String(decoding: try JSONEncoder().encode(entries), as: UTF8.self)
    }

    static func manifest(_ text: String) throws -> [ManifestEntry] {
        try JSONDecoder().decode([ManifestEntry].self, from: Data(text.utf8))
    }

    /// A new draft id: eight hex digits.
    static func newDraftID() -> String { String(UUID().uuidString.lowercased().prefix(8)) }

    /// Now, as the stores write it.
    static func now() -> String { Date().formatted(.iso8601) }
}
