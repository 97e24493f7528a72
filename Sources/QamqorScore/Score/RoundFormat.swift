import QamqorSupport
import QamqorCore
import QamqorBatch
/// The format of a round of applications: JSON lines, a JSON document, or CSV. A file says it by
/// its extension; an upload (the service) by its content type and its first byte.
public enum RoundFormat: String, Sendable, CaseIterable {
    case jsonl, json, csv

    /// A file name with this format's extension, for a round that has none of its own.
    public var fileName: String { "round.\(rawValue)" }

    /// The format of a round file by its extension: `.csv`, `.json`, else JSON lines (`.jsonl`,
    /// `.ndjson` or any other).
    public static func of(path: String) -> RoundFormat {
        path.hasSuffix(".csv") ? .csv : path.hasSuffix(".json") ? .json : .jsonl
    }

    /// The format of an uploaded round: CSV when the content type says so or the first byte
    /// that is not white space opens neither an object nor an array; a JSON document when it is
    /// an array, or when the client says `json` (`declaredJSON`); JSON lines otherwise.
    public static func of(upload bytes: [UInt8], contentType: String, declaredJSON: Bool) -> RoundFormat {
        let first = bytes.first { $0 != 32 && $0 != 10 && $0 != 13 && $0 != 9 }
        if contentType.contains("csv") || (first != 123 && first != 91) { return .csv }
        return first == 91 || declaredJSON ? .json : .jsonl
    }
}
