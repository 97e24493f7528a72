import QamqorSupport
import Foundation

/// The programmes of a rule set as every shell lists them — `qamqor programs` and
/// `GET /v1/programs` give the same entries from this one place.
///
/// Guarantees: one entry per programme in the rule set's order, each with its id, title (in the
/// asked language and in all three), legal source, whether that source is a documented policy
/// choice, whether it pays an amount and whether it ranks applicants (a grant). Rule file paths,
/// which may name the server's directories, are given only when asked for.
public struct ProgramCatalogue: Sendable {
    public let rules: RuleSet

    public init(rules: RuleSet) { self.rules = rules }

    /// The catalogue as JSON: `rules_version` and `programs`; with `files`, each programme's rule file.
    public func json(in language: Language, files: Bool = false) -> JSONValue {
        .object([("rules_version", .string(rules.version)), ("programs", .array(rules.programs.map { p in
            var entry: [(String, JSONValue)] = [
                ("id", .string(p.id)), ("title", .string(p.title[language])),
                ("titles", .object(Language.allCases.map { ($0.rawValue, .string(p.title[$0])) })),
                ("source", .string(p.spec.source)), ("policy_choice", .bool(p.spec.isPolicyChoice)),
                ("legal_basis", p.spec.legalBasis.map { .string($0[language]) } ?? .null),
                ("pays_amount", .bool(p.amount != nil)), ("grant", .bool(p.scoring != nil)),
            ]
            if files { entry.append(("file", .string(p.spec.file.path))) }
            return .object(entry)
        }))])
    }

    /// The catalogue as lines of text: each programme with its title, legal basis and the rule
    /// file's note (English, for whoever keeps the files), then the count.
    public func text(in language: Language) -> String {
        func say(_ key: String, _ arguments: KeyValuePairs<String, any MessageArgument> = [:]) -> String {
            MessageCatalogue.say(key, arguments, in: language)
        }
        var lines = rules.programs.map { p in
            let kind = p.scoring != nil ? " · " + say("programs.ranks-applicants") : p.amount != nil ? " · " + say("programs.pays-amount") : ""
            let basis = p.spec.legalBasis.map { $0[language] } ?? say("programs.policy-choice")
            return "\(p.id) — \(p.title[language])\(kind)\n    \(say("programs.legal-basis")): \(basis)\n    \(say("programs.note")): \(p.spec.source)"
        }
        lines.append(say("programs.count", ["count": rules.programs.count, "version": rules.version]))
        return lines.joined(separator: "\n")
    }
}

extension ProgramSpec {
    /// Whether the programme's source says it is a documented policy choice (where the law is
    /// unpublished) rather than naming a law.
    public var isPolicyChoice: Bool { source.localizedCaseInsensitiveContains("policy choice") }
}
