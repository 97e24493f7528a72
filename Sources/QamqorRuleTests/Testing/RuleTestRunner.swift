import QamqorSupport
import QamqorCore
import Foundation
import Yams

/// Runs the rule tests written in YAML under `rules/tests/`: each case names a household (a sample
/// file, or one written inline), optional `with:` changes to it, a programme, an as-of date, and the
/// expected status, amount, form or missing facts. Policy officers run them with `qamqor test`.
///
/// ```yaml
/// tests:
///   - name: income exactly at the line is not eligible
///     household: households/almaty-widow-five-children.yaml   # in tests/households/
///     with: {members[0].incomes: []}
///     program: ata
///     as_of: 2025-06-01
///     expect: {status: ineligible}
/// ```
package struct RuleTestRunner {
    package let rules: RuleSet

    package init(rules: RuleSet) { self.rules = rules }

    /// The outcome of one test case.
    package struct Result: Sendable {
        package let name: String
        package let file: String
        package let location: SourceLocation?
        /// Empty when the case passed (in English).
        package let failures: [String]
        /// The same failures in the three languages, one for each of ``failures``.
        package let said: [Localized]
        /// For a case whose expected status, amount or form differs from what the rules give:
        /// the expected value's place in the test file and the value the rules now give — what
        /// a policy officer who has reviewed a deliberate change accepts as the new expectation.
        package var corrections: [Correction] = []
        /// The household the case decides, said in a line an officer reads in any language:
        /// its place, how many members, the application date (nil when it could not be read).
        package var household: Localized? = nil
        package var passed: Bool { failures.isEmpty }

        package init(name: String, file: String, location: SourceLocation?, said: [Localized], corrections: [Correction] = []) {
            self.name = name; self.file = file; self.location = location; self.said = said; self.failures = said.map(\.en); self.corrections = corrections
        }

        /// The failures in `language`.
        package func failures(in language: Language) -> [String] { said.map { $0[language] } }
    }

    /// One expected value of a test file and the value the rules give instead.
    package struct Correction: Sendable, Equatable {
        /// `status`, `amount` or `form`.
        package let key: String
        package let location: SourceLocation
        /// The expected value as written (a plain scalar).
        package let old: String
        package let new: String

        /// Its id in a file: `file:line:key` — what a policy officer accepts or rejects one by one.
        package func id(in file: String) -> String { "\(file):\(location.line):\(key)" }

        /// Whether the test's name says the opposite of the new expected status — «… is not
        /// eligible» now expecting `eligible`, or the other way round — so that accepting it would
        /// keep a name that is false: its name must be edited first.
        package func contradicts(name: String) -> Bool {
            guard key == "status" else { return false }
            let n = name.lowercased()
            let negative = ["not eligible", "ineligible", "is refused", "not admitted", "no longer", "құқылы емес", "қабылданбайды",
                            "не имеет права", "не получает", "не принимается", "отказ"].contains { n.contains($0) }
            let positive = !negative && ["eligible", "is admitted", "is served", "gets", "құқылы", "имеет право", "получает"].contains { n.contains($0) }
            switch new {
            case "eligible": return negative
            case "ineligible": return positive
            default: return false
            }
        }
    }

    /// `text` with each correction's old value replaced by the new one, where the file still
    /// has the old value at that place (a quoted or moved value is left alone); and how many were made.
    package static func applying(_ corrections: [Correction], to text: String) -> (text: String, applied: Int) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var applied = 0
        // From the end of each line back, so that earlier columns stay right.
        for c in corrections.sorted(by: { ($0.location.line, $0.location.column) > ($1.location.line, $1.location.column) }) {
            let i = c.location.line - 1
            guard lines.indices.contains(i) else { continue }
            let scalars = Array(lines[i].unicodeScalars)
            let start = c.location.column - 1, old = Array(c.old.unicodeScalars)
            guard start >= 0, start + old.count <= scalars.count, Array(scalars[start..<start + old.count]) == old else { continue }
            let after = start + old.count
            // The whole scalar, not the start of a longer one.
            if after < scalars.count, !(scalars[after] == "," || scalars[after] == "}" || scalars[after] == " " || scalars[after] == "#") { continue }
            var v = String.UnicodeScalarView(scalars[..<start])
            v.append(contentsOf: c.new.unicodeScalars)
            v.append(contentsOf: scalars[after...])
            lines[i] = String(v)
            applied += 1
        }
        return (lines.joined(separator: "\n"), applied)
    }

    /// Runs every test file of the rule set; file problems are reported as failed cases.
    /// `stop` is asked before each case: once it says so, no more cases run.
    package func runAll(stoppingWhen stop: () -> Bool = { false }) -> [Result] {
        var all: [Result] = []
        for f in rules.testFiles where !stop() { all += run(f, stoppingWhen: stop) }
        return all
    }

    /// Diagnostics as failures in the three languages (with file:line:col when `withPlace`).
    package static func said(_ items: [Diagnostic], withPlace: Bool) -> [Localized] {
        items.map { d in
            guard withPlace else { return Localized(each: d.message(in:)) }
            let place = "\(d.file):\(d.location.map { "\($0.line):\($0.column): " } ?? "")"
            return Localized(each: { place + d.message(in: $0) })
        }
    }

    /// Runs one test file.
    package func run(_ file: SourceFile, stoppingWhen stop: () -> Bool = { false }) -> [Result] {
        let doc: YAMLDocument
        switch YAMLDocument.load(file) {
        case .failure(let d): return [Result(name: "(file)", file: file.path, location: d.items.first?.location, said: Self.said(d.items, withPlace: true))]
        case .success(let x): doc = x
        }
        var r = NodeReader(source: file)
        guard let root = doc.root, let top = r.mapping(root, Place.testFile),
              let cases = r.sequence(r.require(top, "tests", in: Place.testFile, at: root), Place.key("tests")) else {
            return [Result(name: "(file)", file: file.path, location: nil, said: Self.said(r.diagnostics.items, withPlace: true))]
        }
        var results: [Result] = []
        for c in cases where !stop() { results.append(runCase(c, file: file)) }
        return results
    }

    private func runCase(_ node: Node, file: SourceFile) -> Result {
        var r = NodeReader(source: file)
        let location = node.location
        guard let entries = r.mapping(node, Place.testCase) else {
            return Result(name: "(case)", file: file.path, location: location, said: Self.said(r.diagnostics.items, withPlace: false))
        }
        r.checkKeys(entries, allowed: ["name", "household", "with", "program", "as_of", "expect"], in: Place.testCase)
        func entry(_ k: String) -> Node? { entries.first { $0.key == k }?.value }
        let name = entry("name").flatMap { r.scalar($0, Place.key("name")) } ?? "(unnamed)"
        var failures: [Localized] = []
        var corrections: [Correction] = []
        var said: Localized? = nil
        func finish() -> Result {
            var result = Result(name: name, file: file.path, location: location, said: Self.said(r.diagnostics.items, withPlace: false) + failures, corrections: corrections)
            result.household = said
            return result
        }
        func status(_ raw: String) -> Localized {
            guard let st = DecisionStatus(rawValue: raw) else { return Localized(uniform: raw) }
            return Localized(each: { Phrases(language: $0).status(st) })
        }
        func correct(_ node: Node, _ key: String, to new: String) {
            guard let s = node.scalar, s.style == .plain, let at = node.location else { return }
            corrections.append(Correction(key: key, location: at, old: s.string, new: new))
        }
        guard let program = r.scalar(r.require(entries, "program", in: Place.testCase, at: node), Place.key("program")) else { return finish() }
        guard rules.program(program) != nil else {
            failures.append(Localized("rule-test.program", ["program": program])); return finish()
        }
        var asOf: Day?
        if let a = entry("as_of") {
            guard let s = r.scalar(a, Place.key("as_of")), let d = Day(iso: s) else { failures.append(Localized("rule-test.must-date-yyyy-mm")); return finish() }
            asOf = d
        }
        guard let householdNode = r.require(entries, "household", in: Place.testCase, at: node) else { return finish() }
        var household: Node
        var householdSource = file
        if let ref = householdNode.scalar?.string {
            // Only a household of the rule set itself: never a path out of it, never the disk.
            guard let text = rules.testHouseholds[ref] else {
                let known = Suggestion.closest(to: ref, among: Array(rules.testHouseholds.keys))
                failures.append(Localized("rule-test.no-household", ["ref": ref, "folder": RuleFiles.householdFolder, "suggestion": known ?? "", "suggested": known != nil]))
                return finish()
            }
            householdSource = text
            switch YAMLDocument.load(householdSource) {
            case .failure(let d): failures += Self.said(d.items, withPlace: true); return finish()
            case .success(let d):
                guard let n = d.root else { failures.append(Localized("rule-test.household-file-empty", ["ref": ref])); return finish() }
                household = n
            }
        } else {
            household = householdNode
        }
        if let changes = entry("with") {
            for change in r.mapping(changes, Place.key("with")) ?? [] {
                switch NodePatch.set(change.key, to: change.value, in: household) {
                case .success(let n): household = n
                case .failure(let e): failures.append(Localized(uniform: "`with` \(change.key): \(e.message)"))
                }
            }
            if !failures.isEmpty { return finish() }
        }
        let record: RecordValue
        switch rules.recordReader.read(household, source: householdSource) {
        case .failure(let d): failures += Self.said(d.items, withPlace: true); return finish()
        case .success(let x): record = x
        }
        said = HouseholdLine.describe(record, schema: rules.schema)
        let decision: Decision
        do {
            guard let d = try rules.decide(record, asOf: asOf, programs: [program]).first else { return finish() }
            decision = d
        } catch {
            failures.append(Localized(each: error.message(in:))); return finish()
        }
        guard let expect = r.mapping(r.require(entries, "expect", in: Place.testCase, at: node), Place.key("expect")) else { return finish() }
        r.checkKeys(expect, allowed: ["status", "amount", "form", "missing"], in: Place.key("expect"))
        for e in expect {
            switch e.key {
            case "status":
                let want = e.value.scalar?.string ?? ""
                if want != decision.status.rawValue {
                    var got = decision.status.rawValue
                    if let err = decision.error { got += " (\(err.message) at \(err.site.file):\(err.site.location.line):\(err.site.location.column))" }
                    if !decision.missing.isEmpty { got += " (missing \(decision.missing.map(\.text).joined(separator: ", ")))" }
                    let w = status(want), g = status(decision.status.rawValue), more = String(got.dropFirst(decision.status.rawValue.count))
                    failures.append(Localized("rule-test.expected-status", ["want": w, "got": g, "more": more]))
                    if decision.error == nil { correct(e.value, "status", to: decision.status.rawValue) }
                }
            case "amount":
                let text = e.value.scalar?.string ?? ""
                if let want = ExactDecimal(parsing: text) {
                    if decision.amount != want {
                        let gotMoney = decision.amount.map { FormattedMoney(amount: $0) as any MessageArgument } ?? Localized("rule-test.no-amount")
                        failures.append(Localized("rule-test.expected-amount", ["want": FormattedMoney(amount: want), "got": gotMoney]))
                        correct(e.value, "amount", to: decision.amount.map(\.description) ?? "none")
                    }
                } else if text == "none" || text.isEmpty || text == "null" || text == "~" {
                    if let a = decision.amount {
                        failures.append(Localized("rule-test.expected-no-amount", ["got": FormattedMoney(amount: a)]))
                        correct(e.value, "amount", to: a.description)
                    }
                } else { failures.append(Localized("rule-test.amount-must-number-or")) }
            case "form":
                let want = e.value.scalar?.string ?? ""
                if want != (decision.form ?? "none") {
                    let got = decision.form ?? "none"
                    failures.append(Localized("rule-test.expected-form-got", ["want": want, "got": got]))
                    correct(e.value, "form", to: decision.form ?? "none")
                }
            case "missing":
                let want = (e.value.sequence.map { $0.compactMap { $0.scalar?.string } } ?? []).sorted()
                let got = decision.missing.map(\.text).sorted()
                if want != got {
                    let w = want.joined(separator: ", "), g = got.joined(separator: ", ")
                    failures.append(Localized("rule-test.expected-missing-got", ["w": w, "g": g]))
                }
            default: break
            }
        }
        return finish()
    }
}

/// Replaces one value inside a composed YAML document by a path such as
/// `members[1].birth_date` or `facts.refusals` — the `with:` of a rule test.
package enum NodePatch {
    package struct Failure: Error { let message: String }

    package static func set(_ path: String, to value: Node, in root: Node) -> Swift.Result<Node, Failure> {
        var parts: [Either] = []
        for piece in path.split(separator: ".") {
            var s = Substring(piece)
            if let b = s.firstIndex(of: "[") {
                if b > s.startIndex { parts.append(.key(String(s[..<b]))) }
                s = s[b...]
                while s.hasPrefix("["), let close = s.firstIndex(of: "]") {
                    guard let i = Int(s[s.index(after: s.startIndex)..<close]) else { return .failure(Failure(message: "bad index in `\(path)`")) }
                    parts.append(.index(i))
                    s = s[s.index(after: close)...]
                }
            } else { parts.append(.key(String(s))) }
        }
        return apply(parts[...], value, root)
    }

    package enum Either { case key(String), index(Int) }

    package static func apply(_ parts: ArraySlice<Either>, _ value: Node, _ node: Node) -> Swift.Result<Node, Failure> {
        guard let first = parts.first else { return .success(value) }
        switch (first, node) {
        case (.key(let k), .mapping(var m)):
            var pairs = Array(m)
            if let i = pairs.firstIndex(where: { $0.key.scalar?.string == k }) {
                switch apply(parts.dropFirst(), value, pairs[i].value) {
                case .success(let n): pairs[i] = (pairs[i].key, n)
                case .failure(let f): return .failure(f)
                }
            } else {
                guard parts.count == 1 else { return .failure(Failure(message: "no `\(k)` to change inside")) }
                pairs.append((Node(k), value))
            }
            m = Node.Mapping(pairs, m.tag, m.style, m.mark)
            return .success(.mapping(m))
        case (.index(let i), .sequence(let s)):
            var items = Array(s)
            guard i >= 0, i < items.count else { return .failure(Failure(message: "index \(i) is past the end (\(items.count) items)")) }
            switch apply(parts.dropFirst(), value, items[i]) {
            case .success(let n): items[i] = n
            case .failure(let f): return .failure(f)
            }
            return .success(.sequence(Node.Sequence(items, s.tag, s.style, s.mark)))
        default:
            return .failure(Failure(message: "the path does not match the household's shape"))
        }
    }
}

