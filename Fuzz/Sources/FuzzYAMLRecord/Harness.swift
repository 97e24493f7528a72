import FuzzSupport
import QamqorEngine

/// The YAML loader with its alias-bomb guard and the YAML record reader, then every decision of
/// whatever it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let rules = FuzzRules.ruleSet
    if case .success(let r) = rules.recordReader.read(SourceFile(path: "fuzz.yaml", text: text)) { FuzzRules.exercise(rules, r) }
    return 0
}
