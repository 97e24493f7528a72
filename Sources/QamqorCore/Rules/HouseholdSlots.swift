import QamqorSupport
/// Where the fields the engine itself reads sit in an applicant record: `application.date` (the
/// date decisions are made on), `application.id` (what a batch line is labelled with),
/// `application.applicant` and each member's `id` (who the applicant is). Found once per schema,
/// so that no household looks a field up by name.
///
/// Guarantees: each answer is the one a lookup by name would give, for records of any type (a
/// record not of the schema's root type is looked up by name).
package struct HouseholdSlots: Sendable {
    package let root: RecordType
    private let application: Int?, applicationType: RecordType?
    private let date: Int?, id: Int?, applicant: Int?
    private let members: Int?, memberType: RecordType?, memberID: Int?, memberBirth: Int?
    private let memberIIN: Int?, memberSex: Int?, male: Int?, female: Int?

    package init(_ root: RecordType) {
        self.root = root
        application = root.slot(of: "application")
        if let a = application, case .record(let t) = root.fieldTypes[a] {
            applicationType = t; date = t.slot(of: "date"); id = t.slot(of: "id"); applicant = t.slot(of: "applicant")
        } else {
            applicationType = nil; date = nil; id = nil; applicant = nil
        }
        members = root.slot(of: "members")
        if let m = members, case .list(.record(let t)) = root.fieldTypes[m] {
            memberType = t; memberID = t.slot(of: "id"); memberBirth = t.slot(of: "birth_date")
            memberIIN = t.slot(of: "iin"); memberSex = t.slot(of: "sex")
            if let s = memberSex, case .enumeration(let e) = t.fieldTypes[s] { male = e.index(of: "male"); female = e.index(of: "female") } else { male = nil; female = nil }
        } else { memberType = nil; memberID = nil; memberBirth = nil; memberIIN = nil; memberSex = nil; male = nil; female = nil }
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
    /// Whether the schema's application has a date field (every decision then needs it).
    package var hasApplicationDate: Bool { date != nil }

    package func date(of record: RecordValue) -> Day? {
        if case .date(let d)? = applicationField(record, date, "date") { return d }
        return nil
    }

    /// `application.id`, or "" when the record gives none.
    package func applicationID(of record: RecordValue) -> String {
        if case .text(let s)? = applicationField(record, id, "id") { return s }
        return ""
    }

    /// The member whose `id` is `application.applicant`, or the facts that are missing to say.
    package func applicant(of record: RecordValue) -> Value {
        guard case .record? = record.type === root ? application.map({ record[$0] }) : record["application"] else {
            return .unknown(MissingFacts([.fact("application")]))
        }
        guard let idValue = applicationField(record, applicant, "applicant") else { return .unknown(MissingFacts([.fact("application.applicant")])) }
        guard case .text(let id) = idValue else { return idValue.isUnknown ? idValue : .unknown(MissingFacts([.fact("application.applicant")])) }
        let list = record.type === root ? members.map { record[$0] } : record["members"]
        guard case .list(let all)? = list else { return .unknown(MissingFacts([.fact("members")])) }
        for m in all {
            guard case .record(let r) = m else { continue }
            let idSlot = r.type === memberType ? memberID : r.type.slot(of: "id")
            if let k = idSlot, case .text(let mid) = r[k], mid == id { return m }
        }
        return .unknown(MissingFacts([.fact("application.applicant")]))
    }

    /// Appends each member's IIN, when given, with `line` (a batch finds a person in two
    /// households of one file by them).
    package func appendIINs(of record: RecordValue, line: Int, to out: inout [(String, Int)]) {
        guard let k = memberIIN, record.type === root, let m = members, case .list(let all) = record[m] else { return }
        for v in all {
            if case .record(let member) = v, member.type === memberType, case .text(let t) = member[k] { out.append((t, line)) }
        }
    }

    /// A member's ИИН (already well formed: the readers check that) against the member's birth
    /// date and sex, and against the ИИН of the members before.
    private func iinProblem(_ all: [Value], _ i: Int) -> HouseholdProblem? {
        guard let k = memberIIN, case .record(let member) = all[i], case .text(let text) = member[k], let iin = IIN(text) else { return nil }
        if let b = memberBirth, case .date(let born) = member[b], born != iin.birthDate {
            return HouseholdProblem(.iinDisagrees, HouseholdMessage.iinBirthDate(i, iin, born))
        }
        if let s = memberSex, case .enumCase(let c) = member[s], (c == male && !iin.isMale) || (c == female && iin.isMale) {
            return HouseholdProblem(.iinDisagrees, HouseholdMessage.iinSex(i, iin, male: c == male))
        }
        for j in 0..<i {
            if case .record(let other) = all[j], other.type === memberType, case .text(let t) = other[k], t == text {
                return HouseholdProblem(.iinTwice, HouseholdMessage.iinTwice(i, j, iin))
            }
        }
        return nil
    }

    /// What makes a household of the root type impossible to decide whatever the rules say: a
    /// decision date outside the schema's range, no members, two members with one id, an
    /// applicant who is not a member, a member born after the application. Nil when none; a
    /// fact that is simply missing is not a problem here (the decision says it is needed).
    package func problem(of record: RecordValue, on day: Day, dates: DayRange) -> HouseholdProblem? {
        guard dates.contains(day) else { return HouseholdProblem(.dateOutOfRange, HouseholdMessage.dateOutOfRange(day, dates)) }
        guard record.type === root, let m = members, case .list(let all) = record[m] else { return nil }
        if all.isEmpty { return HouseholdProblem(.noMembers, HouseholdMessage.noMembers) }
        let applied = date(of: record) ?? day
        // Ids compared pairwise in place (at most the schema's member limit): no set, no copy.
        func memberID(_ v: Value) -> String? {
            guard case .record(let member) = v, member.type === memberType, let k = self.memberID, case .text(let id) = member[k] else { return nil }
            return id
        }
        for i in all.indices {
            guard case .record(let member) = all[i], member.type === memberType else { continue }
            if let id = memberID(all[i]) {
                for j in 0..<i where memberID(all[j]) == id { return HouseholdProblem(.sameMemberID, HouseholdMessage.sameID(id, i, j)) }
            }
            if let k = memberBirth, case .date(let born) = member[k], born > applied { return HouseholdProblem(.bornAfterApplication, HouseholdMessage.bornAfter(i, born, applied)) }
            if let problem = iinProblem(all, i) { return problem }
        }
        if let a = application, case .record(let app) = record[a], app.type === applicationType, let k = applicant,
           case .text(let id) = app[k], !all.contains(where: { memberID($0) == id }) {
            return HouseholdProblem(.applicantNotAMember, HouseholdMessage.applicantNotAMember(id))
        }
        return nil
    }
}

/// Why a household cannot be decided: a code a client can act on (the API error's `code`) and what
/// is wrong in the three languages, with the field path first.
public struct HouseholdProblem: Sendable {
    /// Each reason a household that reads well is still refused — what JSON Schema cannot state.
    public enum Code: String, Sendable, CaseIterable {
        case noApplicationDate = "no-application-date"
        case dateOutOfRange = "date-out-of-range"
        case noMembers = "no-members"
        case sameMemberID = "duplicate-member-id"
        case bornAfterApplication = "born-after-application"
        case iinDisagrees = "iin-disagrees"
        case iinTwice = "iin-twice"
        case applicantNotAMember = "applicant-not-member"
    }
    public let code: Code
    public let said: Localized
    package init(_ code: Code, _ said: Localized) { self.code = code; self.said = said }
}

/// Why a household cannot be decided, in the three languages, with the field path first.
package enum HouseholdMessage {
    package static var noMembers: Localized { Localized("household.no-members") }

    package static func sameID(_ id: String, _ i: Int, _ first: Int) -> Localized {
        Localized("household.same-id", ["i": i, "id": id, "first": first])
    }

    package static func bornAfter(_ i: Int, _ born: Day, _ applied: Day) -> Localized {
        Localized("household.born-after", ["i": i, "born": born, "applied": applied])
    }

    package static func applicantNotAMember(_ id: String) -> Localized {
        Localized("household.applicant-not-a-member", ["id": id])
    }

    package static func iinBirthDate(_ i: Int, _ iin: IIN, _ born: Day) -> Localized {
        Localized("household.iin-birth-date", ["i": i, "iin": iin.masked, "birthDate": iin.birthDate, "born": born])
    }

    package static func iinSex(_ i: Int, _ iin: IIN, male: Bool) -> Localized {
        Localized("household.iin-sex", ["i": i, "iin": iin.masked, "iinMale": iin.isMale, "male": male])
    }

    package static func iinTwice(_ i: Int, _ first: Int, _ iin: IIN) -> Localized {
        Localized("household.iin-twice", ["i": i, "iin": iin.masked, "first": first])
    }

    package static func dateOutOfRange(_ d: Day, _ range: DayRange) -> Localized {
        Localized("household.date-out-of-range", ["d": d, "rangeFirst": range.first, "rangeLast": range.last])
    }
}
