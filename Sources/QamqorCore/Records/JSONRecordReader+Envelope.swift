import QamqorSupport
/// What the JSON reader checks of a document before reading any value of it (its encoding), and
/// the top-level keys of a document, read without reading their values (how a request envelope is
/// told from a household).
extension JSONRecordReader {
    /// The part of `range` to read: without a leading byte-order mark, and only when every byte
    /// is UTF-8 — otherwise a refusal naming the first bad byte's offset in the document.
    package static func checkedText(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, source: String, line: Int) -> Result<Range<Int>, DiagnosticList> {
        var r = range
        if r.count >= 3, bytes[r.lowerBound] == 0xEF, bytes[r.lowerBound + 1] == 0xBB, bytes[r.lowerBound + 2] == 0xBF {
            r = (r.lowerBound + 3)..<r.upperBound
        }
        if let bad = UTF8Check.firstInvalid(bytes, r) {
            return .failure(DiagnosticList([Diagnostic(code: .recordEncoding, translated: RecordMessage.at("", RecordMessage.invalidUTF8(offset: bad - range.lowerBound)),
                                                       file: source, location: SourceLocation(line: line, column: 1))]))
        }
        return .success(r)
    }

    /// The text value of `key` at a JSON object's top level (`"lang": "kk"`), read without reading
    /// the other values into anything; nil when there is none, or the bytes are not such an object
    /// as far as the key.
    package static func topLevelText(_ bytes: [UInt8], key: String) -> String? {
        bytes.withUnsafeBufferPointer { b -> String? in
            guard case .success(let range) = checkedText(b, 0..<b.count, source: "", line: 1) else { return nil }
            var c = Cursor(bytes: b, source: "", firstLine: 1, range: range, root: Self.noRoot, cache: nil)
            guard c.expect(123), !c.expect(125) else { return nil }
            while true {
                c.skipSpace()
                guard let k = c.string(), c.expect(58), !c.stopped else { return nil }
                c.skipSpace()
                if k == key, c.i < c.end, c.bytes[c.i] == 34 { return c.string() }
                guard c.skipValue(), !c.stopped, c.expect(44) else { return nil }
            }
        }
    }

    /// The keys of a JSON object's top level, in order, without reading their values into
    /// anything; nil when the bytes are not an object (or not UTF-8). A byte-order mark is skipped.
    public static func topLevelKeys(_ bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { b -> [String]? in
            guard case .success(let range) = checkedText(b, 0..<b.count, source: "", line: 1) else { return nil }
            var c = Cursor(bytes: b, source: "", firstLine: 1, range: range, root: Self.noRoot, cache: nil)
            guard c.expect(123) else { return nil }
            var keys: [String] = []
            if c.expect(125) { return keys }
            while true {
                c.skipSpace()
                guard let k = c.string(), c.expect(58), !c.stopped else { return nil }
                keys.append(k)
                c.skipSpace()
                if c.i < c.end, c.bytes[c.i] != 34, c.bytes[c.i] != 123, c.bytes[c.i] != 91 {
                    guard Cursor.isLiteral(c.bareWord()) else { return nil }
                } else { c.skipValue() }
                if c.stopped { return nil }
                if c.expect(44) { continue }
                return c.expect(125) ? keys : nil
            }
        }
    }
}

extension JSONRecordReader {
    /// The elements of a JSON round document — a bare array, or an object whose `applications`
    /// is one (its `round`, when text, names it) — as byte ranges of `bytes`, found without
    /// reading their values into anything. Nil when the document is not UTF-8 JSON of that shape
    /// (each element itself is read, and checked, later). Stops after `limit` elements, saying so.
    package static func roundElements(_ bytes: [UInt8], limit: Int? = nil) -> (name: String?, elements: [Range<Int>], exceeded: Bool)? {
        bytes.withUnsafeBufferPointer { b -> (name: String?, elements: [Range<Int>], exceeded: Bool)? in
            guard case .success(let range) = checkedText(b, 0..<b.count, source: "", line: 1) else { return nil }
            var c = Cursor(bytes: b, source: "", firstLine: 1, range: range, root: Self.noRoot, cache: nil)
            var name: String?
            var elements: [Range<Int>] = []
            var exceeded = false
            /// The array at the cursor, element by element.
            func array(_ c: inout Cursor) -> Bool {
                guard c.expect(91) else { return false }
                if c.expect(93) { return true }
                while true {
                    c.skipSpace()
                    let start = c.i
                    guard c.skipValue(), !c.stopped else { return false }
                    if let limit, elements.count == limit { exceeded = true; return true }
                    elements.append(start..<c.i)
                    if c.expect(44) { continue }
                    return c.expect(93)
                }
            }
            c.skipSpace()
            if c.i < c.end, c.bytes[c.i] == 91 {
                guard array(&c) else { return nil }
            } else {
                guard c.expect(123) else { return nil }
                if !c.expect(125) {
                    while true {
                        c.skipSpace()
                        guard let k = c.string(), c.expect(58), !c.stopped else { return nil }
                        c.skipSpace()
                        if k == "applications" {
                            guard array(&c) else { return nil }
                            if exceeded { break }
                        } else if k == "round", c.i < c.end, c.bytes[c.i] == 34 {
                            guard let n = c.string() else { return nil }
                            name = n
                        } else if c.i < c.end, c.bytes[c.i] != 34, c.bytes[c.i] != 123, c.bytes[c.i] != 91 {
                            guard Cursor.isLiteral(c.bareWord()) else { return nil }
                        } else { c.skipValue() }
                        if c.stopped { return nil }
                        if c.expect(44) { continue }
                        guard c.expect(125) else { return nil }
                        break
                    }
                }
            }
            c.skipSpace()
            guard exceeded || c.i == c.end else { return nil }
            return (name, elements, exceeded)
        }
    }

    /// Whether `bytes[range]` holds exactly one JSON object (white space around it aside), its
    /// brackets balanced and its texts closed — what a CSV round's `household` cell must hold.
    package static func isOneObject(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var c = Cursor(bytes: b, source: "", firstLine: 1, range: range, root: Self.noRoot, cache: nil)
            c.skipSpace()
            guard c.i < c.end, c.bytes[c.i] == 123, c.skipValue(), !c.stopped else { return false }
            c.skipSpace()
            return c.i == c.end
        }
    }
}

extension JSONRecordReader {
    /// The root type of a cursor that only scans (keys, elements, one text) and reads no record:
    /// made once, not for every body scanned.
    static let noRoot = RecordType(name: "", label: Localized(uniform: ""))
}
