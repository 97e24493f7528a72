import QamqorSupport
/// What a traced decision recorded, as typed events in the order they happened: every value a
/// node of the checked tree produced, each named condition's result and the stretch of events
/// its test produced, the values of each reason's placeholders, and the dated figures ageing
/// parameters gave. The explainer reads only this (cel-go's evaluation state, OPA's trace
/// events: one stream, several views).
///
/// Tracing is a wrapper: ``recording(_:node:)`` wraps a compiled node so that it appends its
/// value here; the untraced tree is compiled from the same checked tree without the wrapper and
/// never touches a trace.
///
/// A trace belongs to one frame, used by one thread at a time; ``reset()`` empties it for the
/// next household and keeps its memory.
package final class DecisionTrace {
    /// One value produced by one node of the checked tree (``TypedExpr/id``).
    package typealias Event = TraceEvents.Event

    /// A placeholder of a condition's reason and the value it had (nil when it could not be
    /// evaluated: the reason then shows the placeholder as written).
    package struct ReasonValue {
        package let name: String
        package let expr: TypedExpr
        package let value: Value?
    }

    /// A dated figure an ageing parameter gave: which table, key and day, and the entry it read
    /// (its value, the day it is dated and its source), so that nothing looks it up again.
    package struct Figure {
        package let table: ParameterTable
        package let key: Int?
        package let day: Day
        package let entry: ParameterTable.Entry
    }

    /// Every value recorded, in order, with each node's latest.
    package let events = TraceEvents()
    /// Used by one thread at a time (see the type's note): no dynamic exclusivity check.
    /// Each condition's result by its slot (``ConditionPlan/slot``); nil where not evaluated.
    @exclusivity(unchecked) private var results: [Value?] = []
    /// The part of `events` each test produced, by slot.
    @exclusivity(unchecked) private var ranges: [Range<Int>?] = []
    /// The reasons' placeholder values, by slot.
    @exclusivity(unchecked) private var reasons: [[ReasonValue]?] = []
    /// The slots set since the last reset.
    @exclusivity(unchecked) private var slotsSet: [Int] = []
    /// The dated figures, in the order first read, each once.
    @exclusivity(unchecked) package private(set) var figures: [Figure] = []

    /// Empties the trace for the next decision; the arrays keep their capacity.
    package func reset() {
        events.removeAll()
        for s in slotsSet { results[s] = nil; ranges[s] = nil; reasons[s] = nil }
        slotsSet.removeAll(keepingCapacity: true)
        if !figures.isEmpty { figures.removeAll(keepingCapacity: true) }
    }

    /// The number of events so far: where the next test's stretch starts.
    package var count: Int { events.count }

    /// Records that `node` produced `value`.
    @inline(__always) package func record(_ node: Int, _ value: Value) {
        events.append(node, value)
    }

    /// Wraps a compiled node so that each value it produces is recorded in the frame's trace:
    /// the decorator that makes a traced tree out of the untraced one's pieces.
    package static func recording(_ inner: @escaping Eval, node: Int) -> Eval {
        { f throws(EvaluationError) in
            let v = try inner(f)
            f.trace.record(node, v)
            return v
        }
    }

    private func grow(to slot: Int) {
        guard slot >= results.count else { return }
        let n = slot + 1 - results.count
        results.append(contentsOf: repeatElement(nil, count: n))
        ranges.append(contentsOf: repeatElement(nil, count: n))
        reasons.append(contentsOf: repeatElement(nil, count: n))
    }

    /// Records condition `slot`'s result, and the stretch of events its test produced.
    package func recordCondition(_ slot: Int, _ v: Value, events range: Range<Int>?) {
        grow(to: slot)
        if results[slot] == nil && ranges[slot] == nil && reasons[slot] == nil { slotsSet.append(slot) }
        results[slot] = v
        if let range { ranges[slot] = range }
    }

    /// Records the values of condition `slot`'s reason placeholders.
    package func recordReason(_ slot: Int, _ values: [ReasonValue]) {
        grow(to: slot)
        if results[slot] == nil && ranges[slot] == nil && reasons[slot] == nil { slotsSet.append(slot) }
        reasons[slot] = values
    }

    /// Notes that an ageing parameter gave `entry` of `table` for `key` on `day`.
    package func recordFigure(_ table: ParameterTable, key: Int?, day: Day, entry: ParameterTable.Entry) {
        if !figures.contains(where: { $0.table.name == table.name && $0.key == key && $0.day == day }) {
            figures.append(Figure(table: table, key: key, day: day, entry: entry))
        }
    }

    /// Condition `slot`'s result, nil when the decision did not evaluate it.
    package func result(_ slot: Int) -> Value? { slot >= 0 && slot < results.count ? results[slot] : nil }

    /// The stretch of events condition `slot`'s test produced.
    package func range(_ slot: Int) -> Range<Int>? { slot >= 0 && slot < ranges.count ? ranges[slot] : nil }

    /// The values of condition `slot`'s reason placeholders (empty when it has none).
    package func reasonValues(_ slot: Int) -> [ReasonValue] { slot >= 0 && slot < reasons.count ? reasons[slot] ?? [] : [] }

    /// The value `node` (≥ 0) produced within `range` (its last occurrence there), or else anywhere
    /// in the trace (household-level values are traced once: the last occurrence is theirs).
    package func value(of node: Int, in range: Range<Int>?) -> Value? {
        guard let last = events.last(node) else { return nil }
        if let range, last >= range.upperBound {
            // Produced again after the range: look inside it.
            var i = range.upperBound - 1
            while i >= range.lowerBound {
                if let e = events[i], e.node == node { return e.value }
                i -= 1
            }
        }
        // Inside the range, its last event there is the last of all; before it, none is inside.
        return events[last]?.value
    }
}
