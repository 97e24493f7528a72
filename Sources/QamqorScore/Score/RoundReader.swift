import QamqorSupport
import QamqorCore
import QamqorBatch
import Foundation

/// Reads the applications of a round of grants, one `{"id", "household", "marks"}` object at a
/// time: a JSONL line, an element of a JSON round (`{"round": …, "applications": [ … ]}` or a bare
/// array) or a CSV row (`id`, `household` — inline JSON or a path to a household file — and one
/// column per mark), as ``RoundInput`` lays them out.
///
/// Guarantees: a bad row (no id, a mark outside 0–10 or missing, an unknown region, malformed
/// JSON) is reported with its line number and left out; the rest are read. Duplicate ids are
/// rejected after the first.
public struct RoundReader: Sendable {
    public let schema: Schema
    public let scoring: ScoringPlan

    /// Where a CSV row's `household` cell may name a file instead of holding the JSON itself.
    public let householdFiles: HouseholdFiles

    /// Whether a CSV round may name household files, and where.
    public enum HouseholdFiles: Sendable {
        /// Households are inline JSON, full stop (the service: a client never makes it read a file).
        case refused
        /// A relative path inside this directory (the round file's own; the command line). No
        /// absolute path, no `..`, no link out of it, nothing over 1 MB.
        case inside(String)
    }

    public init(schema: Schema, scoring: ScoringPlan, householdFiles: HouseholdFiles = .refused) {
        self.schema = schema; self.scoring = scoring; self.householdFiles = householdFiles
    }

    /// The record type of one round line: id, household, marks.
    package var lineType: RecordType {
        RecordType(name: "application", label: Localized(uniform: "application"), fields: [
            FieldSpec(name: "id", type: .string, label: Localized(uniform: "id"), defaultValue: nil, minimum: nil, maximum: nil),
            FieldSpec(name: "household", type: .record(schema.root), label: Localized(uniform: "household"), defaultValue: nil, minimum: nil, maximum: nil),
            FieldSpec(name: "marks", type: .record(scoring.marksType), label: Localized(uniform: "marks"), defaultValue: nil, minimum: nil, maximum: nil),
        ])
    }

    package struct FileRefusal: Error { let said: Localized }

    /// The JSON text of the household file a CSV cell names, if ``householdFiles`` allows it.
    package func householdFile(_ reference: String) -> Swift.Result<String, FileRefusal> {
        guard case .inside(let directory) = householdFiles else {
            return .failure(FileRefusal(said: Localized("round.directory")))
        }
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        guard !reference.hasPrefix("/"), !reference.contains("\0"), parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }) else {
            return .failure(FileRefusal(said: Localized("round.parts", ["reference": reference])))
        }
        let unreadable = FileRefusal(said: Localized("round.unreadable", ["reference": reference]))
        let base = URL(fileURLWithPath: directory.isEmpty ? "." : directory).resolvingSymlinksInPath().standardizedFileURL.path
        let target = URL(fileURLWithPath: base).appendingPathComponent(reference).resolvingSymlinksInPath().standardizedFileURL.path
        // A link that leads out of the folder is refused like `..`.
        guard target.hasPrefix(base.hasSuffix("/") ? base : base + "/") else { return .failure(unreadable) }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let size = attributes[.size] as? NSNumber, size.intValue <= 1 << 20,
              let text = try? String(contentsOfFile: target, encoding: .utf8) else { return .failure(unreadable) }
        return .success(text)
    }

    package static func rejection(_ d: DiagnosticList, line: Int) -> RejectedRow {
        guard !d.isEmpty else { return RejectedRow(line: line, said: atLine(line, Localized("round.rejection"))) }
        func said(_ l: Language) -> String {
            d.items.map { atLine(line, Localized(uniform: $0.message(in: l) + ($0.help(in: l).map { " (\($0))" } ?? "")))[l] }.joined(separator: "; ")
        }
        return RejectedRow(line: line, said: Localized(each: said))
    }

    /// `line 12: …` in the three languages.
    package static func atLine(_ line: Int, _ m: Localized) -> Localized {
        Localized("round.at-line", ["line": line, "m": m])
    }

    /// An application id given a second time.
    package static func repeated(_ id: String, line: Int) -> Localized {
        atLine(line, Localized("round.repeated", ["id": id]))
    }

    /// Reads one line of a JSONL round. A `cache` (one per thread) shares the missing facts of
    /// absent fields among the lines that thread reads.
    package func readLine(_ bytes: [UInt8], range: Range<Int>, type: RecordType, source: String, line: Int,
                  cache: MissingFactsCache? = nil) -> Swift.Result<RoundApplication, DiagnosticList> {
        let (v, diagnostics) = JSONRecordReader.readRecord(bytes, range: range, type: type, source: source, line: line, cache: cache)
        if !diagnostics.isEmpty { return .failure(diagnostics) }
        guard case .record(let r) = v else { return .failure(DiagnosticList()) }
        var problems: [String] = []
        guard case .text(let id)? = r["id"], !id.isEmpty else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized("round.application-has-no-id"), file: source, location: nil)])) }
        guard case .record(let household)? = r["household"] else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized("round.household.record", ["id": id]), file: source, location: nil)])) }
        guard case .record(let marks)? = r["marks"] else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized("round.marks.record", ["id": id]), file: source, location: nil)])) }
        for (k, f) in marks.type.fields.enumerated() where marks[k].isUnknown { problems.append(f.name) }
        if !problems.isEmpty {
            let names = problems.map { "`\($0)`" }.joined(separator: ", ")
            let said = Localized("round.marks-missing", ["id": id, "names": names, "count": problems.count])
            return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: said, file: source, location: nil)]))
        }
        return .success(RoundApplication(id: id, line: line, record: household, marks: marks))
    }
}
