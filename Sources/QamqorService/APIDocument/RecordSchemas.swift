import QamqorEngine

/// What the record readers take, as OpenAPI 3.0 schemas derived from the rules' own schema
/// (`rules/schema.yaml`) and programmes: the household and each record in it, a household ready
/// to be decided, a decision request's envelope, and a round of grant applications.
///
/// Guarantees: a value these schemas accept is read without a refusal by the readers (type,
/// enum, date range, decimal places, bounds, `max_items`, no unknown field); what they cannot
/// state — an applicant who is not a member, two members with one id, a birth after the
/// application, an ИИН's check digit and its agreement with the birth date and sex — is a 422
/// whose codes ``crossFieldCodes`` lists, and the document names on every operation.
public struct RecordSchemas: Sendable {
    let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    /// The 422 codes a request that matches these schemas can still be answered with, each a
    /// relation between fields (or a check digit) that JSON Schema cannot state.
    public static let crossFieldCodes: [String] = ["record-iin"] + HouseholdProblem.Code.allCases
        .filter { $0 != .noApplicationDate && $0 != .noMembers && $0 != .dateOutOfRange }.map(\.rawValue)

    /// The schemas, by component name (`Household`, `Member`, …, `HouseholdToDecide`,
    /// `DecisionRequest`, `RoundApplication`, `Round`), in a stable order.
    public func components() -> [(String, JSONValue)] {
        var out: [(String, JSONValue)] = []
        var seen: Set<String> = []
        func visit(_ r: RecordType) {
            guard seen.insert(r.name).inserted else { return }
            out.append((Self.componentName(r), record(r)))
            for f in r.fields { if let inner = Self.recordType(in: f.type) { visit(inner) } }
        }
        visit(rules.schema.root)
        out.append(("ProgramID", .object([("type", .string("string")), ("enum", .array(programIDs.map(JSONValue.string))),
                                          ("description", .string("A programme of the rules in force"))])))
        out.append(("GrantProgramID", .object([("type", .string("string")), ("enum", .array(grantIDs.map(JSONValue.string))),
                                               ("description", .string("A programme with a scoring section (a grant round is ranked by it)"))])))
        out.append(("DecisionDate", .object([("type", .string("string")), ("format", .string("date")), ("pattern", .string(datePattern())),
                                             ("description", .string("A date the rules may decide on: \(rules.schema.dates.first) to \(rules.schema.dates.last)"))])))
        out.append(("HouseholdToDecide", householdToDecide()))
        out.append(("DecisionRequest", decisionRequest()))
        let grants = rules.programs.compactMap { p in p.scoring.map { (p.id, $0) } }
        if let marks = grants.first?.1.marksType {
            out.append(("RoundMarks", record(marks, allRequired: true)))
            out.append(("RoundApplication", .object([
                ("type", .string("object")), ("additionalProperties", .bool(false)),
                ("description", .string("One application of a round: its id, the household and the experts' marks. A row that does not match is reported in the answer's `rejected` with its line, and the rest are ranked.")),
                ("required", .array(["id", "household", "marks"].map(JSONValue.string))),
                ("properties", .object([
                    ("id", .object([("type", .string("string")), ("minLength", .number("1"))])),
                    ("household", ref(rules.schema.root)),
                    ("marks", .object([("$ref", .string("#/components/schemas/RoundMarks"))])),
                ])),
            ])))
            let applications: JSONValue = .object([("type", .string("array")), ("minItems", .number("1")),
                                                   ("items", .object([("$ref", .string("#/components/schemas/RoundApplication"))]))])
            out.append(("Round", .object([
                ("description", .string("A round as JSON: the applications as an array, or an object with `applications` (and the round's name as `round`).")),
                ("oneOf", .array([applications, .object([
                    ("type", .string("object")), ("required", .array([.string("applications")])),
                    ("properties", .object([("round", .object([("type", .string("string"))])), ("applications", applications)])),
                ])])),
            ])))
        }
        return out
    }

    /// The programme ids a decision may name, and those with a scoring section (a ranking's).
    public var programIDs: [String] { rules.programs.map(\.id) }
    public var grantIDs: [String] { rules.programs.filter { $0.scoring != nil }.map(\.id) }

    /// `^(19[0-9]{2}|20[0-9]{2}|2100)-…$`: the dates of `range` by year, as a pattern.
    public func datePattern(month: Bool = false) -> String {
        let d = rules.schema.dates
        let years = Self.rangePattern(d.first.year, d.last.year, width: 4)
        return month ? "^(\(years))-(0[1-9]|1[0-2])$" : "^(\(years))-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
    }

    // MARK: Records and fields

    static func componentName(_ r: RecordType) -> String {
        r.name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func recordType(in t: ValueType) -> RecordType? {
        switch t {
        case .record(let r): r
        case .list(let inner): recordType(in: inner)
        default: nil
        }
    }

    func ref(_ r: RecordType) -> JSONValue { .object([("$ref", .string("#/components/schemas/\(Self.componentName(r))"))]) }

    /// A record: every field optional and nullable (a field left out or null is a missing fact,
    /// or takes its default), no other field; with `allRequired`, every field must be given.
    func record(_ r: RecordType, allRequired: Bool = false) -> JSONValue {
        var o: [(String, JSONValue)] = [("type", .string("object")), ("additionalProperties", .bool(false))]
        o.append(("description", .string(r.label.en)))
        o.append(("x-label", Self.labels(r.label)))
        if allRequired { o.append(("required", .array(r.fields.map { .string($0.name) }))) }
        o.append(("properties", .object(r.fields.map { f in (f.name, field(f, nullable: !allRequired)) })))
        return .object(o)
    }

    func field(_ f: FieldSpec, nullable: Bool) -> JSONValue {
        var o = shape(f.type, f, nullable: nullable)
        o.append(("description", .string(f.label.en)))
        o.append(("x-label", Self.labels(f.label)))
        if let d = f.defaultValue { o.append(("default", RecordJSON.value(d, f.type))) }
        return .object(o)
    }

    /// The JSON Schema keywords of a value of `type` (a field's own bounds and formats from `f`).
    func shape(_ type: ValueType, _ f: FieldSpec, nullable: Bool) -> [(String, JSONValue)] {
        var o: [(String, JSONValue)]
        switch type {
        case .boolean: o = [("type", .string("boolean"))]
        case .integer:
            let most = ExactDecimal.largestWhole
            let lo = f.minimum.map { max($0.wholePart ?? -Int64(most), -Int64(most)) } ?? -Int64(most)
            let hi = f.maximum.map { min($0.wholePart ?? Int64(most), Int64(most)) } ?? Int64(most)
            o = [("type", .string("integer")), ("minimum", .number(String(lo))), ("maximum", .number(String(hi)))]
        case .decimal, .money:
            let lo = f.minimum ?? ExactDecimal(units: -Int64.max), hi = f.maximum ?? ExactDecimal.largest
            o = [("type", .string("number")), ("minimum", .number(lo.description)), ("maximum", .number(hi.description)), ("multipleOf", .number("0.000001"))]
            if type == .money { o.append(("x-unit", .string("KZT"))) }
        case .string:
            o = [("type", .string("string"))]
            if f.format == .iin { o.append(("pattern", .string("^[0-9]{12}$"))) }
        case .date where f.isMonth:
            o = [("type", .string("string")), ("pattern", .string(datePattern(month: true)))]
        case .date:
            o = [("type", .string("string")), ("format", .string("date")), ("pattern", .string(datePattern()))]
        case .enumeration(let e):
            o = [("type", .string("string")), ("enum", .array(e.cases.map(JSONValue.string) + (nullable ? [.null] : [])))]
        case .list(let inner):
            // An element may be null (an element nothing is known of), as the readers take it.
            var item = f
            item.defaultValue = nil
            let items: JSONValue = Self.recordType(in: inner).map { .object([("nullable", .bool(true)), ("allOf", .array([ref($0)]))]) }
                ?? .object(shape(inner, item, nullable: true))
            o = [("type", .string("array")), ("maxItems", .number(String(f.maxItems ?? FieldSpec.defaultMaxItems))), ("items", items)]
        case .record(let r):
            return nullable ? [("nullable", .bool(true)), ("allOf", .array([ref(r)]))] : [("allOf", .array([ref(r)]))]
        default:
            o = []
        }
        if nullable { o.append(("nullable", .bool(true))) }
        return o
    }

    static func labels(_ l: Localized) -> JSONValue {
        .object([("kk", .string(l.kk)), ("ru", .string(l.ru)), ("en", .string(l.en))])
    }

    // MARK: Requests

    /// A household that can be decided: it has an application with its date; `members`, when
    /// given, names at least one.
    func householdToDecide() -> JSONValue {
        let root = rules.schema.root
        var props: [(String, JSONValue)] = []
        if let app = root.fields.first(where: { $0.name == "application" }), case .record(let a) = app.type,
           let date = a.fields.first(where: { $0.name == "date" }) {
            props.append(("application", .object([("type", .string("object")), ("required", .array([.string("date")])),
                                                  ("properties", .object([("date", .object(shape(date.type, date, nullable: false)))]))])))
        }
        if root.fields.contains(where: { $0.name == "members" }) {
            props.append(("members", .object([("type", .string("array")), ("minItems", .number("1")), ("nullable", .bool(true))])))
        }
        return .object([
            ("description", .string("A household to decide: the household record with its application date (every programme reads it); `members`, when given, names at least one.")),
            ("allOf", .array([ref(root), .object([("type", .string("object")), ("required", .array([.string("application")])), ("properties", .object(props))])])),
        ])
    }

    /// `{"household": …, "programs": […], "as_of": …, "lang": …, "level": …}`.
    func decisionRequest() -> JSONValue {
        let languages: [JSONValue] = ["kk", "ru", "en"].map(JSONValue.string) + [.null]
        return .object([
            ("type", .string("object")), ("additionalProperties", .bool(false)), ("required", .array([.string("household")])),
            ("description", .string("A decision request: the household and, optionally, the programmes, the decision date, the language and the level of the explanation (the query's, when both are given, are overridden by these).")),
            ("properties", .object([
                ("household", .object([("$ref", .string("#/components/schemas/HouseholdToDecide"))])),
                ("programs", .object([("type", .string("array")), ("nullable", .bool(true)), ("maxItems", .number(String(FieldSpec.defaultMaxItems))),
                                      ("items", .object([("type", .string("string")), ("enum", .array(programIDs.map(JSONValue.string)))]))])),
                ("as_of", .object([("type", .string("string")), ("nullable", .bool(true)), ("format", .string("date")), ("pattern", .string(datePattern()))])),
                ("lang", .object([("type", .string("string")), ("nullable", .bool(true)), ("enum", .array(languages))])),
                ("level", .object([("type", .string("string")), ("nullable", .bool(true)), ("enum", .array(["decisive", "full"].map(JSONValue.string) + [.null]))])),
            ])),
        ])
    }

    // MARK: Patterns

    /// A pattern matching exactly the whole numbers `lo…hi`, written with `width` digits.
    static func rangePattern(_ lo: Int, _ hi: Int, width: Int) -> String {
        var parts: [String] = [], a = lo
        while a <= hi {
            var step = 1, k = 0
            while a % (step * 10) == 0, a + step * 10 - 1 <= hi { step *= 10; k += 1 }
            let digits = String(a).count < width ? String(repeating: "0", count: width - String(a).count) + String(a) : String(a)
            parts.append(String(digits.prefix(width - k)) + (k > 0 ? "[0-9]{\(k)}" : ""))
            a += step
        }
        return parts.joined(separator: "|")
    }
}
