import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import QamqorService
import QamqorEngine
import GRDB

/// The policy officer's workbench through the API, as an officer would use it: a draft, a typo
/// and its fix, the tests, the reviewed new expectations, the impact, the diff, the publish, a
/// decision under the new rules, a replay of an earlier one, a second officer refused, rollback.
@Suite("Policy workbench")
struct WorkbenchTests {
    static let policy: HTTPFields = [.authorization: "Bearer policy-token"]
    /// A second policy officer (the token holding every role), who approves the drafts "policy user" writes.
    static let approver: HTTPFields = [.authorization: "Bearer all-token"]

    /// The second officer's approval of `draft` as it is now.
    static func approve(_ client: any TestClientProtocol, _ draft: String) async throws {
        try await client.execute(uri: "/v1/drafts/\(draft)/approve", method: .post, headers: approver) { r in
            #expect(r.status == .ok, "approve: \(String(buffer: r.body))")
        }
    }
    static let auditor: HTTPFields = [.authorization: "Bearer auditor-token"]
    static let caseworker: HTTPFields = [.authorization: "Bearer caseworker-token", .contentType: "application/json"]

    static func text(_ b: ByteBuffer) -> String { String(buffer: b) }

    @Test("the parameters as the policy page lists them: each dated value with its publication, and which ones a region may lack")
    func parameterListing() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/parameters?lang=en", method: .get, headers: Self.policy) { r in
                #expect(r.status == .ok)
                let list = ServiceFixture.json(r.body)["parameters"] as? [[String: Any]] ?? []
                let minimum = list.first { $0["name"] as? String == "regional_subsistence_minimum" }
                let published = list.first { $0["name"] as? String == "published_poverty_line" }
                #expect(minimum?["required"] as? Bool == true && minimum?["stale_after_months"] as? Int == 12)
                #expect(published?["required"] as? Bool == false && published?["stale_after_months"] as? Int == 3)
                let aktobe = (published?["keys"] as? [[String: Any]])?.first { $0["key"] as? String == "aktobe_region" }
                let value = (aktobe?["values"] as? [[String: Any]])?.first { $0["from"] as? String == "2026-01-01" }
                #expect((value?["source"] as? String)?.hasPrefix("gurk.kz") == true)
                #expect((aktobe?["values"] as? [[String: Any]])?.map { $0["from"] as? String ?? "" } == ["2024-07-01", "2024-10-01", "2026-01-01"])
            }
        }
    }

    @Test("draft → typo → fix → tests → accept → impact → diff → publish → decide → replay → second publish refused → rollback")
    func wholeFlow() async throws { try await Self.wholeFlow(database: nil) }

    /// The whole flow on `audit` (SQLite in a temporary file when nil; `PostgresTests` runs it on PostgreSQL).
    static func wholeFlow(database: ServiceDatabase?) async throws {
        let rulesDir = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rulesDir, tokens: ServiceFixture.tokens, database: database)
        try await ServiceFixture.app(api).test(.router) { client in
            let liveBefore = api.store.rules.version
            // A decision under the rules in force, to replay later.
            let household = try ServiceFixture.sample("almaty-student-family.json")
            let auditID: String = try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: Self.caseworker, body: household) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)["audit_id"] as? String ?? ""
            }
            // Two officers open drafts of the same rules.
            func open(_ name: String) async throws -> String {
                try await client.execute(uri: "/v1/drafts?name=\(name)", method: .post, headers: Self.policy) { r in
                    #expect(r.status == .created)
                    let json = ServiceFixture.json(r.body)
                    #expect(json["base_version"] as? String == liveBefore)
                    #expect(json["author"] as? String == "policy user")
                    return json["id"] as? String ?? ""
                }
            }
            let draft = try await open("share-075"), other = try await open("another")
            let path = "parameters/poverty_line.yaml"
            let original = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .get, headers: Self.policy) { r in Self.text(r.body) }
            #expect(original.contains("      2023-07-01: 0.70\n"))
            let changed = original.replacingOccurrences(of: "      2023-07-01: 0.70\n", with: "      2023-07-01: 0.75\n")
            // A typo while typing: checked without saving, in Kazakh, at its line.
            let typo = changed.replacingOccurrences(of: "  poverty_line_share_of_minimum:\n    label:", with: "  poverty_line_share_of_minimum:\n    lable:")
            try await client.execute(uri: "/v1/drafts/\(draft)/check?path=\(path)&lang=kk", method: .post, headers: Self.policy, body: ByteBuffer(string: typo)) { r in
                let json = ServiceFixture.json(r.body)
                #expect(json["ok"] as? Bool == false)
                let d = (json["diagnostics"] as? [[String: Any]] ?? []).first { $0["code"] as? String == "unknown-key" }
                #expect((d?["message"] as? String)?.contains("белгісіз кілт `lable`") == true)
                #expect((d?["help"] as? String)?.contains("`label`") == true)
                #expect(d?["file"] as? String == "rules/\(path)")
            }
            // Fixed and saved: no errors.
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)&lang=kk", method: .put, headers: Self.policy, body: ByteBuffer(string: changed)) { r in
                #expect(r.status == .ok)
                #expect(ServiceFixture.json(r.body)["errors"] as? Int == 0)
            }
            // The tests now fail where ATA amounts change; publishing is refused until they pass.
            try await client.execute(uri: "/v1/drafts/\(draft)/tests", method: .post, headers: Self.policy) { r in
                let json = ServiceFixture.json(r.body)
                #expect((json["failed"] as? Int ?? 0) > 0)
                let first = (json["failures"] as? [[String: Any]])?.first
                #expect(first?["file"] as? String == "rules/tests/ata.yaml")
            }
            try await Self.approve(client, draft)
            try await client.execute(uri: "/v1/drafts/\(draft)/publish", method: .post, headers: Self.policy) { r in
                // The draft's state, not the request, is refused: 409, with what fails.
                #expect(r.status == .conflict)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "draft-does-not-pass")
                #expect(!(ServiceFixture.json(r.body)["failed_tests"] as? [String] ?? []).isEmpty)
            }
            #expect(api.store.rules.version == liveBefore)
            // Reviewed: the new results become the expectations, each change listed — but a test
            // whose name says the opposite of its new status is refused until its name is edited.
            let refused: [[String: Any]] = try await client.execute(uri: "/v1/drafts/\(draft)/tests/accept?lang=en", method: .post, headers: Self.policy) { r in
                let json = ServiceFixture.json(r.body)
                let accepted = json["accepted"] as? [[String: Any]] ?? []
                #expect(accepted.contains { $0["key"] as? String == "amount" && $0["old"] as? String == "127295" && $0["new"] as? String == "145473.5" })
                return json["refused"] as? [[String: Any]] ?? []
            }
            let flagged = try #require(refused.first)
            #expect(refused.count == 1)
            #expect(flagged["key"] as? String == "status" && flagged["new"] as? String == "eligible")
            #expect((flagged["reason"] as? String)?.contains("contradicts the new result") == true)
            let changeID = try #require(flagged["id"] as? String), oldName = try #require(flagged["test"] as? String)
            // Accepting it by itself is refused too; renamed, it is accepted one by one.
            try await client.execute(uri: "/v1/drafts/\(draft)/tests/accept?change=\(changeID)", method: .post, headers: Self.policy) { r in
                #expect(r.status == .conflict)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "name-contradicts")
            }
            let testFile = try #require(flagged["file"] as? String)
            let tests = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(testFile)", method: .get, headers: Self.policy) { r in Self.text(r.body) }
            let renamed = tests.replacingOccurrences(of: "name: \(oldName)", with: "name: \(oldName.replacingOccurrences(of: "is not eligible", with: "is within the line at a 0.75 share"))")
            #expect(renamed != tests)
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(testFile)", method: .put, headers: Self.policy, body: ByteBuffer(string: renamed)) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/drafts/\(draft)/tests/accept?change=\(changeID)", method: .post, headers: Self.policy) { r in
                let json = ServiceFixture.json(r.body)
                #expect(r.status == .ok)
                #expect((json["accepted"] as? [[String: Any]])?.map { $0["id"] as? String } == [changeID])
                #expect(json["failed"] as? Int == 0)
            }
            // Impact on 2 000 generated households: ATA gains, nobody loses, the cost rises.
            try await client.execute(uri: "/v1/drafts/\(draft)/impact?households=2000&seed=3", method: .post, headers: Self.policy) { r in
                #expect(r.status == .ok)
                let programs = (ServiceFixture.json(r.body)["report"] as? [String: Any])?["programs"] as? [[String: Any]] ?? []
                let ata = try #require(programs.first { $0["program"] as? String == "ata" })
                #expect((ata["gains"] as? Int ?? 0) > 0)
                #expect(ata["losses"] as? Int == 0)
                #expect((ata["monthly_cost_change"] as? Double ?? 0) > 0)
                #expect(!(ata["examples"] as? [Any] ?? []).isEmpty)
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/diff", method: .get, headers: Self.policy) { r in
                let files = ServiceFixture.json(r.body)["files"] as? [[String: Any]] ?? []
                #expect(Set(files.compactMap { $0["path"] as? String }) == [path, "tests/ata.yaml", "tests/ata_regions.yaml"], "the share changes every ATA amount: both test files take the accepted results")
                let diff = files.first { $0["path"] as? String == path }?["diff"] as? String ?? ""
                #expect(diff.contains("-      2023-07-01: 0.70\n+      2023-07-01: 0.75\n"))
            }
            // Published: written into the directory, in force at once.
            try await Self.approve(client, draft)
            let published: String = try await client.execute(uri: "/v1/drafts/\(draft)/publish?note=share%200.75", method: .post, headers: Self.policy) { r in
                #expect(r.status == .ok)
                return ServiceFixture.json(r.body)["version"] as? String ?? ""
            }
            #expect(published != liveBefore && api.store.rules.version == published)
            #expect(try String(contentsOf: rulesDir.appendingPathComponent(path), encoding: .utf8) == changed)
            try await client.execute(uri: "/v1/rules", method: .get, headers: Self.policy) { r in
                #expect(ServiceFixture.json(r.body)["version"] as? String == published)
            }
            try await client.execute(uri: "/v1/decisions?program=ata", method: .post, headers: Self.caseworker, body: household) { r in
                let json = ServiceFixture.json(r.body)
                #expect(json["rules_version"] as? String == published)
                let ata = (json["decisions"] as? [[String: Any]])?.first
                // The line 0.75 × 60 595 = 45 446.25 ₸ a person instead of 42 416.50: 3 × 3 029.75 more.
                #expect(ata?["amount"] as? Double == 122_236.75)
            }
            // The decision made before the publish, replayed under its own version: the same.
            try await client.execute(uri: "/v1/decisions/\(auditID)/replay", method: .get, headers: Self.auditor) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                #expect(json["rules_version"] as? String == liveBefore)
                #expect(json["same"] as? Bool == true)
                let replayed = (json["replayed"] as? [[String: Any]])?.first
                #expect(replayed?["amount"] as? Double == 113_147.5)
            }
            // The second officer's draft started from the old version: refused, with the reason.
            try await Self.approve(client, other)
            try await client.execute(uri: "/v1/drafts/\(other)/publish?lang=ru", method: .post, headers: Self.policy) { r in
                #expect(r.status == .conflict)
                let error = ServiceFixture.json(r.body)["error"] as? [String: Any]
                #expect(error?["code"] as? String == "base-moved")
                #expect((error?["message"] as? String)?.contains("rebase") == true)
            }
            // Rollback: the old version again, recorded as such.
            try await client.execute(uri: "/v1/rules/versions/\(liveBefore)/republish?note=back", method: .post, headers: Self.policy) { r in
                #expect(r.status == .ok)
                #expect(ServiceFixture.json(r.body)["kind"] as? String == "rollback")
            }
            #expect(api.store.rules.version == liveBefore)
            #expect(try String(contentsOf: rulesDir.appendingPathComponent(path), encoding: .utf8) == original)
            try await client.execute(uri: "/v1/rules/versions", method: .get, headers: Self.policy) { r in
                let kinds = (ServiceFixture.json(r.body)["publications"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
                #expect(kinds == ["rollback", "publish", "start"])
            }
        }
    }

    @Test("a household decided on the caseworker page is kept as a rule test of a draft, and passes")
    func keepAsTest() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let draft: String = try await client.execute(uri: "/v1/drafts?name=kept", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            let household = try ServiceFixture.sample("almaty-student-family.json")
            try await client.execute(uri: "/v1/drafts/\(draft)/tests/keep?program=ata&name=students%20with%20a%20baby", method: .post, headers: Self.policy, body: household) { r in
                #expect(r.status == .ok)
                let json = ServiceFixture.json(r.body)
                #expect(json["file"] as? String == "tests/kept.yaml")
                #expect((json["test"] as? String)?.contains("expect: {status: eligible, amount: 113147.5, form: conditional}") == true)
                #expect(json["errors"] as? Int == 0)
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/tests", method: .post, headers: Self.policy) { r in
                let json = ServiceFixture.json(r.body)
                #expect(json["failed"] as? Int == 0)
                #expect(json["passed"] as? Int == ServiceFixture.shippedRuleTests + 1, "the shipped tests and the kept one")
            }
            // The IIN and the names of the household's members are not kept: a draft, its diffs
            // and the published rules are read by every policy officer.
            let withIdentity = String(decoding: household.readableBytesView, as: UTF8.self)
                .replacingOccurrences(of: #""id": "m1","#, with: #""id": "m1", "iin": "020518500012","#)
            #expect(withIdentity.contains("020518500012"))
            try await client.execute(uri: "/v1/drafts/\(draft)/tests/keep?program=ata&name=identity", method: .post, headers: Self.policy, body: ByteBuffer(string: withIdentity)) { r in
                #expect(r.status == .ok)
                let test = ServiceFixture.json(r.body)["test"] as? String ?? ""
                #expect(test.contains("expect: {status: eligible, amount: 113147.5, form: conditional}"), "\(test)")
                for secret in ["020518500012", "Арман", "Қасымов", "Дильназ", "\"name\"", "\"iin\""] {
                    #expect(!test.contains(secret), "the kept test holds \(secret)")
                }
            }
            let kept = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=tests/kept.yaml", method: .get, headers: Self.policy) { r in Self.text(r.body) }
            #expect(!kept.contains("020518500012") && !kept.contains("Қасымов"))
            try await client.execute(uri: "/v1/drafts/\(draft)/tests", method: .post, headers: Self.policy) { r in
                #expect(ServiceFixture.json(r.body)["failed"] as? Int == 0)
            }
            // A household the reader refuses is not kept.
            try await client.execute(uri: "/v1/drafts/\(draft)/tests/keep?program=ata&lang=ru", method: .post, headers: Self.policy,
                                     body: ByteBuffer(string: #"{"application": {"date": "yesterday"}}"#)) { r in
                #expect(r.status == .unprocessableContent)
            }
        }
    }

    @Test("published now, in force from a date: until then decisions use the previous version")
    func effectiveDate() async throws { try await Self.effectiveDate(database: nil) }

    static func effectiveDate(database: ServiceDatabase?) async throws {
        let rulesDir = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rulesDir, tokens: ServiceFixture.tokens, database: database)
        try await ServiceFixture.app(api).test(.router) { client in
            let live = api.store.rules.version
            let draft: String = try await client.execute(uri: "/v1/drafts?name=later", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            let path = "programs/ata.yaml"
            let text = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .get, headers: Self.policy) { r in Self.text(r.body) }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .put, headers: Self.policy,
                                     body: ByteBuffer(string: text + "\n# reviewed for next year\n")) { r in #expect(r.status == .ok) }
            let day = ParameterCoverage.today().adding(days: 10)
            try await Self.approve(client, draft)
            let scheduled: String = try await client.execute(uri: "/v1/drafts/\(draft)/publish?effective_from=\(day)&note=next", method: .post, headers: Self.policy) { r in
                #expect(r.status == .accepted)
                #expect(ServiceFixture.json(r.body)["effective_from"] as? String == day.description)
                return ServiceFixture.json(r.body)["version"] as? String ?? ""
            }
            // Not yet: the rules in force and the files on disk are the old ones.
            #expect(api.store.rules.version == live)
            #expect(!(try String(contentsOf: rulesDir.appendingPathComponent(path), encoding: .utf8)).contains("reviewed for next year"))
            #expect(await api.activateDueSchedule(today: day.adding(days: -1)) == nil)
            try await client.execute(uri: "/v1/workbench", method: .get, headers: Self.policy) { r in
                let s = ServiceFixture.json(r.body)["scheduled"] as? [String: Any]
                #expect(s?["state"] as? String == "pending" && s?["version"] as? String == scheduled)
            }
            // The day comes: in force, on disk, recorded.
            #expect(await api.activateDueSchedule(today: day) == scheduled)
            #expect(api.store.rules.version == scheduled)
            #expect((try String(contentsOf: rulesDir.appendingPathComponent(path), encoding: .utf8)).contains("reviewed for next year"))
            let last = try await api.workbench.publications().first
            #expect(last?.version == scheduled && last?.kind == .scheduled && last?.note == "next")
            #expect(last?.approvedBy == "all roles" && last?.approvedAt?.isEmpty == false, "the approval stays with the version")
            #expect(await api.activateDueSchedule(today: day) == nil, "brought in once")
        }
    }

    @Test("an audit database made before approvals were kept with the history is brought up to date; its rows read as unapproved")
    func olderHistoryTable() async throws {
        let path = ServiceFixture.temporaryDirectory().appendingPathComponent("old.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: """
                CREATE TABLE rule_publications (id TEXT PRIMARY KEY, at TEXT NOT NULL, version TEXT NOT NULL, kind TEXT NOT NULL,
                    published_by TEXT NOT NULL, note TEXT NOT NULL, base_version TEXT);
                CREATE TABLE rule_schedule (id TEXT PRIMARY KEY, version TEXT NOT NULL, effective_from TEXT NOT NULL, base_version TEXT NOT NULL,
                    published_by TEXT NOT NULL, note TEXT NOT NULL, created_at TEXT NOT NULL, state TEXT NOT NULL, outcome TEXT NOT NULL DEFAULT '');
                INSERT INTO rule_publications VALUES ('p1', '2026-11-01T10:00:00Z', 'v1', 'publish', 'Айгүл', 'checked · approved by Нұрлан at 2026-11-01', NULL);
                INSERT INTO rule_schedule VALUES ('s1', 'v2', '2027-01-01', 'v1', 'Айгүл', '', '2026-11-02T10:00:00Z', 'cancelled', 'replaced by version v3 from 2027-01-01');
                """)
        }
        try queue.close()
        let store = try ServiceDatabase(AuditLog(path: path)).workbench
        let old = try #require(try await store.publications().first)
        #expect(old.version == "v1" && old.approvedBy == nil && old.note.hasPrefix("checked"))
        // An outcome kept before outcomes were kept in every language reads as it was written.
        #expect(ScheduleOutcome.said(try #require(try await store.latestSchedule()).outcome, in: .kk) == "replaced by version v3 from 2027-01-01")
        try await store.recordPublication("v4", files: [("a.yaml", "x: 1\n")], kind: .publish, by: "Айгүл", note: "next", base: "v1",
                                          approval: Workbench.Approval(by: "Нұрлан", at: "2026-12-07T10:00:00Z", content: ""))
        let new = try #require(try await store.publications().first)
        #expect(new.version == "v4" && new.approvedBy == "Нұрлан" && new.approvedAt == "2026-12-07T10:00:00Z" && new.note == "next")
    }

    @Test("four eyes: the author cannot approve; no approval, or a change since it, is refused (409); approved, it is published and the history says by whom")
    func approval() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let draft: String = try await client.execute(uri: "/v1/drafts?name=four-eyes", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            let text = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/ata.yaml", method: .get, headers: Self.policy) { r in Self.text(r.body) }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/ata.yaml", method: .put, headers: Self.policy,
                                     body: ByteBuffer(string: text + "\n# reviewed\n")) { r in #expect(r.status == .ok) }
            // The author cannot approve their own draft.
            try await client.execute(uri: "/v1/drafts/\(draft)/approve?lang=ru", method: .post, headers: Self.policy) { r in
                #expect(r.status == .forbidden)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "own-draft")
            }
            // No approval: refused.
            try await client.execute(uri: "/v1/drafts/\(draft)/publish", method: .post, headers: Self.policy) { r in
                #expect(r.status == .conflict)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "approval-needed")
            }
            // Approved, then changed: the approval is of the draft as it was.
            try await Self.approve(client, draft)
            try await client.execute(uri: "/v1/drafts/\(draft)", method: .get, headers: Self.policy) { r in
                let a = ServiceFixture.json(r.body)["approval"] as? [String: Any]
                #expect(a?["by"] as? String == "all roles" && a?["current"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/ata.yaml", method: .put, headers: Self.policy,
                                     body: ByteBuffer(string: text + "\n# reviewed again\n")) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/v1/drafts/\(draft)/publish?lang=en", method: .post, headers: Self.policy) { r in
                #expect(r.status == .conflict)
                #expect(((ServiceFixture.json(r.body)["error"] as? [String: Any])?["message"] as? String)?.contains("changed after all roles approved it") == true)
            }
            try await Self.approve(client, draft)
            try await client.execute(uri: "/v1/drafts/\(draft)/publish?note=checked", method: .post, headers: Self.policy) { r in
                #expect(r.status == .ok, "\(String(buffer: r.body))")
            }
            let last = try await api.workbench.publications().first
            #expect(last?.note == "checked" && last?.approvedBy == "all roles", "\(last?.note ?? "")")
            // The history says who approved it, beside the officer's own note.
            try await client.execute(uri: "/v1/workbench", method: .get, headers: Self.policy) { r in
                let first = (ServiceFixture.json(r.body)["publications"] as? [[String: Any]])?.first
                #expect(first?["note"] as? String == "checked" && first?["approved_by"] as? String == "all roles" && first?["approved_at"] is String)
            }
        }
        // A workstation (no tokens) has one user: it publishes without approval, and approving is not asked.
        let open = try await ServiceFixture.api()
        try await ServiceFixture.app(open).test(.router) { client in
            let draft: String = try await client.execute(uri: "/v1/drafts?name=alone", method: .post) { r in ServiceFixture.json(r.body)["id"] as? String ?? "" }
            try await client.execute(uri: "/v1/drafts/\(draft)/approve", method: .post) { r in
                #expect(r.status == .conflict)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "approval-not-required")
            }
        }
    }

    @Test("a rollback cancels the version scheduled on top of the rolled-back rules, says so, and it is never brought in")
    func rollbackCancelsSchedule() async throws {
        let rulesDir = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rulesDir, tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let v1 = api.store.rules.version
            func change(_ name: String, _ note: String, publish query: String) async throws -> String {
                let draft: String = try await client.execute(uri: "/v1/drafts?name=\(name)", method: .post, headers: Self.policy) { r in
                    ServiceFixture.json(r.body)["id"] as? String ?? ""
                }
                let text = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/ata.yaml", method: .get, headers: Self.policy) { r in Self.text(r.body) }
                try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/ata.yaml", method: .put, headers: Self.policy,
                                         body: ByteBuffer(string: text + "\n# \(note)\n")) { r in #expect(r.status == .ok) }
                try await Self.approve(client, draft)
                return try await client.execute(uri: "/v1/drafts/\(draft)/publish\(query)", method: .post, headers: Self.policy) { r in
                    #expect(r.status == .ok || r.status == .accepted, "\(String(buffer: r.body))")
                    return ServiceFixture.json(r.body)["version"] as? String ?? ""
                }
            }
            let v2 = try await change("now", "changed now", publish: "")
            #expect(api.store.rules.version == v2)
            let day = ParameterCoverage.today().adding(days: 10)
            let scheduled = try await change("later", "changed for later", publish: "?effective_from=\(day)")
            // Rolling back to v1: the schedule built on v2 is cancelled, and the answer says so.
            try await client.execute(uri: "/v1/rules/versions/\(v1)/republish?lang=ru", method: .post, headers: Self.policy) { r in
                #expect(r.status == .ok)
                let cancelled = ServiceFixture.json(r.body)["cancelled_schedule"] as? [String: Any]
                #expect(cancelled?["version"] as? String == scheduled)
                #expect((cancelled?["reason"] as? String)?.contains("построена на версии \(v2)") == true)
            }
            try await client.execute(uri: "/v1/workbench", method: .get, headers: Self.policy) { r in
                let s = ServiceFixture.json(r.body)["scheduled"] as? [String: Any]
                #expect(s?["state"] as? String == "cancelled")
                #expect((s?["outcome"] as? String)?.contains("built on \(v2)") == true)
            }
            #expect(await api.activateDueSchedule(today: day) == nil, "never brought in")
            #expect(api.store.rules.version == v1)
        }
    }

    @Test("bad input: paths out of the rules, odd names, a YAML bomb, a large file, an unknown draft — each refused, the live rules untouched")
    func badInput() async throws {
        let rulesDir = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rulesDir, tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let live = api.store.rules.version
            let draft: String = try await client.execute(uri: "/v1/drafts?name=x", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            for path in ["../../etc/x.yaml", "/etc/passwd", "programs/../../x.yaml", "programs/Ата.yaml", "programs/.hidden.yaml", "programs/x.txt", "x.yaml", "tests/a/b/c.yaml"] {
                let encoded = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? path
                try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(encoded)&lang=kk", method: .put, headers: Self.policy, body: ByteBuffer(string: "a: 1")) { r in
                    #expect(r.status == .badRequest, "\(path)")
                    #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "bad-rule-path", "\(path)")
                }
            }
            // An alias bomb in a draft is a diagnostic, not a hang.
            var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
            let names = Array("abcdefghij").map(String.init)
            for i in 1..<10 { bomb += "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ", ") + "]\n" }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/bomb.yaml", method: .put, headers: Self.policy, body: ByteBuffer(string: bomb)) { r in
                #expect(r.status == .ok)
                let codes = (ServiceFixture.json(r.body)["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
                #expect(codes.contains("yaml-unsafe"))
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/publish", method: .post, headers: Self.policy) { r in
                #expect(r.status == .conflict)
            }
            for work in ["tests", "tests/accept", "impact?households=10"] {
                try await client.execute(uri: "/v1/drafts/\(draft)/\(work)", method: .post, headers: Self.policy) { r in
                    #expect(r.status == .conflict, "\(work)")
                    let json = ServiceFixture.json(r.body)
                    #expect((json["error"] as? [String: Any])?["code"] as? String == "draft-does-not-check", "\(work)")
                    #expect(!(json["diagnostics"] as? [[String: Any]] ?? []).isEmpty, "\(work)")
                }
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/big.yaml", method: .put, headers: Self.policy,
                                     body: ByteBuffer(string: String(repeating: "# x\n", count: 300_000))) { r in
                #expect(r.status == .contentTooLarge)
            }
            try await client.execute(uri: "/v1/drafts/nosuch/diff", method: .get, headers: Self.policy) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/rules/versions/0000/republish", method: .post, headers: Self.policy) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/v1/drafts/\(draft)/impact?households=1000000", method: .post, headers: Self.policy) { r in
                #expect(r.status == .badRequest)
            }
            // Only the policy role drafts; a caseworker cannot.
            try await client.execute(uri: "/v1/drafts?name=y", method: .post, headers: Self.caseworker) { r in #expect(r.status == .forbidden) }
            #expect(api.store.rules.version == live)
            #expect(!FileManager.default.fileExists(atPath: rulesDir.appendingPathComponent("programs/bomb.yaml").path))
        }
    }

    @Test("a draft file rewritten 40 times and the draft deleted leave no text behind; a draft over 8 MB is refused")
    func storageBounded() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        let blobs: @Sendable () async throws -> (count: Int, bytes: Int) = {
            let log = try #require(api.audit as? AuditLog)
            return try await log.pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_blobs") ?? 0, try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(LENGTH(text)), 0) FROM rule_blobs") ?? 0)
            }
        }
        let before = try await blobs()
        try await ServiceFixture.app(api).test(.router) { client in
            let draft: String = try await client.execute(uri: "/v1/drafts?name=big", method: .post, headers: Self.policy) { r in
                ServiceFixture.json(r.body)["id"] as? String ?? ""
            }
            for i in 0..<40 {
                let text = "# a long comment, version \(i)\n# " + String(repeating: "x", count: 1_000_000) + "\n"
                try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/zz_big.yaml", method: .put, headers: Self.policy, body: ByteBuffer(string: text)) { r in
                    #expect(r.status == .ok)
                }
            }
            let during = try await blobs()
            #expect(during.bytes < before.bytes + 2_000_000, "rewrites kept \(during.bytes - before.bytes) bytes")
            // Nine files of just under 1 MB go over the draft's 8 MB.
            var last = HTTPResponse.Status.ok
            for i in 0..<9 {
                let text = "# " + String(repeating: "y", count: 1_000_000 - 10) + "\n"
                last = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=programs/zz_part\(i).yaml", method: .put, headers: Self.policy, body: ByteBuffer(string: text)) { r in r.status }
            }
            #expect(last == .contentTooLarge)
            try await client.execute(uri: "/v1/drafts/\(draft)", method: .delete, headers: Self.policy) { r in #expect(r.status == .ok) }
        }
        let after = try await blobs()
        #expect(after.count == before.count && after.bytes == before.bytes, "deleting the draft left \(after.bytes - before.bytes) bytes")
    }

    @Test("draft work past its deadline is stopped and answered 503 draft-work-too-long; the job sees the stop")
    func draftJobDeadline() async throws {
        let sawStop = DraftJobs.Stop()
        do {
            _ = try await DraftJobs.shared.run(deadline: .milliseconds(300)) { stop -> Int in
                var spins = 0
                while !stop.isSet { spins += 1; Thread.sleep(forTimeInterval: 0.01) }
                sawStop.set()
                return spins
            }
            Issue.record("a job that never ends was answered")
        } catch let e as APIError {
            #expect(e.code == "draft-work-too-long" && e.status == .serviceUnavailable)
        }
        // The next job runs once the stopped one has let go of the jobs' thread.
        let next = try await DraftJobs.shared.run { _ in 42 }
        #expect(next == 42)
        #expect(sawStop.isSet)
    }
}
