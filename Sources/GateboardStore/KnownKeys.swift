import Foundation
import GateboardCore

/// Trust on first use for the policy's key list (as `known_hosts` does for SSH): `verify`
/// remembers, in `.gateboard/known-keys` of this clone, which person listed which key, and
/// says what changed since the last `verify` here — each key added or removed, each person
/// added or removed. The policy's key list is the root of trust for signed decisions.
extension BoardStore {
    static let knownKeysName = ".gateboard/known-keys"

    /// The lines remembered: `person` alone for a person, `person fingerprint` for each key.
    static func keyLines(_ policy: Policy) -> [String] {
        var lines: [String] = []
        for p in policy.people {
            lines.append(p.id)
            for k in p.keys { lines.append("\(p.id) \(k.key.fingerprint)") }
        }
        return lines.sorted()
    }

    /// What changed since the last call in this clone (nothing the first time), and remembers
    /// the present list. Failing to remember is silent: it is a local convenience, not a record.
    public func keyChangesSinceLastVerify() -> [String] {
        guard let policy = try? loadPolicyAndDigest(fromFileOnly: true).policy else { return [] }
        let path = rootPath + "/" + Self.knownKeysName
        let now = Self.keyLines(policy)
        var notes: [String] = []
        if case .success(let bytes) = BoardFileText.readBytes(board, path: path, display: Self.knownKeysName, limit: 4 << 20) {
            let before = Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init))
            let after = Set(now)
            func describe(_ line: String, _ verb: String) -> String {
                let parts = line.split(separator: " ")
                return parts.count == 1 ? "person \(parts[0]) \(verb) since the last verify in this clone"
                    : "key \(parts[1]) of \(parts[0]) \(verb) since the last verify in this clone"
            }
            for line in after.subtracting(before).sorted() { notes.append(describe(line, "added")) }
            for line in before.subtracting(after).sorted() { notes.append(describe(line, "removed")) }
        }
        if !board.exists(rootPath + "/.gateboard") { try? files.makeDirectory(rootPath + "/.gateboard") }
        try? files.replace(path, with: Array((now.joined(separator: "\n") + "\n").utf8), durable: false)
        return notes
    }
}
