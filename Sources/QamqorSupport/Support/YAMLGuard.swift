import CYaml

/// Screens YAML text before it is composed, against documents that are small on disk but huge or
/// endless once read: alias bombs ("billion laughs"), aliases used as mapping keys (on which
/// composing does not terminate), and nesting deep enough to exhaust the stack.
///
/// It reads libyaml's event stream once and counts, for every anchor, how many nodes it expands to;
/// the document is refused when the expanded total passes the budget. Syntax errors are left for
/// the composer to report.
package enum YAMLGuard {
    /// Why a document was refused, and where.
    package struct Refusal: Error, Sendable {
        /// What is wrong, without words (so that the message catalogue itself can be screened).
        package enum Reason: Sendable, Equatable {
            case expandsBeyond(Int), aliasAsKey, nestsBeyond(Int)
        }
        package var reason: Reason
        package var line: Int
        package var column: Int

        /// The reason in every language.
        package var message: Localized {
            switch reason {
            case .expandsBeyond(let n): Localized("yaml.expands-beyond", ["budget": n])
            case .aliasAsKey: Localized("yaml.alias-as-key")
            case .nestsBeyond(let n): Localized("yaml.nests-beyond", ["depth": n])
            }
        }
    }

    /// Checks `text`; returns nil when it is safe to compose.
    package static func screen(_ text: String, nodeBudget: Int = 1_000_000, maxDepth: Int = 256) -> Refusal? {
        struct Frame { var anchor: String?; var size: Int; var isMapping: Bool; var children: Int }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buf -> Refusal? in
            yaml_parser_set_input_string(&parser, buf.baseAddress, buf.count)
            var anchors: [String: Int] = [:]
            var stack: [Frame] = []
            var total = 0
            func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
                p.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let line = Int(event.start_mark.line) + 1
                let column = Int(event.start_mark.column) + 1
                func addToParent(_ size: Int, isAlias: Bool, counted: Bool = false) -> Refusal? {
                    if !counted { total += size }
                    if total > nodeBudget {
                        return Refusal(reason: .expandsBeyond(nodeBudget), line: line, column: column)
                    }
                    if !stack.isEmpty {
                        if isAlias && stack[stack.count - 1].isMapping && stack[stack.count - 1].children % 2 == 0 {
                            return Refusal(reason: .aliasAsKey, line: line, column: column)
                        }
                        stack[stack.count - 1].size += size
                        stack[stack.count - 1].children += 1
                    }
                    return nil
                }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_ALIAS_EVENT:
                    let size = name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1
                    if let r = addToParent(size, isAlias: true) { return r }
                case YAML_SCALAR_EVENT:
                    if let a = name(event.data.scalar.anchor) { anchors[a] = 1 }
                    if let r = addToParent(1, isAlias: false) { return r }
                case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                    let isMapping = event.type == YAML_MAPPING_START_EVENT
                    let anchor = isMapping ? name(event.data.mapping_start.anchor) : name(event.data.sequence_start.anchor)
                    total += 1
                    stack.append(Frame(anchor: anchor, size: 1, isMapping: isMapping, children: 0))
                    if stack.count > maxDepth {
                        return Refusal(reason: .nestsBeyond(maxDepth), line: line, column: column)
                    }
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let f = stack.popLast() else { return nil }
                    if let a = f.anchor { anchors[a] = f.size }
                    if let r = addToParent(f.size, isAlias: false, counted: true) { return r }
                default:
                    break
                }
            }
        }
    }
}
