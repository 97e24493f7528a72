import Crypto
import QamqorEngine
import Foundation
import Synchronization

/// Where audited decisions are kept: the embedded SQLite file (``AuditLog``, the default) or a
/// PostgreSQL database shared by replicas (``PostgresAuditLog``). Both keep the same rows, chained
/// the same way, so `qamqor audit verify` and the tests treat them alike.
///
/// Guarantees of every implementation: `record` returns only once the row is committed (a
/// decision is answered only after that); when the store cannot take a write it throws
/// ``AuditUnavailable`` (the service answers 503) and works again by itself once the database is
/// back; rows form one hash chain in the order they were committed.
public protocol AuditStore: Sendable {
    /// Where the rows are, for messages (a file path, or a URL without its password).
    var location: String { get }
    /// Writes and commits an entry; returns only once it is durable.
    func record(_ e: AuditEntry) async throws
    /// The entry with `id`, if any.
    func entry(_ id: String) async throws -> AuditEntry?
    /// How many decisions are recorded.
    func count() async throws -> Int
    /// How many decisions were made for a day on or after `from` (and before `before`, when
    /// given) — `dated` — and how many rows say no day (`undated`: asked without a date before
    /// the day of each decision was kept). What a correction of a dated parameter value reaches.
    func decisions(from: Day, before: Day?) async throws -> (dated: Int, undated: Int)
    /// The hash of the last row this process appended, if it appended any.
    var lastHead: String? { get }
    /// Walks the hash chain from the first row (see ``AuditChain``); with `expectingHead` (a
    /// head printed by an earlier `verify`, or read from `/metrics`), it must be a row of the
    /// chain: otherwise the rows up to it were removed or replaced.
    func verify(expectingHead: String?) async throws -> AuditVerification
    /// Nil when a write can be taken now, else why not (for readiness).
    func problem() async -> String?
    /// Closes connections; the store is not used afterwards.
    func close() async
}

extension AuditStore {
    /// ``verify(expectingHead:)`` with no head to compare against.
    public func verify() async throws -> AuditVerification { try await verify(expectingHead: nil) }
}

/// The hash of the last row a process appended to the chain: `/metrics` shows it, so that a head
/// is kept outside the database and `qamqor audit verify --head` can find rows cut off the end.
final class ChainHead: Sendable {
    private let value = Mutex<String?>(nil)
    var current: String? { value.withLock { $0 } }
    func set(_ head: String) { value.withLock { $0 = head } }
}

/// One audited decision.
public struct AuditEntry: Sendable {
    public let id: String
    public let createdAt: String
    /// The name of the token that asked (`local` on a workstation).
    public let caller: String
    public let rulesVersion: String
    public let asOf: String?
    public let programs: String
    public let input: String
    public let outcome: String
    public let explanation: String

    public init(id: String, createdAt: String, caller: String, rulesVersion: String, asOf: String?, programs: String, input: String,
                outcome: String, explanation: String) {
        self.id = id; self.createdAt = createdAt; self.caller = caller; self.rulesVersion = rulesVersion; self.asOf = asOf
        self.programs = programs; self.input = input; self.outcome = outcome; self.explanation = explanation
    }
}

/// The audit log cannot take a write (or be trusted): decisions are refused until it can.
public struct AuditUnavailable: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// What `verify` found.
public struct AuditVerification: Sendable {
    /// Rows in the chain, and older rows written before the chain existed.
    public var chained = 0, unchained = 0
    /// The last row's hash: keep it elsewhere to detect a removal of the latest rows too.
    public var head = ""
    /// The first problem, if any: a row altered, a row removed, a chain broken.
    public var problem: String?
}

/// The tamper-evident chain both stores write: each row holds the previous row's hash and its
/// own, SHA-256 over the previous hash and every field of the row, each length-prefixed.
public enum AuditChain {
    static func hash(prev: String, _ e: AuditEntry) -> String {
        var h = SHA256()
        for field in [prev, e.id, e.createdAt, e.caller, e.rulesVersion, e.asOf ?? "\u{0}", e.programs, e.input, e.outcome, e.explanation] {
            let bytes = Data(field.utf8)
            h.update(data: Data(String(bytes.count).utf8 + [0x3A]))
            h.update(data: bytes)
        }
        return Hex.lowercase(h.finalize())
    }

    /// Checks the chain row by row, in the order of `seq`: each row's hash must be that of the
    /// previous row's hash and its own content, and the sequence must have no gap. Stops at the
    /// first problem, naming the row altered or the place rows were removed.
    struct Walker {
        private(set) var result = AuditVerification()
        private var prevHash = "", prevSeq: Int64 = 0, prevID = ""

        /// A head the chain must hold (see ``AuditStore/verify(expectingHead:)``).
        private let expectedHead: String?
        private var sawExpectedHead = false

        init(unchained: Int, expectingHead: String? = nil) {
            result.unchained = unchained
            expectedHead = expectingHead.flatMap { $0.isEmpty ? nil : $0.lowercased() }
        }

        /// The result once every row was added: a head that was expected and never met is a
        /// problem (rows up to it were removed, or the log was replaced).
        var finished: AuditVerification {
            var r = result
            if r.problem == nil, let expectedHead, !sawExpectedHead {
                r.problem = "the head \(expectedHead.prefix(16))… is not in the chain: the rows up to it were removed or the log was replaced"
            }
            return r
        }

        /// Adds the next row; false once a problem is found (the walk should stop).
        mutating func add(seq: Int64, _ e: AuditEntry, storedPrev: String, own: String) -> Bool {
            if seq != prevSeq + 1 {
                result.problem = prevSeq == 0 ? "the chain's first \(seq - 1) row(s) were removed (it starts at \(seq), decision \(e.id))"
                    : "\(seq - prevSeq - 1) row(s) were removed after decision \(prevID) (number \(prevSeq)), before decision \(e.id) (number \(seq))"
                return false
            }
            if storedPrev != prevHash {
                result.problem = "decision \(e.id) (number \(seq)) does not follow the row before it: the chain was altered there"
                return false
            }
            if AuditChain.hash(prev: storedPrev, e) != own {
                result.problem = "decision \(e.id) (number \(seq)) was altered after it was written"
                return false
            }
            result.chained += 1
            if own == expectedHead { sawExpectedHead = true }
            prevHash = own; prevSeq = seq; prevID = e.id
            result.head = own
            return true
        }
    }
}

/// Opens the audit store `db` names: a `postgres://` (or `postgresql://`) URL, else a SQLite
/// file path.
public enum AuditStores {
    /// The database a command names: `--db` (a path, a URL, or `@FILE` — the URL read from a
    /// file, so that its password is not in the process list), else `$QAMQOR_DB`, else
    /// `fallback`.
    public static func named(_ option: String?, fallback: String?) throws -> String? {
        guard let given = option ?? ProcessInfo.processInfo.environment["QAMQOR_DB"] ?? fallback else { return nil }
        guard given.hasPrefix("@") else { return given }
        let file = String(given.dropFirst())
        guard let data = FileManager.default.contents(atPath: file), data.count < 4096,
              let text = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
            throw AuditUnavailable(reason: "cannot read the database's address from \(file)")
        }
        return text
    }

    public static func isPostgres(_ db: String) -> Bool { db.hasPrefix("postgres://") || db.hasPrefix("postgresql://") }

    /// `db` as it may be printed: a URL without its password.
    public static func printable(_ db: String) -> String {
        guard isPostgres(db) else { return db }
        return (try? DatabaseURL(db).redacted) ?? "the PostgreSQL URL"
    }

    public static func open(_ db: String) async throws -> any AuditStore {
        if isPostgres(db) { return try await PostgresAuditLog(url: db) }
        return try AuditLog(path: db)
    }
}
