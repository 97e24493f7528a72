import FuzzSupport
import QamqorEngine
import QamqorRequests

/// The JSON record reader (households, request envelopes, the envelope sniffer), then every
/// decision of whatever it accepts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let rules = FuzzRules.ruleSet
    _ = JSONRecordReader.topLevelKeys(bytes)
    if case .success(let r) = JSONRecordReader(schema: rules.schema).read(bytes, source: "fuzz.json") { FuzzRules.exercise(rules, r) }
    if case .success(let e) = DecisionEnvelope(schema: rules.schema).read(bytes) { FuzzRules.exercise(rules, e.household) }
    return 0
}
