import Foundation
import Testing
@testable import QamqorEngine

/// Kazakh case endings after numerals and Russian and English noun forms after numbers, as a
/// table: what explanations and rule reasons print.
@Suite("Grammar of numbers (kk, ru, en)")
struct GrammarTests {
    static let kazakh: [(String, Grammar.KazakhCase, String)] = [
        ("1", .ablative, "1-ден"), ("2", .ablative, "2-ден"), ("3", .ablative, "3-тен"), ("4", .ablative, "4-тен"),
        ("5", .ablative, "5-тен"), ("6", .ablative, "6-дан"), ("7", .ablative, "7-ден"), ("8", .ablative, "8-ден"),
        ("9", .ablative, "9-дан"), ("10", .ablative, "10-нан"), ("20", .ablative, "20-дан"), ("30", .ablative, "30-дан"),
        ("40", .ablative, "40-тан"), ("50", .ablative, "50-ден"), ("60", .ablative, "60-тан"), ("70", .ablative, "70-тен"),
        ("80", .ablative, "80-нен"), ("90", .ablative, "90-нан"), ("100", .ablative, "100-ден"), ("1 000", .ablative, "1 000-нан"),
        ("2 000 000", .ablative, "2 000 000-нан"), ("0", .ablative, "0-ден"), ("16", .ablative, "16-дан"),
        ("4", .dative, "4-ке"), ("5", .dative, "5-ке"), ("1", .dative, "1-ге"), ("6", .dative, "6-ға"), ("40", .dative, "40-қа"),
        ("10", .dative, "10-ға"), ("3", .locative, "3-те"), ("10", .locative, "10-да"), ("6", .locative, "6-да"),
        ("1", .genitive, "1-дің"), ("2", .genitive, "2-нің"), ("3", .genitive, "3-тің"), ("6", .genitive, "6-ның"),
        ("2", .accusative, "2-ні"), ("5", .accusative, "5-ті"), ("9", .accusative, "9-ды"),
        ("2", .instrumental, "2-мен"), ("8", .instrumental, "8-бен"), ("3", .instrumental, "3-пен"),
        ("42 416,50", .ablative, "42 416,50-ден"), ("2,5", .dative, "2,5-ке"),
        ("42 416,50 ₸", .ablative, "42 416,50 ₸-ден"), ("1 000 ₸", .dative, "1 000 ₸-ге"),
    ]

    @Test("a Kazakh ending follows how the number is read", arguments: kazakh)
    func kazakhEndings(_ number: String, _ c: Grammar.KazakhCase, _ want: String) {
        #expect(Grammar.kazakh(number, c) == want)
    }

    @Test("an ending written in any of its forms names its case", arguments: [
        ("-тен", Grammar.KazakhCase.ablative), ("дан", .ablative), ("-ке", .dative), ("-ға", .dative), ("-ның", .genitive), ("-мен", .instrumental),
    ])
    func caseMarkers(_ marker: String, _ want: Grammar.KazakhCase) {
        #expect(Grammar.kazakhCase(named: marker) == want)
    }

    static let numbers: [(String, Language, Int?, String)] = [
        ("0", .en, nil, "0"), ("999", .ru, nil, "999"), ("1000", .kk, nil, "1 000"), ("-1234567.5", .ru, nil, "−1 234 567,5"),
        ("1234567.5", .en, nil, "1 234 567.5"), ("122.5", .ru, 2, "122,50"), ("122", .ru, 2, "122"), ("-0.25", .en, nil, "−0.25"),
        ("100000", .kk, nil, "100 000"), ("12345.678", .en, 2, "12 345.68"),
    ]

    @Test("numbers are grouped in threes with a space, the fraction after a comma (kk, ru) or a point (en), minus as −",
          arguments: numbers)
    func numberFormat(_ text: String, _ language: Language, _ digits: Int?, _ want: String) throws {
        let d = try #require(ExactDecimal(parsing: text))
        #expect(ValueFormatter(language: language).number(d, fractionDigits: digits) == want)
    }

    @Test("equations are written without a space inside parentheses", arguments: [
        ("( a + b ) × c", "(a + b) × c"), ("a × ( b − c )", "a × (b − c)"), ("no parentheses", "no parentheses"), ("( )", "()"),
    ])
    func tightParentheses(_ text: String, _ want: String) {
        #expect(ExplanationRenderer.tightParentheses(text) == want)
    }

    static let russian: [(Int64, String)] = [
        (0, "детей"), (1, "ребёнок"), (2, "ребёнка"), (4, "ребёнка"), (5, "детей"), (11, "детей"), (12, "детей"), (14, "детей"),
        (21, "ребёнок"), (22, "ребёнка"), (25, "детей"), (101, "ребёнок"), (111, "детей"), (1_002, "ребёнка"),
    ]

    @Test("a Russian noun takes its form after the number", arguments: russian)
    func russianForms(_ n: Int64, _ want: String) throws {
        let d = try ExactDecimal(integer: n)
        #expect(Grammar.russian(d, one: "ребёнок", few: "ребёнка", many: "детей") == want)
    }

    @Test("placeholders with grammar in a rule's reason, in each language")
    func placeholders() throws {
        let five = try ExactDecimal(integer: 5), one = try ExactDecimal(integer: 1)
        #expect(Grammar.apply("ребёнок/ребёнка/детей", to: "5", value: .decimal(five), language: .ru) == "5 детей")
        #expect(Grammar.apply("child/children", to: "1", value: .decimal(one), language: .en) == "1 child")
        #expect(Grammar.apply("child/children", to: "5", value: .decimal(five), language: .en) == "5 children")
        #expect(Grammar.apply("-тен", to: "5", value: .decimal(five), language: .kk) == "5-тен")
        #expect(Grammar.apply("-тен", to: "5", value: .decimal(five), language: .ru) == "5")
        #expect(Checker.placeholders(in: "{children | ребёнок/ребёнка/детей} и {line}") == ["children", "line"])
    }

    @Test("a comparison says what is lacking: «Балалар саны — 0; 4 болуы үшін 4 жетпейді», «Число детей: 0; до 4 не хватает 4»")
    func comparison() {
        let kk = Phrases(language: .kk), ru = Phrases(language: .ru)
        #expect(kk.comparison(subject: "Балалар саны", subjectValue: "5", bound: "", boundValue: "4", gap: "1", above: true) == "Балалар саны — 5, 4-тен 1-ге көп")
        #expect(kk.comparison(subject: "Балалар саны", subjectValue: "0", bound: "", boundValue: "4", gap: "4", above: false) == "Балалар саны — 0; 4 болуы үшін 4 жетпейді")
        #expect(kk.comparison(subject: "Балалар саны", subjectValue: "4", bound: "", boundValue: "4", gap: "0", above: nil) == "Балалар саны — 4, 4-ке тең")
        #expect(ru.comparison(subject: "Число детей", subjectValue: "0", bound: "", boundValue: "4", gap: "4", above: false) == "Число детей: 0; до 4 не хватает 4")
        // A named bound takes the ablative of its label: «кедейлік шегінен (…) … ₸-ге жоғары»; one of ₸ and «теңге».
        #expect(kk.comparison(subject: "Жан басына шаққандағы табыс", subjectValue: "45 000 ₸", bound: "Кедейлік шегі", boundValue: "42 846,30 ₸", gap: "2 153,70 ₸", above: true)
                == "Жан басына шаққандағы табыс 45 000 ₸ — кедейлік шегінен (42 846,30 ₸) 2 153,70 ₸-ге жоғары")
        // A verb needs no agreement with «доход» (masculine) or «сумма» (feminine).
        #expect(ru.change("Доход семьи за квартал", by: "68 400 ₸", lower: true) == "«Доход семьи за квартал» нужно уменьшить на 68 400 ₸")
    }

    @Test("a placeholder's grammar is trimmed as Foundation trims spaces (tabs, Unicode spaces, the zero-width space; not line breaks)", arguments: [
        "  -тен ", "\t one / other\t", "\u{00A0}год/года/лет\u{2009}", "\u{3000}", "", "   ", "a b", "\nx\n", " \u{00A0}\n",
        "e\u{0301} ", " é", "\u{200B}x", "x\u{200B}\u{2028}", "\u{FEFF}x",
    ])
    func spaceTrimming(_ text: String) {
        #expect(text.trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
        #expect(Substring(text).trimmingSpaces() == text.trimmingCharacters(in: .whitespaces))
    }

    @Test("every character of the Basic Multilingual Plane is trimmed, or kept, as Foundation trims spaces")
    func spaceTrimmingEveryCharacter() {
        var differ: [String] = []
        for v in 0...0xFFFF {
            guard let scalar = Unicode.Scalar(v) else { continue }
            let text = "\(Character(scalar))x"
            if text.trimmingSpaces() != text.trimmingCharacters(in: .whitespaces) { differ.append(String(v, radix: 16)) }
        }
        #expect(differ.isEmpty)
    }
}
