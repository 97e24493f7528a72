/// Where a renderer writes JSON, event by event: straight into bytes (``JSONBytes``, for the
/// batch and the service — no tree, no intermediate strings) or into a ``JSONValue`` tree
/// (``JSONTree``, for documents that are assembled further or printed indented). A renderer
/// written once against this protocol gives both, identical.
///
/// Guarantees (for both writers): a key is written only inside an object and before its value;
/// values in an object follow a key; every `begin` is closed by its `end`. Breaking these is a
/// programming error in the renderer, checked in debug builds.
public protocol JSONOutput {
    mutating func beginObject()
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    /// The key of the next value in the open object: a name written in the renderer (plain
    /// ASCII letters, digits and `_`, so written without escaping).
    mutating func key(_ k: StaticString)
    /// A key made at run time (escaped as needed).
    mutating func key(named k: String)
    mutating func string(_ s: String)
    /// A number given as its exact text (money is never routed through a binary float).
    mutating func number(_ text: String)
    mutating func bool(_ b: Bool)
    mutating func null()
}

extension JSONOutput {
    /// An object whose members `body` writes.
    @inline(__always) public mutating func object(_ body: (inout Self) -> Void) {
        beginObject(); body(&self); endObject()
    }

    /// An array whose elements `body` writes.
    @inline(__always) public mutating func array(_ body: (inout Self) -> Void) {
        beginArray(); body(&self); endArray()
    }

    public mutating func string(_ s: String?) { if let s { string(s) } else { null() } }

    public mutating func number(_ n: Int) { number(String(n)) }

    /// A whole tree (small values built elsewhere, such as a formatted value).
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .number(let n): number(n)
        case .string(let s): string(s)
        case .array(let xs):
            beginArray()
            for x in xs { value(x) }
            endArray()
        case .object(let kv):
            beginObject()
            for (k, x) in kv { key(named: k); value(x) }
            endObject()
        }
    }
}

/// Compact JSON written straight into bytes of its own (a growable buffer: writing a byte is a
/// store, not a call through an array's uniqueness and capacity checks).
///
/// Guarantees: `bytes` is everything written since it was made or last emptied; a copy of a
/// `JSONBytes` shares nothing written after the copy with the original.
public struct JSONBytes: JSONOutput {
    private var sink: OwnedBytes
    /// Whether the next member or element needs a comma before it.
    private var needsComma = false

    public init(capacity: Int = 4096) {
        sink = OwnedBytes(capacity: capacity)
    }

    /// What was written, as an array.
    public var bytes: [UInt8] { Array(sink.line.bytes) }

    /// What was written, to be copied somewhere else without making an array.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try body(sink.line.bytes) }

    /// Empties it (its memory is kept) for the next document.
    public mutating func removeAll() {
        unique()
        sink.line.removeAll()
        needsComma = false
    }

    /// A newline after a document: the next value starts a new one (a JSONL line).
    public mutating func endLine() { write(10); needsComma = false }

    @inline(__always) private mutating func unique() {
        if !isKnownUniquelyReferenced(&sink) { sink = sink.copy() }
    }

    @inline(__always) private mutating func write(_ byte: UInt8) { unique(); sink.line.write(byte) }
    @inline(__always) private mutating func write(_ text: StaticString) { unique(); sink.line.write(text) }

    @inline(__always) private mutating func separate() {
        if needsComma { write(44) }
    }

    public mutating func beginObject() { separate(); write(123); needsComma = false }
    public mutating func endObject() { write(125); needsComma = true }
    public mutating func beginArray() { separate(); write(91); needsComma = false }
    public mutating func endArray() { write(93); needsComma = true }

    public mutating func key(_ k: StaticString) {
        separate()
        write(34)
        sink.line.write(k)
        sink.line.write(34)
        sink.line.write(58)
        needsComma = false
    }

    public mutating func key(named k: String) {
        separate()
        unique()
        JSONValue.appendQuoted(k, to: &sink.line)
        sink.line.write(58)
        needsComma = false
    }

    public mutating func string(_ s: String) { separate(); unique(); JSONValue.appendQuoted(s, to: &sink.line); needsComma = true }

    public mutating func number(_ text: String) {
        separate()
        unique()
        var t = text
        t.withUTF8 { sink.line.write($0) }
        needsComma = true
    }

    public mutating func bool(_ b: Bool) {
        separate()
        b ? write("true") : write("false")
        needsComma = true
    }

    public mutating func null() { separate(); write("null"); needsComma = true }
}

/// The memory of a ``JSONBytes``, freed with it.
final class OwnedBytes {
    /// Used through one `JSONBytes` at a time (it copies before writing when shared): no
    /// dynamic exclusivity check.
    @exclusivity(unchecked) var line: LineBytes

    init(capacity: Int) { line = LineBytes(capacity: max(16, capacity)) }

    func copy() -> OwnedBytes {
        let c = OwnedBytes(capacity: line.count + 4096)
        c.line.write(line.bytes)
        return c
    }

    deinit { line.free() }
}

/// A ``JSONValue`` tree built from the same events.
public struct JSONTree: JSONOutput {
    /// An open object or array: its members so far (keys only for an object).
    private struct Open {
        let isObject: Bool
        var items: [JSONValue] = []
        var keys: [String] = []
    }

    private var stack: [Open] = []
    /// The finished document (null until one is written).
    public private(set) var value: JSONValue = .null

    public init() {}

    private mutating func add(_ v: JSONValue) {
        guard !stack.isEmpty else { value = v; return }
        assert(!stack[stack.count - 1].isObject || stack[stack.count - 1].keys.count == stack[stack.count - 1].items.count + 1,
               "a value in an object without a key")
        stack[stack.count - 1].items.append(v)
    }

    public mutating func beginObject() { stack.append(Open(isObject: true)) }
    public mutating func beginArray() { stack.append(Open(isObject: false)) }

    public mutating func endObject() {
        guard let o = stack.popLast(), o.isObject else { return assertionFailure("endObject without an open object") }
        add(.object(Array(zip(o.keys, o.items))))
    }

    public mutating func endArray() {
        guard let o = stack.popLast(), !o.isObject else { return assertionFailure("endArray without an open array") }
        add(.array(o.items))
    }

    public mutating func key(_ k: StaticString) { key(named: k.description) }

    public mutating func key(named k: String) {
        guard stack.last?.isObject == true else { return assertionFailure("a key outside an object") }
        stack[stack.count - 1].keys.append(k)
    }

    public mutating func string(_ s: String) { add(.string(s)) }
    public mutating func number(_ text: String) { add(.number(text)) }
    public mutating func bool(_ b: Bool) { add(.bool(b)) }
    public mutating func null() { add(.null) }
}
