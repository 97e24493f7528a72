import ArgumentParser
import Foundation
import QamqorEngine
import QamqorService

struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a rules directory to the replicas sharing a PostgreSQL database: checked and tested here first; every replica checks, tests and serves it within a second.",
        discussion: "For rules kept in git: `qamqor publish rules --db postgres://user@host/db --note \"ATA 2026\"`. A directory that does not check or fails a test is not published (exit 1).")

    @Argument(help: "The rules directory.")
    var rulesDir: String = "rules"

    @Option(help: "The shared database: postgres://user@host:port/database, or @FILE holding that address (default: $QAMQOR_DB).")
    var db: String?

    @Option(help: "Who publishes (recorded with the version).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"

    @Option(help: "Why (recorded with the version).")
    var note: String = ""

    func run() async throws {
        guard let db = try? AuditStores.named(db, fallback: nil), AuditStores.isPostgres(db) else {
            Console.err("error: publishing to replicas needs --db postgres://… (a SQLite service takes the rules from its directory: edit them there, or use the workbench)")
            throw ExitCode(2)
        }
        let rules = try Console.loadRules(rulesDir)
        let results = RuleTestRunner(rules: rules).runAll()
        let failed = results.filter { !$0.passed }
        for r in failed { Console.err("FAIL \(r.file)\(r.location.map { ":\($0.line):\($0.column)" } ?? ""): \(r.name): " + r.failures.joined(separator: "; ")) }
        if !failed.isEmpty {
            Console.err("error: \(failed.count) rule test(s) fail: nothing was published")
            throw ExitCode(1)
        }
        let store: PostgresAuditLog
        do { store = try await PostgresAuditLog(url: db) } catch { Console.err("error: \(AuditStores.printable(db)): \(error)"); throw ExitCode(1) }
        do {
            try await store.publishRules(version: rules.version, files: rules.fileTexts, by: by, note: note)
        } catch {
            Console.err("error: \(error)")
            await store.close()
            throw ExitCode(1)
        }
        await store.close()
        Console.out("published rules \(rules.version) (\(results.count) tests passed) to \(store.location); every replica serves it after its own check and tests")
    }
}
