import FuzzSupport
import QamqorEngine

/// A round of grant applications as a committee uploads it: the first byte picks the format
/// (JSON lines, a JSON document, CSV), the rest is the file. It is laid out, read, scored and
/// ranked, and the shortlist rendered — no input may make any of it trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rules = FuzzRules.ruleSet
    let formats: [RoundFormat] = [.jsonl, .json, .csv]
    let format = formats[Int(data[0]) % formats.count]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let scoring = rules.program("isker_ana")?.scoring else { return 0 }
    let input = RoundInput(bytes: bytes, format: format, name: format.fileName, reader: RoundReader(schema: rules.schema, scoring: scoring), limit: 1_000)
    if let ranking = try? Ranker(rules: rules).rank(programID: "isker_ana", input: input) {
        let renderer = RankingRenderer(language: .ru)
        _ = renderer.csvBytes(ranking)
        _ = renderer.json(ranking).rendered(pretty: false)
    }
    return 0
}
