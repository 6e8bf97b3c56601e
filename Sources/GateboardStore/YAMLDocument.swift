import Foundation
import GateboardCore
import Yams

/// A parsed YAML document: the root node composed by Yams, or every problem that stopped it.
/// Anchors and aliases are refused (our files never need them, and refusing them defuses
/// alias bombs), and so are custom tags (`!x key:`); libyaml bounds nesting depth, and we
/// bound it again while walking.
enum YAMLDocument {
    static func parse(_ text: String, display: String) -> Result<Node, BoardInvalid> {
        let parser: Parser
        let root: Node?
        do {
            parser = try Parser(yaml: text)
            root = try parser.singleRoot()
        } catch let error as YamlError {
            return .failure(BoardInvalid([diagnostic(error, text: text, display: display)]))
        } catch {
            return .failure(BoardInvalid([Diagnostic(path: display, message: "invalid YAML: \(error)")]))
        }
        // Anchors are weak references kept alive by the parser; inspect them while it lives.
        let anchors = withExtendedLifetime(parser) { anchoredNodes(in: root, display: display) }
        guard anchors.isEmpty else { return .failure(BoardInvalid(anchors)) }
        guard let root else { return .failure(BoardInvalid([Diagnostic(path: display, message: "file has no content")])) }
        return .success(root)
    }

    static let maxDepth = 64

    /// Every anchored node (an alias composes into a copy of its anchored node, so this finds
    /// aliases too), without descending into them, and any nesting deeper than `maxDepth`.
    private static func anchoredNodes(in root: Node?, display: String) -> [Diagnostic] {
        guard let root else { return [] }
        var found: [Diagnostic] = []
        var stack: [(Node, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast(), found.count < 20 {
            if node.anchor != nil {
                found.append(Diagnostic(path: display, line: node.mark?.line, column: node.mark?.column,
                                        message: "YAML anchors and aliases (& and *) are not allowed in board files"))
                continue
            }
            if let tag = customTag(node) {
                found.append(Diagnostic(path: display, line: node.mark?.line, column: node.mark?.column,
                                        message: "YAML tag '\(TerminalSafe.escape(tag))' is not allowed in board files (only YAML's standard types, like !!str)"))
                continue
            }
            if depth > maxDepth {
                found.append(Diagnostic(path: display, line: node.mark?.line, column: node.mark?.column,
                                        message: "nesting deeper than \(maxDepth) levels"))
                continue
            }
            switch node {
            case .mapping(let m):
                for (k, v) in m.reversed() { stack.append((v, depth + 1)); stack.append((k, depth + 1)) }
            case .sequence(let s):
                for v in s.reversed() { stack.append((v, depth + 1)) }
            default:
                break
            }
        }
        return found.sorted { ($0.line ?? 0, $0.column ?? 0) < ($1.line ?? 0, $1.column ?? 0) }
    }

    /// The tags a node may carry: those YAML gives plain text implicitly, and the standard
    /// names for them (`!!str`, `!!int`, …). Anything else (`!x`, `!<…>`, `!!binary`, `!!set`)
    /// would let a key or value look like another to libyaml while reading the same to us.
    static let standardTags: Set<String> = Set(["str", "int", "float", "bool", "null", "seq", "map", "timestamp", "merge", "value"]
        .map { "tag:yaml.org,2002:" + $0 })

    /// The node's tag when it is not one of `standardTags`.
    /// Read without resolving it (resolving runs the resolver's regular expressions on
    /// every scalar): an untagged node's tag is still empty, `!` or `!!str` here.
    static func customTag(_ node: Node) -> String? {
        let name: String
        switch node {
        case .scalar(let s): name = s.tag.rawValue
        case .mapping(let m): name = m.tag.rawValue
        case .sequence(let q): name = q.tag.rawValue
        case .alias: return nil
        }
        return name.isEmpty || name == "!" || standardTags.contains(name) ? nil : name
    }

    static func diagnostic(_ error: YamlError, text: String, display: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at \(context.mark.line):\(context.mark.column))" }
            if problem.contains("max depth") || problem.contains("nesting") {
                message = "nesting too deep: \(problem)"
            }
            return Diagnostic(path: display, line: mark.line, column: mark.column, message: message)
        case let .reader(problem, offset, _, _):
            if let offset {
                let (line, column) = position(ofCharacter: offset, in: text)
                return Diagnostic(path: display, line: line, column: column, message: "invalid YAML text: \(problem)")
            }
            return Diagnostic(path: display, message: "invalid YAML text: \(problem)")
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return Diagnostic(path: display, line: context.mark.line, column: context.mark.column,
                              message: "duplicate key \(keys) in one mapping")
        case .memory:
            return Diagnostic(path: display, message: "YAML parser ran out of memory")
        default:
            return Diagnostic(path: display, message: "invalid YAML: \(error)")
        }
    }

    static func position(ofCharacter offset: Int, in text: String) -> (Int, Int) {
        var line = 1, column = 1
        for (i, ch) in text.unicodeScalars.enumerated() {
            if i == offset { break }
            if ch == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
