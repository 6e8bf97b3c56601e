import Foundation
import GateboardCore
import Yams

/// What `gateboard validate` points out in a policy without refusing it: two people with the
/// same display name (after Unicode compatibility folding, ignoring case and spacing), which
/// every list, log and approval would show as one person.
enum PolicyWarnings {
    static func find(text: String, display: String) -> [Diagnostic] {
        guard case .success(let root) = YAMLDocument.parse(text, display: display),
              case .mapping(let top) = root,
              let people = top.first(where: { $0.key.string == "people" })?.value,
              case .sequence(let items) = people else { return [] }
        var seen: [String: (id: String, line: Int?)] = [:]
        var out: [Diagnostic] = []
        for item in items {
            guard case .mapping(let m) = item,
                  let id = m.first(where: { $0.key.string == "id" })?.value.string,
                  let nameNode = m.first(where: { $0.key.string == "name" })?.value,
                  let name = nameNode.string else { continue }
            let key = folded(name)
            guard !key.isEmpty else { continue }
            if let first = seen[key] {
                let at = first.line.map { " (line \($0))" } ?? ""
                out.append(Diagnostic(path: display, line: nameNode.mark?.line, column: nameNode.mark?.column,
                                      message: "warning: person \(TerminalSafe.escape(id)) has the same display name as "
                                        + "\(TerminalSafe.escape(first.id))\(at), \"\(TerminalSafe.escape(name))\": "
                                        + "lists, logs and approvals would show them as one person; give each a distinct name"))
            } else {
                seen[key] = (id, nameNode.mark?.line)
            }
        }
        return out
    }

    /// NFKC, lower case, runs of white space as one space, trimmed.
    static func folded(_ name: String) -> String {
        name.precomposedStringWithCompatibilityMapping.lowercased()
            .split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension BoardStore {
    /// Warnings about the policy file (see `PolicyWarnings`); none when it cannot be read or
    /// parsed (`load` reports that).
    public func policyWarnings() -> [Diagnostic] {
        guard case .success(let bytes) = BoardFileText.readBytes(board, path: policyPath, display: policyPath,
                                                                 limit: BoardFileText.policyLimit),
              case .success(let text) = BoardFileText.decode(bytes, display: policyPath) else { return [] }
        return PolicyWarnings.find(text: text, display: policyPath)
    }
}
