import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QamqorService

@Suite("Hot reload")
struct HotReloadTests {
    static func edit(_ file: URL, _ from: String, _ to: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        precondition(text.contains(from), "fixture text not found: \(from)")
        // A later modification time even on coarse clocks.
        try text.replacingOccurrences(of: from, with: to).write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(2)], ofItemAtPath: file.path)
    }

    @Test("a saved change that checks and passes its tests is swapped in")
    func swap() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rules)
        let before = api.store.rules.version
        let watcher = Task { await api.store.watch(every: .milliseconds(100)) }
        defer { watcher.cancel() }
        try Self.edit(rules.appendingPathComponent("programs/hippotherapy.yaml"), "en: \"Hippotherapy\"", "en: \"Hippotherapy for children\"")
        let start = ContinuousClock.now
        // Tests never fail on timing: wait generously; the latency is measured separately
        // (three identical 250 ms polls plus ≈ 0.1 s to check and test the rules in a release
        // build; under a fully loaded test run the polls themselves can wait for a thread).
        while api.store.rules.version == before, ContinuousClock.now - start < .seconds(120) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(api.store.rules.version != before, "the change was not swapped in")
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/programs", method: .get) { r in
                let titles = (ServiceFixture.json(r.body)["programs"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
                #expect(titles.contains("Hippotherapy for children"))
            }
        }
    }

    @Test("a poll reads no text while the listing is unchanged, and reads them again within 2 s of polls regardless")
    func pollTrustsTheListingForABoundedTime() throws {
        let rules = try ServiceFixture.rulesCopy()
        let store = try RuleSetStore(directory: rules.path)
        // The file's time set through Foundation first, so that putting it back below is exact.
        let file = rules.appendingPathComponent("programs/hippotherapy.yaml")
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: file.path)
        let first = store.polledFingerprint()
        #expect(first == store.rules.version)
        // A change of the same size, its modification time put back: the listing cannot see it.
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains("Hippotherapy"))
        try text.replacingOccurrences(of: "Hippotherapy", with: "HIPPOTHERAPY").write(to: file, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: stamp], ofItemAtPath: file.path)
        let polls = (0..<RuleSetStore.pollsTrustingListing + 1).map { _ in store.polledFingerprint() }
        #expect(polls.dropLast().allSatisfy { $0 == first }, "an unchanged listing is trusted")
        #expect(polls.last != first, "after \(RuleSetStore.pollsTrustingListing) polls the texts are read again")
        // A change the listing does see is read at the next poll.
        try Self.edit(file, "HIPPOTHERAPY", "Hippotherapy")
        #expect(store.polledFingerprint() == first)
    }

    @Test("a broken rule keeps the old rules served and shows the diagnostics with file:line:col")
    func brokenRule() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rules)
        let before = api.store.rules.version
        try Self.edit(rules.appendingPathComponent("programs/ata.yaml"), "when: per_capita_income <= poverty_line", "when: per_capita_incme <= poverty_line")
        #expect(api.store.reloadIfChanged() == .rejected)
        #expect(api.store.rules.version == before)
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rules", method: .get) { r in
                let json = ServiceFixture.json(r.body)
                #expect(json["status"] as? String == "last-change-rejected")
                #expect(json["version"] as? String == before)
                let diag = ((json["rejected_change"] as? [String: Any])?["diagnostics"] as? [[String: Any]])?.first
                #expect((diag?["file"] as? String)?.hasSuffix("programs/ata.yaml") == true)
                let line = (try? String(contentsOf: rules.appendingPathComponent("programs/ata.yaml"), encoding: .utf8))?
                    .components(separatedBy: "\n").firstIndex { $0.contains("per_capita_incme") }.map { $0 + 1 }
                #expect(diag?["line"] as? Int == line && diag?["column"] as? Int == 13)
                #expect(diag?["help"] as? String == "did you mean `per_capita_income`?")
            }
            // Decisions are still made with the old rules.
            try await client.execute(uri: "/v1/decisions?program=ata", method: .post, body: try ServiceFixture.sample("almaty-student-family.json")) { r in
                #expect(r.status == .ok)
                #expect(ServiceFixture.json(r.body)["rules_version"] as? String == before)
            }
        }
        // Undoing the mistake brings back exactly the rules in force: nothing to swap, and the
        // rejection is cleared (it no longer describes the directory).
        try Self.edit(rules.appendingPathComponent("programs/ata.yaml"), "when: per_capita_incme <= poverty_line", "when: per_capita_income <= poverty_line")
        #expect(api.store.reloadIfChanged() == .unchanged)
        #expect(api.store.current.rejected == nil)
        #expect(api.store.rules.version == before)
    }

    @Test("a change that breaks a rule test is not served")
    func failingTest() async throws {
        let rules = try ServiceFixture.rulesCopy()
        let api = try await ServiceFixture.api(rules: rules)
        let before = api.store.rules.version
        // 0.70 → 0.75 checks, but the shipped ATA tests pin amounts computed with 0.70.
        try Self.edit(rules.appendingPathComponent("parameters/poverty_line.yaml"), "2023-07-01: 0.70", "2023-07-01: 0.75")
        #expect(api.store.reloadIfChanged() == .rejected)
        #expect(api.store.rules.version == before)
        #expect(api.store.current.rejected?.failedTests.isEmpty == false)
        #expect(api.store.current.rejected?.failedTests.first?.contains("tests/ata.yaml") == true)
    }
}
