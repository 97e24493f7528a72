import QamqorSupport
/// Three-valued (Kleene) logic, written once for every place that combines conditions: `and` and
/// `or`, a rule's `all:` and `any:` groups (untraced, traced and explained), and the `all(…)` and
/// `any(…)` of a collection.
///
/// A group of `all` (or `and`) is decided by the first `false`, a group of `any` (or `or`) by the
/// first `true`; when nothing decides it, unknown results make it unknown, with their missing
/// facts merged in order; otherwise it is `true` for `all` and `false` for `any`.
package enum ThreeValued {
    /// Whether `v` decides a group at once: `false` in an `all`, `true` in an `any`.
    @inline(__always) package static func decides(_ v: Value, all: Bool) -> Bool {
        if case .bool(let b) = v { return b != all }
        return false
    }

    /// Two results of a group, the second computed only when the first does not decide it.
    @inline(__always) package static func pair(all: Bool, _ x: Value, _ y: () throws(EvaluationError) -> Value) throws(EvaluationError) -> Value {
        if decides(x, all: all) { return x }
        let r = try y()
        if decides(r, all: all) { return r }
        return Compiler.mergeUnknown(x, r) ?? .bool(all)
    }

    /// A group's result built one result at a time (a traced group keeps going after it is
    /// decided, so that every condition can be explained; the result is still the first decisive one).
    package struct Group {
        package let all: Bool
        package private(set) var decided: Value?
        private var unknown: Value?

        package init(all: Bool) { self.all = all }

        /// Adds the next result.
        package mutating func add(_ v: Value) {
            if decided != nil { return }
            if ThreeValued.decides(v, all: all) { decided = v; return }
            if v.isUnknown { unknown = unknown.map { Compiler.mergeUnknown($0, v) ?? $0 } ?? v }
        }

        /// The group's result so far.
        package var result: Value { decided ?? unknown ?? .bool(all) }
    }

    /// The same logic over bare results (`nil` = unknown), as the explainer sees them.
    package static func combine(all: Bool, _ results: [Bool?]) -> Bool? {
        if results.contains(!all) { return !all }
        if results.contains(where: { $0 == nil }) { return nil }
        return all
    }
}
