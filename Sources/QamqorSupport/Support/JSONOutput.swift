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
    @inlinable @inline(__always) public mutating func object(_ body: (inout Self) -> Void) {
        beginObject(); body(&self); endObject()
    }

    /// An array whose elements `body` writes.
    @inlinable @inline(__always) public mutating func array(_ body: (inout Self) -> Void) {
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

/// Compact JSON written straight into memory of its own (a growable buffer: writing a byte is
/// a store, not a call through an array's uniqueness and capacity checks). A writer object, like
/// a stream: every reference to it writes into the same bytes.
///
/// Guarantees: `bytes` is everything written since it was made or last emptied; its memory is
/// freed with it.
public final class JSONBytes: JSONOutput {
    /// Written only through this object's methods, one call at a time (a writer is used by one
    /// thread): no dynamic exclusivity check.
    @exclusivity(unchecked) @usableFromInline var line: LineBytes
    /// Whether the next member or element needs a comma before it.
    @exclusivity(unchecked) @usableFromInline var needsComma = false

    public init(capacity: Int = 4096) {
        line = LineBytes(capacity: max(16, capacity))
    }

    deinit { line.free() }

    /// What was written, as an array.
    public var bytes: [UInt8] { Array(line.bytes) }

    /// What was written, to be copied somewhere else without making an array.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R { try body(line.bytes) }

    /// Empties it (its memory is kept) for the next document.
    @inlinable public func removeAll() {
        line.removeAll()
        needsComma = false
    }

    /// A newline after a document: the next value starts a new one (a JSONL line).
    @inlinable public func endLine() { line.write(10); needsComma = false }

    @inlinable @inline(__always) func separate() {
        if needsComma { line.write(44) }
    }

    @inlinable public func beginObject() { separate(); line.write(123); needsComma = false }
    @inlinable public func endObject() { line.write(125); needsComma = true }
    @inlinable public func beginArray() { separate(); line.write(91); needsComma = false }
    @inlinable public func endArray() { line.write(93); needsComma = true }

    @inlinable public func key(_ k: StaticString) {
        // `,"name":` in one reservation and plain stores.
        let n = k.utf8CodeUnitCount
        line.reserve(n + 4)
        if needsComma { line.put(44) }
        line.put(34)
        line.put(k.utf8Start, count: n)
        line.put(34)
        line.put(58)
        needsComma = false
    }

    @inlinable public func key(named k: String) {
        separate()
        JSONValue.appendQuoted(k, to: &line)
        line.write(58)
        needsComma = false
    }

    @inlinable public func string(_ s: String) { separate(); JSONValue.appendQuoted(s, to: &line); needsComma = true }

    @inlinable public func number(_ text: String) {
        separate()
        var t = text
        t.withUTF8 { line.write($0) }
        needsComma = true
    }

    @inlinable public func bool(_ b: Bool) {
        separate()
        b ? line.write("true") : line.write("false")
        needsComma = true
    }

    @inlinable public func null() { separate(); line.write("null"); needsComma = true }
}

/// A ``JSONValue`` tree built from the same events.
public struct JSONTree: JSONOutput {
    /// An open object or array: its members so far (keys only for an object).
    private struct Open {
        package let isObject: Bool
        package var items: [JSONValue] = []
        package var keys: [String] = []
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
