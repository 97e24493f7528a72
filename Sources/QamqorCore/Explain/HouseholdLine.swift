import QamqorSupport
/// A household said in one line an officer reads in any language — where it lives, how many
/// members, when it applied: «Алматы қаласы · 1 мүше · өтініш 15.01.2027». Used where a household
/// is shown without its details (a changed rule test, an impact's example).
package enum HouseholdLine {
    /// The line for `record` (read with `schema`); what the record does not say is said as missing.
    package static func describe(_ record: RecordValue, schema: Schema) -> Localized {
        var region: Localized? = nil, date: Day? = nil
        if case .record(let a)? = record["application"] {
            if case .enumCase(let c)? = a["region"], case .record(let app)? = schema.root.fields.first(where: { $0.name == "application" })?.type,
               case .enumeration(let e)? = app.fields.first(where: { $0.name == "region" })?.type, e.labels.indices.contains(c) { region = e.labels[c] }
            if case .date(let d)? = a["date"] { date = d }
        }
        var members = 0
        if case .list(let m)? = record["members"] { members = m.count }
        return Localized("rule-test.household-line", ["region": region ?? Localized("rule-test.no-region"), "members": members,
                                                      "date": date.map { FormattedDay(day: $0) as any MessageArgument } ?? Localized("rule-test.no-date")])
    }
}
