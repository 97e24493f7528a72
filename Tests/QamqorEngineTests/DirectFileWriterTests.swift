import Foundation
import Testing
@testable import QamqorEngine

/// A batch's decisions written past the page cache: the file must hold exactly the bytes given,
/// whatever the sizes of the pieces against the 4 KB blocks and the buffer.
@Suite("Direct file writer")
struct DirectFileWriterTests {
    /// (name, sizes of the pieces written, buffer size)
    static let cases: [(String, [Int], Int)] = [
        ("nothing", [], 8192),
        ("less than a block", [1, 10, 100], 8192),
        ("exactly a block", [4096], 8192),
        ("exactly the buffer", [8192], 8192),
        ("pieces across blocks and buffers", [4095, 2, 4095, 10_000, 1, 8191, 3], 8192),
        ("one piece of several buffers", [50_001], 8192),
        ("many decision-sized lines", Array(repeating: 880, count: 300), 16384),
    ]

    @Test("the file holds exactly the bytes written, in order", arguments: cases)
    func exact(_ name: String, _ sizes: [Int], _ bufferSize: Int) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("direct-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        var expected: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        // Only a tmpfs may refuse direct writes (then the writer says so and batch writes as usual);
        // anywhere else, the direct path must be the one tested.
        let isTmpfs = Self.fileSystem(of: url.path) == "tmpfs"
        let made = DirectFileWriter(fd: handle.fileDescriptor, bufferSize: bufferSize)
        if isTmpfs && made == nil { return }
        let writer = try #require(made, "direct writes refused on \(url.path)")
        for (k, n) in sizes.enumerated() {
            let piece = (0..<n).map { i in i == n - 1 ? 10 : UInt8(truncatingIfNeeded: 32 + (k * 7 + i + Int(generator.next() % 5)) % 90) }
            try writer.write(piece)
            expected += piece
        }
        try writer.finish()
        try handle.close()
        #expect(try Data(contentsOf: url) == Data(expected), "\(name)")
    }

    /// The type of the file system `path` is on, from the longest mount point above it.
    static func fileSystem(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return nil }
        var best: (point: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let f = line.split(separator: " ")
            guard f.count > 2 else { continue }
            let point = String(f[1])
            if path.hasPrefix(point), point.count > (best?.point.count ?? -1) { best = (point, String(f[2])) }
        }
        return best?.type
    }

    @Test("not a regular empty file: written as usual instead")
    func refused() throws {
        let null = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/null"))
        #expect(DirectFileWriter(fd: null.fileDescriptor) == nil)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("direct-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: url.path, contents: Data("already here\n".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forWritingTo: url)
        #expect(DirectFileWriter(fd: handle.fileDescriptor) == nil)
    }
}
