import QamqorSupport
/// Writes a record back as JSON in the schema's own shape (enum values by name, dates ISO,
/// amounts exact), so that any applicant file — YAML or JSON — can be shown and edited as JSON.
public enum RecordJSON {
    /// The record as JSON; `withoutIdentity` leaves out every field that names a person (an
    /// ``isIdentity(_:)`` field, at any depth): what may be kept where others read it.
    public static func encode(_ record: RecordValue, withoutIdentity: Bool = false) -> JSONValue {
        .object(record.type.fields.enumerated().compactMap { i, f in
            if case .unknown = record[i] { return nil }
            if withoutIdentity, isIdentity(f) { return nil }
            if withoutIdentity, case .record(let r) = record[i] { return (f.name, encode(r, withoutIdentity: true)) }
            if withoutIdentity, case .list(let xs) = record[i], case .list(.record) = f.type {
                return (f.name, .array(xs.map { if case .record(let r) = $0 { encode(r, withoutIdentity: true) } else { .null } }))
            }
            if f.isMonth, case .date(let d) = record[i] { return (f.name, .string(String(d.description.prefix(7)))) }
            if f.isMonth, case .list(let xs) = record[i] {
                return (f.name, .array(xs.map { if case .date(let d) = $0 { .string(String(d.description.prefix(7))) } else { .null } }))
            }
            return (f.name, value(record[i], f.type))
        })
    }

    /// A field that identifies a person: an IIN (`format: iin`) or a name (`name`, `…_name`,
    /// `surname`, `patronymic`).
    public static func isIdentity(_ f: FieldSpec) -> Bool {
        f.format == .iin || (f.type == .string && (f.name == "name" || f.name.hasSuffix("_name") || f.name == "surname" || f.name == "patronymic"))
    }

    package static func value(_ v: Value, _ type: ValueType) -> JSONValue {
        switch (v, type) {
        case (.record(let r), _): return encode(r)
        case (.list(let xs), .list(let t)): return .array(xs.map { value($0, t) })
        case (.date(let d), _):
            return .string(d.description)
        default: return ValueFormatter.json(v, type: type)
        }
    }
}
