import QamqorSupport
/// FNV-1a, 64 bits: a stable content hash for rule-set versions (not for security).
package struct ContentHash {
    private var state: UInt64 = 0xcbf29ce484222325
    package mutating func add(_ text: String) {
        for b in text.utf8 { state = (state ^ UInt64(b)) &* 0x100000001b3 }
        state = (state ^ 0xff) &* 0x100000001b3
    }
    package var hex: String {
        let s = String(state, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
