import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QamqorService

/// The committee's print: only the rows its filter shows, with page numbers and the time as read in Kazakhstan.
@Suite("Committee print")
struct CommitteePrintTests {
    @Test("the printed shortlist holds only the filtered rows, says how many of how many, and numbers its pages")
    func filteredPrint() async throws {
        let api = try await ServiceFixture.api()
        let round = try Data(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/state-grant-2025.jsonl"))
        try await ServiceFixture.app(api).test(.router) { client in
            let all = try await client.execute(uri: "/v1/rankings?program=state_business_grant&format=html&lang=ru", method: .post,
                                               headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(data: round)) { r in String(buffer: r.body) }
            let funded = try await client.execute(uri: "/v1/rankings?program=state_business_grant&format=html&lang=ru&status=funded&search=", method: .post,
                                                  headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(data: round)) { r in String(buffer: r.body) }
            let rowsAll = all.components(separatedBy: "<tr class=").count - 1, rowsFunded = funded.components(separatedBy: "<tr class=").count - 1
            #expect(rowsAll == 500)
            #expect(rowsFunded > 0 && rowsFunded < 500)
            #expect(funded.components(separatedBy: "<tr class=\"funded\"").count - 1 == rowsFunded)
            #expect(funded.contains("Заявки: \(rowsFunded) / 500"))
            #expect(funded.contains("counter(page)"))
            // The time it was made: dd.mm.yyyy HH:MM, no ISO "Z".
            #expect(funded.firstMatch(of: /Сформировано: \d\d\.\d\d\.\d{4} \d\d:\d\d/) != nil)
            let search = try await client.execute(uri: "/v1/rankings?program=state_business_grant&format=html&lang=ru&search=SG-0007", method: .post,
                                                  headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(data: round)) { r in String(buffer: r.body) }
            #expect(search.components(separatedBy: "<tr class=").count - 1 == 1)
            // Lengths are counted as the document counts them (code points): 101 letters with a
            // combining accent are 202, over the 200 allowed, though they look like 101.
            let accented = String(repeating: "e\u{301}", count: 101).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await client.execute(uri: "/v1/rankings?program=state_business_grant&format=html&search=\(accented)", method: .post,
                                     headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(data: round)) { r in
                #expect(r.status == .badRequest)
            }
        }
    }
}
