/// The little grammar explanations need around numbers: Kazakh case endings after a numeral
/// (`4-тен`, `5-ке`, `1-ге`, `42 416,50 ₸-ден`), chosen by how the number is read aloud (its
/// last word's final sound and vowel harmony); Russian and English noun forms after a number
/// (`1 ребёнок`, `2 ребёнка`, `5 детей`; `1 child`, `2 children`).
///
/// Rule reasons use it through placeholders: `{count | ребёнок/ребёнка/детей}` (ru),
/// `{count | child/children}` (en), `{count | -тен}` (kk: any form of the ending names the case).
package enum Grammar {
    /// The Kazakh cases that take an ending after a numeral.
    package enum KazakhCase: String, Sendable, CaseIterable {
        case ablative, dative, locative, genitive, accusative, instrumental
    }

    /// How a word ends, for choosing an ending.
    package enum Final { case vowel, sonorant, voiced, nasal, voiceless }

    /// The last word a number is read with in Kazakh, as (back vowels, final sound).
    package static func lastWord(of n: Int64) -> (back: Bool, final: Final) {
        let units: [(Bool, Final)] = [(false, .sonorant), (false, .sonorant), (false, .vowel), (false, .voiceless), (false, .voiceless),
                                      (false, .voiceless), (true, .vowel), (false, .vowel), (false, .voiced), (true, .voiced)]
        // нөл, бір, екі, үш, төрт, бес, алты, жеті, сегіз, тоғыз
        let tens: [(Bool, Final)] = [(false, .sonorant), (true, .nasal), (true, .vowel), (true, .voiced), (true, .voiceless),
                                     (false, .sonorant), (true, .voiceless), (false, .voiceless), (false, .nasal), (true, .nasal)]
        // —, он, жиырма, отыз, қырық, елу, алпыс, жетпіс, сексен, тоқсан
        let m = n < 0 ? -n : n
        if m == 0 { return units[0] }
        if m % 10 != 0 { return units[Int(m % 10)] }
        if m % 100 != 0 { return tens[Int(m % 100 / 10)] }
        if m % 1000 != 0 { return (false, .voiced) }           // жүз
        if m % 1_000_000 != 0 { return (true, .nasal) }        // мың
        if m % 1_000_000_000 != 0 { return (true, .nasal) }    // миллион
        return (true, .voiceless)                              // миллиард
    }

    /// The ending of `c` after a word that ends so.
    package static func ending(_ c: KazakhCase, back: Bool, final: Final) -> String {
        func h(_ backForm: String, _ frontForm: String) -> String { back ? backForm : frontForm }
        switch (c, final) {
        case (.ablative, .nasal): return h("нан", "нен")
        case (.ablative, .voiceless): return h("тан", "тен")
        case (.ablative, _): return h("дан", "ден")
        case (.dative, .voiceless): return h("қа", "ке")
        case (.dative, _): return h("ға", "ге")
        case (.locative, .voiceless): return h("та", "те")
        case (.locative, _): return h("да", "де")
        case (.genitive, .vowel), (.genitive, .nasal): return h("ның", "нің")
        case (.genitive, .voiceless): return h("тың", "тің")
        case (.genitive, _): return h("дың", "дің")
        case (.accusative, .vowel): return h("ны", "ні")
        case (.accusative, .voiceless): return h("ты", "ті")
        case (.accusative, _): return h("ды", "ді")
        case (.instrumental, .voiced): return "бен"
        case (.instrumental, .voiceless): return "пен"
        case (.instrumental, _): return "мен"
        }
    }

    /// The case a written ending names, in any of its forms (`-ден`, `тан`, `-ке`, …).
    package static func kazakhCase(named marker: String) -> KazakhCase? {
        let m = marker.trimmingSpaces().drop { $0 == "-" }
        return caseOfEnding[String(m)]
    }

    /// Every written form of each case's ending, made once.
    private static let caseOfEnding: [String: KazakhCase] = {
        let forms: [(KazakhCase, [String])] = [
            (.ablative, ["дан", "ден", "тан", "тен", "нан", "нен"]), (.dative, ["ға", "ге", "қа", "ке", "на", "не"]),
            (.locative, ["да", "де", "та", "те", "нда", "нде"]), (.genitive, ["ның", "нің", "дың", "дің", "тың", "тің"]),
            (.accusative, ["ны", "ні", "ды", "ді", "ты", "ті"]), (.instrumental, ["мен", "бен", "пен"]),
        ]
        var table: [String: KazakhCase] = [:]
        for (c, endings) in forms { for e in endings { table[e] = c } }
        return table
    }()

    /// A formatted number (`4`, `42 416,50`, `1 572 800 ₸`) with the Kazakh ending of case `c`:
    /// `4-тен`, `42 416,50-ден`, `1 572 800 ₸-ден` (₸ is read "теңге").
    package static func kazakh(_ formatted: String, _ c: KazakhCase) -> String {
        if formatted.hasSuffix(" ₸") {
            // ₸ is read «теңге» (front vowels, a final vowel): `171 022,26 ₸-ге`.
            return formatted + "-" + ending(c, back: false, final: .vowel)
        }
        let (back, final) = lastWordOf(formatted)
        return formatted + "-" + ending(c, back: back, final: final)
    }

    /// A Kazakh noun phrase (a label: `кедейлік шегі`, `табыс`) with the ending of case `c`,
    /// by the vowel harmony and final sound of its last word; a phrase of several words ending in
    /// і/ы is a possessive (`шегі` → `шегінен`, `шегіне`), which takes the н-forms.
    package static func kazakhPhrase(_ phrase: String, _ c: KazakhCase) -> String {
        let word = phrase.split(separator: " ").last.map(String.init) ?? phrase
        guard let last = word.lowercased().last else { return phrase }
        let back = word.lowercased().last(where: { "аоұыуәөүіеиэя".contains($0) }).map { "аоұыу".contains($0) } ?? false
        let vowels = "аоұыуәөүіеиэя"
        let final: Final
        if phrase.contains(" "), last == "і" || last == "ы" { final = .nasal }
        else if vowels.contains(last) { final = .vowel }
        else if "мнң".contains(last) { final = .nasal }
        else if "рлйу".contains(last) { final = .sonorant }
        else if "бвгғджз".contains(last) { final = .voiced }
        else { final = .voiceless }
        return phrase + ending(c, back: back, final: final)
    }

    /// The last word of a formatted number as read aloud: its fraction's, when it has one.
    package static func lastWordOf(_ formatted: String) -> (back: Bool, final: Final) {
        let digits = formatted.filter { $0.isNumber || $0 == "," || $0 == "." }
        let parts = digits.split(whereSeparator: { $0 == "," || $0 == "." })
        let last = parts.count > 1 ? parts[parts.count - 1] : (parts.first ?? "0")
        return lastWord(of: Int64(last.prefix(18)) ?? 0)
    }

    /// The Russian form of a noun after number `n`: one (1, 21, 101), few (2–4, 22–24) or many
    /// (0, 5–20, 25–30, 11–14); a fraction takes the "few" form (2,5 ребёнка).
    package static func russian(_ n: ExactDecimal, one: String, few: String, many: String) -> String {
        guard n.isWhole else { return few }
        let whole = (n.units < 0 ? -n.units : n.units) / ExactDecimal.scale
        let tens = whole % 100, last = whole % 10
        if (11...14).contains(tens) { return many }
        if last == 1 { return one }
        if (2...4).contains(last) { return few }
        return many
    }

    /// The English form of a noun after number `n`.
    package static func english(_ n: ExactDecimal, one: String, other: String) -> String {
        n == ExactDecimal(units: ExactDecimal.scale) ? one : other
    }
}
