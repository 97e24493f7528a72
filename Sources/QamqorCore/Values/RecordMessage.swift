import QamqorSupport
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
    package static func at(_ path: String, _ m: Localized, file: Bool = false) -> Localized {
        if !path.isEmpty { return m.prefixed("`\(path)`: ") }
        let whole = file
            ? Localized("record.applicant-file")
            : Localized("record.applicant-record")
        return Localized("record.at-whole", ["whole": whole, "m": m])
    }

    package static var trailingText: Localized { Localized("record.trailing-text") }
    package static var notAnObject: Localized { Localized("record.not-an-object") }
    package static var notAMapping: Localized { Localized("record.not-a-mapping") }
    package static var emptyFile: Localized { Localized("record.empty-file") }
    package static var expectedQuotedText: Localized { Localized("record.expected-quoted-text") }
    package static var controlCharacter: Localized { Localized("record.control-character") }
    package static var unterminatedText: Localized { Localized("record.unterminated-text") }
    package static var badEscape: Localized { Localized("record.bad-escape") }
    package static var tooDeep: Localized { Localized("record.too-deep") }
    package static var endsEarly: Localized { Localized("record.ends-early") }
    package static var expectedList: Localized { Localized("record.expected-list") }
    package static var listSeparator: Localized { Localized("record.list-separator") }
    package static var recordSeparator: Localized { Localized("record.record-separator") }
    package static var notInARecord: Localized { Localized("record.not-in-a-record") }
    package static var fieldNamesAreText: Localized { Localized("record.field-names-are-text") }
    package static var numberTooLarge: Localized { Localized("record.number-too-large") }

    package static func expectedValue(found w: String) -> Localized {
        Localized("record.expected-value", ["w": w])
    }

    package static func notACase(_ s: String, of e: EnumType) -> Localized {
        Localized("record.not-a-case", ["s": s, "label": e.label])
    }

    package static func expectedBoolean(found w: String) -> Localized {
        Localized("record.expected-boolean", ["w": w])
    }

    package static func numberAsText(_ s: String) -> Localized {
        Localized("record.number-as-text", ["s": s])
    }

    /// What a field of `type` holds, as "expected …" says it (`a date (YYYY-MM-DD)`).
    package static func wanted(_ type: ValueType, isMonth: Bool) -> Localized {
        switch type {
        case .date where isMonth: Localized("record.wanted.date")
        case .date: Localized("record.date-yyyy-mm-dd")
        case .boolean: Localized("record.wanted.boolean")
        case .integer: Localized("record.wanted.integer")
        case .money: Localized("record.wanted.money")
        case .decimal: Localized("record.wanted.decimal")
        case .string: Localized("record.wanted.string")
        case .enumeration(let e): Localized("record.e.enumeration", ["name": e.name])
        case .list: Localized("record.wanted.list")
        case .record(let r): Localized("record.r.record", ["name": r.name])
        default: Localized(uniform: "\(type)")
        }
    }

    /// Why `text` is not a value of a decimal or money field: too large, too many decimal places,
    /// or not a number at all (`expected …, found …`).
    package static func notADecimal(_ text: String, _ type: ValueType) -> Localized {
        switch ExactDecimal.reading(json: text.utf8) {
        case .tooLarge:
            let most = ExactDecimal.largest.description
            return Localized("record.most", ["text": text, "most": most])
        case .tooPrecise:
            return Localized("record.has-more-than-decimal", ["text": text])
        case .notANumber, .value:
            return expected(wanted(type, isMonth: false), found: word(text))
        }
    }

    /// `expected <wanted>, found <found>`; `found` is given as shown (`` `12.` `` or a kind).
    package static func expected(_ wanted: Localized, found: Localized) -> Localized {
        Localized("record.expected", ["wanted": wanted, "found": found])
    }

    /// A word of the input shown as found: `` `12.` `` in every language.
    package static func word(_ w: String) -> Localized { Localized(uniform: "`\(w)`") }

    /// What kind of YAML node was found instead (`a list`).
    package static func below(_ v: ExactDecimal, _ lo: ExactDecimal) -> Localized {
        Localized("record.below", ["v": v, "lo": lo])
    }

    package static func above(_ v: ExactDecimal, _ hi: ExactDecimal) -> Localized {
        Localized("record.above", ["v": v, "hi": hi])
    }

    package static func expectedRecordObject(_ typeName: String) -> Localized {
        Localized("record.expected-record-object", ["typeName": typeName])
    }

    package static func expectedRecordMapping(_ typeName: String, found: Localized) -> Localized {
        Localized("record.expected-record-mapping", ["typeName": typeName, "found": found])
    }

    package static func expectedColon(after key: String) -> Localized {
        Localized("record.expected-colon", ["key": key])
    }

    package static func noSuchField(in typeName: String) -> Localized {
        Localized("record.no-such-field", ["typeName": typeName])
    }

    /// "did you mean `s`?" in the three languages (also used by the service for names it refuses).
    public static func didYouMean(_ s: String) -> Localized {
        Localized("record.did-you-mean", ["s": s])
    }

    package static func oneOf(_ cases: [String]) -> Localized {
        let list = cases.prefix(12).joined(separator: ", ")
        return Localized("record.one", ["list": list])
    }

    /// A date outside the schema's `dates` range.
    package static func dateOutOfRange(_ d: Day, _ range: DayRange) -> Localized {
        Localized("record.date-out-of-range", ["d": d, "rangeFirst": range.first, "rangeLast": range.last])
    }

    /// A malformed ИИН, shown masked (it is personal data), and why.
    package static func badIIN(_ text: String, _ why: Localized) -> Localized {
        let m = IIN.mask(text)
        return Localized("record.iin", ["m": m, "why": why])
    }

    /// A list longer than its field's `max_items`.
    package static func tooManyItems(_ most: Int) -> Localized {
        Localized("record.too-many-items", ["most": most])
    }

    /// A field given twice in one record.
    package static var duplicateField: Localized { Localized("record.duplicate-field") }

    /// Bytes that are not UTF-8, at a byte offset of the document.
    package static func invalidUTF8(offset: Int) -> Localized {
        Localized("record.invalid-utf8", ["offset": offset])
    }

    /// A `\\uD800`–`\\uDFFF` escape that is not half of a surrogate pair.
    package static var loneSurrogate: Localized { Localized("record.lone-surrogate") }

    /// A JSONL line too long to be a household.
    package static func lineTooLong(kilobytes: Int) -> Localized {
        Localized("record.line-too-long", ["kilobytes": kilobytes])
    }

    /// A household without an application date, decided without an as-of date.
    package static var noApplicationDate: Localized { Localized("record.no-application-date") }
}

extension Localized {
    /// The text with `prefix` before it in every language.
    package func prefixed(_ prefix: String) -> Localized { map { prefix + $0 } }
}
