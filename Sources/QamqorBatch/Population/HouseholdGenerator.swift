import QamqorSupport
import QamqorCore
/// Generates a synthetic population of applicant households as JSONL, with realistic shapes:
/// household sizes 1–9, couples and single parents, children of every age, students, pensioners,
/// people with disability, large families, and incomes spread around the poverty line.
///
/// Guarantees: the same seed (and region) gives the same output, byte for byte; every line is a
/// valid household for the shipped schema; names are plausible, not real people.
package struct HouseholdGenerator: Sendable {
    package let seed: UInt64
    /// A region key of the schema, or nil for a mix weighted towards the regions with parameters.
    package let region: String?
    /// Give every household this application date (for comparisons at one date); default: spread
    /// over April–December 2025.
    package let applicationDate: Day?

    package init(seed: UInt64, region: String? = nil, applicationDate: Day? = nil) {
        self.seed = seed; self.region = region; self.applicationDate = applicationDate
    }

    package static let female = ["Айгүл", "Гүлнар", "Динара", "Жанар", "Мадина", "Әсем", "Салтанат", "Меруерт", "Айнұр", "Ботагөз", "Раушан", "Сәуле", "Ләззат", "Жадыра", "Назгүл", "Перизат", "Томирис", "Аяулым", "Камила", "Индира"]
    package static let male = ["Ерлан", "Нұрлан", "Бауыржан", "Асқар", "Ержан", "Талғат", "Серік", "Ғалым", "Дәурен", "Арман", "Тимур", "Руслан", "Мұрат", "Қайрат", "Олжас", "Әли", "Нұрислам", "Ерасыл"]
    package static let surnames = ["Омаров", "Сапаров", "Нұрланов", "Әбілов", "Исаев", "Жұмабеков", "Бейсенов", "Қасымов", "Тоқтаров", "Сейітов", "Досов", "Ахметов", "Мұхтаров", "Ибраев", "Қалиев", "Серғазиев"]
    package static let regions: [(String, String, Int)] = [("almaty", "almaty", 40), ("shymkent", "shymkent", 25), ("turkistan_region", "turkistan", 20),
                                                   ("turkistan_region", "other", 10), ("astana", "astana", 5)]

    /// SplitMix64: small, fast and the same on every platform.
    package struct Random {
        package var state: UInt64
        package init(state: UInt64) { self.state = state }
        package mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        package mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
        package mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
        package mutating func pick<T>(_ xs: [T]) -> T { xs[int(0...(xs.count - 1))] }
    }

    /// The household number `index` (0-based) as one JSON line, without the newline.
    package func line(_ index: Int) -> String {
        var r = Random(state: seed &* 0x100000001B3 ^ UInt64(index) &* 0x9E3779B97F4A7C15)
        _ = r.next()
        var regionKey = "almaty", city = "almaty"
        if let region {
            regionKey = region
            city = ["almaty": "almaty", "shymkent": "shymkent", "astana": "astana"][region] ?? (region == "turkistan_region" ? "turkistan" : "other")
        } else {
            var roll = r.int(0...99)
            for (k, c, w) in Self.regions { if roll < w { regionKey = k; city = c; break }; roll -= w }
        }
        var month = r.int(4...12), day = r.int(1...28)
        var year = 2025
        if let fixed = applicationDate { (year, month, day) = fixed.parts }
        let date = "\(year)-\(pad(month))-\(pad(day))"
        // The income quarter: the quarter before the application's.
        let q = (month - 1) / 3
        let months = (0..<3).map { i -> String in
            let m = (q - 1) * 3 + i + 1
            return m <= 0 ? "\(year - 1)-\(pad(m + 12))" : "\(year)-\(pad(m))"
        }
        let family = r.pick(Self.surnames)
        var members: [String] = []
        let kind = r.int(0...99)
        let pensioners = kind < 15
        let singleParent = !pensioners && kind < 35
        let children = pensioners ? 0 : (r.chance(0.18) ? r.int(4...7) : r.int(0...3))
        func person(_ id: String, relation: String, female: Bool, born: Int, employment: String, extra: String, incomes: [(String, Int)]) -> String {
            let name = (female ? r.pick(Self.female) : r.pick(Self.male)) + " " + family + (female ? "а" : "")
            let inc = incomes.map { "{\"month\":\"\($0.0)\",\"kind\":\"\($0.1 < 0 ? "pension" : "wages")\",\"amount\":\(abs($0.1))}" }.joined(separator: ",")
            // Nobody is born after the application: a birthday drawn later than it is a year earlier.
            let bm = r.int(1...12), bd = r.int(1...28)
            let by = (born, bm, bd) > (year, month, day) ? born - 1 : born
            return "{\"id\":\"\(id)\",\"name\":\"\(name)\",\"relation\":\"\(relation)\",\"sex\":\"\(female ? "female" : "male")\",\"birth_date\":\"\(by)-\(pad(bm))-\(pad(bd))\",\"employment\":\"\(employment)\"\(extra),\"incomes\":[\(inc)]}"
        }
        // Wages around the poverty line: per person 20 000 – 120 000 ₸ a month.
        let wage = r.chance(0.2) ? 0 : r.int(40...320) * 1000
        let applicantFemale = pensioners ? r.chance(0.5) : (singleParent ? r.chance(0.85) : r.chance(0.6))
        var extraApplicant = applicantFemale ? ",\"children_born_or_adopted\":\(children)" : ""
        if r.chance(0.06) { extraApplicant += ",\"disability\":\"\(r.pick(["group_1", "group_2", "group_3"]))\"" }
        if pensioners {
            let pension = -r.int(55...110) * 1000
            members.append(person("m1", relation: "self", female: applicantFemale, born: r.int(1945...1962), employment: "pensioner", extra: extraApplicant, incomes: months.map { ($0, pension) }))
            if r.chance(0.6) {
                members.append(person("m2", relation: "spouse", female: !applicantFemale, born: r.int(1945...1962), employment: "pensioner", extra: "", incomes: months.map { ($0, -r.int(55...100) * 1000) }))
            }
        } else {
            members.append(person("m1", relation: "self", female: applicantFemale, born: r.int(1975...2003), employment: wage > 0 ? "employed" : "not_working",
                                  extra: extraApplicant + (children > 0 && r.chance(0.3) ? ",\"caring_for\":[\"child_under_3\"]" : ""), incomes: wage > 0 ? months.map { ($0, wage) } : []))
            if !singleParent {
                let w2 = r.chance(0.35) ? 0 : r.int(60...300) * 1000
                members.append(person("m2", relation: "spouse", female: !applicantFemale, born: r.int(1972...2003), employment: w2 > 0 ? "employed" : "registered_unemployed", extra: "", incomes: w2 > 0 ? months.map { ($0, w2) } : []))
            }
            for c in 0..<children {
                let born = r.int(2004...2025)
                let student = born <= 2008 && r.chance(0.7)
                var extra = student ? ",\"full_time_education\":true" : ""
                if r.chance(0.04) { extra += ",\"disability\":\"child\"" }
                members.append(person("c\(c + 1)", relation: "child", female: r.chance(0.5), born: born, employment: student ? "student" : "not_working", extra: extra, incomes: []))
            }
        }
        let finding = r.chance(0.9) ? "need_confirmed" : r.pick(["no_need", "not_surveyed", "survey_refused"])
        var facts = "\"commission_finding\":\"\(finding)\""
        if r.chance(0.03) { facts += ",\"refusals\":[{\"date\":\"2025-\(pad(r.int(1...12)))-01\",\"ground\":\"declined_employment_measures\"}]" }
        return "{\"application\":{\"id\":\"GEN-\(seed)-\(index + 1)\",\"date\":\"\(date)\",\"region\":\"\(regionKey)\",\"city\":\"\(city)\",\"applicant\":\"m1\"},\"members\":[\(members.joined(separator: ","))],\"facts\":{\(facts)}}"
    }

    private func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}
