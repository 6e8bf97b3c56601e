import Foundation
import GateboardCore
import GateboardStore

/// `v` and `y` on an evidence or artifact reference. References are text anyone with write
/// access to the board wrote: they are passed to the pager or browser as one argument
/// ("$1"), never through the shell's parsing, a path never as an option (`./-x`), and only
/// http(s) URLs go to a browser.
enum References {
    struct Plan: Equatable {
        /// The command from the environment ($PAGER, $BROWSER), run by /bin/sh with the target as "$1".
        var command: String
        var target: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// How `v` (and `gateboard open`) would open `ref`: a URL in $BROWSER (when set), a local
    /// file in $PAGER (else `less`). A path is resolved as a local reference is recorded
    /// (`LocalReferences`: from the board's directory, then the repository's top, any
    /// `@version` dropped; never through a symbolic link, never outside the repository).
    static func plan(_ ref: String, board: URL, environment: [String: String]) throws -> Plan {
        let trimmed = ref.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            guard let browser = environment["BROWSER"], !browser.isEmpty else {
                throw Failure(description: "no $BROWSER set to open \(TerminalSafe.escape(trimmed)); y copies it")
            }
            return Plan(command: browser, target: trimmed)
        }
        if lower.contains("://") { throw Failure(description: "only http(s) URLs are opened: \(TerminalSafe.escape(trimmed)); y copies it") }
        let refs = LocalReferences(board: board.path)
        let resolved: LocalReferences.Resolution
        do { resolved = try refs.resolve(trimmed) } catch {
            throw Failure(description: "cannot open \(TerminalSafe.escape(error.path)): \(TerminalSafe.escape(error.reason))")
        }
        guard case let .local(path, _, isTree) = resolved, !isTree else {
            throw Failure(description: "not a local file here: \(TerminalSafe.escape(trimmed)); y copies it")
        }
        return Plan(command: pager(environment), target: refs.top + "/" + path)
    }

    /// $PAGER, else `less`.
    static func pager(_ environment: [String: String]) -> String {
        environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less"
    }

    static func run(_ plan: Plan) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", plan.command + " \"$1\"", "gateboard-view", plan.target]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "\(plan.command) exited with status \(p.terminationStatus)")
        }
    }

    /// OSC 52 puts the text on the clipboard where the terminal allows it (tmux with
    /// set-clipboard, most terminal emulators); the status line shows it either way.
    static func copy(_ ref: String, environment: [String: String]) -> String {
        let sequence = "\u{1B}]52;c;" + Data(ref.utf8).base64EncodedString() + "\u{07}"
        if environment["TERM"] != "dumb", environment["TERM"] != "linux",
           let tty = FileHandle(forWritingAtPath: "/dev/tty") {
            tty.write(Data(sequence.utf8))
            try? tty.close()
            return "copied to the clipboard (OSC 52): " + TerminalSafe.escape(ref)
        }
        return "to copy: " + TerminalSafe.escape(ref)
    }
}
