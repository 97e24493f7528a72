import QamqorSupport
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
        case .rulesUnreadable: Localized("diagnostic.title.rules-unreadable")
        case .missingFile: Localized("diagnostic.title.missing-file")
        case .inputTooLarge: Localized("diagnostic.title.input-too-large")
        case .yamlUnsafe: Localized("diagnostic.title.yaml-unsafe")
        case .yamlSyntax: Localized("diagnostic.title.yaml-syntax")
        case .duplicateKey: Localized("diagnostic.title.duplicate-key")
        case .wrongShape: Localized("diagnostic.title.wrong-shape")
        case .unknownKey: Localized("diagnostic.title.unknown-key")
        case .missingKey: Localized("diagnostic.title.missing-key")
        case .missingTranslation: Localized("diagnostic.title.missing-translation")
        case .missingSource: Localized("diagnostic.title.missing-source")
        case .badLiteral: Localized("diagnostic.title.bad-literal")
        case .badDefault: Localized("diagnostic.title.bad-default")
        case .duplicateName: Localized("diagnostic.title.duplicate-name")
        case .badPlaceholder: Localized("diagnostic.title.bad-placeholder")
        case .unexpectedCharacter: Localized("diagnostic.title.unexpected-character")
        case .unclosedString: Localized("diagnostic.title.unclosed-string")
        case .unexpectedToken: Localized("diagnostic.title.unexpected-token")
        case .unexpectedEnd: Localized("diagnostic.title.unexpected-end")
        case .unclosedBracket: Localized("diagnostic.title.unclosed-bracket")
        case .chainedComparison: Localized("diagnostic.title.chained-comparison")
        case .tooDeep: Localized("diagnostic.title.too-deep")
        case .unknownType: Localized("diagnostic.title.unknown-type")
        case .unknownName: Localized("diagnostic.title.unknown-name")
        case .unknownField: Localized("diagnostic.title.unknown-field")
        case .unknownFunction: Localized("diagnostic.title.unknown-function")
        case .unknownEnumValue: Localized("diagnostic.title.unknown-enum-value")
        case .wrongArity: Localized("diagnostic.title.wrong-arity")
        case .missingArgument: Localized("diagnostic.title.missing-argument")
        case .typeMismatch: Localized("diagnostic.title.type-mismatch")
        case .cycle: Localized("diagnostic.title.cycle")
        case .tooCostly: Localized("diagnostic.title.too-costly")
        case .nameTooLong: Localized("diagnostic.title.name-too-long")
        case .parameterStandIn: Localized("diagnostic.title.parameter-stand-in")
        case .parameterCoverage: Localized("diagnostic.title.parameter-coverage")
        case .overflow: Localized("diagnostic.title.overflow")
        case .divisionByZero: Localized("diagnostic.title.division-by-zero")
        case .emptyList: Localized("diagnostic.title.empty-list")
        case .recordType: Localized("diagnostic.title.record-type")
        case .recordUnknownField: Localized("diagnostic.title.unknown-field")
        case .recordDuplicateField: Localized("diagnostic.title.record-duplicate-field")
        case .recordTooLarge: Localized("diagnostic.title.record-too-large")
        case .recordIIN: Localized("diagnostic.title.record-iin")
        case .recordDateRange: Localized("diagnostic.title.record-date-range")
        case .recordEncoding: Localized("diagnostic.title.record-encoding")
        case .recordEmpty: Localized("diagnostic.title.record-empty")
        case .roundRow: Localized("diagnostic.title.round-row")
        }
    }

    public var description: String { rawValue }
}
