import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whole files in and out with the system calls themselves: bytes written from an array without
/// a copy into a `Data`, and a file read straight into one array.
///
/// Guarantees: `write` returns only once every byte is written, retrying interrupted calls, or
/// throws the system's reason; `read` gives the whole file or nil, never a part of it.
package enum FileBytes {
    /// The system's reason a write failed (a full disk, a closed pipe).
    package struct WriteFailure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Writes `bytes` whole to the open file `fd`.
    package static func write(_ bytes: [UInt8], to fd: Int32) throws(WriteFailure) {
        let failure: String? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return nil }
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, base + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                done += n
            }
            return nil
        }
        if let failure { throw WriteFailure(description: failure) }
    }

    /// The whole file at `path` read into one byte array (no intermediate copy), or nil.
    package static func read(_ path: String) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), (try? handle.seek(toOffset: 0)) != nil else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(end))
        var filled = 0
        let ok = bytes.withUnsafeMutableBytes { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            while filled < buffer.count {
                let n = Glibc.read(handle.fileDescriptor, base + filled, buffer.count - filled)
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { break }
                filled += n
            }
            return true
        }
        guard ok else { return nil }
        if filled < bytes.count { bytes.removeSubrange(filled...) }
        return bytes
    }
}
