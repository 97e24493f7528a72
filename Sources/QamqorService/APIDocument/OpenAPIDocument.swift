import QamqorEngine

/// `docs/openapi.yaml` with its generated part: everything after ``marker`` is the
/// ``RecordSchemas`` of the rules, written as YAML; the rest (operations, answers) is written by
/// hand. `qamqor openapi --write` rewrites the generated part; a test keeps the file current.
public enum OpenAPIDocument {
    /// The line after which the document is generated.
    public static let marker = "    # Generated from the rules by `qamqor openapi --write docs/openapi.yaml`: edit rules/schema.yaml, not what follows."

    /// The generated part, as YAML under `components.schemas` (four spaces in), starting with the marker.
    public static func generated(_ rules: RuleSet) -> String {
        var out = marker + "\n"
        for (name, schema) in RecordSchemas(rules: rules).components() {
            out += "    \(name):\n"
            YAMLWriter.block(schema, indent: 6, to: &out)
        }
        return out
    }

    /// `document` with its generated part replaced by `rules`'; nil when it has no marker.
    public static func updated(_ document: String, rules: RuleSet) -> String? {
        guard let r = document.range(of: marker + "\n") else { return nil }
        return String(document[..<r.lowerBound]) + generated(rules)
    }
}

/// JSON values as block YAML: mappings and lists on their own lines, every string in JSON's
/// double quotes (a YAML double-quoted scalar), lists of scalars and small mappings of scalars in
/// flow style.
enum YAMLWriter {
    static func block(_ v: JSONValue, indent: Int, to out: inout String) {
        let pad = String(repeating: " ", count: indent)
        switch v {
        case .object(let fields) where !fields.isEmpty:
            for (k, value) in fields {
                out += pad + key(k) + ":"
                if let s = inline(value) { out += " " + s + "\n" } else { out += "\n"; block(value, indent: indent + 2, to: &out) }
            }
        case .array(let xs) where !xs.isEmpty:
            for x in xs {
                if let s = inline(x) { out += pad + "- " + s + "\n"; continue }
                var inner = ""
                block(x, indent: indent + 2, to: &inner)
                out += pad + "- " + inner.dropFirst(indent + 2)
            }
        default:
            out += pad + (inline(v) ?? "") + "\n"
        }
    }

    /// A value written on one line: a scalar, an empty collection, or a list of scalars.
    static func inline(_ v: JSONValue) -> String? {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n
        case .string: v.rendered(pretty: false)
        case .object(let f) where f.isEmpty: "{}"
        case .object(let f) where f.count <= 4:
            // A small mapping of scalars (labels, a `$ref`) on one line.
            f.allSatisfy({ if case .object = $0.1 { false } else if case .array = $0.1 { false } else { true } })
                ? "{" + f.map { key($0.0) + ": " + (inline($0.1) ?? "") }.joined(separator: ", ") + "}" : nil
        case .array(let xs):
            xs.allSatisfy({ if case .object = $0 { false } else if case .array = $0 { false } else { true } })
                ? "[" + xs.map { inline($0) ?? "" }.joined(separator: ", ") + "]" : nil
        default: nil
        }
    }

    static func key(_ k: String) -> String {
        k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "$" }) && !(k.first?.isNumber ?? true) ? k : JSONValue.string(k).rendered(pretty: false)
    }
}
