import ArgumentParser
import Foundation
import Hummingbird
import QamqorEngine
import QamqorService

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Qamqor service: the JSON API, the web pages, hot reload of the rules and the audit log.")

    @Option(name: .long, help: "The rules directory (watched; a saved change is checked and tested before it is served).")
    var rules: String = "rules"

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "The audit database (SQLite, WAL).")
    var db: String = "qamqor.sqlite"

    @Option(name: .long, help: "Sample households offered on the caseworker page.")
    var samples: String = "samples"

    func run() async throws {
        let config = ServiceConfiguration(rulesDirectory: rules, samplesDirectory: samples, host: host, port: port, databasePath: db)
        let store: RuleSetStore
        do { store = try RuleSetStore(directory: rules) } catch {
            Console.err("the rules in \(rules) do not load:\n\(error)")
            throw ExitCode(1)
        }
        let audit: AuditLog
        do { audit = try AuditLog(path: db) } catch {
            Console.err("\(db): cannot open the audit database (\(error))")
            throw ExitCode(1)
        }
        let api = QamqorAPI(configuration: config, store: store, audit: audit)
        let app = Application(router: api.router(), configuration: .init(address: .hostname(host, port: port), serverName: "qamqor"),
                              onServerRunning: { _ in
                                  Console.err("qamqor: serving on http://\(host):\(port)/ · rules \(store.rules.version) · audit \(db)"
                                      + (config.adminToken == nil ? " · reading audited decisions is disabled (no QAMQOR_ADMIN_TOKEN)" : ""))
                              })
        let watcher = Task {
            await store.watch(every: config.reloadInterval) { outcome, snapshot in
                switch outcome {
                case .swapped: Console.err("qamqor: rules reloaded · version \(snapshot.rules.version) · \(snapshot.testsPassed) tests passed")
                case .rejected:
                    let r = snapshot.rejected
                    Console.err("qamqor: the changed rules were not served (\(r?.diagnostics.count ?? 0) diagnostics, \(r?.failedTests.count ?? 0) failed tests); still serving \(snapshot.rules.version)")
                case .unchanged, .settling: break
                }
            }
        }
        defer { watcher.cancel() }
        try await app.runService()
    }
}
