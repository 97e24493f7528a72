import FuzzSupport
import QamqorEngine

/// The rule loader on a whole rules directory: the input replaces one file, chosen by its first
/// byte (schema, definitions, a parameter file, a programme, a rule test); then the ATA and grant
/// rule tests run (or the replaced test file), deciding their households under the changed rules.
/// Not every rule test: loading and checking are what is fuzzed, and the whole suite made each
/// input take a quarter of a second.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let targets = ["schema.yaml", "definitions.yaml", "parameters/poverty_line.yaml", "programs/ata.yaml", "programs/isker_ana.yaml", "tests/ata.yaml"]
    let path = targets[Int(data[0]) % targets.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    guard let rules = FuzzRules.replacing(path, with: text) else { return 0 }
    let runner = RuleTestRunner(rules: rules)
    let run = path.hasPrefix("tests/") ? [path] : ["tests/ata.yaml", "tests/grants.yaml"]
    for file in rules.testFiles where run.contains(where: { file.path.hasSuffix($0) }) { _ = runner.run(file) }
    return 0
}
