import QamqorSupport
/// An object reached without counting references (see the ownership rule in `Memory.swift`).
///
/// Invariant: something else owns the object for as long as this reference is used — a
/// ``ProgramTable`` owns its programmes, and a decision holds the table through its frame.
/// Nothing here keeps an object alive. Kept in an array that its owner indexes in place
/// (`table[i].with { … }`), so that reaching one copies no array either.
package struct UnretainedReference<Object: AnyObject> {
    private let reference: Unmanaged<Object>

    package init(_ object: Object) { reference = .passUnretained(object) }

    /// Calls `body` with the object, counting no reference for the call; what `body` throws is
    /// thrown (nothing, for a body that cannot throw).
    @inline(__always) package func with<R, Failure: Error>(_ body: (Object) throws(Failure) -> R) throws(Failure) -> R {
        try reference._withUnsafeGuaranteedRef { o in Result { () throws(Failure) in try body(o) } }.get()
    }
}

/// Checked: the reference counts nothing and is only as good as its owner (the invariant above),
/// but it hands out a `Sendable` object only.
extension UnretainedReference: Sendable where Object: Sendable {}
