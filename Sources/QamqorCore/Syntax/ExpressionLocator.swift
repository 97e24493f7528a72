import QamqorSupport
import Yams

/// Maps an offset inside an expression string back to the line and column of the file it came from,
/// so that an error in `when: per_capita_incme < poverty_line` points at the typo itself.
///
/// The scalar's value is matched character by character against the raw text from the node's mark:
/// quotes, block indicators, indentation and line folds are skipped over. This handles plain,
/// quoted and block scalars; inside escapes of double-quoted scalars it stays on the nearest
/// character.
package struct ExpressionLocator: Sendable {
    /// Position of each Unicode scalar of the expression text, plus one past the end.
    private let positions: [SourceLocation]

    /// A locator for a scalar `node` read from `source`.
    package init(node: Node.Scalar, source: SourceFile) {
        let value = Array(node.string.unicodeScalars)
        var result: [SourceLocation] = []
        result.reserveCapacity(value.count + 1)
        guard let mark = node.mark else {
            positions = Array(repeating: SourceLocation(line: 1, column: 1), count: value.count + 1)
            return
        }
        var line = mark.line
        var col = mark.column
        var lineText = source.line(line).map { Array($0.unicodeScalars) } ?? []
        func current() -> Unicode.Scalar? {
            col - 1 < lineText.count ? lineText[col - 1] : (source.line(line + 1) != nil ? "\n" : nil)
        }
        func advance() {
            if col - 1 < lineText.count { col += 1 } else {
                line += 1; col = 1
                lineText = source.line(line).map { Array($0.unicodeScalars) } ?? []
            }
        }
        for ch in value {
            var steps = 0
            while let s = current(), steps < 4096 {
                if s == ch || (ch == " " && s == "\n") { break }
                advance(); steps += 1
            }
            result.append(SourceLocation(line: line, column: col))
            if current() != nil { advance() }
        }
        result.append(SourceLocation(line: line, column: col))
        positions = result
    }

    /// A locator for text that sits at a known position on one line (used by tests and inline text).
    package init(line: Int, column: Int, length: Int) {
        positions = (0...length).map { SourceLocation(line: line, column: column + $0) }
    }

    /// The location of the characters `range` (offsets in Unicode scalars of the expression text).
    package func location(of range: Range<Int>) -> SourceLocation {
        guard !positions.isEmpty else { return SourceLocation(line: 1, column: 1) }
        let start = positions[min(max(0, range.lowerBound), positions.count - 1)]
        let endIndex = min(max(range.lowerBound, range.upperBound - 1), positions.count - 1)
        let end = positions[endIndex]
        let length = end.line == start.line ? end.column - start.column + 1 : 1
        return SourceLocation(line: start.line, column: start.column, length: max(1, length))
    }
}
