/// Writes a record back as JSON in the schema's own shape (enum values by name, dates ISO,
/// amounts exact), so that any applicant file — YAML or JSON — can be shown and edited as JSON.
public enum RecordJSON {
    public static func encode(_ record: RecordValue) -> JSONValue {
        .object(record.type.fields.enumerated().compactMap { i, f in
            if case .unknown = record[i] { return nil }
            if f.isMonth, case .date(let d) = record[i] { return (f.name, .string(String(d.description.prefix(7)))) }
            if f.isMonth, case .list(let xs) = record[i] {
                return (f.name, .array(xs.map { if case .date(let d) = $0 { .string(String(d.description.prefix(7))) } else { .null } }))
            }
            return (f.name, value(record[i], f.type))
        })
    }

    static func value(_ v: Value, _ type: ValueType) -> JSONValue {
        switch (v, type) {
        case (.record(let r), _): return encode(r)
        case (.list(let xs), .list(let t)): return .array(xs.map { value($0, t) })
        case (.date(let d), _):
            return .string(d.description)
        default: return ValueFormatter.json(v, type: type)
        }
    }
}
