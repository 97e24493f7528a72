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
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return JSONValue.quote(s)
        case .array(let xs):
            if xs.isEmpty { return "[]" }
            if !pretty { return "[" + xs.map { $0.rendered(pretty: false) }.joined(separator: ",") + "]" }
            let inner = indent + "  "
            return "[\n" + xs.map { inner + $0.rendered(pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let kv):
            if kv.isEmpty { return "{}" }
            if !pretty { return "{" + kv.map { JSONValue.quote($0.0) + ":" + $0.1.rendered(pretty: false) }.joined(separator: ",") + "}" }
            let inner = indent + "  "
            return "{\n" + kv.map { inner + JSONValue.quote($0.0) + ": " + $0.1.rendered(pretty: true, indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
