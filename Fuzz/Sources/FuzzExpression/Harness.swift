import FuzzSupport
import QamqorEngine

/// The expression lexer, parser, checker and compiler: the input is the body of a household
/// definition, read by a one-condition programme, then a sample household is decided with it.
/// Only the schema, the parameters and the definitions are loaded beside it (not the twenty
/// programmes), so that an input costs milliseconds, not a whole rule set.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let expression = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // The lexer and parser on every input; the checker, compiler and a decision (which need a
    // rule set loaded around the expression) only on what parses.
    guard case .success = Parser.parse(expression) else { return 0 }
    let quoted = "\"" + expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
    let definitions = Base.definitions.replacingOccurrences(of: "\n  household:\n", with: "\n  household:\n    fuzzed:\n      label: {kk: f, ru: f, en: f}\n      expr: \(quoted)\n")
    var files = Base.files
    files.append(("definitions.yaml", definitions))
    if let rules = try? RuleSet.load(from: MemoryRuleSource(files)).get(),
       case .success(let r) = rules.recordReader.read(SourceFile(path: "s.json", text: Samples.household)) {
        FuzzRules.exercise(rules, r)
    }
    return 0
}

/// The rules without their programmes, tests and definitions, and one programme that reads `fuzzed`.
enum Base {
    static let definitions = FuzzRules.files.first { $0.relativePath == "definitions.yaml" }?.text ?? ""
    static let files: [(relativePath: String, text: String)] =
        FuzzRules.files.filter { $0.relativePath == "schema.yaml" || $0.relativePath.hasPrefix("parameters/") } + [
            ("programs/fuzz.yaml", """
            program: fuzz
            title: {kk: f, ru: f, en: f}
            source: policy choice — fuzzing
            eligible:
              all:
                - id: t
                  label: {kk: t, ru: t, en: t}
                  when: known(fuzzed)
            """),
        ]
}

enum Samples {
    static let household = #"{"application": {"id": "A-1", "date": "2025-06-01", "region": "almaty", "city": "almaty", "applicant": "m1"}, "members": [{"id": "m1", "name": "A", "relation": "self", "sex": "female", "birth_date": "1990-02-28", "employment": "employed", "incomes": [{"month": "2025-01", "kind": "wages", "amount": 100000.5}]}, {"id": "m2", "relation": "child", "sex": "male", "birth_date": "2021-03-04", "employment": "not_working", "incomes": []}], "facts": {"commission_finding": "need_confirmed"}}"#
}
