import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import QamqorService

/// The committee's shortlist as an Excel workbook, read back by openpyxl (the library Python's
/// spreadsheet tools use): headings in the language asked for, the header row frozen, numbers
/// stored as numbers, texts that look like formulas kept as text.
@Suite("Ranking as XLSX")
struct RankingWorkbookTests {
    /// Whether python3 with openpyxl is here (`.ci/run` installs it from PyPI).
    static let openpyxl: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import openpyxl"]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// What openpyxl reads from the workbook: sheet title, frozen pane, rows as [type name, value] cells.
    static func readBack(_ bytes: [UInt8]) throws -> [String: Any] {
        let file = ServiceFixture.temporaryDirectory().appendingPathComponent("ranking.xlsx")
        try Data(bytes).write(to: file)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import json, sys, openpyxl
            wb = openpyxl.load_workbook(sys.argv[1])
            ws = wb.active
            rows = [[[type(c.value).__name__, c.value if not hasattr(c.value, 'isoformat') else str(c.value)] for c in r] for r in ws.iter_rows()]
            print(json.dumps({"title": ws.title, "frozen": ws.freeze_panes, "filter": ws.auto_filter.ref, "rows": rows,
                              "formats": [c.number_format for c in ws[2]]}, ensure_ascii=False))
            """, file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "openpyxl could not read the workbook")
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    @Test("the 500-application state-grant round in Russian opens in openpyxl with numbers as numbers and the header frozen",
          .enabled(if: openpyxl, "needs python3 with openpyxl (.ci/run installs it)"))
    func stateGrantRound() async throws {
        let api = try await ServiceFixture.api()
        let round = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/state-grant-2025.jsonl"), encoding: .utf8)
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=state_business_grant&format=xlsx&lang=ru", method: .post,
                                     headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: round)) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                #expect(r.headers[.contentDisposition]?.contains(".xlsx") == true)
                let book = try Self.readBack(Array(r.body.readableBytesView))
                let rows = book["rows"] as? [[[Any]]] ?? []
                #expect(rows.count == 501)
                #expect(book["frozen"] as? String == "A2")
                #expect((book["filter"] as? String)?.hasPrefix("A1:") == true)
                let heading = rows.first?.map { $0[1] as? String ?? "" } ?? []
                #expect(heading.prefix(5) == ["Место", "Заявка", "Заявитель", "Регион", "Статус"], "\(heading)")
                // The first ranked row: rank an int, the total and points floats, the status in Russian.
                let first = rows[1]
                #expect(first[0][0] as? String == "int" && first[0][1] as? Int == 1)
                #expect(first[5][0] as? String == "float" || first[5][0] as? String == "int")
                #expect(first[4][1] as? String == "финансируется")
                // Every total is a number, never text with a decimal comma.
                #expect(rows.dropFirst().allSatisfy { ($0[5][0] as? String).map { ["int", "float", "NoneType"].contains($0) } ?? false })
                #expect((book["formats"] as? [String])?[5] == "0.00")
                // The region by its name, not its code.
                #expect(rows.dropFirst().contains { ($0[3][1] as? String)?.contains("Алматы") == true })
            }
        }
    }

    @Test("text that looks like a formula stays text; XML's special characters survive",
          .enabled(if: openpyxl, "needs python3 with openpyxl (.ci/run installs it)"))
    func hostileText() async throws {
        let api = try await ServiceFixture.api()
        let base = try String(contentsOf: ServiceFixture.repo.appendingPathComponent("samples/rounds/isker-ana-2025.jsonl"), encoding: .utf8)
            .split(separator: "\n").first.map(String.init) ?? ""
        // The same application under a hostile id.
        let hostile = base.replacingOccurrences(of: #""id": "IA-0001""#, with: #""id": "=HYPERLINK(\"http://x\")<&>""#, options: [], range: base.range(of: #""id": "IA-0001""#))
        #expect(hostile != base)
        try await ServiceFixture.app(api).test(.router) { client in
            try await client.execute(uri: "/v1/rankings?program=isker_ana&format=xlsx&lang=kk", method: .post,
                                     headers: [.contentType: "application/x-ndjson"], body: ByteBuffer(string: hostile + "\n")) { r in
                #expect(r.status == .ok)
                let rows = try Self.readBack(Array(r.body.readableBytesView))["rows"] as? [[[Any]]] ?? []
                #expect(rows.count == 2)
                #expect(rows.last?[1][1] as? String == #"=HYPERLINK("http://x")<&>"#)
            }
        }
    }
}
