import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange written byte for byte on a TCP socket: what a browser tricked by another
/// site, or an attacker, can send (any `Host`, any `Origin`), which URLSession would tidy up.
struct RawHTTP {
    struct Answer {
        let status: Int
        let headers: [String: String]
        let body: String
        /// The server closed the connection (rather than the read timing out).
        var closedByServer = true
        func header(_ name: String) -> String? { headers[name.lowercased()] }
    }

    /// Sends `head` lines (the request line first; `Connection: close` and `Content-Length` are
    /// added) and `body` to 127.0.0.1:`port`, and reads the answer until the server closes.
    /// `slowly`: read at most that many bytes at a time, pausing 100 ms between reads, from a
    /// socket with a small receive buffer — a client on a slow line.
    static func send(port: Int, _ head: [String], body: String = "", close: Bool = true, readTimeout: Int = 20, slowly: Int? = nil) throws -> Answer {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("no socket") }
        defer { Glibc.close(fd) }
        if slowly != nil {
            var size: Int32 = 16384
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TestFailure("cannot connect to port \(port)") }
        let bytes = Array(body.utf8)
        var text = head.joined(separator: "\r\n") + "\r\n" + (close ? "Connection: close\r\n" : "")
        if !bytes.isEmpty || head[0].hasPrefix("POST") || head[0].hasPrefix("PUT") { text += "Content-Length: \(bytes.count)\r\n" }
        let request = Array((text + "\r\n").utf8) + bytes
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw TestFailure("write failed") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var closed = true
        while true {
            let n = read(fd, &buffer, slowly ?? buffer.count)
            if n < 0 { closed = false; break }
            if n == 0 { break }
            received += buffer[0..<n]
            if slowly != nil { usleep(100_000) }
        }
        let all = String(decoding: received, as: UTF8.self)
        guard let split = all.range(of: "\r\n\r\n") else { throw TestFailure("no answer: \(all.prefix(200))") }
        let lines = all[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var headers: [String: String] = [:]
        for l in lines.dropFirst() {
            guard let colon = l.firstIndex(of: ":") else { continue }
            headers[l[..<colon].lowercased()] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Answer(status: status, headers: headers, body: String(all[split.upperBound...]), closedByServer: closed)
    }
}
