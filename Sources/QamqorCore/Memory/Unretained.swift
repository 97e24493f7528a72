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

/// A reference that neither counts nor keeps its object alive: for a closure that its object
/// owns (through the objects it holds), where a strong reference would be a cycle.
package struct UnownedReference<Object: AnyObject>: @unchecked Sendable {
    package unowned(unsafe) let object: Object

    package init(_ object: Object) { self.object = object }
}
