import QamqorSupport
import Yams

/// The shape of an applicant record, from `rules/schema.yaml`: enums, record types and the root
/// record (`household`: the application, its members and the household's facts).
public struct Schema: Sendable {
    public let enums: [String: EnumType]
    public let records: [String: RecordType]
    /// The record type of a whole applicant file.
    public let root: RecordType
    /// The dates a record may give and a decision may be made on (`dates:` in the schema file):
    /// every date field is checked against it when read, and so is a requested as-of date.
    public let dates: DayRange
    /// Where the fields the engine reads itself (`application.date`, …) are in `root`.
    package let household: HouseholdSlots

    package init(enums: [String: EnumType], records: [String: RecordType], root: RecordType, dates: DayRange = .any) {
        self.enums = enums; self.records = records; self.root = root; self.dates = dates
        household = HouseholdSlots(root)
    }

    package static let builtinTypes: [String: ValueType] = [
        "boolean": .boolean, "integer": .integer, "decimal": .decimal, "money": .money,
        "text": .string, "date": .date, "month": .date,
    ]

    package static func resolveType(_ text: String, enums: [String: EnumType], records: [String: RecordType]) -> ValueType? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("list of ") {
            return resolveType(String(t.dropFirst(8)), enums: enums, records: records).map { .list($0) }
        }
        if let b = builtinTypes[t] { return b }
        if let e = enums[t] { return .enumeration(e) }
        if let r = records[t] { return .record(r) }
        return nil
    }
}
