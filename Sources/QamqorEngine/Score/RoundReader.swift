import Foundation

/// Reads a round of grant applications: JSONL (one `{"id", "household", "marks"}` object a line),
/// JSON (`{"round": …, "applications": [ … ]}` or a bare array) or CSV (`id`, `household` — inline
/// JSON or a path to a household file — and one column per mark).
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

    public struct Result: Sendable {
        public var name: String
        public var applications: [RoundApplication]
        public var rejected: [RejectedRow]
    }

    /// The record type of one round line: id, household, marks.
    var lineType: RecordType {
        let t = RecordType(name: "application", label: Localized(uniform: "application"))
        t.setFields([
            FieldSpec(name: "id", type: .string, label: Localized(uniform: "id"), defaultValue: nil, minimum: nil, maximum: nil),
            FieldSpec(name: "household", type: .record(schema.root), label: Localized(uniform: "household"), defaultValue: nil, minimum: nil, maximum: nil),
            FieldSpec(name: "marks", type: .record(scoring.marksType), label: Localized(uniform: "marks"), defaultValue: nil, minimum: nil, maximum: nil),
        ])
        return t
    }

    /// Reads a file by its extension.
    public func read(path: String, data: Data) -> Result {
        let name = (path as NSString).lastPathComponent
        if path.hasSuffix(".csv") { return readCSV(data, name: name) }
        if path.hasSuffix(".json") { return readJSON(data, name: name) }
        return readJSONL(data, name: name)
    }

    public func readJSONL(_ data: Data, name: String) -> Result {
        var result = Result(name: name, applications: [], rejected: [])
        let bytes = [UInt8](data)
        let type = lineType
        var seen: Set<String> = []
        for (line, range) in Self.lineRanges(bytes) {
            add(readLine(bytes, range: range, type: type, source: name, line: line), line: line, into: &result, seen: &seen)
        }
        return result
    }

    public func readJSON(_ data: Data, name: String) -> Result {
        var result = Result(name: name, applications: [], rejected: [])
        guard let object = try? JSONSerialization.jsonObject(with: data) else {
            result.rejected.append(RejectedRow(line: 1, said: Localized(kk: "\(name): JSON жарамсыз", ru: "\(name): недопустимый JSON", en: "\(name): not valid JSON")))
            return result
        }
        var items: [Any] = []
        if let array = object as? [Any] { items = array }
        else if let dict = object as? [String: Any] {
            items = dict["applications"] as? [Any] ?? []
            if let r = dict["round"] as? String { result.name = r }
        }
        let type = lineType
        var seen: Set<String> = []
        for (i, item) in items.enumerated() {
            guard let bytes = try? JSONSerialization.data(withJSONObject: item) else { continue }
            add(readLine([UInt8](bytes)[...], type: type, source: "\(name) application \(i + 1)", line: i + 1), line: i + 1, into: &result, seen: &seen)
        }
        return result
    }

    public func readCSV(_ data: Data, name: String) -> Result {
        var result = Result(name: name, applications: [], rejected: [])
        let rows = CSVTable.parse(String(decoding: data, as: UTF8.self))
        guard let header = rows.first?.fields else { return result }
        guard let idCol = header.firstIndex(of: "id"), let hhCol = header.firstIndex(of: "household") else {
            result.rejected.append(RejectedRow(line: 1, said: Localized(kk: "CSV тақырыбында `id` және `household` бағандары болуы керек", ru: "в заголовке CSV нужны столбцы `id` и `household`", en: "the CSV header needs `id` and `household` columns")))
            return result
        }
        let type = lineType
        var seen: Set<String> = []
        for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.isEmpty }) {
            func cell(_ i: Int) -> String { i < row.fields.count ? row.fields[i] : "" }
            var household = cell(hhCol).trimmingCharacters(in: .whitespaces)
            if !household.hasPrefix("{") {
                switch householdFile(household) {
                case .success(let text): household = text
                case .failure(let refusal): result.rejected.append(RejectedRow(line: row.line, said: Self.atLine(row.line, refusal.said))); continue
                }
            }
            var marks: [String] = []
            for m in scoring.spec.marks {
                guard let c = header.firstIndex(of: m.name) else { continue }
                let v = cell(c).trimmingCharacters(in: .whitespaces)
                marks.append("\"\(m.name)\": " + (v.isEmpty ? "null" : (ExactDecimal(parsing: v) != nil ? v : "\"\(v)\"")))
            }
            let json = "{\"id\": \(JSONValue.quote(cell(idCol))), \"household\": \(household), \"marks\": {\(marks.joined(separator: ", "))}}"
            add(readLine(Array(json.utf8)[...], type: type, source: name, line: row.line), line: row.line, into: &result, seen: &seen)
        }
        return result
    }

    struct FileRefusal: Error { let said: Localized }

    /// The JSON text of the household file a CSV cell names, if ``householdFiles`` allows it.
    func householdFile(_ reference: String) -> Swift.Result<String, FileRefusal> {
        guard case .inside(let directory) = householdFiles else {
            return .failure(FileRefusal(said: Localized(
                kk: "`household` ұяшығында отбасы JSON түрінде тұруы керек; файлға сілтеме оқылмайды",
                ru: "в ячейке `household` семья должна быть записана в JSON; ссылки на файлы не читаются",
                en: "the `household` cell must hold the household as JSON; file references are not read here")))
        }
        let parts = reference.split(separator: "/", omittingEmptySubsequences: false)
        guard !reference.hasPrefix("/"), !reference.contains("\0"), parts.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }) else {
            return .failure(FileRefusal(said: Localized(
                kk: "`\(reference)`: отбасы файлы раунд файлының қалтасы ішіндегі салыстырмалы жол болуы керек (/ және .. болмайды)",
                ru: "`\(reference)`: файл семьи должен быть относительным путём внутри папки файла раунда (без / в начале и без ..)",
                en: "`\(reference)`: a household file must be a relative path inside the round file's folder (no leading /, no ..)")))
        }
        let unreadable = FileRefusal(said: Localized(kk: "`\(reference)` отбасы файлы оқылмайды", ru: "файл семьи `\(reference)` не читается",
                                                     en: "household file `\(reference)` cannot be read"))
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

    /// The (line number, byte range) of every non-blank line.
    static func lineRanges(_ bytes: [UInt8]) -> [(Int, Range<Int>)] {
        JSONLBlocks.lineRanges(bytes).lines.map { ($0.line, $0.range) }
    }

    static func rejection(_ d: DiagnosticList, line: Int) -> RejectedRow {
        guard !d.isEmpty else { return RejectedRow(line: line, said: atLine(line, Localized(kk: "оқылмайды", ru: "не читается", en: "unreadable"))) }
        func said(_ l: Language) -> String {
            d.items.map { atLine(line, Localized(uniform: $0.message(in: l) + ($0.help(in: l).map { " (\($0))" } ?? "")))[l] }.joined(separator: "; ")
        }
        return RejectedRow(line: line, said: Localized(kk: said(.kk), ru: said(.ru), en: said(.en)))
    }

    /// `line 12: …` in the three languages.
    static func atLine(_ line: Int, _ m: Localized) -> Localized {
        Localized(kk: "\(line)-жол: \(m.kk)", ru: "строка \(line): \(m.ru)", en: "line \(line): \(m.en)")
    }

    /// An application id given a second time.
    static func repeated(_ id: String, line: Int) -> Localized {
        atLine(line, Localized(kk: "`\(id)` өтінім нөмірі қайталанады", ru: "номер заявки `\(id)` повторяется", en: "application id `\(id)` appears again"))
    }

    private func readLine(_ bytes: ArraySlice<UInt8>, type: RecordType, source: String, line: Int) -> Swift.Result<RoundApplication, DiagnosticList> {
        readLine(Array(bytes), range: 0..<bytes.count, type: type, source: source, line: line)
    }

    /// Reads one line of a JSONL round. A `cache` (one per thread) shares the missing facts of
    /// absent fields among the lines that thread reads.
    func readLine(_ bytes: [UInt8], range: Range<Int>, type: RecordType, source: String, line: Int,
                  cache: MissingFactsCache? = nil) -> Swift.Result<RoundApplication, DiagnosticList> {
        let (v, diagnostics) = JSONRecordReader.readRecord(bytes, range: range, type: type, source: source, line: line, cache: cache)
        if !diagnostics.isEmpty { return .failure(diagnostics) }
        guard case .record(let r) = v else { return .failure(DiagnosticList()) }
        var problems: [String] = []
        guard case .text(let id)? = r["id"], !id.isEmpty else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized(kk: "өтінімде `id` жоқ", ru: "в заявке нет `id`", en: "the application has no `id`"), file: source, location: nil)])) }
        guard case .record(let household)? = r["household"] else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized(kk: "\(id) өтінімінде `household` жоқ", ru: "в заявке \(id) нет `household`", en: "application \(id) has no `household`"), file: source, location: nil)])) }
        guard case .record(let marks)? = r["marks"] else { return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: Localized(kk: "\(id) өтінімінде `marks` жоқ", ru: "в заявке \(id) нет `marks`", en: "application \(id) has no `marks`"), file: source, location: nil)])) }
        for (k, f) in marks.type.fields.enumerated() where marks[k].isUnknown { problems.append(f.name) }
        if !problems.isEmpty {
            let names = problems.map { "`\($0)`" }.joined(separator: ", ")
            let said = Localized(kk: "\(id) өтінімі: \(names) бағасы жоқ", ru: "заявка \(id): нет оценки \(names)",
                                 en: "application \(id): " + problems.map { "the mark `\($0)` is missing" }.joined(separator: "; "))
            return .failure(DiagnosticList([Diagnostic(code: .roundRow, translated: said, file: source, location: nil)]))
        }
        return .success(RoundApplication(id: id, line: line, record: household, marks: marks))
    }

    private func add(_ r: Swift.Result<RoundApplication, DiagnosticList>, line: Int, into result: inout Result, seen: inout Set<String>) {
        switch r {
        case .success(let a):
            if !seen.insert(a.id).inserted {
                result.rejected.append(RejectedRow(line: line, said: Self.repeated(a.id, line: line)))
            } else { result.applications.append(a) }
        case .failure(let d):
            result.rejected.append(Self.rejection(d, line: line))
        }
    }
}

/// A minimal RFC 4180 CSV table: quoted fields, doubled quotes, commas and line breaks inside
/// quotes. Each row keeps the line it starts on.
enum CSVTable {
    struct Row { var fields: [String]; var line: Int }

    static func parse(_ text: String) -> [Row] {
        var rows: [Row] = []
        var field = "", fields: [String] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        var chars = Array(text)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            if inQuotes {
                if ch == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    if ch == "\n" { line += 1 }
                    field.append(ch)
                }
            } else if ch == "\"" {
                inQuotes = true
            } else if ch == "," {
                fields.append(field); field = ""
            } else if ch == "\n" || ch == "\r\n" {
                fields.append(field); field = ""
                rows.append(Row(fields: fields, line: rowLine)); fields = []
                line += 1; rowLine = line
            } else if ch != "\r" {
                field.append(ch)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); rows.append(Row(fields: fields, line: rowLine)) }
        return rows
    }
}
