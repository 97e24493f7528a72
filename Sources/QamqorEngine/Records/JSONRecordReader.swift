/// Reads an applicant record from JSON bytes straight into the engine's ``RecordValue``s, guided
/// by the schema: no intermediate `Any` or `Codable` tree. Used where records come by the
/// thousand (rounds, batches, the service); ``RecordReader`` reads YAML and JSON files with the
/// same rules and messages.
///
/// Guarantees: every type error names the field path and the line and column; unknown fields
/// are errors with the closest known name; nesting deeper than 64 levels and documents larger
/// than the limit are refused; the reader never traps on malformed input.
public struct JSONRecordReader: Sendable {
    public let schema: Schema

    public init(schema: Schema) { self.schema = schema }

    /// Reads one JSON document (a whole household). `source` names it in diagnostics, `line`
    /// is the line number of its first byte (for JSONL).
    public func read(_ bytes: some Collection<UInt8>, source: String, line: Int = 1) -> Result<RecordValue, DiagnosticList> {
        let buffer = Array(bytes)
        var p = Cursor(bytes: buffer, source: source, firstLine: line)
        p.skipSpace()
        let v = p.value(.record(schema.root), field: nil, depth: 0)
        p.skipSpace()
        if p.diagnostics.isEmpty, p.i < buffer.count { p.fail("unexpected text after the record", path: []) }
        if !p.diagnostics.isEmpty { return .failure(p.diagnostics) }
        guard case .record(let r) = v else { return .failure(DiagnosticList([Diagnostic(.error, code: "record-type", message: "the applicant record must be a JSON object", file: source, location: SourceLocation(line: line, column: 1))])) }
        return .success(r)
    }

    /// Reads one JSON document found at `range` of a larger buffer (a line of a JSONL block),
    /// without copying it.
    public func read(buffer: [UInt8], range: Range<Int>, source: String, line: Int) -> Result<RecordValue, DiagnosticList> {
        var p = Cursor(bytes: buffer, source: source, firstLine: line, range: range)
        p.skipSpace()
        let v = p.value(.record(schema.root), field: nil, depth: 0)
        p.skipSpace()
        if p.diagnostics.isEmpty, p.i < range.upperBound { p.fail("unexpected text after the record", path: []) }
        if !p.diagnostics.isEmpty { return .failure(p.diagnostics) }
        guard case .record(let r) = v else { return .failure(DiagnosticList([Diagnostic(.error, code: "record-type", message: "the applicant record must be a JSON object", file: source, location: SourceLocation(line: line, column: 1))])) }
        return .success(r)
    }

    enum PathPart { case key(String), index(Int) }

    static func render(_ path: [PathPart]) -> String {
        var s = ""
        for part in path {
            switch part {
            case .key(let k): s += s.isEmpty ? k : "." + k
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }

    struct Cursor {
        let bytes: [UInt8]
        let source: String
        let firstLine: Int
        var i = 0
        /// One past the last byte this cursor reads (a line of a larger buffer).
        var end: Int
        let start: Int
        var diagnostics = DiagnosticList()
        /// The path of the value being read, rendered only when a message or a missing fact needs it.
        var path: [PathPart] = []

        init(bytes: [UInt8], source: String, firstLine: Int, range: Range<Int>? = nil) {
            self.bytes = bytes; self.source = source; self.firstLine = firstLine
            start = range?.lowerBound ?? 0
            end = range?.upperBound ?? bytes.count
            i = start
        }

        var location: SourceLocation {
            var line = firstLine, col = 1
            for b in bytes[start..<min(i, end)] {
                if b == 10 { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
            }
            return SourceLocation(line: line, column: col)
        }

        mutating func fail(_ message: String, path: [PathPart], code: String = "record-type", help: String? = nil) {
            let shown = path.isEmpty ? "the applicant record" : "`\(JSONRecordReader.render(path))`"
            diagnostics.append(Diagnostic(.error, code: code, message: "\(shown): \(message)", file: source, location: location, help: help))
        }

        mutating func skipSpace() {
            while i < end, bytes[i] == 32 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 9 { i += 1 }
        }

        mutating func expect(_ c: UInt8) -> Bool {
            skipSpace()
            if i < end, bytes[i] == c { i += 1; return true }
            return false
        }

        /// A JSON string's contents, or nil (with a diagnostic) when malformed.
        mutating func string(path: [PathPart]) -> String? {
            guard i < end, bytes[i] == 34 else { fail("expected text in quotes", path: path); return nil }
            i += 1
            let start = i
            var plain = true
            while i < end, bytes[i] != 34 {
                if bytes[i] == 92 { plain = false; i += 2; continue }
                if bytes[i] < 32 { fail("a control character inside text", path: path); return nil }
                i += 1
            }
            guard i < end else { fail("unterminated text", path: path); return nil }
            defer { i += 1 }
            if plain { return String(decoding: bytes[start..<i], as: UTF8.self) }
            var out = [UInt8]()
            var j = start
            while j < i {
                if bytes[j] == 92, j + 1 < i {
                    let e = bytes[j + 1]
                    switch e {
                    case 110: out.append(10)
                    case 116: out.append(9)
                    case 114: out.append(13)
                    case 98: out.append(8)
                    case 102: out.append(12)
                    case 117:
                        guard j + 5 < i, let code = UInt32(String(decoding: bytes[(j + 2)...(j + 5)], as: UTF8.self), radix: 16) else {
                            fail("bad \\u escape in text", path: path); return nil
                        }
                        out.append(contentsOf: Array(String(Unicode.Scalar(code) ?? "?").utf8))
                        j += 6
                        continue
                    default: out.append(e)
                    }
                    j += 2
                } else { out.append(bytes[j]); j += 1 }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// The raw text of a number, true/false/null, or nil.
        mutating func bareWord() -> ArraySlice<UInt8> {
            let start = i
            while i < end {
                let b = bytes[i]
                if b == 44 || b == 125 || b == 93 || b == 32 || b == 10 || b == 13 || b == 9 { break }
                i += 1
            }
            return bytes[start..<i]
        }

        /// Skips any JSON value (after an unknown field), keeping brackets balanced.
        mutating func skipValue() {
            skipSpace()
            guard i < end else { return }
            if bytes[i] == 34 { _ = string(path: []); return }
            if bytes[i] == 123 || bytes[i] == 91 {
                var depth = 0
                while i < end {
                    let b = bytes[i]
                    if b == 34 { _ = string(path: []); continue }
                    if b == 123 || b == 91 { depth += 1 }
                    if b == 125 || b == 93 { depth -= 1; if depth == 0 { i += 1; return } }
                    i += 1
                }
                return
            }
            _ = bareWord()
        }

        static func isNull(_ w: ArraySlice<UInt8>) -> Bool { w.elementsEqual("null".utf8) }

        mutating func value(_ type: ValueType, field: FieldBounds?, depth: Int) -> Value {
            skipSpace()
            guard depth < 64 else { fail("nested deeper than 64 levels", path: path); i = end; return .unknown(MissingFacts([])) }
            guard i < end else { fail("the record ends too early", path: path); return .unknown(MissingFacts([])) }
            if bytes[i] == 110 {
                let w = bareWord()
                if Cursor.isNull(w) { return .unknown(MissingFacts([JSONRecordReader.render(path)])) }
                fail("expected a value, found `\(String(decoding: w, as: UTF8.self))`", path: path)
                return .unknown(MissingFacts([]))
            }
            switch type {
            case .record(let rt): return record(rt, depth: depth)
            case .list(let inner):
                guard bytes[i] == 91 else { fail("expected a list", path: path); skipValue(); return .unknown(MissingFacts([])) }
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < end, bytes[i] == 93 { i += 1; return .list(items) }
                var n = 0
                while true {
                    path.append(.index(n))
                    items.append(value(inner, field: field, depth: depth + 1))
                    path.removeLast()
                    n += 1
                    if !diagnostics.isEmpty && i >= end { return .list(items) }
                    if expect(44) { continue }
                    if expect(93) { return .list(items) }
                    fail("expected `,` or `]` in a list", path: path); i = end
                    return .list(items)
                }
            case .string:
                guard let s = string(path: path) else { return .unknown(MissingFacts([])) }
                return .text(s)
            case .enumeration(let e):
                guard bytes[i] == 34 else { let w = bareWord(); fail("`\(String(decoding: w, as: UTF8.self))` is not a \(e.name)", path: path); return .unknown(MissingFacts([])) }
                var j = i + 1
                while j < end, bytes[j] != 34, bytes[j] != 92 { j += 1 }
                if j < end, bytes[j] == 34, let k = e.index(ofUTF8: bytes[(i + 1)..<j]) { i = j + 1; return .enumCase(k) }
                guard let s = string(path: path) else { return .unknown(MissingFacts([])) }
                if let k = e.index(of: s) { return .enumCase(k) }
                fail("`\(s)` is not a \(e.name)", path: path, help: Suggestion.closest(to: s, among: e.cases).map { "did you mean `\($0)`?" })
                return .unknown(MissingFacts([]))
            case .date:
                guard bytes[i] == 34, let s = string(path: path) else {
                    if bytes[i] != 34 { let w = bareWord(); fail("expected \(field?.isMonth == true ? "a month (YYYY-MM)" : "a date (YYYY-MM-DD)"), found `\(String(decoding: w, as: UTF8.self))`", path: path) }
                    return .unknown(MissingFacts([]))
                }
                if let d = Day(iso: s) { return .date(d) }
                if field?.isMonth == true, let d = Day(isoMonth: s) { return .date(d) }
                fail("expected \(field?.isMonth == true ? "a month (YYYY-MM)" : "a date (YYYY-MM-DD)"), found `\(s)`", path: path)
                return .unknown(MissingFacts([]))
            case .boolean:
                let w = bareWord()
                if w.elementsEqual("true".utf8) { return .bool(true) }
                if w.elementsEqual("false".utf8) { return .bool(false) }
                fail("expected true or false, found `\(String(decoding: w, as: UTF8.self))`", path: path)
                return .unknown(MissingFacts([]))
            case .integer, .decimal, .money:
                if bytes[i] == 34 { let s = string(path: path) ?? ""; fail("expected a number, found text \"\(s)\"", path: path); return .unknown(MissingFacts([])) }
                let w = bareWord()
                let text = String(decoding: w, as: UTF8.self)
                let v: Value
                if type == .integer {
                    guard let x = Int64(text) else { fail("expected a whole number, found `\(text)`", path: path); return .unknown(MissingFacts([])) }
                    v = .int(x)
                } else {
                    guard let x = ExactDecimal(parsing: text) else {
                        fail("expected \(type == .money ? "an amount in tenge" : "a number") (digits with at most 6 decimal places), found `\(text)`", path: path)
                        return .unknown(MissingFacts([]))
                    }
                    v = .decimal(x)
                }
                if let field, let d = v.asDecimal {
                    if let lo = field.minimum, d < lo { fail("\(d) is below the smallest allowed value \(lo)", path: path) }
                    if let hi = field.maximum, d > hi { fail("\(d) is above the largest allowed value \(hi)", path: path) }
                }
                return v
            default:
                fail("cannot be given in a record", path: path); skipValue()
                return .unknown(MissingFacts([]))
            }
        }

        mutating func record(_ type: RecordType, depth: Int) -> Value {
            guard bytes[i] == 123 else { fail("expected a record (\(type.name)) as a JSON object", path: path); skipValue(); return .unknown(MissingFacts([])) }
            i += 1
            var values = [Value?](repeating: nil, count: type.fields.count)
            skipSpace()
            if i < end, bytes[i] == 125 { i += 1 } else {
                while true {
                    skipSpace()
                    // Plain keys are matched as bytes against the field names, without a String.
                    var slot: Int?
                    var key = ""
                    if i < end, bytes[i] == 34 {
                        var j = i + 1
                        while j < end, bytes[j] != 34, bytes[j] != 92 { j += 1 }
                        if j < end, bytes[j] == 34 {
                            slot = type.slot(ofUTF8: bytes[(i + 1)..<j])
                            if let slot { key = type.fields[slot].name; i = j + 1 }
                        }
                    }
                    if slot == nil {
                        guard let k = string(path: path) else { i = end; break }
                        key = k
                    }
                    guard expect(58) else { fail("expected `:` after \"\(key)\"", path: path); i = end; break }
                    path.append(.key(key))
                    if let slot = slot ?? type.slot(of: key) {
                        values[slot] = value(type.fieldTypes[slot], field: type.fieldBounds[slot], depth: depth + 1)
                    } else {
                        fail("no such field in \(type.name)", path: path, code: "record-unknown-field",
                             help: Suggestion.closest(to: key, among: type.fields.map(\.name)).map { "did you mean `\($0)`?" })
                        skipValue()
                    }
                    path.removeLast()
                    if expect(44) { continue }
                    if expect(125) { break }
                    fail("expected `,` or `}` in a record", path: path); i = end
                    break
                }
            }
            var fields: [Value] = []
            fields.reserveCapacity(values.count)
            for (k, v) in values.enumerated() {
                if let v { fields.append(v); continue }
                fields.append(type.fieldDefaults[k] ?? .unknown(MissingFacts([JSONRecordReader.render(path + [.key(type.fields[k].name)])])))
            }
            return .record(RecordValue(type: type, fields: fields, path: ""))
        }
    }
}
