import Foundation
import Logging
import QamqorEngine

/// Writes each log event as one JSON object on a line of standard error — `ts`, `level`,
/// `logger`, `message` and the metadata (a request's `request_id` among them) — for a log
/// collector to index. Chosen with `qamqor serve --log-format json`.
public struct JSONLogHandler: LogHandler {
    public let label: String
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info

    public init(label: String) { self.label = label }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, JSONValue)] = [
            ("ts", .string(Date().formatted(.iso8601))), ("level", .string(event.level.rawValue)),
            ("logger", .string(label)), ("message", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (k, v) in merged.sorted(by: { $0.key < $1.key }) { fields.append((k, .string(v.description))) }
        var line = JSONValue.object(fields).utf8(pretty: false)
        line.append(10)
        FileHandle.standardError.write(Data(line))
    }
}
