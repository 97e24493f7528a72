import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether an address or a name is this machine's loopback, decided from the address itself and
/// never from how its text begins (`127.attacker.example` is a DNS name, not a loopback address).
public enum LoopbackAddress {
    /// True when `literal` is an IPv4 address in 127.0.0.0/8 or the IPv6 loopback `::1`
    /// (with or without brackets), written as an address: no name is looked up.
    public static func isLiteral(_ literal: String) -> Bool {
        var text = literal
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return UInt32(bigEndian: v4.s_addr) >> 24 == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let bytes = withUnsafeBytes(of: v6) { Array($0) }
            if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return true }
            // ::ffff:127.x.x.x, an IPv4 loopback address written as IPv6.
            if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff { return bytes[12] == 127 }
        }
        return false
    }

    /// True when a request's `Host` names loopback without any lookup: `localhost` (or a name
    /// under `.localhost`, which resolvers keep on this machine) or a loopback address.
    public static func isLoopbackHostName(_ name: String) -> Bool {
        let n = name.lowercased()
        return n == "localhost" || n.hasSuffix(".localhost") || isLiteral(n)
    }

    /// True when every address `host` resolves to is a loopback address (and it resolves to at
    /// least one): what `qamqor serve --host` listens on without `--auth`.
    public static func resolvesOnlyToLoopback(_ host: String) -> Bool {
        var text = host
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if isLiteral(text) { return true }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(text, nil, &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(list) }
        var node: UnsafeMutablePointer<addrinfo>? = first
        var any = false
        while let n = node {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard let sa = n.pointee.ai_addr,
                  getnameinfo(sa, n.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0,
                  isLiteral(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)) else { return false }
            any = true
            node = n.pointee.ai_next
        }
        return any
    }

    /// The host part of a `Host` header (`name`, `name:port`, `[v6]:port`), lower-cased; nil
    /// when it is not of that form.
    public static func hostPart(ofHostHeader header: String) -> String? {
        let h = header.lowercased()
        if h.hasPrefix("[") {
            guard let close = h.firstIndex(of: "]") else { return nil }
            let rest = h[h.index(after: close)...]
            guard rest.isEmpty || (rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isASCIIDigitCharacter)) else { return nil }
            return String(h[...close])
        }
        let parts = h.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.first, !name.isEmpty else { return nil }
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(\.isASCIIDigitCharacter) { return nil }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }), name.utf8.count <= 253 else { return nil }
        return String(name)
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
