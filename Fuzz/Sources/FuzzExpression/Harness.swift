import FuzzSupport
import QamqorEngine

/// The expression lexer, parser, checker and compiler: the input is the body of a definition
/// that ATA reads, then a sample household is decided with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let expression = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let original = FuzzRules.files.first(where: { $0.relativePath == "definitions.yaml" })?.text else { return 0 }
    // A definition of its own among the household definitions.
    let quoted = "\"" + expression.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
    let text = original.replacingOccurrences(of: "\n  household:\n", with: "\n  household:\n    fuzzed:\n      label: {kk: f, ru: f, en: f}\n      expr: \(quoted)\n")
    if let rules = FuzzRules.replacing("definitions.yaml", with: text) {
        if case .success(let r) = rules.recordReader.read(SourceFile(path: "s.json", text: Samples.household)) { FuzzRules.exercise(rules, r) }
    }
    return 0
}

enum Samples {
    static let household = #"{"application": {"id": "A-1", "date": "2025-06-01", "region": "almaty", "city": "almaty", "applicant": "m1"}, "members": [{"id": "m1", "name": "A", "relation": "self", "sex": "female", "birth_date": "1990-02-28", "employment": "employed", "incomes": [{"month": "2025-01", "kind": "wages", "amount": 100000.5}]}, {"id": "m2", "relation": "child", "sex": "male", "birth_date": "2021-03-04", "employment": "not_working", "incomes": []}], "facts": {"commission_finding": "need_confirmed"}}"#
}
