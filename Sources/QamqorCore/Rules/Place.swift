import QamqorSupport
/// Where in a rule file a problem is, said in Kazakh, Russian and English, for diagnostics:
/// a key path (`scoring.marks`, the same in every language) or a named part (programme `ata`).
package enum Place {
    /// A key path as written in the file, in backticks.
    package static func key(_ path: String) -> Localized { Localized(uniform: "`\(path)`") }

    /// A key under `place`: "`label` of programme `ata`".
    package static func key(_ key: String, of place: Localized) -> Localized {
        Localized("place.key-of", ["key": key, "what": place])
    }

    /// The kinds of named parts of the rules.
    package enum Kind {
        case programme, condition, definition, parameter, record, field, enumeration, mark, criterion, tieBreak, quota

        package func named(_ name: String) -> Localized {
            switch self {
            case .programme: Localized("place.named.programme", ["name": name])
            case .condition: Localized("place.named.condition", ["name": name])
            case .definition: Localized("place.named.definition", ["name": name])
            case .parameter: Localized("place.named.parameter", ["name": name])
            case .record: Localized("place.named.record", ["name": name])
            case .field: Localized("place.named.field", ["name": name])
            case .enumeration: Localized("place.named.enumeration", ["name": name])
            case .mark: Localized("place.named.mark", ["name": name])
            case .criterion: Localized("place.named.criterion", ["name": name])
            case .tieBreak: Localized("place.named.tie-break", ["name": name])
            case .quota: Localized("place.named.quota", ["name": name])
            }
        }

        package var unnamed: Localized {
            switch self {
            case .programme: Localized("place.unnamed.programme")
            case .condition: Localized("place.unnamed.condition")
            case .definition: Localized("place.unnamed.definition")
            case .parameter: Localized("place.unnamed.parameter")
            case .record: Localized("place.unnamed.record")
            case .field: Localized("place.unnamed.field")
            case .enumeration: Localized("place.unnamed.enumeration")
            case .mark: Localized("place.unnamed.mark")
            case .criterion: Localized("place.unnamed.criterion")
            case .tieBreak: Localized("place.unnamed.tie-break")
            case .quota: Localized("place.unnamed.quota")
            }
        }
    }

    package static func named(_ kind: Kind, _ name: String) -> Localized { kind.named(name) }

    package static var programmeFile: Localized { Localized("place.programme-file") }
    package static var parametersFile: Localized { Localized("place.parameters-file") }
    package static var definitionsFile: Localized { Localized("place.definitions-file") }
    package static var schemaFile: Localized { Localized("place.schema-file") }
    package static var testFile: Localized { Localized("place.test-file") }
    package static var testCase: Localized { Localized("place.test-case") }
}

extension Suggestion {
    /// "did you mean `x`?" in the three languages for the candidate closest to `name`, if any.
    package static func didYouMean(_ name: String, among candidates: some Sequence<String>) -> Localized? {
        closest(to: name, among: candidates).map(RecordMessage.didYouMean)
    }
}
