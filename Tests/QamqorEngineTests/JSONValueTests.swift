import Foundation
import Testing
@testable import QamqorEngine

/// The JSON every answer, batch line and report is written with: text escaped exactly, the
/// output readable by a standard parser, compact and indented forms alike.
@Suite("JSON output")
struct JSONValueTests {
    @Test("digests are written as lowercase hex, two digits a byte, as printf's %02x writes them")
    func hexDigits() {
        let all = (0...255).map(UInt8.init)
        #expect(Hex.lowercase(all) == all.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.lowercase([UInt8]()) == "")
    }

    static let texts: [(String, String)] = [
        ("plain", #""plain""#),
        ("Қазақ тілі — русский", #""Қазақ тілі — русский""#),
        (#"say "hi""#, #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("line\nbreak\tand\rreturn", #""line\nbreak\tand\rreturn""#),
        ("\u{01}bell\u{1F}", #""\u0001bell\u001f""#),
        ("", #""""#),
        // Escapes at every position of an eight-byte word, and after long clean runs.
        ("1234567\"89abcdef\\", #""1234567\"89abcdef\\""#),
        ("abcdefgh\nijklmnop\u{7F}", "\"abcdefgh\\nijklmnop\u{7F}\""),
        ("Балалар саны 5 — 4-тен 1-ге көп\"", #""Балалар саны 5 — 4-тен 1-ге көп\"""#),
    ]

    @Test("every byte from 0 to 127 at every offset of a word is escaped exactly as one at a time would be")
    func everyOffset() throws {
        for offset in 0..<17 {
            for b in 0..<128 {
                let text = String(repeating: "a", count: offset) + String(UnicodeScalar(UInt8(b))) + "bcdefghijklmnop"
                let json = JSONValue.string(text).rendered(pretty: false)
                let back = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
                #expect(back == text, "byte \(b) at offset \(offset): \(json)")
                #expect((b < 32 || b == 34 || b == 92) == json.contains("\\"), "byte \(b) at offset \(offset)")
            }
        }
    }

    @Test("text is quoted and escaped exactly", arguments: texts)
    func quoted(_ text: String, _ json: String) throws {
        #expect(JSONValue.string(text).rendered(pretty: false) == json)
        let back = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed) as? String
        #expect(back == text)
    }

    @Test("compact and indented renderings parse to the same document")
    func forms() throws {
        let doc = JSONValue.object([("a", .array([.number("1"), .string("x\"y"), .null, .bool(true)])), ("b", .object([])), ("c", .array([]))])
        #expect(doc.rendered(pretty: false) == #"{"a":[1,"x\"y",null,true],"b":{},"c":[]}"#)
        #expect(doc.rendered() == "{\n  \"a\": [\n    1,\n    \"x\\\"y\",\n    null,\n    true\n  ],\n  \"b\": {},\n  \"c\": []\n}")
        let compact = try JSONSerialization.jsonObject(with: Data(doc.rendered(pretty: false).utf8)) as? NSDictionary
        let pretty = try JSONSerialization.jsonObject(with: Data(doc.rendered().utf8)) as? NSDictionary
        #expect(compact == pretty)
    }
}
