import QamqorSupport
import QamqorCore
import QamqorBatch
import Foundation

/// A round of applications made ready to read: each application's JSON bytes — a JSONL line, an
/// element of a JSON document's array, or a CSV row turned into the JSONL form — with the line
/// it is reported at, the round's name, and the rows refused before any reading (a CSV row whose
/// household cell is not one JSON object, or names a file it may not).
///
/// Guarantees: whatever the format, memory is the bytes once (a CSV round's rows as JSON) and a
/// range a line — no tree of the document; with a `limit`, no more than that many applications
/// are kept and `exceeded` says there were more.
package struct RoundInput: Sendable {
    /// The file's name, or the name a JSON round gives itself (`"round": …`).
    package var name: String
    /// The applications to read, one a line.
    package var block: JSONLBlocks.Block
    /// Rows refused before reading, by line.
    package var rejected: [RejectedRow] = []
    /// Whether the round had more applications than the limit (those past it are not kept).
    package var exceeded = false

    /// The number of applications kept.
    package var count: Int { block.lines.count + rejected.count }

    /// The round in `bytes`, of `format`, named `name` (a file name).
    package init(bytes: [UInt8], format: RoundFormat, name: String, reader: RoundReader, limit: Int? = nil) {
        self.name = name
        switch format {
        case .jsonl:
            var lines = JSONLBlocks.lineRanges(bytes).lines
            if let limit, lines.count > limit { lines.removeSubrange(limit...); exceeded = true }
            block = JSONLBlocks.Block(bytes: bytes, lines: lines)
        case .json:
            guard let document = JSONRecordReader.roundElements(bytes, limit: limit) else {
                block = JSONLBlocks.Block(bytes: [], lines: [])
                rejected = [RejectedRow(line: 1, said: Localized("round.document", ["name": name]))]
                return
            }
            if let n = document.name { self.name = n }
            exceeded = document.exceeded
            // An application is reported by its place in the array (the first is 1).
            block = JSONLBlocks.Block(bytes: bytes, lines: document.elements.enumerated().map { (line: $0.offset + 1, range: $0.element) })
        case .csv:
            (block, rejected, exceeded) = Self.csv(bytes, name: name, reader: reader, limit: limit)
        }
    }

    /// A CSV round's rows as JSONL lines: `{"id": …, "household": <the cell>, "marks": {…}}`.
    private static func csv(_ bytes: [UInt8], name: String, reader: RoundReader, limit: Int?) -> (JSONLBlocks.Block, [RejectedRow], Bool) {
        let table = CSVTable(bytes, limit: limit.map { $0 + 1 })
        var rejected: [RejectedRow] = []
        guard let header = table.rows.first?.fields else { return (JSONLBlocks.Block(bytes: [], lines: []), [], false) }
        guard let idCol = header.firstIndex(of: "id"), let hhCol = header.firstIndex(of: "household") else {
            rejected.append(RejectedRow(line: 1, said: Localized("round.hh-col")))
            return (JSONLBlocks.Block(bytes: [], lines: []), rejected, false)
        }
        let markColumns = reader.scoring.spec.marks.compactMap { m in header.firstIndex(of: m.name).map { (name: m.name, column: $0) } }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + table.rows.count * 64)
        var lines: [(line: Int, range: Range<Int>)] = []
        lines.reserveCapacity(table.rows.count)
        for row in table.rows.dropFirst() {
            func cell(_ i: Int) -> String { i < row.fields.count ? row.fields[i] : "" }
            var household = Array(cell(hhCol).trimmingCharacters(in: .whitespaces).utf8)
            if household.first != 123 {
                switch reader.householdFile(String(decoding: household, as: UTF8.self)) {
                case .success(let text): household = Array(text.utf8)
                case .failure(let refusal): rejected.append(RejectedRow(line: row.line, said: RoundReader.atLine(row.line, refusal.said))); continue
                }
            }
            // The cell is placed in the line as it is: it must be one object, not text that
            // would close it and add members of its own.
            guard JSONRecordReader.isOneObject(household, 0..<household.count) else {
                rejected.append(RejectedRow(line: row.line, said: RoundReader.atLine(row.line, Localized("round.refusal"))))
                continue
            }
            let start = out.count
            out.append(contentsOf: "{\"id\": ".utf8)
            JSONValue.appendQuoted(cell(idCol), to: &out)
            out.append(contentsOf: ", \"household\": ".utf8)
            out.append(contentsOf: household)
            out.append(contentsOf: ", \"marks\": {".utf8)
            for (k, m) in markColumns.enumerated() {
                if k > 0 { out.append(contentsOf: ", ".utf8) }
                JSONValue.appendQuoted(m.name, to: &out)
                out.append(contentsOf: ": ".utf8)
                let v = cell(m.column).trimmingCharacters(in: .whitespaces)
                if v.isEmpty { out.append(contentsOf: "null".utf8) }
                // A number as JSON spells it goes in as it is (one too large or too precise is
                // then refused as such); anything else as text, refused as not a number.
                else if ExactDecimal.reading(json: v.utf8) != .notANumber { out.append(contentsOf: v.utf8) }
                else { JSONValue.appendQuoted(v, to: &out) }
            }
            out.append(contentsOf: "}}".utf8)
            lines.append((line: row.line, range: start..<out.count))
            out.append(10)
        }
        return (JSONLBlocks.Block(bytes: out, lines: lines), rejected, table.exceeded)
    }
}
