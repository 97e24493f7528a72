import ArgumentParser
import Foundation
import QamqorService

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "The audit log: check that no decision was altered or removed.",
        subcommands: [AuditVerifyCommand.self])
}

struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the audit log's hash chain and name the first decision altered or removed; print the chain's head (keep it elsewhere to detect a removal of the latest rows too).")

    @Option(help: "The audit database: a SQLite file, postgres://user@host:port/database, or @FILE holding that address (default: $QAMQOR_DB, else qamqor.sqlite).")
    var db: String?

    @Option(help: "A head printed by an earlier verify (or read from /metrics): it must still be in the chain, else the rows up to it were removed or the log replaced.")
    var head: String?

    func run() async throws {
        let db: String
        do { db = try AuditStores.named(self.db, fallback: "qamqor.sqlite") ?? "qamqor.sqlite" } catch { Console.err("error: \(error)"); throw ExitCode(1) }
        if !AuditStores.isPostgres(db) && !FileManager.default.fileExists(atPath: db) {
            Console.err("error: no audit database at \(db)")
            throw ExitCode(1)
        }
        let log: any AuditStore
        do { log = try await AuditStores.open(db) } catch { Console.err("error: \(AuditStores.printable(db)): \(error)"); throw ExitCode(1) }
        defer { Task { await log.close() } }
        let v: AuditVerification
        do { v = try await log.verify(expectingHead: head) } catch { Console.err("error: \(error)"); throw ExitCode(1) }
        if let problem = v.problem {
            Console.err("error: \(problem)")
            throw ExitCode(1)
        }
        Console.out("ok: \(v.chained) decisions in the chain" + (v.unchained > 0 ? ", \(v.unchained) older ones written before it" : "") + "; head \(v.head.isEmpty ? "(empty)" : v.head)")
    }
}
