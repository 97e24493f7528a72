/// A JSON document built by the renderers. Numbers keep their exact decimal text (money is never
/// routed through a binary float); object keys keep insertion order so output is stable.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's exact text, e.g. `45210.5`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// Compact (`pretty: false`) or indented text.
    public func rendered(pretty: Bool = true, indent: String = "") -> String {
        String(decoding: utf8(pretty: pretty, indent: indent), as: UTF8.self)
    }

    /// The rendering as UTF-8 bytes.
    public func utf8(pretty: Bool = false, indent: String = "") -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out, pretty: pretty, indent: Array(indent.utf8))
        return out
    }

    /// Appends the rendering to `out`: one growing buffer, no intermediate strings.
    public func write(to out: inout [UInt8], pretty: Bool, indent: [UInt8] = []) {
        switch self {
        case .null: out.append(contentsOf: JSONValue.null_)
        case .bool(let b): out.append(contentsOf: b ? JSONValue.true_ : JSONValue.false_)
        case .number(let n): JSONValue.appendRaw(n, to: &out)
        case .string(let s): JSONValue.appendQuoted(s, to: &out)
        case .array(let xs):
            if xs.isEmpty { out.append(91); out.append(93); return }
            out.append(91)
            let inner = pretty ? indent + [32, 32] : []
            for (i, x) in xs.enumerated() {
                if i > 0 { out.append(44) }
                if pretty { out.append(10); out += inner }
                x.write(to: &out, pretty: pretty, indent: inner)
            }
            if pretty { out.append(10); out += indent }
            out.append(93)
        case .object(let kv):
            if kv.isEmpty { out.append(123); out.append(125); return }
            out.append(123)
            let inner = pretty ? indent + [32, 32] : []
            for (i, (k, v)) in kv.enumerated() {
                if i > 0 { out.append(44) }
                if pretty { out.append(10); out += inner }
                JSONValue.appendQuoted(k, to: &out)
                out.append(58)
                if pretty { out.append(32) }
                v.write(to: &out, pretty: pretty, indent: inner)
            }
            if pretty { out.append(10); out += indent }
            out.append(125)
        }
    }

    private static let null_: [UInt8] = Array("null".utf8)
    private static let true_: [UInt8] = Array("true".utf8)
    private static let false_: [UInt8] = Array("false".utf8)

    /// The bytes of `s` as they are (numbers).
    package static func appendRaw(_ s: String, to out: inout [UInt8]) {
        var text = s
        text.withUTF8 { out.append(contentsOf: $0) }
    }

    package static func quote(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` in quotes with `"`, `\\` and control characters escaped (`\\n`, `\\u0001`); other
    /// characters, Cyrillic included, are written as they are.
    @inlinable package static func appendQuoted<Sink: ByteSink>(_ s: String, to out: inout Sink) {
        out.write(34)
        // One pass over the UTF-8 bytes; the runs between escapes are copied whole. A native
        // string is read in place (no copy of it, no reference counted).
        if s.utf8.withContiguousStorageIfAvailable({ ByteScan.appendJSONEscaped($0, to: &out) }) == nil {
            var text = s
            text.withUTF8 { ByteScan.appendJSONEscaped($0, to: &out) }
        }
        out.write(34)
    }
}
