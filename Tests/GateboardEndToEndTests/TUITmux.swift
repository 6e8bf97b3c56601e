import Foundation

/// The real binary's TUI in a detached tmux session on a private server (`tmux -L`):
/// type keys with `send-keys`, read the screen with `capture-pane -p`.
final class TUITmux {
    static let available: Bool = {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["tmux", "-V"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }()

    /// How long a wait for the screen may take before the test fails. Generous on purpose: this
    /// is a guard against a hung TUI, not a speed check (speed is for `make bench`), and CI runs
    /// these tests beside hundreds of others on two shared cores, where a frame can take seconds.
    static let patience: Double = 90

    let socket = "gateboard-test-\(UUID().uuidString.prefix(8))"
    let session = "tui"

    /// Starts `gateboard --board DIR --as USER` at a fixed moment in a width × height terminal.
    /// `blocking` names signals (`HUP`) the program starts with blocked, as a launcher that
    /// blocks them in its threads would pass on (coreutils `env --block-signal`).
    init(board: String, as user: String, now: String, width: Int = 120, height: Int = 40,
         environment: [String: String] = [:], blocking: [String] = []) throws {
        var words: [String] = ["env"] + blocking.map { "--block-signal=\($0)" }
        words += ["LANG=C.UTF-8", "TERM=xterm-256color", "GATEBOARD_NOW=\(now)", "EDITOR=true"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { words.append("\(key)=\(value)") }
        words += [GateboardBinary.path, "--board", board, "--as", user]
        let command = words
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // tmux forks a server that would inherit every open descriptor of this test process,
        // including the ones Foundation uses to notice that a child exited: close them first.
        // It would inherit the test runner's blocked signals too, and `kill-server` is a SIGTERM
        // the server sends itself: with it blocked, no server ever ended and every TUI a test
        // left open ran on. `env --default-signal` starts tmux with none blocked.
        p.arguments = ["bash", "-c", "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done 2>/dev/null; exec env --default-signal tmux \"$@\"",
                       "tmux-launch", "-L", socket] + args
        // A file, not a pipe: the tmux server daemon inherits the descriptor and would keep a
        // pipe open forever.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        p.standardOutput = handle
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try? handle.close()
        let data = (try? Data(contentsOf: file)) ?? Data()
        guard p.terminationStatus == 0 else { throw TestFailure("tmux \(args.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self)
    }

    /// The process in the pane: the program itself (`env` execs it).
    func panePID() throws -> Int32 {
        let out = try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"])
        guard let pid = Int32(out.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("no pane pid in \"\(out)\"")
        }
        return pid
    }

    /// Ends the tmux server, which hangs up the pane's terminal (`SIGHUP` to the program).
    func hangUp() throws { try tmux(["kill-server"]) }

    func screen() -> String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    /// Keys by tmux name (`Enter`, `Escape`, `a`) or, with `literal`, text typed as is.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// Polls the screen until it contains `text` (the TUI redraws asynchronously), and returns
    /// it once the frame has settled (see `waitUntil`).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = TUITmux.patience) throws -> String {
        try waitUntil(seconds: seconds, "the screen to show \"\(text)\"") { $0.contains(text) }
    }

    /// Polls until the "Why · <id>" pane names another entry than `id`.
    @discardableResult
    func waitForChange(from id: String, seconds: Double = TUITmux.patience) throws -> String {
        try waitUntil(seconds: seconds, "the highlight to move off \(id)") { $0.contains("Why \u{00B7} ") && !$0.contains("Why \u{00B7} \(id)") }
    }

    /// Polls until the screen no longer contains `text`.
    @discardableResult
    func waitForAbsence(_ text: String, seconds: Double = TUITmux.patience) throws -> String {
        try waitUntil(seconds: seconds, "\"\(text)\" to go") { !$0.contains(text) }
    }

    /// Polls until `done` holds of a settled screen: two captures 50 ms apart that agree. A
    /// frame is written in several chunks when it is large, and on a loaded machine a capture
    /// can land between them: the status line already new, a pane not yet redrawn. Tests then
    /// read other text of the same frame from what this returns.
    func waitUntil(seconds: Double, _ what: String, _ done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var previous: String?
        while Date() < deadline {
            last = screen()
            if done(last) {
                if last == previous { return last }
                previous = last
            } else {
                previous = nil
            }
            usleep(50_000)
        }
        throw TestFailure("waited for \(what); last screen:\n\(last)")
    }

    /// In the `n` form after its fields' Enter: answers the default policy's risk screening
    /// (`gateboard init`'s five questions) with "no" throughout, then creates from the proposal.
    func answerDefaultScreening() throws {
        try waitFor("screening 1/5")
        for (answer, next) in [("1", "2/5"), ("n", "3/5"), ("n", "4/5"), ("n", "5/5")] {
            try send(answer)
            try waitFor("screening \(next)")
        }
        try send("n")
        try waitFor("screening result")
        try send("Enter")
    }

    /// Waits for the program (and so the session) to end.
    func waitForExit(seconds: Double = TUITmux.patience) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (try? tmux(["has-session", "-t", session])) == nil { return }
            usleep(50_000)
        }
        throw TestFailure("the TUI did not exit; last screen:\n\(screen())")
    }
}
