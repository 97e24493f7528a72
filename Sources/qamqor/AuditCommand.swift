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

    @Option(help: "The audit database.")
    var db: String = "qamqor.sqlite"

    func run() async throws {
        guard FileManager.default.fileExists(atPath: db) else { Console.err("error: no audit database at \(db)"); throw ExitCode(1) }
        let log: AuditLog
        do { log = try AuditLog(path: db) } catch { Console.err("error: \(db): \(error)"); throw ExitCode(1) }
        let v = try await log.verify()
        if let problem = v.problem {
            Console.err("error: \(problem)")
            throw ExitCode(1)
        }
        Console.out("ok: \(v.chained) decisions in the chain" + (v.unchained > 0 ? ", \(v.unchained) older ones written before it" : "") + "; head \(v.head.isEmpty ? "(empty)" : v.head)")
    }
}
