import Foundation
import Testing
@testable import QamqorEngine

/// The performance code stays in the `Memory/` folders of the engine's layers
/// (`Sources/QamqorSupport/Memory/`, `Sources/QamqorCore/Memory/`), and their invariants are
/// checked in debug builds (see each folder's `Memory.swift`). Every target is scanned: the
/// engine's layers, the service and the CLI.
@Suite("Unsafe code contained in Memory/")
struct MemoryContainmentTests {
    /// What outside `Memory/` would mean raw memory, uncounted references or C calls for speed.
    static let unsafeConstructs = [
        "Unmanaged", "unowned(unsafe)", "_withUnsafeGuaranteedRef", "unsafeDowncast", "UnsafeMutable", "UnsafeRaw",
        "UnsafePointer", "copyMemory", ".allocate(", "deallocate", "assumingMemoryBound", "bindMemory", "loadUnaligned",
        "storeBytes", "memchr", "memcpy", "unsafeUninitializedCapacity", "withUnsafeMutable", "withUnsafeBytes",
        ".initialize(", "deinitialize", ".pointee", "unsafeBitCast", "baseAddress!", "@unchecked Sendable",
    ]

    /// Files outside `Memory/` allowed some of them, and why.
    static let exceptions: [String: String] = [
        "QamqorSupport/Support/YAMLGuard.swift": "drives libyaml's C API (the alias-bomb guard)",
        "QamqorService/Access/LoopbackAddress.swift": "reads the C resolver's address lists (getaddrinfo, inet_pton) to refuse a non-loopback --host",
    ]

    static var sources: URL { Repo.root.appendingPathComponent("Sources") }

    /// Every Swift file of every target, as `Target/folder/File.swift`.
    static func sourceFiles() throws -> [String] {
        let all = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String } ?? []
        return all.filter { $0.hasSuffix(".swift") }.sorted()
    }

    /// The targets' `Memory/` folders.
    static func memoryFolders() throws -> [String] {
        Set(try sourceFiles().compactMap { f -> String? in
            let parts = f.split(separator: "/")
            return parts.count == 3 && parts[1] == "Memory" ? "\(parts[0])/Memory/" : nil
        }).sorted()
    }

    @Test("no unsafe construct outside the Memory/ folders, in any target (but the listed exceptions)")
    func containment() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 150, "the sources were not found")
        for target in ["QamqorSupport", "QamqorCore", "QamqorBatch", "QamqorScore", "QamqorRuleTests", "QamqorEngine", "QamqorRequests", "QamqorService", "qamqor"] {
            #expect(files.contains { $0.hasPrefix(target + "/") }, "\(target) is not scanned")
        }
        let memory = try Self.memoryFolders()
        #expect(memory == ["QamqorCore/Memory/", "QamqorSupport/Memory/"])
        var found: [String] = []
        for f in files where !memory.contains(where: { f.hasPrefix($0) }) && Self.exceptions[f] == nil {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(f), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.components(separatedBy: "//").first ?? ""
                for c in Self.unsafeConstructs where code.contains(c) { found.append("\(f):\(n + 1): \(c)") }
            }
        }
        #expect(found.isEmpty, "unsafe code outside Memory/:\n\(found.joined(separator: "\n"))")
    }

    @Test("each Memory/ folder writes its invariants at the top")
    func invariantsWritten() throws {
        for folder in try Self.memoryFolders() {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(folder + "Memory.swift"), encoding: .utf8)
            for heading in ["## Who owns what", "## When a borrowed value may be read", "## Debug checks"] {
                #expect(text.contains(heading), "\(folder)Memory.swift")
            }
            // Every file of the folder is in its ownership list (by its main type or its name).
            for f in try Self.sourceFiles() where f.hasPrefix(folder) && f != folder + "Memory.swift" {
                let name = String(f.dropFirst(folder.count).dropLast(".swift".count))
                let listed = text.contains("``\(name)``") || text.contains("`\(name).swift`")
                #expect(listed, "\(folder)Memory.swift does not say who owns the memory of \(name)")
            }
        }
    }

    @Test("borrowed items: reads stay within the items in scope, pushes and pops balance")
    func borrowedItems() {
        var items = BorrowedItems()
        let xs: [Value] = (0..<40).map { .text("item \($0)") }
        for k in xs.indices { items.push(elementOf: xs, at: k) }
        let count = items.count
        #expect(count == 40)
        if case .text(let s) = items.item(0) { #expect(s == "item 39") } else { Issue.record("not the innermost item") }
        if case .text(let s) = items.item(39) { #expect(s == "item 0") } else { Issue.record("not the outermost item") }
        items.pushItem(39)
        if case .text(let s) = items.item(0) { #expect(s == "item 0") } else { Issue.record("not brought back into scope") }
        for _ in 0..<41 { items.pop() }
        let empty = items.isEmpty
        #expect(empty)
        withExtendedLifetime(xs) {}
    }

    @Test("a read of an item out of scope stops the process (also in release builds)")
    func outOfScopeStops() async {
        await #expect(processExitsWith: .failure) {
            var items = BorrowedItems()
            items.push(borrowing: .int(1))
            _ = items.item(1)
        }
    }

    @Test("debug builds stop a write past the room reserved", .enabled(if: Memory.checksInvariants))
    func putWithoutRoom() async {
        await #expect(processExitsWith: .failure) {
            var line = LineBytes(capacity: 16)
            line.reserve(16)
            for _ in 0..<17 { line.put(65) }
        }
    }

    @Test("debug builds stop a frame reset with an item left in scope", .enabled(if: Memory.checksInvariants))
    func unbalancedFrame() async {
        await #expect(processExitsWith: .failure) {
            let rules = Repo.ruleSet
            let record = RecordValue.make(type: rules.schema.root, fields: rules.schema.root.fields.map { _ in .unknown(.none) }, path: "")
            let frame = Frame(root: record, asOf: Day(ordinal: 0), cacheSize: rules.cacheSize, programs: rules.fast)
            frame.push(borrowing: .int(1))
            frame.reset(root: record, asOf: Day(ordinal: 0))
        }
    }

    /// The types that waive the compiler's `Sendable` check, and why each may cross threads.
    static let uncheckedSendable: [String: String] = [
        "FrozenBuffer": "memory written before the buffer is made and never after, freed by its owner after the last reader",
        "RecordValue": "a record's fields share its allocation (a ManagedBuffer); they are set only while a reader builds it, before it is shared",
        "SendableBuffer": "parallel slices write distinct indices of one buffer",
        "UncheckedSendable": "per-worker state handed to the worker that alone uses it",
    ]

    @Test("`@unchecked Sendable`: at most six, all in Memory/, each with its reason; the rule model is checked Sendable")
    func uncheckedSendable() throws {
        var found: [String] = []
        for f in try Self.sourceFiles() {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(f), encoding: .utf8)
            for line in text.split(separator: "\n") where (line.components(separatedBy: "//").first ?? "").contains("@unchecked Sendable") {
                let words = line.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "_" }).map(String.init)
                let name = words.first { Self.uncheckedSendable[$0] != nil } ?? String(line)
                found.append(name)
                #expect(f.split(separator: "/").dropFirst().first == "Memory", "\(f): \(line)")
            }
        }
        #expect(found.count <= 6, "\(found)")
        #expect(Set(found) == Set(Self.uncheckedSendable.keys), "waivers without a stated reason, or reasons without a waiver: \(found)")
        // The compiled rule model is checked by the compiler (these conformances would not
        // compile if a type held mutable state).
        func sendable<T: Sendable>(_: T.Type) -> Bool { true }
        #expect(sendable(RuleSet.self) && sendable(ProgramTable.self) && sendable(CompiledProgram.self) && sendable(ProgramPlan.self)
                && sendable(DefinitionPlan.self) && sendable(ScoringPlan.self) && sendable(RecordType.self) && sendable(ReadPlan.self))
    }
}
