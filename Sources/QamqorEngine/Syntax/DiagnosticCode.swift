/// Every kind of problem Qamqor reports, declared once: its stable code (what tests, tools and the
/// API's `code` field match on), where it arises, and a short title in Kazakh, Russian and English.
///
/// A diagnostic carries one of these, never a free string; `DiagnosticCatalogueTests` fails when a
/// code has no golden case showing it.
public enum DiagnosticCode: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    // Reading the rule files.
    case rulesUnreadable = "rules-unreadable"
    case missingFile = "missing-file"
    case inputTooLarge = "input-too-large"
    case yamlUnsafe = "yaml-unsafe"
    case yamlSyntax = "yaml-syntax"
    case duplicateKey = "duplicate-key"
    // The shape of a rule file.
    case wrongShape = "wrong-shape"
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case missingTranslation = "missing-translation"
    case missingSource = "missing-source"
    case badLiteral = "bad-literal"
    case badDefault = "bad-default"
    case duplicateName = "duplicate-name"
    case badPlaceholder = "bad-placeholder"
    // Expressions: syntax.
    case unexpectedCharacter = "unexpected-character"
    case unclosedString = "unclosed-string"
    case unexpectedToken = "unexpected-token"
    case unexpectedEnd = "unexpected-end"
    case unclosedBracket = "unclosed-bracket"
    case chainedComparison = "chained-comparison"
    case tooDeep = "too-deep"
    // Expressions: names and types.
    case unknownType = "unknown-type"
    case unknownName = "unknown-name"
    case unknownField = "unknown-field"
    case unknownFunction = "unknown-function"
    case unknownEnumValue = "unknown-enum-value"
    case wrongArity = "wrong-arity"
    case missingArgument = "missing-argument"
    case typeMismatch = "type-mismatch"
    case cycle
    case tooCostly = "too-costly"
    case nameTooLong = "name-too-long"
    // Coverage of the parameters.
    case parameterCoverage = "parameter-coverage"
    case parameterStandIn = "parameter-stand-in"
    // Evaluating a rule for one household.
    case overflow
    case divisionByZero = "division-by-zero"
    case emptyList = "empty-list"
    // Applicant records and rounds.
    case recordType = "record-type"
    case recordUnknownField = "record-unknown-field"
    case recordDuplicateField = "record-duplicate-field"
    case recordTooLarge = "record-too-large"
    case recordIIN = "record-iin"
    case recordDateRange = "record-date-range"
    case recordEncoding = "record-encoding"
    case recordEmpty = "record-empty"
    case roundRow = "round-row"

    /// Where problems of this kind come from.
    public enum Area: String, Sendable { case ruleFile, expression, evaluation, record }

    public var area: Area {
        switch self {
        case .rulesUnreadable, .missingFile, .inputTooLarge, .yamlUnsafe, .yamlSyntax, .duplicateKey, .wrongShape,
             .unknownKey, .missingKey, .missingTranslation, .missingSource, .badLiteral, .badDefault, .duplicateName,
             .badPlaceholder, .parameterCoverage, .parameterStandIn: .ruleFile
        case .unexpectedCharacter, .unclosedString, .unexpectedToken, .unexpectedEnd, .unclosedBracket, .chainedComparison,
             .tooDeep, .unknownType, .unknownName, .unknownField, .unknownFunction, .unknownEnumValue, .wrongArity,
             .missingArgument, .typeMismatch, .cycle, .tooCostly, .nameTooLong: .expression
        case .overflow, .divisionByZero, .emptyList: .evaluation
        case .recordType, .recordUnknownField, .recordDuplicateField, .recordTooLarge, .recordIIN, .recordDateRange,
             .recordEncoding, .recordEmpty, .roundRow: .record
        }
    }

    /// A short title of the kind of problem, for lists and headings.
    public var title: Localized {
        switch self {
        case .rulesUnreadable: Localized(kk: "Ережелер оқылмады", ru: "Правила не читаются", en: "Rules unreadable")
        case .missingFile: Localized(kk: "Файл жоқ", ru: "Нет файла", en: "Missing file")
        case .inputTooLarge: Localized(kk: "Файл тым үлкен", ru: "Слишком большой файл", en: "Input too large")
        case .yamlUnsafe: Localized(kk: "Қауіпті YAML", ru: "Небезопасный YAML", en: "Unsafe YAML")
        case .yamlSyntax: Localized(kk: "YAML синтаксисі", ru: "Синтаксис YAML", en: "YAML syntax")
        case .duplicateKey: Localized(kk: "Қайталанған кілт", ru: "Повторный ключ", en: "Duplicate key")
        case .wrongShape: Localized(kk: "Пішіні қате", ru: "Неверная структура", en: "Wrong shape")
        case .unknownKey: Localized(kk: "Белгісіз кілт", ru: "Неизвестный ключ", en: "Unknown key")
        case .missingKey: Localized(kk: "Кілт жоқ", ru: "Нет ключа", en: "Missing key")
        case .missingTranslation: Localized(kk: "Аударма жоқ", ru: "Нет перевода", en: "Missing translation")
        case .missingSource: Localized(kk: "Заң көзі жоқ", ru: "Нет правового источника", en: "Missing legal source")
        case .badLiteral: Localized(kk: "Мән қате", ru: "Неверное значение", en: "Bad value")
        case .badDefault: Localized(kk: "Әдепкі мән қате", ru: "Неверное значение по умолчанию", en: "Bad default")
        case .duplicateName: Localized(kk: "Қайталанған атау", ru: "Повторное имя", en: "Duplicate name")
        case .badPlaceholder: Localized(kk: "Орын толтырғыш қате", ru: "Неверная подстановка", en: "Bad placeholder")
        case .unexpectedCharacter: Localized(kk: "Күтілмеген таңба", ru: "Неожиданный символ", en: "Unexpected character")
        case .unclosedString: Localized(kk: "Жабылмаған мәтін", ru: "Незакрытая строка", en: "Unclosed string")
        case .unexpectedToken: Localized(kk: "Күтілмеген сөз", ru: "Неожиданная лексема", en: "Unexpected token")
        case .unexpectedEnd: Localized(kk: "Өрнек ерте бітті", ru: "Выражение оборвано", en: "Unexpected end")
        case .unclosedBracket: Localized(kk: "Жабылмаған жақша", ru: "Незакрытая скобка", en: "Unclosed bracket")
        case .chainedComparison: Localized(kk: "Тізбектелген салыстыру", ru: "Цепочка сравнений", en: "Chained comparison")
        case .tooDeep: Localized(kk: "Тым терең", ru: "Слишком глубоко", en: "Too deep")
        case .unknownType: Localized(kk: "Белгісіз түр", ru: "Неизвестный тип", en: "Unknown type")
        case .unknownName: Localized(kk: "Белгісіз атау", ru: "Неизвестное имя", en: "Unknown name")
        case .unknownField: Localized(kk: "Белгісіз өріс", ru: "Неизвестное поле", en: "Unknown field")
        case .unknownFunction: Localized(kk: "Белгісіз функция", ru: "Неизвестная функция", en: "Unknown function")
        case .unknownEnumValue: Localized(kk: "Тізімде жоқ мән", ru: "Значения нет в перечне", en: "Unknown enum value")
        case .wrongArity: Localized(kk: "Аргумент саны қате", ru: "Неверное число аргументов", en: "Wrong number of arguments")
        case .missingArgument: Localized(kk: "Аргумент жоқ", ru: "Нет аргумента", en: "Missing argument")
        case .typeMismatch: Localized(kk: "Түрлер сәйкес емес", ru: "Несовпадение типов", en: "Type mismatch")
        case .cycle: Localized(kk: "Тұйық тәуелділік", ru: "Циклическая зависимость", en: "Cycle")
        case .tooCostly: Localized(kk: "Есептеу тым қымбат", ru: "Слишком дорогое вычисление", en: "Too costly")
        case .nameTooLong: Localized(kk: "Атау тым ұзын", ru: "Слишком длинное имя", en: "Name too long")
        case .parameterStandIn: Localized(kk: "Тоқсан орнына бір ай", ru: "Месяц вместо квартала", en: "Month standing in for a quarter")
        case .parameterCoverage: Localized(kk: "Параметр мәні жоқ", ru: "Нет значения параметра", en: "Parameter coverage")
        case .overflow: Localized(kk: "Сан тым үлкен", ru: "Переполнение", en: "Overflow")
        case .divisionByZero: Localized(kk: "Нөлге бөлу", ru: "Деление на ноль", en: "Division by zero")
        case .emptyList: Localized(kk: "Бос тізім", ru: "Пустой список", en: "Empty list")
        case .recordType: Localized(kk: "Мән түрі қате", ru: "Неверный тип значения", en: "Wrong value type")
        case .recordUnknownField: Localized(kk: "Белгісіз өріс", ru: "Неизвестное поле", en: "Unknown field")
        case .recordDuplicateField: Localized(kk: "Қайталанған өріс", ru: "Повторное поле", en: "Duplicate field")
        case .recordTooLarge: Localized(kk: "Жазба тым үлкен", ru: "Слишком большая запись", en: "Record too large")
        case .recordIIN: Localized(kk: "ЖСН қате", ru: "Неверный ИИН", en: "Invalid IIN")
        case .recordDateRange: Localized(kk: "Күн ауқымнан тыс", ru: "Дата вне диапазона", en: "Date out of range")
        case .recordEncoding: Localized(kk: "Кодтау қате", ru: "Неверная кодировка", en: "Bad encoding")
        case .recordEmpty: Localized(kk: "Бос жазба", ru: "Пустая запись", en: "Empty record")
        case .roundRow: Localized(kk: "Өтінім жолы қате", ru: "Ошибка в строке заявки", en: "Bad application row")
        }
    }

    public var description: String { rawValue }
}
