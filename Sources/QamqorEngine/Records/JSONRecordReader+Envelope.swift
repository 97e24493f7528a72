/// What the JSON reader checks of a document before reading any value of it (its encoding), and
/// the top-level keys of a document, read without reading their values (how a request envelope is
/// told from a household).
extension JSONRecordReader {
    /// The part of `range` to read: without a leading byte-order mark, and only when every byte
    /// is UTF-8 — otherwise a refusal naming the first bad byte's offset in the document.
    static func checkedText(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, source: String, line: Int) -> Result<Range<Int>, DiagnosticList> {
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

    /// The keys of a JSON object's top level, in order, without reading their values into
    /// anything; nil when the bytes are not an object (or not UTF-8). A byte-order mark is skipped.
    public static func topLevelKeys(_ bytes: [UInt8]) -> [String]? {
        bytes.withUnsafeBufferPointer { b -> [String]? in
            guard case .success(let range) = checkedText(b, 0..<b.count, source: "", line: 1) else { return nil }
            var c = Cursor(bytes: b, source: "", firstLine: 1, range: range, root: RecordType(name: "", label: Localized(uniform: "")), cache: nil)
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
