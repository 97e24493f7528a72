import Crypto
import QamqorEngine
import Foundation

/// The bearer tokens a service accepts, read from the file named by `--auth`: each with a name,
/// its roles and the SHA-256 digest of the token (the token itself is never stored).
///
/// ```json
/// {"tokens": [{"name": "Aigerim S. (Almaty akimat)", "roles": ["caseworker"], "sha256": "9f86d0…"}]}
/// ```
///
/// Guarantees: a token is compared by its digest against every entry in time that does not depend
/// on where the first differing byte is; a file with an unknown role, a bad digest, a missing
/// name or a digest given twice is refused at start, naming the entry.
public struct TokenTable: Sendable {
    public struct Entry: Codable, Sendable {
        public var name: String
        public var roles: [Role]
        public var sha256: String

        public init(name: String, roles: [Role], sha256: String) { self.name = name; self.roles = roles; self.sha256 = sha256 }
    }

    struct File: Codable { var tokens: [Entry] }

    public let entries: [Entry]
    private let digests: [[UInt8]]

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(entries: [Entry]) throws {
        var digests: [[UInt8]] = []
        for (i, e) in entries.enumerated() {
            guard !e.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw Invalid(description: "token \(i + 1) has no name") }
            guard !e.roles.isEmpty else { throw Invalid(description: "token \(i + 1) (\(e.name)) has no role") }
            guard let d = Self.bytes(hex: e.sha256), d.count == 32 else {
                throw Invalid(description: "token \(i + 1) (\(e.name)): `sha256` must be 64 hexadecimal digits")
            }
            guard !digests.contains(d) else { throw Invalid(description: "token \(i + 1) (\(e.name)) has the digest of an earlier token") }
            digests.append(d)
        }
        self.entries = entries
        self.digests = digests
    }

    /// Reads a token file; the error names the file and what is wrong.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw Invalid(description: "\(path): cannot read the token file") }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw Invalid(description: "\(path): not a token file ({\"tokens\": [{\"name\", \"roles\", \"sha256\"}]}; roles: \(Role.allCases.map(\.rawValue).joined(separator: ", "))): \(error)")
        }
        do { try self.init(entries: file.tokens) } catch { throw Invalid(description: "\(path): \(error)") }
    }

    /// The file's text for `entries`, as `qamqor token` writes it.
    public static func text(_ entries: [Entry]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(File(tokens: entries)), as: UTF8.self) + "\n"
    }

    /// The caller a token belongs to, or nil.
    public func caller(token: String) -> Caller? {
        let d = Array(SHA256.hash(data: Array(token.utf8)))
        var found: Int?
        // Every entry is compared in full: the time taken says nothing about which bytes matched.
        for (i, known) in digests.enumerated() where Self.constantTimeEqual(known, d) && found == nil { found = i }
        return found.map { Caller(name: entries[$0].name, roles: Set(entries[$0].roles)) }
    }

    /// A new random token (256 bits, URL-safe) and its digest as the file keeps it.
    public static func newToken() -> (token: String, sha256: String) {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &g) }
        let token = "qmq_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (token, hex(Array(SHA256.hash(data: Array(token.utf8)))))
    }

    /// The digest of `token` as a token file keeps it.
    public static func digest(_ token: String) -> String { hex(Array(SHA256.hash(data: Array(token.utf8)))) }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }

    static func hex(_ bytes: [UInt8]) -> String { Hex.lowercase(bytes) }

    static func bytes(hex: String) -> [UInt8]? {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        var i = 0
        while i < u.count {
            guard let h = UInt8(String(decoding: u[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
            out.append(h)
            i += 2
        }
        return out
    }
}
