import Foundation
import Testing

/// Issue 16 in the TUI, through the real binary under tmux: the Log view and the Activity pane
/// mark each event as `gateboard log` does, on a signed board with forged lines.
@Suite struct SignedTUITests {
    typealias Signed = SignedDecisionsEndToEndTests

    /// A use case with a signed halt, then a resume "signed" by rita's key but claiming olga (made
    /// while the policy listed rita's key under olga, the policy then put back: a bad
    /// signature), then a halt written with signing switched off for a moment (unsigned). The
    /// chain and the files stay consistent: only the signatures tell.
    static func forgedBoard() throws -> (Signed.SignedBoard, String) {
        let s = try Signed.SignedBoard()
        let id = try s.board.create("Forged history")
        let env = Signed.env()
        let halt = try s.board.run(["halt", id, "--reason", "Wrong answers", "--key", s.key("olga")], as: "olga", environment: env)
        guard halt.status == 0 else { throw TestFailure("\(halt)") }
        let policy = s.board.url("gateboard.yaml")
        let original = try String(contentsOf: policy, encoding: .utf8)
        func pub(_ name: String) throws -> String {
            try String(contentsOfFile: s.key(name) + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        }
        let (olga, rita) = (try pub("olga"), try pub("rita"))
        let swapped = original.replacingOccurrences(of: olga, with: "@OLGA@").replacingOccurrences(of: rita, with: olga)
            .replacingOccurrences(of: "@OLGA@", with: rita)
        try swapped.write(to: policy, atomically: true, encoding: .utf8)
        let resume = try s.board.run(["resume", id, "--reason", "Fixed", "--key", s.key("rita")], as: "olga", environment: env)
        guard resume.status == 0 else { throw TestFailure("\(resume)") }
        try original.replacingOccurrences(of: "signing: decisions", with: "signing: off").write(to: policy, atomically: true, encoding: .utf8)
        let unsigned = try s.board.run(["halt", id, "--reason", "Unsigned stop"], as: "olga", environment: env)
        guard unsigned.status == 0 else { throw TestFailure("\(unsigned)") }
        try original.write(to: policy, atomically: true, encoding: .utf8)
        return (s, id)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func theLogViewAndActivityPaneMarkAsLogDoes() throws {
        let (s, id) = try Self.forgedBoard()
        // The CLI's verdicts, the reference.
        let log = try s.board.run(["log", id], environment: Signed.env())
        let cli = log.stdout.split(separator: "\n").map(String.init)
        #expect(cli.count == 4, "\(log)")
        #expect(cli[1].hasSuffix("✓ signed") && cli[2].hasSuffix("✗ bad signature") && cli[3].hasSuffix("✗ unsigned"), "\(log)")
        #expect(!cli[0].contains("signed"))

        let tui = try TUITmux(board: s.board.path, as: "olga", now: GateboardBinary.defaultNow, width: 200, height: 50,
                              environment: Signed.clean)
        // The Activity pane of the selected (only) use case, newest first.
        var screen = try tui.waitFor("✗ unsigned")
        #expect(screen.contains("halt ✗ unsigned") && screen.contains("resume ✗ bad signature") && screen.contains("halt ✓ signed"), "\(screen)")
        // The header: signed, and olga has no key here (no agent, no --key).
        #expect(screen.contains("signed: no key"), "\(screen)")
        try tui.send("4")
        screen = try tui.waitFor("   4 20")
        let rows = screen.split(separator: "\n").map(String.init)
        func row(_ seq: Int) -> String { rows.first { $0.contains(String(format: "%4d 20", seq)) } ?? "" }
        #expect(!row(1).contains("signed"), "\(screen)")
        #expect(row(2).contains("halt ✓ signed"), "\(screen)")
        #expect(row(3).contains("resume ✗ bad signature"), "\(screen)")
        #expect(row(4).contains("halt ✗ unsigned"), "\(screen)")
        try tui.send("q")
        try tui.waitForExit()
    }
}

/// Issue 16: the TUI counts decisions as `check` does. A use case at the checkpoint after
/// `signing on` (olga's key), with rita's approval signed by her key; ana's approval is forged
/// (written with signing switched off for a moment: a consistent chain and file, no key).
@Suite struct SignedTUICountingTests {
    typealias Signed = SignedDecisionsEndToEndTests
    static let words = "approval by Ana Ortiz not counted: no valid signature"

    static func board() throws -> (Signed.SignedBoard, String) {
        let s = try Signed.SignedBoard()
        let policy = s.board.url("gateboard.yaml")
        let signed = try String(contentsOf: policy, encoding: .utf8)
        try signed.replacingOccurrences(of: "signing: decisions", with: "signing: off").write(to: policy, atomically: true, encoding: .utf8)
        let walk = try Walkthrough(board: s.board)
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        let on = try s.board.run(["signing", "on", "--key", s.key("olga")], as: "olga", now: "2026-10-22T12:00:00Z", environment: Signed.env())
        guard on.status == 0 else { throw TestFailure("\(on)") }
        let rita = try s.board.run(["approve", walk.id, "--comment", "evals hold", "--key", s.key("rita")], as: "rita",
                                   now: "2026-10-23T09:00:00Z", environment: Signed.env())
        guard rita.status == 0 else { throw TestFailure("\(rita)") }
        return (s, walk.id)
    }

    /// ana's approval, recorded with signing off for the moment, the policy then put back.
    static func forgeAnasApproval(_ s: Signed.SignedBoard, _ id: String) throws {
        let policy = s.board.url("gateboard.yaml")
        let signed = try String(contentsOf: policy, encoding: .utf8)
        try signed.replacingOccurrences(of: "signing: decisions", with: "signing: off").write(to: policy, atomically: true, encoding: .utf8)
        let forged = try s.board.run(["approve", id], as: "ana", now: "2026-10-23T10:00:00Z", environment: Signed.env())
        try signed.write(to: policy, atomically: true, encoding: .utf8)
        guard forged.status == 0 else { throw TestFailure("\(forged)") }
    }

    /// The forged line arrives while the TUI is open (live reload), then a fresh start: both
    /// times the Gate pane gives `check`'s words and the gate stays blocked; rita's counts.
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func aForgedApprovalDoesNotCountInTheTUI() throws {
        let (s, id) = try Self.board()
        let tui = try TUITmux(board: s.board.path, as: "ana", now: "2026-10-24T09:00:00Z", width: 200, height: 50,
                              environment: Signed.clean)
        var screen = try tui.waitFor("approval from business_owner missing")
        try Self.forgeAnasApproval(s, id)
        let check = try s.board.run(["check", id], now: "2026-10-24T09:00:00Z", environment: Signed.env())
        #expect(check.status == 1 && check.stdout.contains(Self.words), "\(check)")
        #expect(!check.stdout.contains("approval by Rita Lindqvist not counted"), "\(check)")
        // Live: the board reloads on the change and counts as check does.
        screen = try tui.waitFor(Self.words)
        #expect(!screen.contains("approval by Rita Lindqvist not counted") && screen.contains("approved by Rita Lindqvist"), "\(screen)")
        try tui.send("q")
        try tui.waitForExit()

        // A fresh start on the same board: the same.
        let again = try TUITmux(board: s.board.path, as: "ana", now: "2026-10-24T09:00:00Z", width: 200, height: 50,
                                environment: Signed.clean)
        try again.waitFor(Self.words)
        try again.send("Enter")
        try again.waitFor("Detail · \(id)")
        try again.send("NPage")
        screen = try again.waitFor("VOID (not counted: no valid signature)")
        #expect(screen.contains("Ana Ortiz"), "\(screen)")
        try again.send("Escape")
        try again.send("q")
        try again.waitForExit()
    }
}

/// Issue 16: a passphrase-protected key and no agent. Submitting a form leaves curses mode,
/// ssh-keygen asks for the passphrase on the terminal, and the board comes back; a wrong
/// passphrase is a refusal shown in the still-open form, its input kept.
@Suite struct SignedTUIPassphraseTests {
    typealias Signed = SignedDecisionsEndToEndTests

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func aPassphraseIsAskedOutsideCursesAndAWrongOneIsARefusal() throws {
        let s = try Signed.SignedBoard()
        let key = s.key("olga-pass")
        let made = try Shell.run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "correct horse", "-C", "olga-pass", "-f", key])
        guard made.status == 0 else { throw TestFailure("ssh-keygen: \(made.stderr)") }
        let pub = try String(contentsOfFile: key + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let olga = try String(contentsOfFile: s.key("olga") + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(separator: " ")
        let policy = s.board.url("gateboard.yaml")
        let text = try String(contentsOf: policy, encoding: .utf8)
        let olgaEntry = try #require(text.range(of: "\"\(olga)"))
        try text.replacingCharacters(in: olgaEntry, with: "\"\(pub)\", \"\(olga)").write(to: policy, atomically: true, encoding: .utf8)
        let id = try s.board.create("Passphrase")
        let logPath = s.board.url("audit/\(id).jsonl")
        let before = try Data(contentsOf: logPath)

        // A key named that is not there: the header says so.
        let missing = try TUITmux(board: s.board.path, as: "olga", now: GateboardBinary.defaultNow, width: 160, height: 45,
                                  environment: Signed.clean.merging(["GATEBOARD_SIGNING_KEY": key + ".missing"]) { $1 })
        try missing.waitFor("signed: no key · you: Olga Petrova")
        try missing.send("q")
        try missing.waitForExit()

        let tui = try TUITmux(board: s.board.path, as: "olga", now: GateboardBinary.defaultNow, width: 160, height: 45,
                              environment: Signed.clean.merging(["GATEBOARD_SIGNING_KEY": key]) { $1 })
        var screen = try tui.waitFor("you: Olga Petrova")
        #expect(screen.contains("signed · you: Olga Petrova") && !screen.contains("no key"), "\(screen)")
        try tui.send("!")
        try tui.waitFor("Halt")
        try tui.send("Wrong answers", literal: true)
        try tui.send("Enter")
        // Out of curses mode: our line, then ssh-keygen's own prompt.
        screen = try tui.waitFor("Enter passphrase")
        #expect(screen.contains("Signing as Olga Petrova"), "\(screen)")
        try tui.send("wrong guess", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("wrong passphrase")
        #expect(screen.contains("Wrong answers") && screen.contains("refused"), "\(screen)")
        #expect(try Data(contentsOf: logPath) == before)
        // The same form, submitted again with the right passphrase.
        try tui.send("Enter")
        try tui.waitFor("Enter passphrase")
        try tui.send("correct horse", literal: true)
        try tui.send("Enter")
        try tui.waitFor("halt recorded on \(id)")
        try tui.send("q")
        try tui.waitForExit()
        let log = try s.board.run(["log", id], environment: Signed.env())
        #expect(log.stdout.contains("Wrong answers") && log.stdout.contains("✓ signed"), "\(log)")
    }
}
