/// What can be wrong with an applicant record, said in Kazakh, Russian and English: the messages
/// both record readers (JSON and YAML) give, and that batch rejects, the service and the CLI show
/// in the reader's language.
///
/// Guarantees: every message exists in all three languages and keeps the field path, the value
/// found and the schema names (`income_kind`, `members[2].birth_date`) as written, in backticks,
/// so that a message in any language points at the same place. The English texts are the ones
/// ``Diagnostic/message`` carries.
public enum RecordMessage {
    /// `` `members[0].birth_date`: `` before a message, or the record itself when the path is empty.
    static func at(_ path: String, _ m: Localized, file: Bool = false) -> Localized {
        if !path.isEmpty { return m.prefixed("`\(path)`: ") }
        let whole = file
            ? Localized(kk: "өтініш файлы", ru: "файл заявления", en: "the applicant file")
            : Localized(kk: "өтініш жазбасы", ru: "запись заявления", en: "the applicant record")
        return Localized(kk: "\(whole.kk): \(m.kk)", ru: "\(whole.ru): \(m.ru)", en: "\(whole.en): \(m.en)")
    }

    static let trailingText = Localized(kk: "жазбадан кейін артық мәтін бар", ru: "после записи лишний текст", en: "unexpected text after the record")
    static let notAnObject = Localized(kk: "өтініш жазбасы JSON объектісі болуы керек", ru: "запись заявления должна быть объектом JSON", en: "the applicant record must be a JSON object")
    static let notAMapping = Localized(kk: "өтініш файлы кесте (mapping) болуы керек", ru: "файл заявления должен быть словарём (mapping)", en: "the applicant file must be a mapping")
    static let emptyFile = Localized(kk: "өтініш файлы бос", ru: "файл заявления пуст", en: "the applicant file is empty")
    static let expectedQuotedText = Localized(kk: "тырнақшадағы мәтін күтілді", ru: "ожидался текст в кавычках", en: "expected text in quotes")
    static let controlCharacter = Localized(kk: "мәтін ішінде басқару таңбасы бар", ru: "управляющий символ внутри текста", en: "a control character inside text")
    static let unterminatedText = Localized(kk: "мәтін жабылмаған", ru: "текст не закрыт кавычкой", en: "unterminated text")
    static let badEscape = Localized(kk: "мәтіндегі \\u тізбегі қате", ru: "неверная последовательность \\u в тексте", en: "bad \\u escape in text")
    static let tooDeep = Localized(kk: "64 деңгейден терең салынған", ru: "вложенность глубже 64 уровней", en: "nested deeper than 64 levels")
    static let endsEarly = Localized(kk: "жазба аяқталмай үзілген", ru: "запись обрывается раньше времени", en: "the record ends too early")
    static let expectedList = Localized(kk: "тізім күтілді", ru: "ожидался список", en: "expected a list")
    static let listSeparator = Localized(kk: "тізімде `,` немесе `]` күтілді", ru: "в списке ожидалась `,` или `]`", en: "expected `,` or `]` in a list")
    static let recordSeparator = Localized(kk: "жазбада `,` немесе `}` күтілді", ru: "в записи ожидалась `,` или `}`", en: "expected `,` or `}` in a record")
    static let notInARecord = Localized(kk: "жазбада берілмейді", ru: "не может быть задано в записи", en: "cannot be given in a record")
    static let fieldNamesAreText = Localized(kk: "өріс атаулары мәтін болуы керек", ru: "имена полей должны быть текстом", en: "field names must be text")
    static let numberTooLarge = Localized(kk: "сан тым үлкен", ru: "число слишком велико", en: "the number is too large")

    static func expectedValue(found w: String) -> Localized {
        Localized(kk: "мән күтілді, `\(w)` табылды", ru: "ожидалось значение, найдено `\(w)`", en: "expected a value, found `\(w)`")
    }

    static func notACase(_ s: String, of enumName: String) -> Localized {
        Localized(kk: "`\(s)` — \(enumName) мәндерінің бірі емес", ru: "`\(s)` не является значением \(enumName)", en: "`\(s)` is not a \(enumName)")
    }

    static func expectedBoolean(found w: String) -> Localized {
        Localized(kk: "true немесе false күтілді, `\(w)` табылды", ru: "ожидалось true или false, найдено `\(w)`", en: "expected true or false, found `\(w)`")
    }

    static func numberAsText(_ s: String) -> Localized {
        Localized(kk: "сан күтілді, \"\(s)\" мәтіні табылды", ru: "ожидалось число, найден текст \"\(s)\"", en: "expected a number, found text \"\(s)\"")
    }

    /// What a field of `type` holds, as "expected …" says it (`a date (YYYY-MM-DD)`).
    static func wanted(_ type: ValueType, isMonth: Bool) -> Localized {
        switch type {
        case .date where isMonth: Localized(kk: "ай (YYYY-MM)", ru: "месяц (YYYY-MM)", en: "a month (YYYY-MM)")
        case .date: Localized(kk: "күн (YYYY-MM-DD)", ru: "дата (YYYY-MM-DD)", en: "a date (YYYY-MM-DD)")
        case .boolean: Localized(kk: "true немесе false", ru: "true или false", en: "true or false")
        case .integer: Localized(kk: "бүтін сан", ru: "целое число", en: "a whole number")
        case .money: Localized(kk: "теңгедегі сома (үтірден кейін 6 таңбадан аспайтын цифрлар)", ru: "сумма в тенге (цифры, не более 6 знаков после запятой)", en: "an amount in tenge (digits with at most 6 decimal places)")
        case .decimal: Localized(kk: "сан (үтірден кейін 6 таңбадан аспайтын цифрлар)", ru: "число (цифры, не более 6 знаков после запятой)", en: "a number (digits with at most 6 decimal places)")
        case .string: Localized(kk: "мәтін", ru: "текст", en: "text")
        case .enumeration(let e): Localized(kk: "\(e.name) мәндерінің бірі", ru: "одно из значений \(e.name)", en: "one of the \(e.name) values")
        case .list: Localized(kk: "тізім", ru: "список", en: "a list")
        case .record(let r): Localized(kk: "\(r.name) жазбасы", ru: "запись \(r.name)", en: "a \(r.name) record")
        default: Localized(uniform: "\(type)")
        }
    }

    /// Why `text` is not a value of a decimal or money field: too large, too many decimal places,
    /// or not a number at all (`expected …, found …`).
    static func notADecimal(_ text: String, _ type: ValueType) -> Localized {
        switch ExactDecimal.reading(json: text.utf8) {
        case .tooLarge:
            let most = ExactDecimal.largest.description
            return Localized(kk: "`\(text)` рұқсат етілген ең үлкен саннан үлкен (ең көбі \(most))",
                             ru: "`\(text)` больше наибольшего допустимого числа (не более \(most))",
                             en: "`\(text)` is larger than the largest number allowed (at most \(most))")
        case .tooPrecise:
            return Localized(kk: "`\(text)` санында үтірден кейін 6 таңбадан көп", ru: "у числа `\(text)` больше 6 знаков после запятой", en: "`\(text)` has more than 6 decimal places")
        case .notANumber, .value:
            return expected(wanted(type, isMonth: false), found: word(text))
        }
    }

    /// `expected <wanted>, found <found>`; `found` is given as shown (`` `12.` `` or a kind).
    static func expected(_ wanted: Localized, found: Localized) -> Localized {
        Localized(kk: "\(wanted.kk) күтілді, \(found.kk) табылды", ru: "ожидалось: \(wanted.ru), найдено: \(found.ru)", en: "expected \(wanted.en), found \(found.en)")
    }

    /// A word of the input shown as found: `` `12.` `` in every language.
    static func word(_ w: String) -> Localized { Localized(uniform: "`\(w)`") }

    /// What kind of YAML node was found instead (`a list`).
    static func below(_ v: ExactDecimal, _ lo: ExactDecimal) -> Localized {
        Localized(kk: "\(v) ең кіші рұқсат етілген \(lo) мәнінен кіші", ru: "\(v) меньше наименьшего допустимого значения \(lo)", en: "\(v) is below the smallest allowed value \(lo)")
    }

    static func above(_ v: ExactDecimal, _ hi: ExactDecimal) -> Localized {
        Localized(kk: "\(v) ең үлкен рұқсат етілген \(hi) мәнінен үлкен", ru: "\(v) больше наибольшего допустимого значения \(hi)", en: "\(v) is above the largest allowed value \(hi)")
    }

    static func expectedRecordObject(_ typeName: String) -> Localized {
        Localized(kk: "JSON объектісі түріндегі жазба (\(typeName)) күтілді", ru: "ожидалась запись (\(typeName)) в виде объекта JSON", en: "expected a record (\(typeName)) as a JSON object")
    }

    static func expectedRecordMapping(_ typeName: String, found: Localized) -> Localized {
        Localized(kk: "\(typeName) жазбасы (mapping) күтілді, \(found.kk) табылды", ru: "ожидалась запись \(typeName) (mapping), найдено: \(found.ru)", en: "expected a \(typeName) record (a mapping), found \(found.en)")
    }

    static func expectedColon(after key: String) -> Localized {
        Localized(kk: "\"\(key)\" кейін `:` күтілді", ru: "после \"\(key)\" ожидалось `:`", en: "expected `:` after \"\(key)\"")
    }

    static func noSuchField(in typeName: String) -> Localized {
        Localized(kk: "\(typeName) жазбасында мұндай өріс жоқ", ru: "в записи \(typeName) нет такого поля", en: "no such field in \(typeName)")
    }

    /// "did you mean `s`?" in the three languages (also used by the service for names it refuses).
    public static func didYouMean(_ s: String) -> Localized {
        Localized(kk: "`\(s)` болуы мүмкін бе?", ru: "возможно, имелось в виду `\(s)`?", en: "did you mean `\(s)`?")
    }

    static func oneOf(_ cases: [String]) -> Localized {
        let list = cases.prefix(12).joined(separator: ", ")
        return Localized(kk: "мүмкін мәндер: \(list)", ru: "допустимые значения: \(list)", en: "one of: \(list)")
    }

    /// A date outside the schema's `dates` range.
    static func dateOutOfRange(_ d: Day, _ range: DayRange) -> Localized {
        Localized(kk: "\(d) күні рұқсат етілген аралықтан тыс (\(range.first) … \(range.last))",
                  ru: "дата \(d) вне допустимого диапазона (\(range.first) … \(range.last))",
                  en: "the date \(d) is outside the allowed range \(range.first) … \(range.last)")
    }

    /// A malformed ИИН, shown masked (it is personal data), and why.
    static func badIIN(_ text: String, _ why: Localized) -> Localized {
        let m = IIN.mask(text)
        return Localized(kk: "ЖСН `\(m)`: \(why.kk)", ru: "ИИН `\(m)`: \(why.ru)", en: "IIN `\(m)`: \(why.en)")
    }

    /// A list longer than its field's `max_items`.
    static func tooManyItems(_ most: Int) -> Localized {
        Localized(kk: "тізімде \(most) элементтен көп", ru: "в списке больше \(most) элементов", en: "the list has more than \(most) items")
    }

    /// A field given twice in one record.
    static let duplicateField = Localized(kk: "өріс екі рет берілген", ru: "поле задано дважды", en: "the field is given twice")

    /// Bytes that are not UTF-8, at a byte offset of the document.
    static func invalidUTF8(offset: Int) -> Localized {
        Localized(kk: "\(offset)-байтта UTF-8 емес байттар бар", ru: "байты на смещении \(offset) не являются UTF-8",
                  en: "the bytes at offset \(offset) are not valid UTF-8")
    }

    /// A `\\uD800`–`\\uDFFF` escape that is not half of a surrogate pair.
    static let loneSurrogate = Localized(kk: "мәтінде жұпсыз суррогат \\u тізбегі бар", ru: "непарный суррогатный \\u-код в тексте", en: "an unpaired surrogate \\u escape in text")

    /// A JSONL line too long to be a household.
    static func lineTooLong(kilobytes: Int) -> Localized {
        Localized(kk: "жол \(kilobytes) КБ-тан ұзын; бір отбасы бірнеше КБ алады", ru: "строка длиннее \(kilobytes) КБ; одна семья занимает несколько КБ",
                  en: "the line is longer than \(kilobytes) KB; one household takes a few KB")
    }

    /// A household without an application date, decided without an as-of date.
    static let noApplicationDate = Localized(kk: "`application.date`: өтініш күні берілмеген; әр шешім соған сүйенеді",
                                             ru: "`application.date`: не указана дата заявления; от неё зависит каждое решение",
                                             en: "`application.date`: the application date is not given; every decision depends on it")
}

extension Localized {
    /// The text with `prefix` before it in every language.
    func prefixed(_ prefix: String) -> Localized { Localized(kk: prefix + kk, ru: prefix + ru, en: prefix + en) }
}
