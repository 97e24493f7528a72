import QamqorSupport
import QamqorCore
/// Where an impact falls: by region, by income decile, and how large the change is for each
/// household (a histogram), over every programme the two rule sets share.
///
/// A household **gains** when it becomes eligible for at least one programme and **loses** when
/// it stops being eligible for at least one (it can do both); its **change** is its monthly support
/// after minus before, summed over the programmes. Its **income** for the deciles is what the
/// file declares (policy choice, for this breakdown only): the sum of its members' incomes, divided
/// by the number of distinct months they cover and by the number of members — the figure ATA
/// compares with the poverty line, before any rule's exclusions. Deciles are tenths of the
/// households read, ordered by that income (households declaring no income come first).
package struct ImpactBreakdown: Sendable {
    /// A group's counts and its change in monthly cost.
    package struct Group: Sendable, Equatable {
        package var households = 0
        package var gainers = 0
        package var losers = 0
        /// After minus before, per month; meaningless when `tooLarge`.
        package var costChange = ExactDecimal.zero
        package var tooLarge = false
        /// The highest income in the group (deciles only).
        package var incomeUpTo: ExactDecimal? = nil

        package mutating func count(_ h: Household) {
            households += 1
            if h.gained { gainers += 1 }
            if h.lost { losers += 1 }
            if h.changeTooLarge { tooLarge = true; return }
            do throws(ArithmeticFault) { costChange = try costChange.adding(ExactDecimal(units: h.change)) } catch { tooLarge = true }
        }
    }

    /// What the breakdown keeps of one household: 24 bytes, so a million households cost 24 MB.
    package struct Household: Sendable {
        package var region: Int16
        package var gained: Bool
        package var lost: Bool
        package var changeTooLarge: Bool
        /// Monthly income per member, in ``ExactDecimal`` units; -1 when it cannot be told.
        package var income: Int64
        /// Monthly support after minus before, in ``ExactDecimal`` units.
        package var change: Int64
    }

    /// One group per region case, in the schema's order, then one for households without a region.
    package var regions: [Group] = []
    /// The region cases' labels (the schema's), for the groups but the last.
    package var regionLabels: [Localized] = []
    package var regionCodes: [String] = []
    /// Ten groups, the poorest tenth first; fewer when fewer than ten households were read.
    package var deciles: [Group] = []
    /// Households by their monthly change, for the buckets of ``histogramEdges``.
    package var histogram: [Int] = []

    /// The histogram's bucket edges in tenge: a change below −50 000, −50 000 to −10 000, … above
    /// 50 000; the middle bucket holds the households whose support does not change.
    package static let histogramEdges: [Int64] = [-50_000, -10_000, -1_000, 0, 0, 1_000, 10_000, 50_000]

    /// The bucket of a change (in ``ExactDecimal`` units): 0 … 8, the unchanged ones in 4.
    package static func bucket(_ units: Int64) -> Int {
        if units == 0 { return 4 }
        let tenge = units / ExactDecimal.scale
        if units < 0 { return tenge < -50_000 ? 0 : tenge < -10_000 ? 1 : tenge < -1_000 ? 2 : 3 }
        return tenge <= 1_000 ? 5 : tenge <= 10_000 ? 6 : tenge <= 50_000 ? 7 : 8
    }

    /// The breakdown of `households` (in input order) for a schema whose regions are `labels`.
    package init(_ households: [Household], regionCodes: [String], regionLabels: [Localized]) {
        self.regionCodes = regionCodes
        self.regionLabels = regionLabels
        regions = Array(repeating: Group(), count: regionLabels.count + 1)
        histogram = Array(repeating: 0, count: 9)
        for h in households {
            let r = h.region >= 0 && Int(h.region) < regionLabels.count ? Int(h.region) : regionLabels.count
            regions[r].count(h)
            histogram[h.changeTooLarge ? (h.change < 0 ? 0 : 8) : Self.bucket(h.change)] += 1
        }
        // Deciles: by income (unknown incomes, -1, first), ties in input order.
        let order = households.indices.sorted { (households[$0].income, $0) < (households[$1].income, $1) }
        let n = order.count, parts = min(10, n)
        for d in 0..<parts {
            var g = Group()
            for k in (d * n / parts)..<((d + 1) * n / parts) {
                let h = households[order[k]]
                g.count(h)
                if h.income >= 0 { g.incomeUpTo = ExactDecimal(units: h.income) }
            }
            deciles.append(g)
        }
    }

    package init() {}
}

/// Reads, from a household record, what the breakdown needs: its region and its declared income
/// per member (see ``ImpactBreakdown``). Fields are found by name in the schema (`application.region`,
/// `members`, `incomes`, `amount`, `month`); a schema without them gives no region and no income.
package struct HouseholdFacts {
    package let regionEnum: EnumType?

    package init(schema: Schema) {
        let application = schema.root.fields.first { $0.name == "application" }
        if case .record(let a)? = application?.type, case .enumeration(let e)? = a.fields.first(where: { $0.name == "region" })?.type {
            regionEnum = e
        } else {
            regionEnum = nil
        }
    }

    /// The region case (or -1), and the monthly income per member in units (or -1).
    package func read(_ record: RecordValue) -> (region: Int16, income: Int64) {
        var region: Int16 = -1
        if case .record(let a)? = record["application"], case .enumCase(let c)? = a["region"] { region = Int16(clamping: c) }
        guard case .list(let members)? = record["members"], !members.isEmpty else { return (region, -1) }
        var total: Int64 = 0
        var months = Set<Day>()
        for case .record(let m) in members {
            guard case .list(let incomes)? = m["incomes"] else { continue }
            for case .record(let i) in incomes {
                if case .decimal(let d)? = i["amount"] {
                    let (sum, over) = total.addingReportingOverflow(d.units)
                    if over { return (region, -1) }
                    total = sum
                }
                if case .date(let day)? = i["month"] { months.insert(day) }
            }
        }
        return (region, total / Int64(max(1, months.count)) / Int64(members.count))
    }
}
