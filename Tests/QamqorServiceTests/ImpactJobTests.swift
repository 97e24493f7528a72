import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing
@testable import QamqorService
import QamqorEngine

/// A draft's impact as a background job through the API: started (202 and its address), watched
/// while its progress grows, read once done (regions, income deciles, monthly and annual cost,
/// CSV), cancelled, refused when too many wait, and closed to other roles.
@Suite("Impact jobs")
struct ImpactJobTests {
    static let policy = WorkbenchTests.policy

    /// A draft whose poverty-line share is 0.75 instead of 0.70 (ATA gains households).
    static func shareDraft(_ client: any TestClientProtocol) async throws -> String {
        let draft: String = try await client.execute(uri: "/v1/drafts?name=share", method: .post, headers: policy) { r in
            ServiceFixture.json(r.body)["id"] as? String ?? ""
        }
        let path = "parameters/poverty_line.yaml"
        let text = try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .get, headers: policy) { r in String(buffer: r.body) }
        let changed = text.replacingOccurrences(of: "      2023-07-01: 0.70\n", with: "      2023-07-01: 0.75\n")
        #expect(changed != text)
        try await client.execute(uri: "/v1/drafts/\(draft)/file?path=\(path)", method: .put, headers: policy, body: ByteBuffer(string: changed)) { r in #expect(r.status == .ok) }
        return draft
    }

    /// Polls a job until it is no longer queued or running; answers its last JSON and every fraction seen.
    static func wait(_ client: any TestClientProtocol, _ location: String, lang: String = "en") async throws -> ([String: Any], [Double]) {
        var fractions: [Double] = []
        for _ in 0..<600 {
            let job = try await client.execute(uri: location + "?lang=\(lang)", method: .get, headers: policy) { r in ServiceFixture.json(r.body) }
            fractions.append((job["progress"] as? [String: Any])?["fraction"] as? Double ?? -1)
            if !["queued", "running"].contains(job["state"] as? String ?? "") { return (job, fractions) }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the job did not finish")
        return ([:], fractions)
    }

    @Test("start → progress → result: gainers by region and decile add up; monthly and annual cost; CSV in Russian")
    func startWatchRead() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let draft = try await Self.shareDraft(client)
            let location: String = try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs?households=20000&seed=3", method: .post, headers: Self.policy) { r in
                #expect(r.status == .accepted)
                let job = ServiceFixture.json(r.body)
                #expect(["queued", "running"].contains(job["state"] as? String ?? ""))
                #expect((job["population"] as? [String: Any])?["households"] as? Int == 20000)
                #expect(job["owner"] as? String == "policy user")
                return r.headers[.location] ?? ""
            }
            #expect(location.hasPrefix("/v1/impact-jobs/"))
            let (job, fractions) = try await Self.wait(client, location)
            #expect(job["state"] as? String == "done")
            #expect(fractions.last == 1 && fractions == fractions.sorted(), "progress only grows: \(fractions)")
            let report = try #require(job["report"] as? [String: Any])
            #expect(report["households"] as? Int == 20000)
            let ata = try #require((report["programs"] as? [[String: Any]])?.first { $0["program"] as? String == "ata" })
            let gains = ata["gains"] as? Int ?? 0
            #expect(gains > 0 && ata["losses"] as? Int == 0)
            // Examples are said in words: where the household lives, its size, when it applied.
            let example = (ata["examples"] as? [[String: Any]])?.first?["household"] as? String ?? ""
            #expect(example.contains(" · ") && example.contains("applied"), "\(example)")
            let monthly = ata["monthly_cost_change"] as? Double ?? 0, annual = ata["annual_cost_change"] as? Double ?? 0
            #expect(monthly > 0 && abs(annual - 12 * monthly) < 0.01)
            let breakdown = try #require(report["breakdown"] as? [String: Any])
            let regions = breakdown["regions"] as? [[String: Any]] ?? []
            let deciles = breakdown["deciles"] as? [[String: Any]] ?? []
            #expect(regions.reduce(0) { $0 + ($1["households"] as? Int ?? 0) } == 20000)
            #expect(deciles.count == 10 && deciles.allSatisfy { $0["households"] as? Int == 2000 })
            // A household gaining any programme is counted once, by region as by decile: at least
            // ATA's gainers, at most every programme's gains together (the centres for low-income
            // families gain some of the same households).
            let gainers = regions.reduce(0) { $0 + ($1["gainers"] as? Int ?? 0) }
            let allGains = (report["programs"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["gains"] as? Int ?? 0) }
            #expect(gainers == deciles.reduce(0) { $0 + ($1["gainers"] as? Int ?? 0) })
            #expect(gainers >= gains && gainers <= allGains, "\(gains) ≤ \(gainers) ≤ \(allGains)")
            // A poverty line helps the poorest: the lowest decile gains more than the highest.
            #expect((deciles.first?["gainers"] as? Int ?? 0) >= (deciles.last?["gainers"] as? Int ?? 0))
            // The regions' cost changes add up to every programme's.
            let regionMonthly = regions.reduce(0.0) { $0 + ($1["monthly_cost_change"] as? Double ?? 0) }
            let allMonthly = (report["programs"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + ($1["monthly_cost_change"] as? Double ?? 0) }
            #expect(abs(regionMonthly - allMonthly) < 0.01)
            let histogram = breakdown["histogram"] as? [[String: Any]] ?? []
            #expect(histogram.count == 9 && histogram.reduce(0) { $0 + ($1["households"] as? Int ?? 0) } == 20000)
            #expect((job["links"] as? [String: Any])?["page"] as? String == "/policy#draft=\(draft)&impact=\(job["id"] as? String ?? "")")
            // The CSV for a Russian spreadsheet: `;`, the programme, region and decile tables.
            try await client.execute(uri: location + "?format=csv&lang=ru", method: .get, headers: Self.policy) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/csv; charset=utf-8")
                let csv = String(buffer: r.body)
                #expect(csv.hasPrefix("\u{FEFF}"))
                #expect(csv.contains("Адресная социальная помощь;"))
                #expect(csv.contains("\r\nРегион;Семей;") && csv.contains("\r\nДециль дохода;"))
            }
            // Listed for every policy officer; closed to a caseworker.
            try await client.execute(uri: "/v1/impact-jobs", method: .get, headers: Self.policy) { r in
                #expect((ServiceFixture.json(r.body)["jobs"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: location, method: .get, headers: WorkbenchTests.caseworker) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/v1/impact-jobs/nosuch", method: .get, headers: Self.policy) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: location + "?format=xml", method: .get, headers: Self.policy) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test("a million households: stopped while running, it is gone; more than four at once are refused (429)")
    func cancelAndBusy() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        try await ServiceFixture.app(api).test(.router) { client in
            let draft = try await Self.shareDraft(client)
            var locations: [String] = []
            for _ in 0..<4 {
                try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs?households=1000000", method: .post, headers: Self.policy) { r in
                    #expect(r.status == .accepted)
                    locations.append(r.headers[.location] ?? "")
                }
            }
            try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs?households=10", method: .post, headers: Self.policy) { r in
                #expect(r.status == .tooManyRequests)
                #expect(r.headers[.retryAfter] != nil)
                #expect((ServiceFixture.json(r.body)["error"] as? [String: Any])?["code"] as? String == "impact-jobs-busy")
            }
            // The first one runs; the others wait. Cancel them all: each ends cancelled, none done.
            for _ in 0..<100 {
                let running = try await client.execute(uri: locations[0], method: .get, headers: Self.policy) { r in ServiceFixture.json(r.body) }
                if ((running["progress"] as? [String: Any])?["households"] as? Int ?? 0) > 0 { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            for l in locations {
                try await client.execute(uri: l, method: .delete, headers: Self.policy) { r in
                    #expect(r.status == .ok)
                    let job = ServiceFixture.json(r.body)
                    #expect(job["state"] as? String == "cancelled" && job["report"] == nil)
                    #expect(((job["progress"] as? [String: Any])?["households"] as? Int ?? 0) < 1_000_000)
                }
                // Stopped and forgotten.
                try await client.execute(uri: l, method: .get, headers: Self.policy) { r in #expect(r.status == .notFound) }
            }
            #expect(api.impactJobs.all().isEmpty)
            // The queue is free again: a new job is taken (the stopped one ends at its next block).
            try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs?households=10", method: .post, headers: Self.policy) { r in
                #expect(r.status == .accepted)
            }
            // A job over the bound is refused before it starts.
            try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs?households=1000001", method: .post, headers: Self.policy) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test("an uploaded JSONL population: progress by bytes, unreadable lines counted, the temporary file gone")
    func uploaded() async throws {
        let api = try await ServiceFixture.api(tokens: ServiceFixture.tokens)
        let generator = HouseholdGenerator(seed: 9)
        let body = (0..<3000).map { generator.line($0) }.joined(separator: "\n") + "\n" + "{not json\n"
        try await ServiceFixture.app(api).test(.router) { client in
            let draft = try await Self.shareDraft(client)
            let before = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("qamqor-impact-") }
            var headers = Self.policy
            headers[.contentType] = "application/x-ndjson"
            let location: String = try await client.execute(uri: "/v1/drafts/\(draft)/impact-jobs", method: .post, headers: headers, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .accepted)
                #expect((ServiceFixture.json(r.body)["population"] as? [String: Any])?["bytes"] as? Int == body.utf8.count)
                return r.headers[.location] ?? ""
            }
            let (job, _) = try await Self.wait(client, location, lang: "kk")
            #expect(job["state"] as? String == "done")
            #expect(job["state_text"] as? String == "дайын")
            let report = try #require(job["report"] as? [String: Any])
            #expect(report["households"] as? Int == 3001 && report["rejected"] as? Int == 1)
            let after = Set((try? FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())) ?? []).filter { $0.hasPrefix("qamqor-impact-") }
            #expect(after.subtracting(before).isEmpty, "the uploaded population is removed once its job ends")
        }
    }
}
