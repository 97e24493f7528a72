import Foundation
import Testing
@testable import QamqorEngine

/// Every ``DiagnosticCode`` has a case here that provokes it, and its rendering in Kazakh,
/// Russian and English is kept in `Golden/codes/<code>.expected`. A new code without a row fails
/// `everyCodeHasACase`. Re-record with `QAMQOR_RECORD=1 swift test`.
@Suite("Diagnostic codes (one golden case each, in three languages)")
struct DiagnosticCatalogueTests {
    /// What provokes a code: the diagnostics a user would see.
    typealias Provoke = @Sendable () throws -> [Diagnostic]

    static let cases: [DiagnosticCode: Provoke] = [
        .rulesUnreadable: { failure(RuleSet.load(from: DirectoryRuleSource(directory: "/nonexistent-rules"))) },
        .missingFile: { failure(RuleSet.load(from: MemoryRuleSource([("programs/x.yaml", "program: x")]))) },
        .inputTooLarge: { failure(YAMLDocument.load(SourceFile(path: "big.yaml", text: String(repeating: "a: 1\n", count: 10)), maxBytes: 20)) },
        .yamlUnsafe: {
            // Ten levels of nine aliases each: a billion nodes from a few hundred bytes.
            let names = Array("abcdefghij").map(String.init)
            let lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                + (1..<10).map { i in "\(names[i]): &\(names[i]) [" + Array(repeating: "*\(names[i - 1])", count: 9).joined(separator: ", ") + "]" }
            return record(lines.joined(separator: "\n"))
        },
        .yamlSyntax: { try program("program: x\ntitle: [a, b\n") },
        .duplicateKey: { try program("program: x\nprogram: y\n") },
        .wrongShape: { try program("program: x\ntitle: {kk: т, ru: т, en: t}\nsource: law\neligible: [a, b]\n") },
        .unknownKey: { try condition("true", extra: "      wehn: true\n") },
        .missingKey: { try program("program: x\nsource: law\neligible: {id: c, label: {kk: а, ru: а, en: a}, when: 'true'}\n") },
        .missingTranslation: { try program("program: x\ntitle: {kk: т, ru: т}\nsource: law\neligible: {id: c, label: {kk: а, ru: а, en: a}, when: 'true'}\n") },
        .missingSource: { try program("program: x\ntitle: {kk: т, ru: т, en: t}\nsource: ''\neligible: {id: c, label: {kk: а, ru: а, en: a}, when: 'true'}\n") },
        .badLiteral: { try condition("as_of > 2025-02-30") },
        .badDefault: { try schema(field: "{type: integer, label: {kk: с, ru: р, en: size}, default: many}") },
        .duplicateName: { try shadowingDefinition() },
        .badPlaceholder: { try condition("household_size > 0", extra: "      reason: {kk: '{1 +}', ru: '{1 +}', en: '{1 +}'}\n") },
        .unexpectedCharacter: { try condition("household_size > 1 & true") },
        .unclosedString: { try condition("applicant.relation == 'child") },
        .unexpectedToken: { try condition("household_size 1") },
        .unexpectedEnd: { try condition("household_size >") },
        .unclosedBracket: { try condition("(household_size > 1") },
        .chainedComparison: { try condition("1 < household_size < 5") },
        .tooDeep: { try condition(String(repeating: "(", count: 300) + "true" + String(repeating: ")", count: 300)) },
        .unknownType: { try schema(field: "{type: integr, label: {kk: с, ru: р, en: size}}") },
        .unknownName: { try condition("houshold_size > 1") },
        .unknownField: { try condition("application.regoin == 'almaty'") },
        .unknownFunction: { try condition("cuont(members) > 1") },
        .unknownEnumValue: { try condition("applicant.relation == 'chlid'") },
        .wrongArity: { try condition("age_on(as_of) > 1") },
        .missingArgument: { try condition("regional_subsistence_minimum > 1") },
        .typeMismatch: { try condition("household_size and true") },
        .cycle: { try condition("a", lets: "  a: {label: {kk: а, ru: а, en: a}, expr: b}\n  b: {label: {kk: б, ru: б, en: b}, expr: a}\n") },
        .tooCostly: { try condition("count(members, count(members, count(members, count(members, is_child) > 0) > 0) > 0) > 0") },
        .nameTooLong: { try condition(String(repeating: "a", count: 101) + " > 1") },
        .parameterCoverage: {
            let rules = try RuleSet.load(from: MemoryRuleSource(Repo.ruleFiles())).get()
            return ParameterCoverage.gaps(in: rules.parameters, today: try #require(Day(year: 2031, month: 1, day: 15))).sorted.prefix(1).map { $0 }
        },
        .parameterStandIn: {
            let rules = try RuleSet.load(from: MemoryRuleSource(Repo.ruleFiles())).get()
            return ParameterCoverage.standIns(in: rules.parameters, today: try #require(Day(year: 2026, month: 2, day: 10))).sorted.prefix(1).map { $0 }
        },
        .overflow: { try evaluation("9000000000000 * 9000000000000") },
        .divisionByZero: { try evaluation("100 / (count(members) - count(members))") },
        .emptyList: { try evaluation("min(filter(members, age > 200), age)") },
        .recordType: { record(household.replacingOccurrences(of: "birth_date: 2001-02-14", with: "birth_date: yesterday")) },
        .recordUnknownField: { record(household.replacingOccurrences(of: "    sex: female", with: "    sex: female\n    sx: female")) },
        .recordDuplicateField: { json("{\"application\": {\"id\": \"A\", \"id\": \"B\"}}") },
        .recordTooLarge: { record(household.replacingOccurrences(of: "members:", with: "members:" + String(repeating: "\n  - {id: x}", count: 41))) },
        .recordIIN: { record(household.replacingOccurrences(of: "    sex: female", with: "    sex: female\n    iin: '010214600001'")) },
        .recordDateRange: { record(household.replacingOccurrences(of: "birth_date: 2001-02-14", with: "birth_date: 1066-10-14")) },
        .recordEncoding: { json([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D]) },
        .recordEmpty: { record("") },
        .roundRow: { try roundRow("{\"household\": {}, \"marks\": {}}") },
    ]

    @Test("every diagnostic code has a case that shows it")
    func everyCodeHasACase() {
        let missing = DiagnosticCode.allCases.filter { Self.cases[$0] == nil }
        #expect(missing.isEmpty, "codes with no golden case: \(missing.map(\.rawValue))")
    }

    @Test("each code is reported, in kk, ru and en, as its golden file shows", arguments: DiagnosticCode.allCases)
    func golden(_ code: DiagnosticCode) throws {
        guard let provoke = Self.cases[code] else { return }
        let all = try provoke()
        let shown = all.filter { $0.code == code }
        #expect(!shown.isEmpty, "\(code) was not reported; got \(all.map(\.code.rawValue))")
        guard let d = shown.first else { return }
        #expect(d.translated != nil, "\(code): the message has no translation")
        var out = ""
        for language in [Language.kk, .ru, .en] {
            out += "[\(language.rawValue)] \(code.title[language])\n\(d.in(language).description)\n\n"
        }
        let golden = Repo.golden("codes/\(code.rawValue).expected", out)
        #expect(golden.matches, "\(code): got\n\(out)\nexpected\n\(golden.expected)")
        // A translation is a translation: the Kazakh and Russian texts differ from the English
        // unless the message is a quotation (libyaml's words, a path).
        if let t = d.translated, code != .rulesUnreadable {
            #expect(t.kk != t.en && t.ru != t.en, "\(code): kk or ru is the English text")
        }
    }

    @Test("record types that contain each other are refused at the field that closes the circle, in three languages")
    func recordsContainingEachOther() throws {
        let schema = """
            records:
              household:
                label: {kk: о, ru: с, en: h}
                fields:
                  members: {type: list of member, label: {kk: м, ru: ч, en: members}}
              member:
                label: {kk: м, ru: ч, en: m}
                fields:
                  family: {type: household, label: {kk: о, ru: с, en: family}}
                  self: {type: list of list of member, label: {kk: м, ru: ч, en: again}}
            """
        let found = Self.failure(RuleSet.load(from: MemoryRuleSource([("schema.yaml", schema)]))).filter { $0.code == .cycle }
        #expect(found.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0)" } == ["9:22", "10:20"])
        #expect(found.first?.in(.en).description.contains("record types contain each other: household → member → household") == true)
        #expect(found.last?.in(.en).description.contains("member → member") == true)
        #expect(found.first?.in(.kk).description.contains("жазба түрлері бір-бірін тұйық қамтиды") == true)
        #expect(found.first?.in(.ru).description.contains("типы записей содержат друг друга") == true)
    }

    // MARK: Provoking

    static func failure<T>(_ r: Result<T, DiagnosticList>) -> [Diagnostic] {
        if case .failure(let d) = r { return d.sorted }
        return []
    }

    /// The repository's rules with one more programme file.
    static func program(_ text: String) throws -> [Diagnostic] {
        var files = try Repo.ruleFiles()
        files.append(("programs/zz_case.yaml", text))
        return failure(RuleSet.load(from: MemoryRuleSource(files)))
    }

    /// A programme whose one condition is `when`, with optional `let`s and extra condition keys.
    static func condition(_ when: String, extra: String = "", lets: String = "") throws -> [Diagnostic] {
        let letBlock = lets.isEmpty ? "" : "let:\n\(lets)"
        let quoted = when.replacingOccurrences(of: "\"", with: "\\\"")
        var files = try Repo.ruleFiles()
        files.append(("programs/zz_case.yaml", """
            program: zz_case
            title: {kk: т, ru: т, en: t}
            source: law
            \(letBlock)eligible:
              all:
                - id: c
                  label: {kk: а, ru: а, en: a}
                  when: "\(quoted)"
            \(extra)
            """))
        return failure(RuleSet.load(from: MemoryRuleSource(files)))
    }

    /// The repository's rules with a member definition named like a member field.
    static func shadowingDefinition() throws -> [Diagnostic] {
        let files = try Repo.ruleFiles().map { f in
            f.relativePath == "definitions.yaml"
                ? (f.relativePath, f.text.replacingOccurrences(of: "definitions:\n  member:\n", with: "definitions:\n  member:\n    sex:\n      label: {kk: ж, ru: п, en: s}\n      expr: \"1\"\n"))
                : f
        }
        return failure(RuleSet.load(from: MemoryRuleSource(files)))
    }

    /// A minimal schema whose one field is `field`.
    static func schema(field: String) throws -> [Diagnostic] {
        failure(RuleSet.load(from: MemoryRuleSource([
            ("schema.yaml", "records:\n  household:\n    label: {kk: о, ru: с, en: h}\n    fields:\n      size: \(field)\n"),
        ])))
    }

    /// The error a programme whose amount is `expr` meets deciding the sample household.
    static func evaluation(_ expr: String) throws -> [Diagnostic] {
        var files = try Repo.ruleFiles()
        files.append(("programs/zz_case.yaml", """
            program: zz_case
            title: {kk: т, ru: т, en: t}
            source: law
            eligible: {id: c, label: {kk: а, ru: а, en: a}, when: 'true'}
            amount:
              label: {kk: с, ru: с, en: a}
              expr: "\(expr)"
            """))
        let rules = try RuleSet.load(from: MemoryRuleSource(files)).get()
        let r = try Repo.record(household, rules: rules).get()
        return try rules.decide(r, programs: ["zz_case"]).compactMap { $0.error?.diagnostic }
    }

    static func record(_ text: String) -> [Diagnostic] { failure(Repo.record(text)) }

    static func json(_ text: String) -> [Diagnostic] { json(Array(text.utf8)) }

    static func json(_ bytes: [UInt8]) -> [Diagnostic] {
        failure(JSONRecordReader(schema: Repo.ruleSet.schema).read(bytes, source: "line.jsonl"))
    }

    static func roundRow(_ line: String) throws -> [Diagnostic] {
        let scoring = try #require(Repo.ruleSet.program("isker_ana")?.scoring)
        let reader = RoundReader(schema: Repo.ruleSet.schema, scoring: scoring)
        let bytes = Array(line.utf8)
        return failure(reader.readLine(bytes, range: 0..<bytes.count, type: reader.lineType, source: "round.jsonl", line: 1))
    }

    static let household = """
        application: {id: ALM-2025-0214, date: 2025-02-14, region: almaty, city: almaty, applicant: m1}
        members:
          - id: m1
            name: Камила Ахметжанова
            relation: self
            sex: female
            birth_date: 2001-02-14
            employment: registered_unemployed
            incomes: []
        """
}
