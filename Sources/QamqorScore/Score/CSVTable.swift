import QamqorSupport
import QamqorCore
import QamqorBatch
/// A CSV table read from UTF-8 bytes (RFC 4180: quoted fields, doubled quotes, commas and line
/// breaks inside quotes; CRLF or LF line ends; a leading byte-order mark skipped). Rows whose
/// fields are all empty are left out. Each row keeps the line it starts on.
///
/// Guarantees: memory in proportion to the rows kept (no per-character array); reading stops
/// after `limit` rows, and `exceeded` says so.
package struct CSVTable {
    package struct Row { var fields: [String]; var line: Int }

    package private(set) var rows: [Row] = []
    /// Whether rows were left unread because there were more than the limit.
    package private(set) var exceeded = false

    package init(_ bytes: [UInt8], limit: Int? = nil) {
        var field: [UInt8] = [], fields: [String] = []
        var inQuotes = false
        var line = 1, rowLine = 1
        var i = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true) }
        /// Ends the row; false once the limit is reached.
        func endRow() -> Bool {
            endField()
            defer { fields.removeAll(keepingCapacity: true) }
            guard !fields.allSatisfy(\.isEmpty) else { return true }
            if let limit, rows.count == limit { exceeded = true; return false }
            rows.append(Row(fields: fields, line: rowLine))
            return true
        }
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == 34 {
                    if i + 1 < bytes.count, bytes[i + 1] == 34 { field.append(34); i += 1 } else { inQuotes = false }
                } else {
                    if b == 10 { line += 1 }
                    field.append(b)
                }
            } else if b == 34 {
                inQuotes = true
            } else if b == 44 {
                endField()
            } else if b == 10 {
                guard endRow() else { return }
                line += 1; rowLine = line
            } else if b != 13 {
                field.append(b)
            }
            i += 1
        }
        if !field.isEmpty || !fields.isEmpty { _ = endRow() }
    }
}
