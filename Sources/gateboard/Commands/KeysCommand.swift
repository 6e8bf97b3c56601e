import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore

/// The policy's SSH keys (signed decisions): who may sign as whom.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "The people's SSH signing keys listed in the policy (signed decisions).")

    @OptionGroup var boardOption: BoardOption
    @Flag(name: .customLong("allowed-signers"), help: "Print the keys in git's and ssh-keygen's allowed_signers format (namespace gateboard).")
    var allowedSigners = false

    func run() throws {
        try Guarded.run(json: false) {
            let open = try OpenBoard(boardOption)
            if allowedSigners {
                print(AllowedSigners.text(open.policy), terminator: "")
                return
            }
            print("signing: \(open.policy.signing.rawValue)")
            for p in open.policy.people {
                if p.keys.isEmpty {
                    print("\(p.id)  \(TerminalSafe.escape(p.name))  (no key)")
                    continue
                }
                for k in p.keys {
                    var line = "\(p.id)  \(TerminalSafe.escape(p.name))  \(k.key.kind.rawValue) \(k.key.fingerprint)"
                    if let f = k.validFrom { line += "  from \(f)" }
                    if let u = k.validUntil { line += "  until \(u)" }
                    print(line)
                }
            }
        }
    }
}

/// git's `allowed_signers` (ssh-keygen(1), ALLOWED SIGNERS): `principal options key`, one a
/// line; the validity of a key becomes `valid-after` / `valid-before`.
enum AllowedSigners {
    static func text(_ policy: Policy) -> String {
        var out = ""
        for p in policy.people {
            for k in p.keys {
                var options = ["namespaces=\"\(SignedPayload.namespace),git\""]
                if let f = k.validFrom { options.append("valid-after=\"\(compact(f))\"") }
                if let u = k.validUntil { options.append("valid-before=\"\(compact(u.adding(days: 1)))\"") }
                out += "\(p.id) \(options.joined(separator: ",")) \(k.key.text)\n"
            }
        }
        return out
    }

    /// `YYYYMMDD` (ssh-keygen's time format, here at midnight; a trailing Z means UTC).
    static func compact(_ d: Day) -> String {
        String(format: "%04d%02d%02d", d.year, d.month, d.day) + "Z"
    }
}
