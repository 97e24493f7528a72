import FuzzSupport
import QamqorEngine

/// The rule loader on a whole rules directory: the input replaces one file, chosen by its first
/// byte (schema, definitions, a parameter file, a programme, a rule test), then the rule tests run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let targets = ["schema.yaml", "definitions.yaml", "parameters/poverty_line.yaml", "programs/ata.yaml", "programs/isker_ana.yaml", "tests/ata.yaml"]
    let path = targets[Int(data[0]) % targets.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    if let rules = FuzzRules.replacing(path, with: text) { _ = RuleTestRunner(rules: rules).runAll() }
    return 0
}
