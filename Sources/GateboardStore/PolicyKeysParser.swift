import Foundation
import GateboardCore
import Yams

/// `keys:` of a person and `signing:` (signed decisions), with every problem located.
///
///     keys:
///       - ssh-ed25519 AAAAC3Nza… omar@laptop
///       - {key: "ssh-ed25519 AAAA…", validFrom: 2026-01-01, validUntil: 2026-06-30}
extension PolicyParser {
    static func parseKeys(_ r: NodeReader, _ node: Node, person: PersonID, seen: inout [(String, Node)]) -> [PersonKey] {
        guard let items = r.list(node, "keys of \(person)") else { return [] }
        var out: [PersonKey] = []
        for item in items {
            var lineNode = item
            var from: Day?, until: Day?
            if case .mapping = item {
                guard let f = r.mapping(item, "key of \(person)", known: ["key", "validFrom", "validUntil"], required: ["key"]),
                      let k = f["key"] else { continue }
                lineNode = k
                from = f["validFrom"].flatMap { r.day($0, "validFrom") }
                until = f["validUntil"].flatMap { r.day($0, "validUntil") }
                if let from, let until, until < from, let n = f["validUntil"] {
                    r.problem(n, "validUntil \(until) is before validFrom \(from)")
                }
            }
            guard let text = r.string(lineNode, "key of \(person)", allowEmpty: false) else { continue }
            let key: SSHPublicKey
            do { key = try SSHPublicKey(line: text) } catch {
                r.problem(lineNode, "key of \(person): \(error.message)")
                continue
            }
            seen.append((key.fingerprint, lineNode))
            out.append(PersonKey(key: key, validFrom: from, validUntil: until))
        }
        return out
    }

    static func parseSigning(_ r: NodeReader, _ node: Node) -> SigningMode? {
        // YAML 1.1 reads a bare `off` as false: accept it as the word it is.
        if case .scalar(let s) = node, s.style == .plain, ["off", "Off", "OFF", "false"].contains(s.string) { return .off }
        guard let text = r.string(node, "signing", allowEmpty: false) else { return nil }
        guard let mode = SigningMode(rawValue: text) else {
            r.problem(node, "signing: expected off, decisions or all, found \"\(TerminalSafe.escape(text))\"")
            return nil
        }
        return mode
    }

    /// `demoKeys: keys`: a folder inside the board (relative, no `..`).
    static func parseDemoKeys(_ r: NodeReader, _ node: Node) -> String? {
        guard let text = r.string(node, "demoKeys", allowEmpty: false) else { return nil }
        let parts = text.split(separator: "/")
        guard !text.hasPrefix("/"), !parts.contains(".."), text.range(of: "^[A-Za-z0-9._/-]+$", options: .regularExpression) != nil else {
            r.problem(node, "demoKeys: expected a folder inside the board, like keys (no leading /, no ..), found \"\(TerminalSafe.escape(text))\"")
            return nil
        }
        return text
    }
}
