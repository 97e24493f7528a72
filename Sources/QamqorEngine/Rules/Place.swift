/// Where in a rule file a problem is, said in Kazakh, Russian and English, for diagnostics:
/// a key path (`scoring.marks`, the same in every language) or a named part (programme `ata`).
enum Place {
    /// A key path as written in the file, in backticks.
    static func key(_ path: String) -> Localized { Localized(uniform: "`\(path)`") }

    /// A key under `place`: "`label` of programme `ata`".
    static func key(_ key: String, of place: Localized) -> Localized {
        place.map(kk: { "`\(key)` (\($0))" }, ru: { "`\(key)` (\($0))" }, en: { "`\(key)` of \($0)" })
    }

    /// The kinds of named parts of the rules.
    enum Kind {
        case programme, condition, definition, parameter, record, field, enumeration, mark, criterion, tieBreak, quota

        func named(_ name: String) -> Localized {
            switch self {
            case .programme: Localized(kk: "`\(name)` бағдарламасы", ru: "программа `\(name)`", en: "programme `\(name)`")
            case .condition: Localized(kk: "`\(name)` шарты", ru: "условие `\(name)`", en: "condition `\(name)`")
            case .definition: Localized(kk: "`\(name)` анықтамасы", ru: "определение `\(name)`", en: "definition `\(name)`")
            case .parameter: Localized(kk: "`\(name)` параметрі", ru: "параметр `\(name)`", en: "parameter `\(name)`")
            case .record: Localized(kk: "`\(name)` жазбасы", ru: "запись `\(name)`", en: "record `\(name)`")
            case .field: Localized(kk: "`\(name)` өрісі", ru: "поле `\(name)`", en: "field `\(name)`")
            case .enumeration: Localized(kk: "`\(name)` тізбесі", ru: "перечисление `\(name)`", en: "enum `\(name)`")
            case .mark: Localized(kk: "`\(name)` бағасы", ru: "оценка `\(name)`", en: "mark `\(name)`")
            case .criterion: Localized(kk: "`\(name)` өлшемі", ru: "критерий `\(name)`", en: "criterion `\(name)`")
            case .tieBreak: Localized(kk: "`\(name)` теңдік кілті", ru: "ключ равенства `\(name)`", en: "tie-break `\(name)`")
            case .quota: Localized(kk: "`\(name)` квотасы", ru: "квота `\(name)`", en: "quota `\(name)`")
            }
        }

        var unnamed: Localized {
            switch self {
            case .programme: Localized(kk: "бағдарлама", ru: "программа", en: "a programme")
            case .condition: Localized(kk: "шарт", ru: "условие", en: "a condition")
            case .definition: Localized(kk: "анықтама", ru: "определение", en: "a definition")
            case .parameter: Localized(kk: "параметр", ru: "параметр", en: "a parameter")
            case .record: Localized(kk: "жазба", ru: "запись", en: "a record")
            case .field: Localized(kk: "өріс", ru: "поле", en: "a field")
            case .enumeration: Localized(kk: "тізбе", ru: "перечисление", en: "an enum")
            case .mark: Localized(kk: "баға", ru: "оценка", en: "a mark")
            case .criterion: Localized(kk: "өлшем", ru: "критерий", en: "a criterion")
            case .tieBreak: Localized(kk: "теңдік кілті", ru: "ключ равенства", en: "a tie-break key")
            case .quota: Localized(kk: "квота", ru: "квота", en: "a quota")
            }
        }
    }

    static func named(_ kind: Kind, _ name: String) -> Localized { kind.named(name) }

    static let programmeFile = Localized(kk: "бағдарлама файлы", ru: "файл программы", en: "a programme file")
    static let parametersFile = Localized(kk: "параметрлер файлы", ru: "файл параметров", en: "a parameters file")
    static let definitionsFile = Localized(kk: "анықтамалар файлы", ru: "файл определений", en: "the definitions file")
    static let schemaFile = Localized(kk: "схема файлы", ru: "файл схемы", en: "the schema file")
    static let testFile = Localized(kk: "тест файлы", ru: "файл тестов", en: "a test file")
    static let testCase = Localized(kk: "тест жағдайы", ru: "тестовый случай", en: "a test case")
}

extension Suggestion {
    /// "did you mean `x`?" in the three languages for the candidate closest to `name`, if any.
    static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> Localized? {
        closest(to: name, among: candidates).map(RecordMessage.didYouMean)
    }
}
