import Foundation
import Testing
import Hummingbird
import HummingbirdTesting
@testable import QamqorService

/// The `qamqor` command as a user runs it: exit codes and what it prints.
@Suite("Command line")
struct CommandLineTests {
    struct Run { let status: Int32; let out: String; let err: String }

    /// `qamqor` run with `args` in `dir`, with `environment` added to this process's.
    static func qamqor(_ args: [String], in dir: URL = ServiceFixture.repo, environment: [String: String] = [:]) throws -> Run {
        guard let binary = QamqorBinary.path else { throw TestFailure("cannot find or build the qamqor executable") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        p.currentDirectoryURL = dir
        if !environment.isEmpty { p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func file(_ name: String, _ text: String) throws -> String {
        let url = ServiceFixture.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test("programs: the CLI and GET /v1/programs list the same catalogue (the CLI adds rule files; the service names no server path)")
    func programsCatalogue() async throws {
        let cli = try await TestPostgres.offThread { try Self.qamqor(["programs", "--format", "json", "--lang", "kk"]) }
        #expect(cli.status == 0)
        var fromCLI = try #require(try JSONSerialization.jsonObject(with: Data(cli.out.utf8)) as? [String: Any])
        let cliPrograms = try #require(fromCLI["programs"] as? [[String: Any]])
        #expect(cliPrograms.allSatisfy { ($0["file"] as? String)?.hasSuffix(".yaml") == true })
        fromCLI["programs"] = cliPrograms.map { $0.filter { $0.key != "file" } }
        let api = try await ServiceFixture.api(rules: ServiceFixture.repo.appendingPathComponent("rules"))
        let fromHTTP = try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/programs?lang=kk", method: .get) { r in ServiceFixture.json(r.body) }
        }
        #expect(NSDictionary(dictionary: fromCLI).isEqual(to: fromHTTP))
        let programs = fromHTTP["programs"] as? [[String: Any]] ?? []
        #expect(programs.count == 20 && programs.allSatisfy { $0["file"] == nil })
        // Policy choices are flagged where the source says so, and only there.
        let flagged = programs.filter { $0["policy_choice"] as? Bool == true }.compactMap { $0["id"] as? String }
        #expect(!flagged.isEmpty && flagged.count == programs.filter { ($0["source"] as? String)?.lowercased().contains("policy choice") == true }.count)
        #expect(programs.filter { $0["grant"] as? Bool == true }.compactMap { $0["id"] as? String }.contains("isker_ana"))
        let text = try await TestPostgres.offThread { try Self.qamqor(["programs", "--lang", "ru"]) }
        #expect(text.status == 0 && text.out.contains("20 программ · версия правил") && text.out.contains("правовое основание"))
    }

    @Test("check: 0 and a summary for the shipped rules; 1 with file:line:col, caret and suggestion for a typo")
    func check() throws {
        let ok = try Self.qamqor(["check", "rules"])
        #expect(ok.status == 0)
        #expect(ok.out.hasPrefix("ok: "))
        let rules = try ServiceFixture.rulesCopy()
        let ata = rules.appendingPathComponent("programs/ata.yaml")
        try (try String(contentsOf: ata, encoding: .utf8)).replacingOccurrences(of: "facts.commission_finding != \"no_need\"", with: "facts.comission_finding != \"no_need\"")
            .write(to: ata, atomically: true, encoding: .utf8)
        let bad = try Self.qamqor(["check", rules.path])
        #expect(bad.status == 1)
        let line = try #require(try String(contentsOf: ata, encoding: .utf8).components(separatedBy: "\n").firstIndex { $0.contains("facts.comission_finding") }) + 1
        #expect(bad.err.contains("programs/ata.yaml:\(line):19: error[unknown-field]: facts has no field `comission_finding`"))
        #expect(bad.err.contains("^^^^^^^^^^^^^^^^^"))
        #expect(bad.err.contains("did you mean `commission_finding`?"))
    }

    @Test("eval: ATA's status, amount in ₸ and values; JSON too")
    func eval() throws {
        let text = try Self.qamqor(["eval", "samples/almaty-widow-five-children.yaml", "--program", "ata"])
        #expect(text.status == 0)
        #expect(text.out.contains("Targeted social assistance [ata]: eligible"))
        #expect(text.out.contains("amount: 127 295 ₸ a month"))
        #expect(text.out.contains("Per-capita monthly income: 23 166.67 ₸"))
        let json = try Self.qamqor(["eval", "samples/almaty-widow-five-children.yaml", "--program", "ata", "--format", "json"])
        let obj = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        let d = (obj?["decisions"] as? [[String: Any]])?.first
        #expect(d?["status"] as? String == "eligible")
        #expect(d?["amount"] as? NSNumber == NSNumber(value: 127295))
    }

    @Test("eval --format json prints the document POST /v1/decisions answers, but for the audit id")
    func evalDocumentIsTheAPIs() async throws {
        let sample = "samples/almaty-student-family.json"
        let cli = try await TestPostgres.offThread { try Self.qamqor(["eval", sample, "--program", "ata", "--program", "large_family", "--format", "json"]) }
        #expect(cli.status == 0)
        let printed = try #require(try JSONSerialization.jsonObject(with: Data(cli.out.utf8)) as? [String: Any])
        let api = try await ServiceFixture.api()
        let body = try ServiceFixture.sample("almaty-student-family.json")
        let answered: [String: Any] = try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/decisions?program=ata&program=large_family", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                try #require(try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as? [String: Any])
            }
        }
        #expect(answered["audit_id"] is String && printed["audit_id"] == nil)
        var withoutID = answered
        withoutID["audit_id"] = nil
        #expect(NSDictionary(dictionary: printed).isEqual(to: withoutID), "the CLI's document differs from the API's")
        let first = (printed["decisions"] as? [[String: Any]])?.first
        #expect(first?["figures"] != nil && first?["amount_breakdown"] != nil)
    }

    @Test("rank --compare and POST /v1/rankings?compare= take the same ids and say the same: the first against each of the others")
    func compareAlike() async throws {
        let round = "samples/rounds/isker-ana-2025.jsonl"
        let cli = try await TestPostgres.offThread { try Self.qamqor(["rank", "--program", "isker_ana", round, "--compare", "IA-0001", "IA-0002", "IA-0003", "--lang", "kk"]) }
        #expect(cli.status == 0)
        let api = try await ServiceFixture.api()
        let body = try ServiceFixture.sample("rounds/isker-ana-2025.jsonl")
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=isker_ana&lang=kk&compare=IA-0001&compare=IA-0002&compare=IA-0003", method: .post,
                                     headers: [.contentType: "application/x-ndjson"], body: body) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                let pairs = json["comparisons"] as? [[String: Any]] ?? []
                #expect(pairs.map { $0["b"] as? String } == ["IA-0002", "IA-0003"])
                #expect(json["b"] as? String == "IA-0002" && json["comparison"] as? String == pairs.first?["comparison"] as? String)
                // The CLI prints the same texts, one after the other.
                #expect(cli.out == pairs.compactMap { $0["comparison"] as? String }.map { $0 + "\n" }.joined())
            }
            // One id: refused by both, in the same words.
            let one = try await TestPostgres.offThread { try Self.qamqor(["rank", "--program", "isker_ana", round, "--compare", "IA-0001", "--lang", "kk"]) }
            #expect(one.status == 2)
            try await client.execute(uri: "/v1/rankings?program=isker_ana&lang=kk&compare=IA-0001", method: .post,
                                     headers: [.contentType: "application/x-ndjson"], body: body) { r in
                #expect(r.status == .badRequest)
                let message = ((ServiceFixture.json(r.body)["error"] as? [String: Any])?["message"] as? String) ?? "?"
                #expect(message.contains("20-ға дейінгі"))
                #expect(one.err.contains(message))
            }
        }
    }

    @Test("bad input: a clear message and a non-zero exit, never a crash")
    func badInput() throws {
        let sample = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/almaty-widow-five-children.yaml"), encoding: .utf8)
        let wrongType = try Self.file("wrong.yaml", sample.replacingOccurrences(of: "birth_date: 2016-11-30", with: "birth_date: 5"))
        let r1 = try Self.qamqor(["eval", wrongType])
        #expect(r1.status == 1)
        #expect(r1.err.contains("`members[3].birth_date`: expected a date (YYYY-MM-DD), found `5`"))
        let missing = try Self.file("missing.yaml", sample.replacingOccurrences(of: ", birth_date: 2019-07-08", with: ""))
        let r2 = try Self.qamqor(["eval", missing, "--program", "ata"])
        #expect(r2.status == 3)
        #expect(r2.err.contains("undetermined: ata needs members[4].birth_date"))
        var bomb = ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
        for (i, l) in "bcdefghij".enumerated() {
            let prev = Array("abcdefghij")[i]
            bomb.append("\(l): &\(l) [" + Array(repeating: "*\(prev)", count: 9).joined(separator: ",") + "]")
        }
        let r3 = try Self.qamqor(["eval", try Self.file("bomb.yaml", bomb.joined(separator: "\n"))])
        #expect(r3.status == 1)
        #expect(r3.err.contains("error[yaml-unsafe]"))
        let malformed = try Self.qamqor(["eval", try Self.file("malformed.yaml", "application: {id: [\n")])
        #expect(malformed.status == 1)
        #expect(malformed.err.contains("error[yaml-syntax]"))
        let usage = try Self.qamqor(["eval", "--as-of", "yesterday", "samples/almaty-widow-five-children.yaml"])
        #expect(usage.status == 2)
        // Files a batch cannot use are named with what is wrong with them.
        let folder = ServiceFixture.temporaryDirectory().path
        for (args, message) in [(["batch", "--input", folder], "\(folder): is a directory, not a file"),
                                (["batch", "--input", folder + "/none.jsonl"], "\(folder)/none.jsonl: no such file"),
                                (["impact", "--base", "rules", "--rules", "rules", "--input", folder], "\(folder): is a directory, not a file"),
                                (["generate", "--households", "1", "--output", folder + "/no/such/dir.jsonl"], "\(folder)/no/such/dir.jsonl: cannot write (No such file or directory)")] {
            let r = try Self.qamqor(args)
            #expect(r.status == 1 && r.err == message + "\n", "\(args)")
        }
        // An output that is the input is refused before anything is emptied.
        let households = try Self.file("own.jsonl", try Self.qamqor(["generate", "--households", "5"]).out)
        let round = try Self.file("round.jsonl", try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl"), encoding: .utf8))
        for (args, path) in [(["batch", "--input", households, "--output", households], households), (["batch", "--input", households, "--rejects", households], households),
                             (["rank", "--program", "isker_ana", round, "--output", round], round)] {
            let before = try String(contentsOfFile: path, encoding: .utf8)
            let r = try Self.qamqor(args)
            #expect(r.status == 1 && r.err == "\(path): is also the input \(path); write the output to another file\n", "\(args)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before, "\(args)")
        }
    }

    @Test("outputs are written in place, never replaced: a linked output stays a link (as /dev/null stays a device)")
    func outputInPlace() throws {
        let folder = ServiceFixture.temporaryDirectory()
        let input = try Self.file("three.jsonl", try Self.qamqor(["generate", "--households", "3", "--seed", "4"]).out)
        for (command, target) in [(["batch", "--input", input], "decisions.jsonl"), (["rank", "--program", "isker_ana", "samples/rounds/isker-ana-2025-with-errors.jsonl"], "ranking.txt")] {
            let targetURL = folder.appendingPathComponent(target), link = folder.appendingPathComponent("link-" + target)
            try "old".write(to: targetURL, atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(at: link, withDestinationURL: targetURL)
            let r = try Self.qamqor(command + ["--output", link.path])
            #expect(r.status == 0, "\(r.err)")
            #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link.path)) == targetURL.path, "\(command[0])")
            let written = try String(contentsOf: targetURL, encoding: .utf8)
            #expect(!written.hasPrefix("old") && written.count > 100, "\(command[0])")
        }
    }

    @Test("test: every shipped rule test passes and the last line counts them")
    func ruleTests() throws {
        let r = try Self.qamqor(["test", "rules"])
        #expect(r.status == 0)
        let last = r.out.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix(" passed, 0 failed"))
        #expect((Int(last.split(separator: " ").first ?? "") ?? 0) >= 100)
    }

    /// A decisions file is written past the page cache in 4 KB blocks from an 8 MB buffer: the
    /// file must hold exactly what standard output gets, over several buffers and a partial block.
    @Test("batch: the decisions file holds exactly what standard output gets")
    func batchFile() throws {
        let dir = ServiceFixture.temporaryDirectory()
        let input = dir.appendingPathComponent("households.jsonl").path, output = dir.appendingPathComponent("decisions.jsonl").path
        #expect(try Self.qamqor(["generate", "--households", "11000", "--seed", "3", "--output", input]).status == 0)
        let toFile = try Self.qamqor(["batch", "--input", input, "--output", output])
        #expect(toFile.status == 0)
        #expect(toFile.err.contains("read 11000 = decided 11000 + rejected 0"))
        let toStdout = try Self.qamqor(["batch", "--input", input])
        #expect(toStdout.status == 0)
        let written = try Data(contentsOf: URL(fileURLWithPath: output))
        #expect(written.count > 8 << 20, "more than one buffer")
        #expect(written.count % 4096 != 0, "a partial last block")
        #expect(written == Data(toStdout.out.utf8))
    }

    @Test("--db @FILE reads the database's address from a file (its password stays out of the process list); an unreadable file is said")
    func databaseAddressFromFile() async throws {
        let db = ServiceFixture.temporaryDirectory().appendingPathComponent("audit.sqlite").path
        let log = try AuditLog(path: db)
        try await log.record(AuditLog.Entry(id: "a1", createdAt: "2026-12-07T10:00:00Z", caller: "local", rulesVersion: "v", asOf: nil,
                                            programs: "*", input: "{}", outcome: "[]", explanation: "{}"))
        await log.close()
        let file = try Self.file("db-address", db + "\n")
        let ok = try Self.qamqor(["audit", "verify", "--db", "@" + file])
        #expect(ok.status == 0 && ok.out.contains("ok: 1 decisions in the chain"), "\(ok.out)\(ok.err)")
        let missing = try Self.qamqor(["audit", "verify", "--db", "@/nonexistent/address"])
        #expect(missing.status == 1 && missing.err.contains("cannot read the database's address from /nonexistent/address"))
    }
}
