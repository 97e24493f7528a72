import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QamqorService
import QamqorEngine

/// A real PostgreSQL for the tests: `QAMQOR_TEST_POSTGRES` is the URL of a server the tests may
/// create databases on (`scripts/postgres-test.sh start` prints one; `.ci/run` starts it), and
/// `QAMQOR_TEST_POSTGRES_CTL` the script that stops and starts it. Without them these tests are
/// skipped, and say so.
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["QAMQOR_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let control = ProcessInfo.processInfo.environment["QAMQOR_TEST_POSTGRES_CTL"].flatMap { $0.isEmpty ? nil : $0 }

    @discardableResult
    static func run(_ executable: String, _ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard p.terminationStatus == 0 else { throw TestFailure("\(executable) \(args.joined(separator: " ")) failed: \(text)") }
        return text
    }

    /// Runs blocking work (a child process) on a thread of its own, so that waiting for it does
    /// not hold one of the few threads every other test's tasks run on.
    static func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            Thread { c.resume(with: Result { try work() }) }.start()
        }
    }

    /// The bound of the tests' stores: generous, since the whole suite loads the machine and a
    /// test must not fail on timing (the outage test sets its own short bound).
    static let patient: Duration = .seconds(30)

    static func psql(_ url: String, _ sql: String) throws -> String {
        try run("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-tAc", sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A new empty database on the test server; its URL.
    static func freshDatabase() throws -> String {
        guard let url else { throw TestFailure("QAMQOR_TEST_POSTGRES is not set") }
        let name = "qamqor_t_" + UUID().uuidString.prefix(8).lowercased()
        _ = try psql(url, "CREATE DATABASE \(name)")
        var c = URLComponents(string: url)!
        c.path = "/" + name
        return c.string!
    }
}

/// The suites that use the one PostgreSQL server of the tests, one test at a time: the outage
/// test stops and starts the server, which no other test may meet halfway.
@Suite("One PostgreSQL server", .serialized)
enum OnePostgresServer {}

typealias PostgresTests = OnePostgresServer.PostgresTests

extension OnePostgresServer {
@Suite("PostgreSQL audit store", .serialized, .enabled(if: TestPostgres.url != nil, "QAMQOR_TEST_POSTGRES is not set: start one with scripts/postgres-test.sh"))
struct PostgresTests {
    static func entry(_ id: String, outcome: String = #"{"ata":"eligible"}"#) -> AuditEntry {
        AuditEntry(id: id, createdAt: "2026-12-02T10:00:00Z", caller: "caseworker user", rulesVersion: "v1", asOf: nil, programs: "*",
                   input: #"{"application":{}}"#, outcome: outcome, explanation: "{}")
    }

    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// A new store of `kind`, and a way to run SQL on its database behind its back.
    static func store(_ kind: Kind) async throws -> (any AuditStore, tamper: (String) throws -> Void, db: String) {
        switch kind {
        case .sqlite:
            let path = ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path
            let log = try AuditLog(path: path)
            return (log, { sql in try log.pool.write { try $0.execute(sql: sql) } }, path)
        case .postgres:
            let url = try TestPostgres.freshDatabase()
            return (try await PostgresAuditLog(url: url, timeout: TestPostgres.patient), { sql in _ = try TestPostgres.psql(url, sql) }, url)
        }
    }

    @Test("the same chain on both stores: decisions verify; a row changed behind the store's back is named, by the API and by `qamqor audit verify`", arguments: Kind.allCases)
    func chain(_ kind: Kind) async throws {
        let (store, tamper, db) = try await Self.store(kind)
        for id in ["d1", "d2", "d3"] { try await store.record(Self.entry(id)) }
        #expect(try await store.count() == 3)
        #expect(try await store.entry("d2")?.outcome == #"{"ata":"eligible"}"#)
        var v = try await store.verify()
        #expect(v.problem == nil && v.chained == 3 && v.head.count == 64)
        var cli = try await TestPostgres.offThread { try CommandLineTests.qamqor(["audit", "verify", "--db", db]) }
        #expect(cli.status == 0 && cli.out.contains("ok: 3 decisions in the chain"))

        // An ATA refusal rewritten as eligible, with psql or SQLite.
        try tamper(#"UPDATE decisions SET outcome = '{"ata":"ineligible"}' WHERE id = 'd2'"#)
        v = try await store.verify()
        #expect(v.problem == "decision d2 (number 2) was altered after it was written")
        cli = try await TestPostgres.offThread { try CommandLineTests.qamqor(["audit", "verify", "--db", db]) }
        #expect(cli.status == 1 && cli.err.contains("decision d2 (number 2) was altered after it was written"))

        try tamper(#"UPDATE decisions SET outcome = '{"ata":"eligible"}' WHERE id = 'd2'"#)
        try tamper("DELETE FROM decisions WHERE id = 'd2'")
        v = try await store.verify()
        #expect(v.problem == "1 row(s) were removed after decision d1 (number 1), before decision d3 (number 3)")
        await store.close()
    }

    @Test("the chain's lock held by another session: each decision answered \"not recorded\" left no row; once released, writes go on")
    func lockHeldMeansNoRow() async throws {
        let db = try TestPostgres.freshDatabase()
        let log = try await PostgresAuditLog(url: db, timeout: .seconds(2))
        defer { Task { await log.close() } }
        try await log.record(Self.entry("before"))
        // Another session takes the chain's lock for 20 s: well beyond three writes' 2 s bounds,
        // even on two cores busy with the rest of the suite.
        let holder = Task.detached { try TestPostgres.psql(db, "SELECT pg_advisory_lock(\(PostgresAuditLog.chainLock)); SELECT pg_sleep(20)") }
        for _ in 0..<200 {
            let held = try await TestPostgres.offThread { try TestPostgres.psql(db, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted") }
            if held == "1" { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        var refused: [String] = []
        for i in 0..<3 {
            let id = "held-\(i)"
            do { try await log.record(Self.entry(id)); Issue.record("\(id) was recorded while the lock was held") } catch is AuditUnavailable { refused.append(id) }
        }
        _ = try await holder.value
        try await Task.sleep(for: .milliseconds(300))
        #expect(refused.count == 3)
        for id in refused { #expect(try await log.entry(id) == nil, "\(id) was answered 503 but its row was committed") }
        try await log.record(Self.entry("after"))
        let v = try await log.verify()
        #expect(v.problem == nil && v.chained == 2)
    }

    @Test("two replicas writing at once keep one unbroken chain in one database")
    func replicasShareOneChain() async throws {
        let url = try TestPostgres.freshDatabase()
        let a = try await PostgresAuditLog(url: url, timeout: TestPostgres.patient), b = try await PostgresAuditLog(url: url, timeout: TestPostgres.patient)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask { try await (i % 2 == 0 ? a : b).record(Self.entry("r\(i)")) }
            }
            try await group.waitForAll()
        }
        let v = try await a.verify()
        #expect(v.problem == nil && v.chained == 40)
        #expect(try await b.count() == 40)
        await a.close(); await b.close()
    }

    @Test("the schema is migrated once under a version table; a database migrated by a newer qamqor is refused, naming both versions")
    func migrations() async throws {
        let url = try TestPostgres.freshDatabase()
        let first = try await PostgresAuditLog(url: url, timeout: TestPostgres.patient)
        await first.close()
        let again = try await PostgresAuditLog(url: url, timeout: TestPostgres.patient)
        await again.close()
        #expect(try TestPostgres.psql(url, "SELECT string_agg(version::text, ',' ORDER BY version) FROM qamqor_migrations") == "1,2,3,4,5,6")
        _ = try TestPostgres.psql(url, "INSERT INTO qamqor_migrations (version, note) VALUES (99, 'from the future')")
        do {
            let store = try await PostgresAuditLog(url: url, timeout: TestPostgres.patient)
            await store.close()
            Issue.record("a database at schema version 99 was opened")
        } catch {
            #expect("\(error)".contains("schema version 99, newer than the 6 this qamqor knows"))
        }
    }

    @Test("a URL without a database, with a bad sslmode or an unknown host is refused with the reason, the password never printed")
    func badURLs() async throws {
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL("postgres://u@localhost") }
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL("postgres://u@localhost/db?sslmode=maybe") }
        let u = try DatabaseURL("postgres://qamqor:s3cret@db.example:6543/audit")
        #expect(u.redacted == "postgres://qamqor@db.example:6543/audit" && u.password == "s3cret")
        #expect(AuditStores.printable("postgres://qamqor:s3cret@db.example:6543/audit") == "postgres://qamqor@db.example:6543/audit")
    }

    @Test("a server that refuses the connection (no such database, a wrong password) is said to refuse, in its words, at once — not to be silent")
    func refusedConnection() async throws {
        var c = URLComponents(string: try #require(TestPostgres.url))!
        c.path = "/qamqor_no_such_database"
        c.password = "s3cret"
        let started = ContinuousClock.now
        do {
            _ = try await PostgresAuditLog(url: c.string!, timeout: .seconds(5))
            Issue.record("a database that does not exist was opened")
        } catch let e as AuditUnavailable {
            #expect(e.reason.contains("refused the connection") && e.reason.contains("qamqor_no_such_database"), "\(e.reason)")
            #expect(!e.reason.contains("s3cret") && !e.reason.contains("did not answer"))
        }
        print("refused after \(ContinuousClock.now - started)")
    }

    @Test("while PostgreSQL is down decisions (and the workbench) answer 503 in the request's language and /healthz is not ready; when it is back they answer 200 without a restart",
          .enabled(if: TestPostgres.control != nil, "QAMQOR_TEST_POSTGRES_CTL is not set"))
    func outageAndRecovery() async throws {
        let url = try TestPostgres.freshDatabase()
        let store = try await PostgresAuditLog(url: url, timeout: .seconds(3))
        var config = ServiceConfiguration(rulesDirectory: try ServiceFixture.rulesCopy().path, samplesDirectory: ServiceFixture.repo.appendingPathComponent("samples").path)
        let api = try await QamqorAPI(configuration: config, store: RuleSetStore(directory: config.rulesDirectory), database: ServiceDatabase(store))
        let control = try #require(TestPostgres.control)
        try await ServiceFixture.app(api).test(.router) { client in
            let body = try ServiceFixture.sample("almaty-student-family.json")
            let id: String = try await client.execute(uri: "/v1/decisions?lang=en", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)["audit_id"] as? String ?? ""
            }
            // Acknowledged means committed: the row is in PostgreSQL.
            #expect(try TestPostgres.psql(url, "SELECT count(*) FROM decisions WHERE id = '\(id)'") == "1")

            try await TestPostgres.offThread { try TestPostgres.run(control, ["stop"]) }
            do {
                try await client.execute(uri: "/v1/decisions?lang=ru", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                    #expect(r.status == .serviceUnavailable)
                    let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "audit-unavailable")
                    #expect((error?["message"] as? String)?.contains("решение не удаётся записать в журнал аудита") == true)
                }
                try await client.execute(uri: "/healthz", method: .get) { r in
                    #expect(r.status == .serviceUnavailable)
                    #expect(ServiceFixture.json(r.body)["ready"] as? Bool == false)
                }
                try await client.execute(uri: "/healthz/live", method: .get) { r in #expect(r.status == .ok) }
                // The workbench lives in the same database: a clear 503, not a 500.
                try await client.execute(uri: "/v1/drafts?name=x&lang=en", method: .post) { r in
                    #expect(r.status == .serviceUnavailable)
                    let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                    #expect(error?["code"] as? String == "database-unavailable")
                    #expect((error?["message"] as? String)?.contains("the database cannot be reached") == true)
                }
            }
            try await TestPostgres.offThread { try TestPostgres.run(control, ["start"]) }
            var status: HTTPResponse.Status = .serviceUnavailable
            for _ in 0..<40 where status != .ok {
                status = try await client.execute(uri: "/v1/decisions?lang=kk", method: .post, headers: [.contentType: "application/json"], body: body) { $0.status }
                if status != .ok { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(status == .ok)
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
        }
        // Every acknowledged decision is in the chain, and only those.
        let v = try await store.verify()
        #expect(v.problem == nil && v.chained == 2)
        await store.close()
    }

    // MARK: The workbench in PostgreSQL

    @Test("the workbench's whole flow on PostgreSQL: draft, typo, tests, impact, publish, replay, rollback — as on SQLite")
    func workbenchFlow() async throws {
        try await WorkbenchTests.wholeFlow(database: ServiceDatabase(PostgresAuditLog(url: TestPostgres.freshDatabase(), timeout: TestPostgres.patient)))
    }

    @Test("on PostgreSQL too, a correction of history is told how many audited decisions its days hold")
    func decisionsReached() async throws {
        try await ParameterFormTests.decisionsReached(database: ServiceDatabase(PostgresAuditLog(url: TestPostgres.freshDatabase(), timeout: TestPostgres.patient)))
    }

    @Test("a version scheduled for a date on PostgreSQL comes into force on that day, once")
    func workbenchSchedule() async throws {
        try await WorkbenchTests.effectiveDate(database: ServiceDatabase(PostgresAuditLog(url: TestPostgres.freshDatabase(), timeout: TestPostgres.patient)))
    }

    @Test("two replicas share the workbench: a draft begun on one is edited and published on the other, the first follows; a due schedule is brought in by exactly one; the draft limit holds across both")
    func workbenchAcrossReplicas() async throws {
        let url = try TestPostgres.freshDatabase()
        let a = try await ServiceFixture.api(tokens: ServiceFixture.tokens, database: ServiceDatabase(PostgresAuditLog(url: url, timeout: TestPostgres.patient)))
        let b = try await ServiceFixture.api(tokens: ServiceFixture.tokens, database: ServiceDatabase(PostgresAuditLog(url: url, timeout: TestPostgres.patient)))
        // Their watchers' first polls: A's rules become the shared version, B agrees.
        #expect(await a.sharing?.poll() == .pushed(a.store.rules.version))
        #expect(await b.sharing?.poll() == .unchanged)
        let live = a.store.rules.version
        #expect(b.store.rules.version == live)
        let path = "programs/ata.yaml"

        // Begun on A.
        let draft: String = try await ServiceFixture.app(a).test(.router) { client in
            try await client.execute(uri: "/v1/drafts?name=shared", method: .post, headers: WorkbenchTests.policy) { r in
                #expect(r.status == .created)
                return ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
        }
        // Listed, edited, tested and published on B.
        let published: String = try await ServiceFixture.app(b).test(.router) { client in
            try await client.execute(uri: "/v1/workbench", method: .get, headers: WorkbenchTests.policy) { r in
                let drafts = ServiceFixture.json(r.body)["drafts"] as? [[String: Any]] ?? []
                #expect(drafts.map { $0["id"] as? String } == [draft])
            }
            let text = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .get, headers: WorkbenchTests.policy) { r in String(buffer: r.body) }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .put, headers: WorkbenchTests.policy,
                                     body: ByteBuffer(string: text + "\n# reviewed on another replica\n")) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/drafts/\(draft)/tests", method: .post, headers: WorkbenchTests.policy) { r in
                #expect(ServiceFixture.json(r.body)["failed"] as? Int == 0)
            }
            try await WorkbenchTests.approve(client, draft)
            return try await client.execute(uri: "/v1/drafts/\(draft)/publish?note=shared", method: .post, headers: WorkbenchTests.policy) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)["version"] as? String ?? ""
            }
        }
        #expect(published != live && b.store.rules.version == published)
        // B's change reaches the database at its next poll, A takes it at its own.
        #expect(await b.sharing?.poll() == .pushed(published))
        #expect(await a.sharing?.poll() == .pulled(published))
        #expect(a.store.rules.version == published)
        // One history: the publish recorded by B, A's pull of it adding nothing.
        let history = try await a.workbench.publications().map { "\($0.kind.rawValue) \($0.version)" }
        #expect(history == ["publish \(published)", "start \(live)"])

        // A schedule due today: the two replicas try at once, one brings it in.
        let later: String = try await ServiceFixture.app(a).test(.router) { client in
            let d: String = try await client.execute(uri: "/v1/drafts?name=later", method: .post, headers: WorkbenchTests.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            let text = try await client.execute(uri: "/v1/drafts/\(d)/file?path=\(path)", method: .get, headers: WorkbenchTests.policy) { r in String(buffer: r.body) }
            try await client.execute(uri: "/v1/drafts/\(d)/file?path=\(path)", method: .put, headers: WorkbenchTests.policy,
                                     body: ByteBuffer(string: text + "# and for next year\n")) { r in #expect(r.status == .ok) }
            let day = ParameterCoverage.today().adding(days: 3)
            try await WorkbenchTests.approve(client, d)
            return try await client.execute(uri: "/v1/drafts/\(d)/publish?effective_from=\(day)", method: .post, headers: WorkbenchTests.policy) { r in
                #expect(r.status == .accepted)
                return ServiceFixture.json(r.body)["version"] as? String ?? ""
            }
        }
        let due = ParameterCoverage.today().adding(days: 3)
        async let byA = a.activateDueSchedule(today: due)
        async let byB = b.activateDueSchedule(today: due)
        let brought = await [byA, byB].compactMap { $0 }
        #expect(brought == [later], "exactly one replica brings the schedule in")
        #expect(try await a.workbench.latestSchedule()?.state == "done")

        // The draft limit counts every replica's drafts.
        let store = a.workbench
        let existing = try await store.drafts().count
        for i in existing..<Workbench.maxDrafts {
            #expect(try await (i % 2 == 0 ? a : b).workbench.createDraft(name: "d\(i)", author: "t", base: live, files: []) != nil)
        }
        #expect(try await b.workbench.createDraft(name: "one too many", author: "t", base: live, files: []) == nil)
        await a.audit.close(); await b.audit.close()
    }

    /// POSTs the sample decision to `base`; the audit id of a 200, nil for anything else
    /// (including a connection cut by a killed replica).
    static func decide(_ base: String, lang: String = "en") async -> (status: Int, id: String?) {
        // Over AsyncHTTPClient with a deadline: a connection cut by a killed replica ends the
        // request, never leaves it waiting.
        guard let body = try? String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-student-family.json"), encoding: .utf8),
              let (status, data) = try? await RunningService.fetch(base + "/v1/decisions?program=ata&lang=\(lang)", method: "POST",
                                                                  headers: [("content-type", "application/json")], body: body, timeout: .seconds(20)) else { return (0, nil) }
        let id = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["audit_id"] as? String
        return (status, status == 200 ? id : nil)
    }

    @Test("two real replicas on one PostgreSQL: a replica SIGKILLed in a stream of decisions loses none it acknowledged; PostgreSQL stopped makes both answer 503, started again both answer 200 without a restart",
          .enabled(if: TestPostgres.control != nil, "QAMQOR_TEST_POSTGRES_CTL is not set"))
    func twoReplicas() async throws {
        let url = try TestPostgres.freshDatabase()
        let control = try #require(TestPostgres.control)
        let a = try RunningService(rules: ServiceFixture.rulesCopy(), database: url), b = try RunningService(rules: ServiceFixture.rulesCopy(), database: url)
        defer { a.kill(); b.kill() }
        try await a.ready(); try await b.ready()

        // A stream of decisions to both; one replica is killed in the middle of it.
        let acknowledged = await withTaskGroup(of: String?.self) { group in
            for i in 0..<80 {
                group.addTask {
                    if i == 40 { a.kill() }
                    return await Self.decide(i % 2 == 0 ? a.base : b.base).id
                }
            }
            var ids: [String] = []
            for await id in group { if let id { ids.append(id) } }
            return ids
        }
        #expect(acknowledged.count >= 40)
        let list = acknowledged.map { "'\($0)'" }.joined(separator: ",")
        #expect(try TestPostgres.psql(url, "SELECT count(*) FROM decisions WHERE id IN (\(list))") == String(acknowledged.count))
        #expect(try await PostgresAuditLog(url: url, timeout: TestPostgres.patient).verify().problem == nil)

        // The database down: both replicas refuse decisions and say they are not ready.
        let c = try RunningService(rules: ServiceFixture.rulesCopy(), database: url)
        defer { c.kill() }
        try await c.ready()
        try await TestPostgres.offThread { try TestPostgres.run(control, ["stop"]) }
        for r in [b, c] {
            #expect(await Self.decide(r.base).status == 503)
        }
        try await TestPostgres.offThread { try TestPostgres.run(control, ["start"]) }
        for r in [b, c] {
            var status = 0
            for _ in 0..<40 where status != 200 {
                status = await Self.decide(r.base).status
                if status != 200 { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(status == 200)
        }
    }

    static func version(_ base: String) async -> String? {
        guard let (_, data) = try? await RunningService.fetch(base + "/v1/rules", timeout: .seconds(20)) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["version"] as? String
    }

    /// Seconds until every replica reports `version` (nil: not within `limit`).
    static func served(_ version: String, by replicas: [RunningService], within limit: Duration) async throws -> Double? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            var all = true
            for r in replicas where await Self.version(r.base) != version { all = false }
            if all { return Double((ContinuousClock.now - start).components.attoseconds) / 1e18 + Double((ContinuousClock.now - start).components.seconds) }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    /// The time each step took is printed (a test never fails on timing: it allows 15 s; the
    /// figure to watch is in its output, well under 2 s on a quiet machine).
    @Test("a version published with `qamqor publish --db`, or changed on one replica, is checked, tested and served by every replica; a version that fails its tests is not published",
          .enabled(if: TestPostgres.control != nil, "QAMQOR_TEST_POSTGRES_CTL is not set"))
    func sharedRuleVersion() async throws {
        let url = try TestPostgres.freshDatabase()
        let dirA = try ServiceFixture.rulesCopy(), dirB = try ServiceFixture.rulesCopy()
        let a = try RunningService(rules: dirA, database: url), b = try RunningService(rules: dirB, database: url)
        defer { a.kill(); b.kill() }
        try await a.ready(); try await b.ready()
        let first = try #require(await Self.version(a.base))
        #expect(try await Self.served(first, by: [a, b], within: .seconds(15)) != nil)

        // Rules kept in git, published from the command line.
        let edited = try ServiceFixture.rulesCopy()
        let file = edited.appendingPathComponent("parameters/poverty_line.yaml")
        try (try String(contentsOf: file, encoding: .utf8) + "# reviewed 2026-12-02\n").write(to: file, atomically: true, encoding: .utf8)
        let run = try await TestPostgres.offThread { try CommandLineTests.qamqor(["publish", edited.path, "--db", url, "--note", "reviewed"]) }
        #expect(run.status == 0 && run.out.contains("published rules"))
        let published = try #require(run.out.split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(published != first)
        let took = try await Self.served(published, by: [a, b], within: .seconds(15))
        #expect(took != nil)
        print("qamqor publish → served by both replicas in \(String(format: "%.2f", took ?? -1)) s")
        // The replicas' own directories now hold it.
        #expect(try String(contentsOf: dirB.appendingPathComponent("parameters/poverty_line.yaml"), encoding: .utf8).hasSuffix("# reviewed 2026-12-02\n"))

        // A change saved on one replica (hot reload) becomes every replica's version.
        let onA = dirA.appendingPathComponent("parameters/poverty_line.yaml")
        try (try String(contentsOf: onA, encoding: .utf8) + "# and again\n").write(to: onA, atomically: true, encoding: .utf8)
        var changed: String?
        for _ in 0..<60 where changed == nil {
            if let v = await Self.version(a.base), v != published { changed = v } else { try await Task.sleep(for: .milliseconds(100)) }
        }
        let local = try #require(changed)
        let followed = try await Self.served(local, by: [a, b], within: .seconds(15))
        #expect(followed != nil)
        print("a change on one replica → served by the other in \(String(format: "%.2f", followed ?? -1)) s")

        // Failing tests: refused, nothing published.
        let broken = try ServiceFixture.rulesCopy()
        let pl = broken.appendingPathComponent("parameters/poverty_line.yaml")
        try (try String(contentsOf: pl, encoding: .utf8)).replacingOccurrences(of: "2023-07-01: 0.70", with: "2023-07-01: 0.75").write(to: pl, atomically: true, encoding: .utf8)
        let refused = try await TestPostgres.offThread { try CommandLineTests.qamqor(["publish", broken.path, "--db", url]) }
        #expect(refused.status == 1 && refused.err.contains("nothing was published"))
        #expect(await Self.version(b.base) == local)
    }
}
}
