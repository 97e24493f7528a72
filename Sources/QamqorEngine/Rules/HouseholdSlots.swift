/// Where the fields the engine itself reads sit in an applicant record: `application.date` (the
/// date decisions are made on), `application.id` (what a batch line is labelled with),
/// `application.applicant` and each member's `id` (who the applicant is). Found once per schema,
/// so that no household looks a field up by name.
///
/// Guarantees: each answer is the one a lookup by name would give, for records of any type (a
/// record not of the schema's root type is looked up by name).
struct HouseholdSlots: Sendable {
    let root: RecordType
    private let application: Int?, applicationType: RecordType?
    private let date: Int?, id: Int?, applicant: Int?
    private let members: Int?, memberType: RecordType?, memberID: Int?

    init(_ root: RecordType) {
        self.root = root
        application = root.slot(of: "application")
        if let a = application, case .record(let t) = root.fieldTypes[a] {
            applicationType = t; date = t.slot(of: "date"); id = t.slot(of: "id"); applicant = t.slot(of: "applicant")
        } else {
            applicationType = nil; date = nil; id = nil; applicant = nil
        }
        members = root.slot(of: "members")
        if let m = members, case .list(.record(let t)) = root.fieldTypes[m] { memberType = t; memberID = t.slot(of: "id") } else { memberType = nil; memberID = nil }
    }

    /// Field `slot` of `record`'s `application`, or nil (a record of another type by `name`).
    private func applicationField(_ record: RecordValue, _ slot: Int?, _ name: String) -> Value? {
        guard record.type === root else {
            guard case .record(let app)? = record["application"] else { return nil }
            return app[name]
        }
        guard let a = application, case .record(let app) = record[a], app.type === applicationType, let s = slot else { return nil }
        return app[s]
    }

    /// `application.date`, when the record gives one.
    func date(of record: RecordValue) -> Day? {
        if case .date(let d)? = applicationField(record, date, "date") { return d }
        return nil
    }

    /// `application.id`, or "" when the record gives none.
    func applicationID(of record: RecordValue) -> String {
        if case .text(let s)? = applicationField(record, id, "id") { return s }
        return ""
    }

    /// The member whose `id` is `application.applicant`, or the facts that are missing to say.
    func applicant(of record: RecordValue) -> Value {
        guard case .record? = record.type === root ? application.map({ record[$0] }) : record["application"] else {
            return .unknown(MissingFacts(["application"]))
        }
        guard let idValue = applicationField(record, applicant, "applicant") else { return .unknown(MissingFacts(["application.applicant"])) }
        guard case .text(let id) = idValue else { return idValue.isUnknown ? idValue : .unknown(MissingFacts(["application.applicant"])) }
        let list = record.type === root ? members.map { record[$0] } : record["members"]
        guard case .list(let all)? = list else { return .unknown(MissingFacts(["members"])) }
        for m in all {
            guard case .record(let r) = m else { continue }
            let idSlot = r.type === memberType ? memberID : r.type.slot(of: "id")
            if let k = idSlot, case .text(let mid) = r[k], mid == id { return m }
        }
        return .unknown(MissingFacts(["application.applicant"]))
    }
}
