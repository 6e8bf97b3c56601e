import Foundation
import Testing

/// Issue 16 through the binary, with real `ssh-keygen` keys and agents: the key decides who
/// acts, a refused action writes nothing, and anyone can check a decision with ssh-keygen alone.
@Suite struct SignedDecisionsEndToEndTests {
    /// A fixture board with `signing: decisions`, and ed25519 keys made by ssh-keygen for olga
    /// and rita listed in the policy (and one for nobody).
    final class SignedBoard {
        let board: FixtureBoard
        let keys: URL
        init() throws {
            keys = FileManager.default.temporaryDirectory.appendingPathComponent("gb-keys-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: keys, withIntermediateDirectories: true)
            for name in ["olga", "rita", "nobody"] {
                let r = try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", keys.appendingPathComponent(name).path])
                guard r.status == 0 else { throw TestFailure("ssh-keygen: \(r.stderr)") }
            }
            let olga = try String(contentsOf: keys.appendingPathComponent("olga.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let rita = try String(contentsOf: keys.appendingPathComponent("rita.pub"), encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let people = FixtureBoard.people
                .replacingOccurrences(of: "roles: [ops_owner, stop_ship]}", with: "roles: [ops_owner, stop_ship], keys: [\"\(olga)\"]}")
                .replacingOccurrences(of: "roles: [risk_reviewer]}\n  - {id: pat", with: "roles: [risk_reviewer], keys: [\"\(rita)\"]}\n  - {id: pat")
            board = try FixtureBoard(people: people) { $0.replacingOccurrences(of: "signing: off", with: "signing: decisions") }
        }
        deinit { try? FileManager.default.removeItem(at: keys) }
        func key(_ name: String) -> String { keys.appendingPathComponent(name).path }
    }

    /// No agent, no signing key from the environment or git: only what a test passes.
    static let clean = ["SSH_AUTH_SOCK": "", "GATEBOARD_SIGNING_KEY": "", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"]

    static func env(_ extra: [String: String] = [:]) -> [String: String] { clean.merging(extra) { $1 } }

    @Test func aSignedDecisionChecksWithSSHKeygenAlone() throws {
        let s = try SignedBoard()
        let id = try s.board.create("Signed halt")
        let halt = try s.board.run(["halt", id, "--reason", "Wrong answers", "--key", s.key("olga")], as: "olga", environment: Self.env())
        #expect(halt.status == 0, "\(halt)")
        let log = try s.board.run(["log", id], environment: Self.env())
        #expect(log.stdout.contains("✓ signed"), "\(log)")
        // The exact signed bytes, the allowed signers, and the signature from the log line.
        let payload = try s.board.run(["log", id, "--payload", "2"], environment: Self.env())
        #expect(payload.status == 0)
        let signers = try s.board.run(["keys", "--allowed-signers"], environment: Self.env())
        #expect(signers.stdout.hasPrefix("rita ") || signers.stdout.contains("\nolga ") || signers.stdout.hasPrefix("olga "), "\(signers)")
        let line = try String(contentsOf: s.board.url("audit/\(id).jsonl"), encoding: .utf8).split(separator: "\n")[1]
        let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let blob = try #require(Data(base64Encoded: event["signature"] as? String ?? ""))
        let dir = s.keys
        try Data(payload.stdout.utf8).write(to: dir.appendingPathComponent("payload"))
        try Data(signers.stdout.utf8).write(to: dir.appendingPathComponent("allowed_signers"))
        try Data(Self.armor(blob).utf8).write(to: dir.appendingPathComponent("sig"))
        let check = try Shell.run("sh", ["-c", "ssh-keygen -Y verify -f allowed_signers -I olga -n gateboard -s sig < payload"], cwd: dir.path)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // …and not as anyone else, nor in another namespace.
        let other = try Shell.run("sh", ["-c", "ssh-keygen -Y verify -f allowed_signers -I rita -n gateboard -s sig < payload"], cwd: dir.path)
        #expect(other.status != 0)
        #expect(try s.board.run(["verify"], environment: Self.env()).status == 0)
    }

    /// A real ssh-agent holding olga's key: she acts with no key flag. Rita's key is not in it:
    /// refused, nothing written. The agent lives for one shell script and is killed by it.
    @Test func anAgentSignsWithoutAKeyFlag() throws {
        let s = try SignedBoard()
        let id = try s.board.create("Agent")
        let log = s.board.url("audit/\(id).jsonl").path
        let script = """
            set -u
            eval "$(ssh-agent -s -a "$DIR/agent.sock")" >/dev/null
            # SIGKILL: the test runner's children may inherit SIGTERM blocked.
            trap 'kill -9 "$SSH_AGENT_PID"' EXIT
            ssh-add -q "$DIR/olga" || exit 90
            GATEBOARD_USER=olga "$BIN" halt "$ID" --reason "Agent-signed" --board "$BOARD" >/dev/null || exit 91
            before=$(sha256sum <"$LOG")
            GATEBOARD_USER=rita "$BIN" assign "$ID" risk_reviewer rita --json --board "$BOARD" >"$DIR/rita.out"
            test $? -eq 1 || exit 92
            grep -q '"unsigned"' "$DIR/rita.out" || exit 93
            test "$before" = "$(sha256sum <"$LOG")" || exit 94
            """
        var env = Self.env(["DIR": s.keys.path, "BIN": GateboardBinary.path, "ID": id, "BOARD": s.board.path, "LOG": log,
                            "GATEBOARD_NOW": GateboardBinary.defaultNow])
        env["SSH_AUTH_SOCK"] = nil
        let r = try Shell.run("sh", ["-c", script], environment: env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let events = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(events.count == 2 && events[1].contains("\"signature\""))
    }

    @Test func anAgentThatIsNotRunningIsRefused() throws {
        let s = try SignedBoard()
        let id = try s.board.create("No agent")
        let before = try Data(contentsOf: s.board.url("audit/\(id).jsonl"))
        let r = try s.board.run(["halt", id, "--reason", "x", "--json"], as: "olga",
                                environment: Self.env(["SSH_AUTH_SOCK": s.keys.appendingPathComponent("no-agent.sock").path]))
        #expect(r.status == 1 && r.stdout.contains("\"unsigned\""), "\(r)")
        #expect(try Data(contentsOf: s.board.url("audit/\(id).jsonl")) == before)
    }

    /// rita's key on an action claiming olga; a key on nobody's entry; no key at all; no ssh-keygen.
    @Test(arguments: [("rita", "signature_mismatch"), ("nobody", "unknown_key"), ("", "unsigned"), ("no-keygen", "unsigned")])
    func refusedActionsWriteNothing(key: String, code: String) throws {
        let s = try SignedBoard()
        let id = try s.board.create("Refused")
        let before = try Data(contentsOf: s.board.url("audit/\(id).jsonl"))
        var args = ["halt", id, "--reason", "x", "--json"]
        var env = Self.env()
        if key == "no-keygen" {
            args += ["--key", s.key("olga")]
            env["PATH"] = "/nonexistent"
        } else if !key.isEmpty {
            args += ["--key", s.key(key)]
        }
        let r = try s.board.run(args, as: "olga", environment: env)
        #expect(r.status == 1, "\(r)")
        #expect(r.stdout.contains("\"code\":\"\(code)\"") || r.stdout.contains("\"code\" : \"\(code)\""), "\(r)")
        if key == "" { #expect(r.stdout.contains("keys:") || r.stdout.contains("ssh-add")) }
        if key == "no-keygen" { #expect(r.stdout.contains("ssh-keygen is not installed")) }
        #expect(try Data(contentsOf: s.board.url("audit/\(id).jsonl")) == before)
    }

    /// `signing on` for a board with unsigned history: the old halt stays ("before signing"),
    /// the switch is signed, verify holds, and the next unsigned decision is refused.
    @Test func signingOnKeepsThePast() throws {
        let s = try SignedBoard()
        let policy = s.board.url("gateboard.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8).replacingOccurrences(of: "signing: decisions", with: "signing: off")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        let id = try s.board.create("History")
        #expect(try s.board.run(["halt", id, "--reason", "old"], as: "olga", environment: Self.env()).status == 0)
        let on = try s.board.run(["signing", "on", "--key", s.key("olga")], as: "olga", environment: Self.env())
        #expect(on.status == 0, "\(on)")
        #expect(try String(contentsOf: policy, encoding: .utf8).contains("signing: decisions"))
        let log = try s.board.run(["log", id], environment: Self.env())
        #expect(log.stdout.contains("HALTED: \"old\"  before signing") && log.stdout.contains("signing switched on"), "\(log)")
        #expect(try s.board.run(["verify"], environment: Self.env()).status == 0)
        let unsigned = try s.board.run(["resume", id, "--reason", "x", "--json"], as: "olga", environment: Self.env())
        #expect(unsigned.status == 1 && unsigned.stdout.contains("unsigned"), "\(unsigned)")
    }

    static func armor(_ blob: Data) -> String {
        let b64 = blob.base64EncodedString()
        var lines = ["-----BEGIN SSH SIGNATURE-----"]
        var rest = Substring(b64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        return (lines + ["-----END SSH SIGNATURE-----"]).joined(separator: "\n") + "\n"
    }
}

/// Runs a tool found on PATH.
enum Shell {
    static func run(_ tool: String, _ args: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + args
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        // Files, not pipes: a pipe stays open as long as any process that inherited it lives.
        let tmp = FileManager.default.temporaryDirectory
        let out = tmp.appendingPathComponent("gb-sh-out-\(UUID().uuidString)"), err = tmp.appendingPathComponent("gb-sh-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "", (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
