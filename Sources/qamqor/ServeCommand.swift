import ArgumentParser
import Foundation
import Logging
import QamqorEngine
import QamqorService

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the Qamqor service: the JSON API, the web pages, hot reload of the rules and the audit log.",
        discussion: """
        Without --auth the service is a single-user workstation: it listens on loopback only and \
        every role but auditor is open. With --auth FILE (made with `qamqor token`) every request \
        that decides, ranks, reads the rules' status or the audit log needs a bearer token with \
        the role for it; only then may it listen on another address.
        """)

    @Option(name: .long, help: "The rules directory (watched; a saved change is checked and tested before it is served).")
    var rules: String = "rules"

    @Option(name: .long, help: "Address to listen on (anything but loopback needs --auth).")
    var host: String = "127.0.0.1"

    @Option(name: .customLong("public-name"), help: "A name the service is reached by besides loopback (repeatable; with --auth): requests whose Host is another name are refused.")
    var publicNames: [String] = []

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "The audit database: a SQLite file (WAL), or postgres://user@host:port/database shared by replicas, or @FILE holding that address (its password then stays out of the process list); default: $QAMQOR_DB, else qamqor.sqlite.")
    var db: String?

    @Flag(name: .customLong("publish-without-approval"), help: "With --auth: publish a draft without a second policy officer's approval (a deployment with one officer; the policy page says so).")
    var publishWithoutApproval = false

    @Option(name: .long, help: "The issuer file: the body that issues decision notices — name, address, where complaints go (YAML, kk/ru/en; see docs/issuer.example.yaml).")
    var issuer: String?

    @Option(name: .long, help: "Sample households offered on the caseworker page.")
    var samples: String = "samples"

    @Option(name: .long, help: "The token file (see `qamqor token`): bearer tokens with their names and roles.")
    var auth: String?

    @Option(name: .customLong("log-format"), help: "Logs on standard error: text, or json (one object a line, with each request's request_id).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .customLong("max-connections"), help: "Connections open at once (more wait until one closes).")
    var maxConnections: Int = 512

    /// Loopback when every address the name resolves to is (`127.attacker.example` is not).
    static func isLoopback(_ host: String) -> Bool { LoopbackAddress.resolvesOnlyToLoopback(host) }

    func run() async throws {
        switch logFormat {
        case .json: LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        case .text: LoggingSystem.bootstrap(StreamLogHandler.standardError)
        }
        let logger = Logger(label: "qamqor")
        let json = logFormat == .json
        // What the service says about itself: a line of text, or a log event in JSON mode.
        let say: @Sendable (String) -> Void = { message in if json { logger.info("\(message)") } else { Console.err(message) } }
        var tokens: TokenTable?
        if let auth {
            do { tokens = try TokenTable(contentsOf: auth) } catch { Console.err("error: \(error)"); throw ExitCode(1) }
        } else if !Self.isLoopback(host) {
            Console.err("error: listening on \(host) needs --auth FILE (bearer tokens with roles; make one with `qamqor token`): without it anyone who reaches the port could decide, rank and read personal data")
            throw ExitCode(2)
        }
        if auth == nil, !publicNames.isEmpty {
            Console.err("error: --public-name needs --auth FILE: without tokens the service answers only on this machine")
            throw ExitCode(2)
        }
        let limits = ConnectionLimits(maximum: FileLimit.fit(connections: max(1, maxConnections)))
        let db: String
        do { db = try AuditStores.named(self.db, fallback: "qamqor.sqlite") ?? "qamqor.sqlite" } catch { Console.err("error: \(error)"); throw ExitCode(1) }
        var config = ServiceConfiguration(rulesDirectory: rules, samplesDirectory: samples, host: host, port: port, databasePath: db, tokens: tokens)
        // With tokens, the address listened on (when it is one address, not every one) is a name
        // the service is reached by.
        config.publicNames = publicNames + (tokens != nil && !["0.0.0.0", "::", "[::]"].contains(host) ? [host] : [])
        if publishWithoutApproval, auth == nil {
            Console.err("error: --publish-without-approval goes with --auth FILE: without tokens there is one user, and no approval is asked")
            throw ExitCode(2)
        }
        config.publishWithoutApproval = publishWithoutApproval
        if let issuer {
            guard let text = try? String(contentsOfFile: issuer, encoding: .utf8) else { Console.err("error: \(issuer): cannot read the issuer file"); throw ExitCode(1) }
            switch NoticeIssuer.read(text) {
            case .success(let i): config.issuer = i
            case .failure(let e): Console.err("error: \(issuer): \(e)"); throw ExitCode(1)
            }
        }
        let api: QamqorAPI
        do { api = try await QamqorAPI.open(config) } catch {
            Console.err(error.description)
            throw ExitCode(1)
        }
        let access = tokens.map { "\($0.entries.count) token\($0.entries.count == 1 ? "" : "s") from \(auth ?? "")" }
            ?? "open to this machine's user (no --auth; reading audited decisions needs a token)"
        let app = api.application(limits: limits, watching: { outcome, snapshot in
            switch outcome {
            case .swapped: say("qamqor: rules reloaded · version \(snapshot.rules.version) · \(snapshot.testsPassed) tests passed")
            case .rejected:
                let r = snapshot.rejected
                say("qamqor: the changed rules were not served (\(r?.diagnostics.count ?? 0) diagnostics, \(r?.failedTests.count ?? 0) failed tests); still serving \(snapshot.rules.version)")
            case .unchanged, .settling: break
            }
        }) {
            say("qamqor: serving on http://\(host):\(port)/ · rules \(api.store.rules.version) · audit \(api.audit.location) · \(access) · at most \(limits.maximum) connections")
        }
        try await app.runService()
        await api.close()
    }
}

/// The process's limit on open files, and a connection cap that stays under it.
enum FileLimit {
    /// Raises the soft limit on open files as far as the hard limit allows, and returns
    /// `connections` lowered if need be so that connections leave 128 descriptors for the audit
    /// database, rule files and the rest: running out of descriptors then refuses connections
    /// (they wait in the backlog) instead of failing the process.
    static func fit(connections: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return connections }
        let wanted = rlim_t(connections + 128)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(limit.rlim_max, wanted)
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return max(1, min(connections, Int(limit.rlim_cur) - 128))
    }
}
