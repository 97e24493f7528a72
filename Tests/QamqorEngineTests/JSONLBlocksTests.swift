import Foundation
import Testing
@testable import QamqorEngine

/// Reading JSONL in blocks: every line once, numbered as in the file, and lines too long to keep
/// reported by number instead of held in memory.
@Suite("JSONL blocks")
struct JSONLBlocksTests {
    /// The lines read (number → text) and the numbers of the lines reported too long.
    /// With `recycling`, each block's bytes are handed back once read, as a batch does, and
    /// later blocks are read into them.
    static func read(_ text: String, blockSize: Int, maxLineBytes: Int, recycling: Bool = false) throws -> (lines: [Int: String], tooLong: [Int], largestBlock: Int) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("blocks-\(UUID().uuidString).jsonl")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var blocks = JSONLBlocks(handle: try FileHandle(forReadingFrom: url), blockSize: blockSize, maxLineBytes: maxLineBytes)
        var lines: [Int: String] = [:], tooLong: [Int] = [], largest = 0
        while let b = try blocks.next() {
            tooLong += b.tooLong
            largest = max(largest, b.bytes.count)
            for (n, r) in b.lines { lines[n] = String(decoding: b.bytes[r], as: UTF8.self) }
            if recycling { blocks.recycle(b.bytes) }
        }
        return (lines, tooLong, largest)
    }

    static let long = String(repeating: "x", count: 100)

    static let cases: [(name: String, text: String, kept: [Int], tooLong: [Int])] = [
        ("short lines", "a\nbb\n\nccc\n", [1, 2, 4], []),
        ("no final newline", "a\nbb", [1, 2], []),
        ("a long line in the middle", "a\n\(long)\nb\nc\n", [1, 3, 4], [2]),
        ("a long line at the end, no newline", "a\nb\n\(long)", [1, 2], [3]),
        ("two long lines in a row", "\(long)\n\(long)\nz\n", [3], [1, 2]),
        ("a line just within the limit", "a\n\(String(repeating: "y", count: 20))\nb\n", [1, 2, 3], []),
    ]

    @Test("every line is read once with its number; a line past the limit is reported, not kept", arguments: cases)
    func blocks(_ c: (name: String, text: String, kept: [Int], tooLong: [Int])) throws {
        let r = try Self.read(c.text, blockSize: 8, maxLineBytes: 20)
        #expect(r.lines.keys.sorted() == c.kept, "\(c.name)")
        #expect(r.tooLong == c.tooLong, "\(c.name)")
        #expect(!r.lines.values.contains { $0.contains("x") }, "\(c.name)")
        // Memory stays within blocks and the longest line kept, whatever the file holds.
        #expect(r.largestBlock <= 8 + 20 + 8, "\(c.name)")
        // Reading into the bytes of earlier blocks gives the same lines and reports.
        let again = try Self.read(c.text, blockSize: 8, maxLineBytes: 20, recycling: true)
        #expect(again.lines == r.lines && again.tooLong == r.tooLong, "\(c.name)")
        #expect(again.largestBlock <= 8 + 20 + 8, "\(c.name)")
    }

    @Test("a batch rejects a long line by its number and decides the others")
    func batch() throws {
        let households = (0..<3).map(HouseholdGenerator(seed: 5).line)
        let giant = "{\"application\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("long-\(UUID().uuidString).jsonl")
        try ([households[0], giant, households[1], households[2]].joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        var rejects = ""
        let summary = try BatchRunner(rules: Repo.ruleSet, programs: ["ata"], jobs: 1)
            .run(input: try FileHandle(forReadingFrom: url), output: { _ in }, rejects: { rejects += String(decoding: $0, as: UTF8.self) })
        #expect(summary.read == 4 && summary.decided == 3 && summary.rejected == 1)
        #expect(rejects == "{\"line\":2,\"error\":\"the line is longer than 1024 KB; one household takes a few KB\"}\n")
    }
}
