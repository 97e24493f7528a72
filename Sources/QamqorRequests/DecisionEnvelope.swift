import QamqorEngine
import Synchronization
/// Reads a decision request of the form
/// `{"household": {...}, "programs": [...], "as_of": "YYYY-MM-DD", "lang": "kk", "level": "full"}`
/// with the same checks and messages as a household file.
package struct DecisionEnvelope: Sendable {
    package let schema: Schema
    /// The request's record type (made once: a reader of many requests keeps the envelope).
    private let type: RecordType

    package init(schema: Schema) {
        self.schema = schema
        func f(_ name: String, _ type: ValueType, _ d: Value? = nil) -> FieldSpec {
            FieldSpec(name: name, type: type, label: Localized(uniform: name), defaultValue: d, minimum: nil, maximum: nil)
        }
        type = RecordType(name: "request", label: Localized(uniform: "request"),
                          fields: [f("household", .record(schema.root)), f("programs", .list(.string), .list([])), f("as_of", .string), f("lang", .string), f("level", .string)])
    }

    package struct Request: Sendable {
        package let household: RecordValue
        package let programs: [String]
        package let asOf: String?
        package let lang: String?
        package let level: String?
    }

    package func read(_ bytes: [UInt8]) -> Result<Request, DiagnosticList> {
        let (v, diagnostics) = JSONRecordReader.readRecord(bytes, range: 0..<bytes.count, type: type, source: "request body", line: 1,
                                                           trailing: Localized("envelope.unexpected-text-after-request"))
        if !diagnostics.isEmpty { return .failure(diagnostics) }
        guard case .record(let r) = v, case .record(let household)? = r["household"] else {
            let m = Localized("envelope.household-request-needs-household")
            return .failure(DiagnosticList([Diagnostic(code: .recordType, translated: m, file: "request body", location: nil)]))
        }
        func text(_ n: String) -> String? { if case .text(let s)? = r[n] { return s }; return nil }
        var programs: [String] = []
        if case .list(let xs)? = r["programs"] {
            for (i, x) in xs.enumerated() {
                guard case .text(let s) = x else {
                    let m = Localized("envelope.programs-expected-programme-id", ["i": i])
                    return .failure(DiagnosticList([Diagnostic(code: .recordType, translated: m, file: "request body", location: nil)]))
                }
                programs.append(s)
            }
        }
        return .success(Request(household: household, programs: programs, asOf: text("as_of"), lang: text("lang"), level: text("level")))
    }
}

/// The envelope reader of the rules in force, made once per rule set rather than per request.
package final class DecisionEnvelopes: Sendable {
    private let last = Mutex<(rules: RuleSet, envelope: DecisionEnvelope)?>(nil)

    package init() {}

    /// The reader for `rules`' schema (the one made for the same rule set before, if any).
    package func envelope(for rules: RuleSet) -> DecisionEnvelope {
        last.withLock { l in
            if let l, l.rules === rules { return l.envelope }
            let e = DecisionEnvelope(schema: rules.schema)
            l = (rules, e)
            return e
        }
    }
}
