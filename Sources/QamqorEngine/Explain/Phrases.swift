/// The fixed words and sentence patterns of explanations, in kk, ru and en. Rule-specific text
/// (labels, reasons) comes from the rule files; only the glue is here.
struct Phrases {
    let language: Language

    func status(_ s: DecisionStatus) -> String {
        switch (language, s) {
        case (.kk, .eligible): "құқылы"
        case (.kk, .ineligible): "құқылы емес"
        case (.kk, .undetermined): "анықталмады"
        case (.kk, .error): "ереже қатесі"
        case (.ru, .eligible): "имеет право"
        case (.ru, .ineligible): "не имеет права"
        case (.ru, .undetermined): "не определено"
        case (.ru, .error): "ошибка правил"
        case (.en, .eligible): "eligible"
        case (.en, .ineligible): "not eligible"
        case (.en, .undetermined): "undetermined"
        case (.en, .error): "rule error"
        }
    }

    var amount: String { ["сомасы", "сумма", "amount"][index] }
    var perMonth: String { ["айына", "в месяц", "a month"][index] }
    var form: String { ["нысаны", "форма", "form"][index] }
    var asOf: String { ["күні", "на дату", "as of"][index] }
    var rules: String { ["ережелер нұсқасы", "версия правил", "rules version"][index] }
    var why: String { ["Себебі:", "Почему:", "Why:"][index] }
    var factsNeeded: String { ["Қажет мәліметтер:", "Нужны сведения:", "Facts needed:"][index] }
    var figures: String { ["Қолданылған көрсеткіштер:", "Использованные показатели:", "Figures used:"][index] }
    /// "the figure of 01.09.2025" for a dated parameter value.
    func figureDated(_ d: String) -> String { ["\(d) көрсеткіші", "показатель от \(d)", "the figure dated \(d)"][index] }
    var rulesGap: String { ["Ережелердегі олқылық:", "Пробел в правилах:", "Gap in the rules:"][index] }
    var undeterminedByGap: String { ["ережелерде мән жоқ", "пробел в правилах", "a gap in the rules"][index] }
    var decides: String { ["шешеді", "решает", "decides"][index] }
    var values: String { ["Мәндер:", "Значения:", "Values:"][index] }
    var conditions: String { ["Шарттар:", "Условия:", "Conditions:"][index] }
    var error: String { ["Қате:", "Ошибка:", "Error:"][index] }
    var notReached: String { ["тексерілмеді", "не проверялось", "not reached"][index] }

    private var index: Int { language == .kk ? 0 : language == .ru ? 1 : 2 }

    /// "Per-capita income 45 000 ₸ is 2 583.50 ₸ above the poverty line 42 416.50 ₸"
    func comparison(subject: String, subjectValue: String, bound: String, boundValue: String, gap: String, above: Bool?) -> String {
        if bound.isEmpty {
            // Compared with a number written in the rule.
            switch language {
            case .en:
                guard let above else { return "\(subject) \(subjectValue) equals \(boundValue)" }
                return "\(subject) \(subjectValue) is \(gap) \(above ? "above" : "below") \(boundValue)"
            case .ru:
                // "Число детей: 0; до 4 не хватает 4" — no adjective to agree with the subject.
                guard let above else { return "\(subject): \(subjectValue), ровно \(boundValue)" }
                return above ? "\(subject): \(subjectValue), на \(gap) больше \(boundValue)" : "\(subject): \(subjectValue); до \(boundValue) не хватает \(gap)"
            case .kk:
                // "Балалар саны — 0; 4 болуы үшін 4 жетпейді": the endings follow how the numbers are read.
                guard let above else { return "\(subject) — \(subjectValue), \(Grammar.kazakh(boundValue, .dative)) тең" }
                return above ? "\(subject) — \(subjectValue), \(Grammar.kazakh(boundValue, .ablative)) \(Grammar.kazakh(gap, .dative)) көп"
                             : "\(subject) — \(subjectValue); \(boundValue) болуы үшін \(gap) жетпейді"
            }
        }
        switch language {
        case .en:
            guard let above else { return "\(subject) \(subjectValue) equals \(lower(bound)) \(boundValue)" }
            return "\(subject) \(subjectValue) is \(gap) \(above ? "above" : "below") \(lower(bound)) \(boundValue)"
        case .ru:
            guard let above else { return "\(subject) \(subjectValue) равен порогу «\(lower(bound))» (\(boundValue))" }
            return "\(subject) \(subjectValue) — на \(gap) \(above ? "выше" : "ниже"), чем «\(lower(bound))» (\(boundValue))"
        case .kk:
            // "… — кедейлік шегінен (42 846,30 ₸) 2 153,70 ₸-ге жоғары"
            guard let above else { return "\(subject) \(subjectValue) — \(lower(bound)) (\(boundValue)) мөлшеріне тең" }
            return "\(subject) \(subjectValue) — \(Grammar.kazakhPhrase(lower(bound), .ablative)) (\(boundValue)) \(Grammar.kazakh(gap, .dative)) \(above ? "жоғары" : "төмен")"
        }
    }

    /// "the household's income for the quarter would have to be 68 400 ₸ lower"
    func change(_ label: String, by amount: String, lower isLower: Bool) -> String {
        switch language {
        case .en: "\(label) would have to be \(amount) \(isLower ? "lower" : "higher")"
        // A verb, not an adjective: «доход» and «сумма» need no agreement.
        case .ru: "«\(label)» нужно \(isLower ? "уменьшить" : "увеличить") на \(amount)"
        case .kk: "«\(label)» \(Grammar.kazakh(amount, .dative)) \(isLower ? "кем" : "көп") болуы керек"
        }
    }

    var toPass: String { ["Шарт орындалуы үшін:", "Чтобы условие выполнилось:", "To pass:"][index] }
    var thatIs: String { ["яғни", "то есть", "that is,"][index] }

    func holdsFrom(_ date: String) -> String {
        switch language {
        case .en: "This condition holds from \(date)."
        case .ru: "Условие выполняется с \(date)."
        case .kk: "Бұл шарт \(date) бастап орындалады."
        }
    }

    func lower(_ s: String) -> String {
        guard let first = s.first, s.count > 1 else { return s }
        let second = s[s.index(after: s.startIndex)]
        guard first.isUppercase, second.isLowercase else { return s }
        return first.lowercased() + s.dropFirst()
    }
}
