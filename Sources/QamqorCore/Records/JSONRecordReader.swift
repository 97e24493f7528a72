import QamqorSupport
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
    /// Text fields no rule reads (a member's name) are checked but not kept: an empty text
    /// stands for them. By record type number, a bit per field (see ``RuleSet/unreadTextSlots``);
    /// empty (keep every text) but for decisions that are written without explanations.
    package let unreadTexts: [UInt64]

    public init(schema: Schema) { self.schema = schema; unreadTexts = [] }

    /// A reader that keeps no text of the fields `unreadTexts` marks (by record type number).
    package init(schema: Schema, unreadTexts: [UInt64]) { self.schema = schema; self.unreadTexts = unreadTexts }

    /// Reads one JSON document (a whole household). `source` names it in diagnostics, `line`
    /// is the line number of its first byte (for JSONL).
    public func read(_ bytes: some Collection<UInt8>, source: String, line: Int = 1) -> Result<RecordValue, DiagnosticList> {
        let buffer = Array(bytes)
        return read(buffer: buffer, range: 0..<buffer.count, source: source, line: line)
    }

    /// Reads one JSON document found at `range` of a larger buffer (a line of a JSONL block),
    /// without copying it. A `cache` shares the missing-fact values of absent fields among the
    /// records one thread reads.
    public func read(buffer: [UInt8], range: Range<Int>, source: String, line: Int, cache: MissingFactsCache? = nil) -> Result<RecordValue, DiagnosticList> {
        buffer.withUnsafeBufferPointer { bytes in read(bytes: bytes, range: range, source: source, line: line, cache: cache) }
    }

    /// As ``read(buffer:range:source:line:cache:)``, from bytes the caller keeps alive.
    package func read(bytes: UnsafeBufferPointer<UInt8>, range whole: Range<Int>, source: String, line: Int, cache: MissingFactsCache? = nil) -> Result<RecordValue, DiagnosticList> {
        let range: Range<Int>
        switch Self.checkedText(bytes, whole, source: source, line: line) {
        case .failure(let d): return .failure(d)
        case .success(let r): range = r
        }
        var p = Cursor(bytes: bytes, source: source, firstLine: line, range: range, root: schema.root, cache: cache)
        p.unreadTexts = unreadTexts
        p.skipSpace()
        let v = p.value(schema.root.shape, field: nil, depth: 0)
        p.skipSpace()
        if p.diagnostics.isEmpty, p.i < range.upperBound { p.fail(RecordMessage.trailingText, atRoot: true) }
        if !p.diagnostics.isEmpty { return .failure(p.diagnostics) }
        guard case .record(let r) = v else { return .failure(DiagnosticList([Diagnostic(code: .recordType, translated: RecordMessage.notAnObject, file: source, location: SourceLocation(line: line, column: 1))])) }
        return .success(r)
    }

    /// Reads a record of `type` (which need not be the schema's root: a request envelope, a round
    /// row) at `range` of `bytes`; the value and every problem found, with positions.
    package static func readRecord(_ bytes: [UInt8], range whole: Range<Int>, type: RecordType, source: String, line: Int,
                           trailing: Localized? = nil, cache: MissingFactsCache? = nil) -> (Value, DiagnosticList) {
        bytes.withUnsafeBufferPointer { b in
            let range: Range<Int>
            switch checkedText(b, whole, source: source, line: line) {
            case .failure(let d): return (.unknown(MissingFacts([])), d)
            case .success(let r): range = r
            }
            var c = Cursor(bytes: b, source: source, firstLine: line, range: range, root: type, cache: cache)
            c.skipSpace()
            let v = c.value(type.shape, field: nil, depth: 0)
            c.skipSpace()
            if let trailing, c.diagnostics.isEmpty, c.i < range.upperBound { c.fail(trailing, atRoot: true) }
            return (v, c.diagnostics)
        }
    }

    /// A step of the path of the value being read: a field by slot, a list position, or a key
    /// that is not a field (only while reporting it).
    package enum PathPart { case slot(Int), index(Int), key(String) }

    /// The steps of a cursor's path as parts: a slot as itself, list position `i` as `-(i + 1)`,
    /// `Int.min` for the unknown field `key`.
    package static func parts(_ steps: ReadPath, key: String) -> [PathPart] {
        steps.all.map { $0 == .min ? .key(key) : $0 >= 0 ? .slot($0) : .index(-($0 + 1)) }
    }

    /// `members[2].birth_date`, following the field slots from the root record type.
    package static func render(_ path: [PathPart], root: RecordType) -> String {
        var s = ""
        var type: ValueType? = .record(root)
        for part in path {
            switch part {
            case .slot(let k):
                guard case .record(let rt)? = type, k < rt.fields.count else { type = nil; continue }
                s += s.isEmpty ? rt.fields[k].name : "." + rt.fields[k].name
                type = rt.fieldTypes[k]
            case .key(let k):
                s += s.isEmpty ? k : "." + k
                type = nil
            case .index(let i):
                s += "[\(i)]"
                if case .list(let inner)? = type { type = inner } else { type = nil }
            }
        }
        return s
    }

    package struct Cursor {
        package let bytes: UnsafeBufferPointer<UInt8>
        package let source: String
        package let firstLine: Int
        package var i = 0
        /// One past the last byte this cursor reads (a line of a larger buffer).
        package var end: Int
        package let start: Int
        package let root: RecordType
        package let cache: MissingFactsCache?
        package var diagnostics = DiagnosticList()
        /// See ``JSONRecordReader/unreadTexts``.
        package var unreadTexts: [UInt64] = []
        /// The path of the value being read as steps (see ``JSONRecordReader/parts(_:key:)``),
        /// rendered only when a message or a missing fact needs it.
        package var path = ReadPath()
        /// The unknown field name the path ends in while it is reported.
        package var pathKey = ""
        /// The next record's ordinal in this document, by record type number.
        package var ordinals = InlineArray<32, Int>(repeating: 0)

        package init(bytes: UnsafeBufferPointer<UInt8>, source: String, firstLine: Int, range: Range<Int>, root: RecordType, cache: MissingFactsCache?) {
            self.bytes = bytes; self.source = source; self.firstLine = firstLine
            self.root = root; self.cache = cache
            start = range.lowerBound
            end = range.upperBound
            i = start
        }

        /// The missing fact of the value at the current path (a `null`), or of field `slot` of
        /// the record at the current path (an absent field).
        package mutating func missing(slot: Int? = nil) -> Value {
            // The cache is looked up by the path as a number; the path is spelt only when new.
            guard let cache, let key = path.key(slot: slot), key != 0 else { return .unknown(MissingFacts([.fact(missingPath(slot: slot))])) }
            if let known = cache.facts(key) { return .unknown(known) }
            let made = MissingFacts([.fact(missingPath(slot: slot))])
            cache.keep(made, key: key)
            return .unknown(made)
        }

        /// The current path, and field `slot` after it, as the reader shows it (`members[2].birth_date`).
        package func missingPath(slot: Int?) -> String {
            var full = JSONRecordReader.parts(path, key: pathKey)
            if let slot { full.append(.slot(slot)) }
            return JSONRecordReader.render(full, root: root)
        }

        package func text(_ r: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self) }

        package var location: SourceLocation {
            var line = firstLine, col = 1
            for b in UnsafeBufferPointer(rebasing: bytes[start..<min(i, end)]) {
                if b == 10 { line += 1; col = 1 } else if b & 0xC0 != 0x80 { col += 1 }
            }
            return SourceLocation(line: line, column: col)
        }

        /// Set by the first error that leaves the JSON itself unreadable (a bad word, an unclosed
        /// text, a missing comma): what follows cannot be trusted, so nothing more is reported.
        package var stopped = false

        /// Reports an error that leaves the document unreadable, and stops reading.
        package mutating func stop(_ message: Localized, atRoot: Bool = false, code: DiagnosticCode = .recordType) {
            fail(message, atRoot: atRoot, code: code)
            stopped = true
            i = end
        }

        /// Reports `message` for a value that is well-formed JSON but wrong (reading goes on), or
        /// stops when `word` is not even a JSON literal (`-`, `12abc`, `nul`).
        package mutating func fail(_ message: Localized, word: UnsafeBufferPointer<UInt8>) {
            if Cursor.isLiteral(word) { fail(message) } else { stop(message) }
        }

        /// `true`, `false`, `null` or a JSON number.
        package static func isLiteral(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
            if w.elementsEqual("true".utf8) || w.elementsEqual("false".utf8) || w.elementsEqual("null".utf8) { return true }
            return isNumber(w)
        }

        /// A number as JSON spells it: `-`?, no leading zero, digits on both sides of a `.`, an
        /// optional exponent. `12.`, `.5`, `+5` and `012` are not.
        package static func isNumber(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
            var k = 0
            func digits() -> Int { let s = k; while k < w.count, w[k] >= 48, w[k] <= 57 { k += 1 }; return k - s }
            if k < w.count, w[k] == 45 { k += 1 }
            let first = k
            let whole = digits()
            guard whole > 0, whole == 1 || w[first] != 48 else { return false }
            if k < w.count, w[k] == 46 { k += 1; guard digits() > 0 else { return false } }
            if k < w.count, w[k] == 101 || w[k] == 69 {
                k += 1
                if k < w.count, w[k] == 43 || w[k] == 45 { k += 1 }
                guard digits() > 0 else { return false }
            }
            return k == w.count
        }

        /// Skips a value of the wrong kind; stops when it is not well-formed JSON.
        package mutating func skipWrong(_ message: Localized) {
            skipSpace()
            if i < end, bytes[i] != 34, bytes[i] != 123, bytes[i] != 91 {
                let w = bareWord()
                fail(message, word: w)
                return
            }
            fail(message)
            skipValue()
        }

        package mutating func fail(_ message: Localized, atRoot: Bool = false, code: DiagnosticCode = .recordType, help: Localized? = nil) {
            guard !stopped else { return }
            let shown = atRoot || path.isEmpty ? "" : JSONRecordReader.render(JSONRecordReader.parts(path, key: pathKey), root: root)
            diagnostics.append(Diagnostic(code: code, translated: RecordMessage.at(shown, message), help: help, file: source, location: location))
        }

        @inline(__always) package mutating func skipSpace() {
            // Compact JSON has none: one comparison when the next byte is not blank.
            guard i < end, bytes[i] <= 32 else { return }
            while i < end, bytes[i] == 32 || bytes[i] == 10 || bytes[i] == 13 || bytes[i] == 9 { i += 1 }
        }

        package mutating func expect(_ c: UInt8) -> Bool {
            skipSpace()
            if i < end, bytes[i] == c { i += 1; return true }
            return false
        }

        /// The position of the first `"`, `\\` or control character at or after `from` (before
        /// `end`), or `end`. Eight bytes are looked at a time: most keys, enum values and names
        /// take one to four steps.
        @inline(__always) package func textStop(from: Int) -> Int { ByteScan.textStop(bytes, from: from, end: end) }

        /// A JSON string's contents, or nil (with a diagnostic) when malformed. With `keep: false`
        /// the text is checked all the same but an empty one is returned (a field no rule reads).
        package mutating func string(keep: Bool = true, atRoot: Bool = false) -> String? {
            guard i < end, bytes[i] == 34 else { stop(RecordMessage.expectedQuotedText, atRoot: atRoot); return nil }
            i += 1
            let start = i
            var plain = true
            i = textStop(from: i)
            while i < end, bytes[i] != 34 {
                if bytes[i] == 92 { plain = false; i += 2; continue }
                if bytes[i] < 32 { stop(RecordMessage.controlCharacter, atRoot: atRoot); return nil }
                i += 1
            }
            guard i < end else { stop(RecordMessage.unterminatedText, atRoot: atRoot); return nil }
            defer { i += 1 }
            if plain { return keep ? text(start..<i) : "" }
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
                    case 34, 92, 47: out.append(e)
                    case 117:
                        guard var code = hex4(at: j + 2, before: i) else { stop(RecordMessage.badEscape, atRoot: atRoot); return nil }
                        j += 6
                        if (0xD800...0xDBFF).contains(code) {
                            // A high surrogate must be followed by `\uDC00`–`\uDFFF`: together one scalar.
                            guard j + 1 < i, bytes[j] == 92, bytes[j + 1] == 117, let low = hex4(at: j + 2, before: i),
                                  (0xDC00...0xDFFF).contains(low) else { stop(RecordMessage.loneSurrogate, atRoot: atRoot); return nil }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            j += 6
                        }
                        guard let scalar = Unicode.Scalar(code) else { stop(RecordMessage.loneSurrogate, atRoot: atRoot); return nil }
                        out.append(contentsOf: String(scalar).utf8)
                        continue
                    default: stop(RecordMessage.badEscape, atRoot: atRoot); return nil
                    }
                    j += 2
                } else { out.append(bytes[j]); j += 1 }
            }
            return keep ? String(decoding: out, as: UTF8.self) : ""
        }

        /// The four hex digits at `k` (all before `limit`) as a number, or nil.
        package func hex4(at k: Int, before limit: Int) -> UInt32? {
            guard k + 4 <= limit else { return nil }
            var v: UInt32 = 0
            for b in UnsafeBufferPointer(rebasing: bytes[k..<(k + 4)]) {
                switch b {
                case 48...57: v = v << 4 | UInt32(b - 48)
                case 65...70: v = v << 4 | UInt32(b - 55)
                case 97...102: v = v << 4 | UInt32(b - 87)
                default: return nil
                }
            }
            return v
        }

        /// The raw text of a number, true/false/null.
        package mutating func bareWord() -> UnsafeBufferPointer<UInt8> {
            let start = i
            while i < end {
                let b = bytes[i]
                if b == 44 || b == 125 || b == 93 || b == 32 || b == 10 || b == 13 || b == 9 { break }
                i += 1
            }
            return UnsafeBufferPointer(rebasing: bytes[start..<i])
        }

        /// Skips any JSON value (after an unknown field), keeping brackets balanced; false when
        /// the input ends before the value does.
        @discardableResult package mutating func skipValue() -> Bool {
            skipSpace()
            guard i < end else { return false }
            if bytes[i] == 34 { return string(atRoot: true) != nil }
            if bytes[i] == 123 || bytes[i] == 91 {
                var depth = 0
                while i < end {
                    let b = bytes[i]
                    if b == 34 { if string(atRoot: true) == nil { return false }; continue }
                    if b == 123 || b == 91 { depth += 1 }
                    if b == 125 || b == 93 { depth -= 1; if depth == 0 { i += 1; return true } }
                    i += 1
                }
                return false
            }
            return !bareWord().isEmpty
        }

        /// `123`, `-5` or `100000.5` read without a String: at most 6 decimals, and at most 12
        /// integer digits for decimals (18 for integers), so nothing can overflow; nil for anything
        /// else, which the general path then reads or reports.
        package static func plainNumber(_ w: UnsafeBufferPointer<UInt8>, integer: Bool) -> Value? {
            var k = 0, negative = false
            if k < w.count, w[k] == 45 { negative = true; k += 1 }
            // A leading zero before another digit is not JSON: the general path refuses it.
            if k + 1 < w.count, w[k] == 48, w[k + 1] >= 48, w[k + 1] <= 57 { return nil }
            var whole: Int64 = 0, digits = 0
            let most = integer ? 18 : 12
            while k < w.count, w[k] >= 48, w[k] <= 57 {
                digits += 1
                if digits > most { return nil }
                whole = whole * 10 + Int64(w[k] - 48)
                k += 1
            }
            guard digits > 0 else { return nil }
            if k == w.count {
                if integer { return .int(negative ? -whole : whole) }
                let u = whole * ExactDecimal.scale
                return .decimal(ExactDecimal(units: negative ? -u : u))
            }
            guard !integer, w[k] == 46 else { return nil }
            k += 1
            var frac: Int64 = 0, places = 0
            while k < w.count, w[k] >= 48, w[k] <= 57, places < 6 { frac = frac * 10 + Int64(w[k] - 48); k += 1; places += 1 }
            guard places > 0, k == w.count else { return nil }
            for _ in places..<6 { frac *= 10 }
            let u = whole * ExactDecimal.scale + frac
            return .decimal(ExactDecimal(units: negative ? -u : u))
        }

        package static func isNull(_ w: UnsafeBufferPointer<UInt8>) -> Bool { w.elementsEqual("null".utf8) }

        /// `d`, or a refusal naming the range when the schema does not allow it.
        @inline(__always) package mutating func inRange(_ d: Day, _ dates: DayRange) -> Value {
            if dates.contains(d) { return .date(d) }
            fail(RecordMessage.dateOutOfRange(d, dates), code: .recordDateRange)
            return .unknown(MissingFacts([]))
        }

        package mutating func value(_ shape: FieldShape, field: FieldBounds?, depth: Int) -> Value {
            skipSpace()
            guard depth < 64 else { stop(RecordMessage.tooDeep); return .unknown(MissingFacts([])) }
            guard i < end else { stop(RecordMessage.endsEarly); return .unknown(MissingFacts([])) }
            if bytes[i] == 110 {
                let w = bareWord()
                if Cursor.isNull(w) { return missing() }
                fail(RecordMessage.expectedValue(found: String(decoding: w, as: UTF8.self)), word: w)
                return .unknown(MissingFacts([]))
            }
            switch shape.kind {
            case .record: return shape.withRecordType { record($0, depth: depth) }
            case .list:
                let inner = shape.elementShape
                guard bytes[i] == 91 else { skipWrong(RecordMessage.expectedList); return .unknown(MissingFacts([])) }
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < end, bytes[i] == 93 { i += 1; return .list(items) }
                items.reserveCapacity(4)
                var n = 0
                let most = field?.maxItems ?? .max
                while true {
                    if n >= most { stop(RecordMessage.tooManyItems(most), code: .recordTooLarge); return .list(items) }
                    path.append(-(n + 1))
                    items.append(value(inner, field: field, depth: depth + 1))
                    path.removeLast()
                    n += 1
                    if !diagnostics.isEmpty && i >= end { return .list(items) }
                    if expect(44) { continue }
                    if expect(93) { return .list(items) }
                    stop(RecordMessage.listSeparator)
                    return .list(items)
                }
            case .string:
                guard let s = string() else { return .unknown(MissingFacts([])) }
                if field?.format == .iin, let problem = IIN.problem(s) {
                    fail(RecordMessage.badIIN(s, problem), code: .recordIIN)
                    return .unknown(MissingFacts([]))
                }
                return .text(s)
            case .enumeration:
                let j = bytes[i] == 34 ? textStop(from: i + 1) : end
                if j < end, bytes[j] == 34, let k = shape.cases!.index(of: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) { i = j + 1; return .enumCase(k) }
                let e = shape.enumType
                guard bytes[i] == 34 else { let w = bareWord(); fail(RecordMessage.notACase(String(decoding: w, as: UTF8.self), of: e), word: w); return .unknown(MissingFacts([])) }
                guard let s = string() else { return .unknown(MissingFacts([])) }
                if let k = e.index(of: s) { return .enumCase(k) }
                fail(RecordMessage.notACase(s, of: e), help: Suggestion.closest(to: s, among: e.cases).map(RecordMessage.didYouMean))
                return .unknown(MissingFacts([]))
            case .date:
                // A plain `"YYYY-MM-DD"` or `"YYYY-MM"` is read from the bytes without a String.
                let dates = field?.dates ?? .any
                if bytes[i] == 34, i + 11 < end, bytes[i + 11] == 34,
                   let d = Day.parse(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(i + 11)]), month: false) {
                    i += 12
                    return inRange(d, dates)
                }
                if field?.isMonth == true, bytes[i] == 34, i + 8 < end, bytes[i + 8] == 34,
                   let d = Day.parse(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(i + 8)]), month: true) {
                    i += 9
                    return inRange(d, dates)
                }
                // Whether it was quoted is taken before reading: a malformed text moves `i` to the end.
                let quoted = bytes[i] == 34
                guard quoted, let s = string() else {
                    if !quoted { let w = bareWord(); fail(RecordMessage.expected(RecordMessage.wanted(.date, isMonth: field?.isMonth == true), found: RecordMessage.word(String(decoding: w, as: UTF8.self))), word: w) }
                    return .unknown(MissingFacts([]))
                }
                if let d = Day(iso: s) ?? (field?.isMonth == true ? Day(isoMonth: s) : nil) { return inRange(d, dates) }
                fail(RecordMessage.expected(RecordMessage.wanted(.date, isMonth: field?.isMonth == true), found: RecordMessage.word(s)))
                return .unknown(MissingFacts([]))
            case .boolean:
                let w = bareWord()
                if w.elementsEqual("true".utf8) { return .bool(true) }
                if w.elementsEqual("false".utf8) { return .bool(false) }
                fail(RecordMessage.expectedBoolean(found: String(decoding: w, as: UTF8.self)), word: w)
                return .unknown(MissingFacts([]))
            case .integer, .decimal, .money:
                let type = shape.numberType
                if bytes[i] == 34 { let s = string() ?? ""; fail(RecordMessage.numberAsText(s)); return .unknown(MissingFacts([])) }
                let w = bareWord()
                var v: Value
                if let fast = Cursor.plainNumber(w, integer: shape.kind == .integer) {
                    v = fast
                    // A whole number is held as exactly as a decimal is (as the YAML reader does).
                    if case .int(let x) = v, x.magnitude > ExactDecimal.largestWhole { fail(RecordMessage.numberTooLarge, word: w); return .unknown(MissingFacts([])) }
                    if let field, field.minimum != nil || field.maximum != nil, let d = v.asDecimal {
                        if let lo = field.minimum, d < lo { fail(RecordMessage.below(d, lo)) }
                        if let hi = field.maximum, d > hi { fail(RecordMessage.above(d, hi)) }
                    }
                    return v
                }
                let text = String(decoding: w, as: UTF8.self)
                // Only numbers as JSON spells them: `12.`, `.5`, `+5` and `012` are refused.
                guard Cursor.isNumber(w) else {
                    fail(RecordMessage.expected(RecordMessage.wanted(type, isMonth: false), found: RecordMessage.word(text)), word: w)
                    return .unknown(MissingFacts([]))
                }
                // Every JSON number form (`1e5`, `2.50E+2`, `-0.0`) is read exactly.
                if shape.kind == .integer {
                    guard let x = Int64(text) ?? ExactDecimal(json: w).flatMap({ $0.isWhole ? $0.wholePart : nil }) else {
                        fail(RecordMessage.expected(RecordMessage.wanted(.integer, isMonth: false), found: RecordMessage.word(text)), word: w); return .unknown(MissingFacts([]))
                    }
                    guard x.magnitude <= ExactDecimal.largestWhole else { fail(RecordMessage.numberTooLarge, word: w); return .unknown(MissingFacts([])) }
                    v = .int(x)
                } else {
                    guard let x = ExactDecimal(json: w) else {
                        fail(RecordMessage.notADecimal(text, type), word: w)
                        return .unknown(MissingFacts([]))
                    }
                    v = .decimal(x)
                }
                if let field, let d = v.asDecimal {
                    if let lo = field.minimum, d < lo { fail(RecordMessage.below(d, lo)) }
                    if let hi = field.maximum, d > hi { fail(RecordMessage.above(d, hi)) }
                }
                return v
            case .other:
                skipWrong(RecordMessage.notInARecord)
                return .unknown(MissingFacts([]))
            }
        }

        package mutating func record(_ type: RecordType, depth: Int) -> Value {
            guard bytes[i] == 123 else { skipWrong(RecordMessage.expectedRecordObject(type.name)); return .unknown(MissingFacts([])) }
            i += 1
            var ordinal = -1
            if type.number >= 0, type.number < ordinals.count {
                ordinal = ordinals[type.number]
                ordinals[type.number] += 1
            }
            // Taken out of the type once per record, not once per field.
            let plan = type.readPlan, names = plan.names
            let count = plan.count, shapes = plan.shapes, fieldBounds = plan.bounds
            // Made at once from the type's template (absent fields without a default hold a
            // placeholder until the end); the fields read are set in place.
            let record = RecordValue.fromTemplate(type, plan: plan, ordinal: ordinal)
            let unread = type.number >= 0 && type.number < unreadTexts.count ? unreadTexts[type.number] : 0
            // Which fields were given: a bit mask for up to 64 fields (every schema record so far),
            // an array beyond that.
            var seenMask: UInt64 = 0
            var seenMore: [Bool]? = count > 64 ? [Bool](repeating: false, count: count) : nil
            var predicted = 0
            skipSpace()
            if i < end, bytes[i] == 125 { i += 1 } else {
                while true {
                    skipSpace()
                    // Plain keys are matched as bytes against the field names, without a String.
                    var slot: Int?
                    if i < end, bytes[i] == 34 {
                        let j = textStop(from: i + 1)
                        if j < end, bytes[j] == 34 {
                            // Fields usually come in schema order: try the one after the last first.
                            let key = UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])
                            slot = names.index(of: key, near: predicted)
                            if slot != nil { i = j + 1 }
                        }
                    }
                    if slot == nil {
                        guard let k = string() else { i = end; break }
                        // Kept where a message about an unknown field finds it.
                        pathKey = k
                        slot = type.slot(of: k)
                    }
                    guard expect(58) else { stop(RecordMessage.expectedColon(after: slot.map { type.fields[$0].name } ?? pathKey)); break }
                    if let slot {
                        predicted = slot + 1
                        path.append(slot)
                        if slot < 64 ? seenMask & (1 << UInt64(slot)) != 0 : seenMore?[slot] == true {
                            // A second value for a field: refused, not taken last-key-wins.
                            fail(RecordMessage.duplicateField, code: .recordDuplicateField)
                        }
                        if slot < 64, unread & (1 << UInt64(slot)) != 0, { skipSpace(); return i < end && bytes[i] == 34 }() {
                            // A text no rule reads: checked as any other, not kept.
                            if string(keep: false) != nil { record.set(slot, .text("")) } else { record.set(slot, .unknown(MissingFacts([]))) }
                        } else {
                            record.set(slot, value(shapes[slot], field: fieldBounds[slot], depth: depth + 1))
                        }
                        if slot < 64 { seenMask |= 1 << UInt64(slot) } else { seenMore?[slot] = true }
                    } else {
                        path.append(.min)
                        fail(RecordMessage.noSuchField(in: type.name), code: .recordUnknownField,
                             help: Suggestion.closest(to: pathKey, among: type.fields.map(\.name)).map(RecordMessage.didYouMean))
                        // Its value is skipped; if it is not even JSON, nothing after it can be read.
                        skipSpace()
                        if i < end, bytes[i] != 34, bytes[i] != 123, bytes[i] != 91 {
                            if !Cursor.isLiteral(bareWord()) { stopped = true; i = end }
                        } else { skipValue() }
                    }
                    path.removeLast()
                    if expect(44) { continue }
                    if expect(125) { break }
                    stop(RecordMessage.recordSeparator)
                    break
                }
            }
            for k in plan.requiredList {
                let given = k < 64 ? seenMask & (1 << UInt64(k)) != 0 : seenMore?[k] == true
                if !given { record.set(k, missing(slot: k)) }
            }
            return .record(record)
        }
    }
}
