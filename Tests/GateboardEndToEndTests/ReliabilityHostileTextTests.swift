import Foundation
import GateboardCore
import GateboardStore
import Testing

/// Text that tries to drive the terminal — CSI and OSC sequences (clear screen, move the
/// cursor, set the window title, hyperlinks), BEL, backspace, carriage return, C1 controls
/// (U+009B is a one-character CSI), bidi overrides and isolates, zero-width characters —
/// put on a board through the real CLI in every text field a person can fill. Plain output
/// must show it escaped (no raw control reaches the terminal), `--json` and the files on disk
/// must keep it exactly, and the TUI must draw it harmlessly (checked under tmux).
@Suite struct ReliabilityHostileTextTests {
    static let title = "Evil \u{1B}[2J\u{1B}]2;PWNED\u{07}title \u{9B}31mred\u{9B}0m \u{202E}gpj.exe\u{202C} zero\u{200B}width bs\u{08}\u{08}x cr\rret"
    static let problem = "line one\n\u{1B}[1;1H\u{1B}[Koverwrite \u{1B}P+q\u{1B}\\ dcs \u{9D}0;osc-c1\u{07}"
    static let metric = "p95 \u{2066}isolated\u{2069} \u{061C}alm \u{FEFF}bom \u{2028}ls"
    static let comment = "\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\ \u{07}\u{07} \u{1B}c reset \u{7F}del"
    /// A reference may not hold control characters at all (issue 13): the action refuses it,
    /// so the evidence recorded here is plain, and `hostileRef` is tried and must be refused.
    static let ref = "https://wiki.example/blink/ltr"
    static let hostileRef = "https://wiki.example/\u{1B}[5mblink\u{1B}[0m/\u{202D}ltr"
    static let note = "NEL\u{85}here \u{1B}(0 line drawing \u{0E}SO"
    static let reason = "stuck \u{1B}[8mhidden\u{1B}[0m \u{200F}rlm"
    /// A person's name in the policy (YAML escapes: written by hand, as an admin would).
    static let personName = "Mal \u{1B}[31mRed\u{202E} \u{9B}2J"
    static let personYAML = "  - {id: mal, name: \"Mal \\e[31mRed\\u202E \\x9B2J\", function: risk, roles: [risk_reviewer]}"

    static let all = [title, problem, metric, comment, ref, note, reason, personName]

    final class HostileBoard: @unchecked Sendable {
        let board: FixtureBoard
        let id: String
        init() throws {
            board = try FixtureBoard(people: FixtureBoard.people + "\n" + ReliabilityHostileTextTests.personYAML)
            let b = board
            id = try b.create(ReliabilityHostileTextTests.title, problem: ReliabilityHostileTextTests.problem,
                              metric: ReliabilityHostileTextTests.metric, now: "2026-11-01T09:00:00Z")
            try b.act(["assign", id, "business_owner", "ana"], as: "ana", now: "2026-11-01T10:00:00Z")
            try b.act(["assign", id, "technical_owner", "ben"], as: "ana", now: "2026-11-01T10:01:00Z")
            try b.act(["assign", id, "risk_reviewer", "mal"], as: "ana", now: "2026-11-01T10:02:00Z")
            try b.act(["comment", id, ReliabilityHostileTextTests.comment], as: "ben", now: "2026-11-02T09:00:00Z")
            try b.act(["advance", id, "--comment", ReliabilityHostileTextTests.comment], as: "ana", now: "2026-11-03T09:00:00Z")
            let refused = try b.run(["evidence", id, "spec-reference", "--ref", ReliabilityHostileTextTests.hostileRef],
                                    as: "ben", now: "2026-11-04T08:00:00Z")
            guard refused.status == 1, refused.stderr.contains("the evidence reference contains an escape (U+001B)") else {
                throw TestFailure("a reference with an escape sequence was not refused: \(refused)")
            }
            try b.act(["evidence", id, "spec-reference", "--ref", ReliabilityHostileTextTests.ref, "--note", ReliabilityHostileTextTests.note],
                      as: "ben", now: "2026-11-04T09:00:00Z")
            try b.act(["escalate", id, "--to", "ana", "--reason", ReliabilityHostileTextTests.reason], as: "ben", now: "2026-11-05T09:00:00Z")
        }
    }
    static let hostile = Result { try HostileBoard() }

    static let plainCommands: [[String]] = [
        ["list"], ["list", "--all"], ["show", "ID"], ["check", "ID"], ["log"], ["log", "ID"], ["triage"], ["triage", "--markdown"],
        ["standup", "--since", "2026-10-01"], ["standup", "--since", "2026-10-01", "--markdown"], ["inbox", "--all"],
        ["report"], ["report", "--markdown"], ["policy"], ["validate"], ["verify"],
    ]

    @Test(arguments: plainCommands)
    func plainOutputIsEscaped(_ command: [String]) throws {
        let h = try Self.hostile.get()
        let args = command.map { $0 == "ID" ? h.id : $0 }
        for user in ["ana", "mal"] {
            let r = try Reliability.run(args, board: h.board.path, user: user)
            #expect(r.status == 0 || (command.first == "check" && r.status == 1), "\(args): \(r)")
            if let raw = Reliability.firstRawControl(r.stdout) { Issue.record("\(args) as \(user): raw control on stdout: \(raw)") }
            if let raw = Reliability.firstRawControl(r.stderr) { Issue.record("\(args) as \(user): raw control on stderr: \(raw)") }
        }
    }

    static let jsonCommands: [[String]] = [
        ["list", "--json"], ["show", "ID", "--json"], ["check", "ID", "--json"], ["log", "--json"], ["triage", "--json"],
        ["standup", "--since", "2026-10-01", "--json"], ["inbox", "--all", "--json"], ["report", "--json"], ["policy", "--json"],
    ]

    /// JSON keeps the text exactly, with every control and invisible character as \uXXXX, so
    /// even JSON printed to a terminal carries nothing raw.
    @Test(arguments: jsonCommands)
    func jsonOutputIsEscaped(_ command: [String]) throws {
        let h = try Self.hostile.get()
        let r = try Reliability.run(command.map { $0 == "ID" ? h.id : $0 }, board: h.board.path, user: "ana")
        #expect(r.status == 0 || (command.first == "check" && r.status == 1), "\(command): \(r)")
        #expect((try? r.json()) != nil, "\(command): valid JSON")
        if let raw = Reliability.firstRawControl(r.stdout) { Issue.record("\(command): \(raw)") }
    }

    @Test func inboxTextIsEscaped() throws {
        let h = try Self.hostile.get()
        for user in ["ana", "mal", "ben"] {
            let r = try Reliability.run(["inbox"], board: h.board.path, user: user)
            #expect(r.status == 0, "\(r)")
            if let raw = Reliability.firstRawControl(r.stdout + r.stderr) { Issue.record("inbox as \(user): \(raw)") }
        }
        // The escalation reaches Ana with its reason, escaped.
        let ana = try Reliability.run(["inbox"], board: h.board.path, user: "ana")
        #expect(ana.stdout.contains("^[[8mhidden"), "\(ana.stdout)")
    }

    @Test func showNamesEverythingVisibly() throws {
        let h = try Self.hostile.get()
        let r = try Reliability.run(["show", h.id], board: h.board.path)
        #expect(r.stdout.contains("^[[2J"), "the escape sequence is shown, not obeyed: \(r.stdout)")
        #expect(r.stdout.contains("<U+202E>"), "the bidi override is visible")
        #expect(r.stdout.contains("<U+200B>"), "the zero-width space is visible")
        #expect(r.stdout.contains("<U+009B>"), "the C1 CSI is visible")
        #expect(r.stdout.contains("^G"), "BEL is visible")
    }

    /// Every actions' result text (what an actor sees right after acting) is escaped too.
    @Test func actionResultsAreEscaped() throws {
        let board = try FixtureBoard(people: FixtureBoard.people + "\n" + Self.personYAML)
        let id = try board.create(Self.title, problem: Self.problem, metric: Self.metric)
        for (args, user) in [(["comment", id, Self.comment], "ana"),
                             (["edit", id, "--title", Self.title + "2"], "ana"),
                             (["assign", id, "risk_reviewer", "mal"], "ana"),
                             (["escalate", id, "--to", "mal", "--reason", Self.reason], "ana"),
                             (["park", id, "--reason", Self.reason, "--review", "2026-12-20"], "ana"),
                             (["unpark", id, "--reason", Self.comment], "ana"),
                             (["halt", id, "--reason", Self.reason], "olga"),
                             (["resume", id, "--reason", Self.note], "olga"),
                             (["retire", id, "--reason", Self.problem], "ana")] {
            let r = try board.run(args, as: user)
            #expect(r.status == 0, "\(args): \(r)")
            if let raw = Reliability.firstRawControl(r.stdout + r.stderr) { Issue.record("\(args[0]): \(raw)") }
            // JSON escapes every control and invisible character as \uXXXX: nothing raw.
            for json in [["show", id, "--json"], ["log", id, "--json"]] {
                let j = try board.run(json, as: user)
                if let raw = Reliability.firstRawControl(j.stdout) { Issue.record("after \(args[0]), \(json): \(raw)") }
            }
        }
    }

    @Test func jsonAndFilesKeepTheTextExactly() throws {
        let h = try Self.hostile.get()
        let show = try Reliability.run(["show", h.id, "--json"], board: h.board.path).object()
        #expect(show["title"] as? String == Self.title)
        #expect(show["problem"] as? String == Self.problem)
        #expect(show["metric"] as? String == Self.metric)
        let controls = show["controls"] as? [String: Any]
        let spec = (controls?["spec-reference"] as? [String: Any])?["evidence"] as? [[String: Any]]
        #expect(spec?.first?["ref"] as? String == Self.ref)
        #expect(spec?.first?["note"] as? String == Self.note)
        let escalations = show["escalations"] as? [[String: Any]]
        #expect(escalations?.first?["reason"] as? String == Self.reason)
        let list = try Reliability.run(["list", "--json"], board: h.board.path).array()
        #expect(list.first?["title"] as? String == Self.title)
        let events = try Reliability.run(["log", h.id, "--json"], board: h.board.path).array()
        let comments = events.compactMap { ($0["details"] as? [String: Any])?["comment"] as? String }
        #expect(comments == [Self.comment, Self.comment], "\(comments)")
        let policy = try Reliability.run(["policy", "--json"], board: h.board.path).stdout
        #expect(policy.contains("Mal \\u001b[31mRed"), "the person's name, JSON-escaped")

        // On disk: the use case file reads back exactly and shows no raw control.
        let store = BoardStore(root: h.board.dir, environment: ["GATEBOARD_NO_CACHE": "1"])
        let uc = try store.useCase(h.id)
        #expect(uc.title == Self.title && uc.problem == Self.problem && uc.metric == Self.metric)
        #expect(uc.controls["spec-reference"]?.evidence.first?.ref == Self.ref)
        #expect(uc.controls["spec-reference"]?.evidence.first?.note == Self.note)
        #expect(uc.escalations.first?.reason == Self.reason)
        let yaml = try String(contentsOf: h.board.url("usecases/\(h.id).yaml"), encoding: .utf8)
        if let raw = Reliability.firstRawControl(yaml) { Issue.record("use case file: \(raw)") }
        let log = try String(contentsOf: h.board.url("audit/\(h.id).jsonl"), encoding: .utf8)
        if let raw = Reliability.firstRawControl(log) { Issue.record("audit log: \(raw)") }
        // Each audit line's text decodes to exactly what was given.
        let lines = log.split(separator: "\n")
        let decoded = try lines.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:] }
        #expect((decoded.first?["details"] as? [String: Any])?["title"] as? String == Self.title)
        #expect(try Reliability.run(["verify"], board: h.board.path).status == 0)
    }

    // MARK: - The TUI, under tmux

    static let tmuxAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    /// Runs the TUI in a private tmux server through `script`, which records every byte the
    /// TUI writes; visits each view; returns the screens and the raw output.
    static func tuiSession(board: String, keys: [String]) throws -> (screens: [String], raw: [UInt8], title: String) {
        let socket = "gb-rel-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let typescript = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).raw").path
        defer { try? FileManager.default.removeItem(atPath: typescript) }
        /// Output goes through a file: the server that `new-session` starts would hold a pipe
        /// open forever.
        func tmux(_ args: [String]) -> String {
            let p = Process()
            // The tmux server forks from the client and would inherit this process's open
            // descriptors, including those Foundation uses to notice a child exit (the
            // client would never be seen to end): close them before exec.
            p.executableURL = URL(fileURLWithPath: "/bin/bash")
            p.arguments = ["-c", "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\"; done 2>/dev/null; exec tmux \"$@\"",
                           "tmux-launch", "-L", socket, "-f", "/dev/null"] + args
            let outPath = typescript + ".out"
            FileManager.default.createFile(atPath: outPath, contents: nil)
            defer { try? FileManager.default.removeItem(atPath: outPath) }
            guard let out = FileHandle(forWritingAtPath: outPath) else { return "" }
            p.standardOutput = args.first == "new-session" ? FileHandle.nullDevice : out
            p.standardError = FileHandle.nullDevice
            p.standardInput = FileHandle.nullDevice
            guard (try? p.run()) != nil else { return "" }
            p.waitUntilExit()
            try? out.close()
            return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        }
        defer { _ = tmux(["kill-server"]) }
        let command = "GATEBOARD_NOW=\(GateboardBinary.defaultNow) LANG=C.UTF-8 script -qfc '\(GateboardBinary.path) --board \(board) --as ana' \(typescript)"
        _ = tmux(["new-session", "-d", "-s", "t", "-x", "160", "-y", "48", "env TERM=tmux-256color " + command])
        let titleBefore = tmux(["display-message", "-p", "-t", "t", "#{pane_title}"])
        // The first frame: wait (by the clock, up to 30 s for a debug build on a busy machine)
        // until the board shows; after each key, until two captures in a row agree.
        func capture() -> String { tmux(["capture-pane", "-p", "-t", "t"]) }
        var first = ""
        let start = Date()
        while Date().timeIntervalSince(start) < 30 {
            usleep(100_000)
            first = capture()
            if first.contains("Evil") { break }
        }
        var screens = [first]
        for key in keys {
            _ = tmux(["send-keys", "-t", "t", key])
            usleep(300_000)
            var last = capture()
            let since = Date()
            while Date().timeIntervalSince(since) < 8 {
                usleep(200_000)
                let now = capture()
                if now == last { break }
                last = now
            }
            screens.append(last)
        }
        let title = tmux(["display-message", "-p", "-t", "t", "#{pane_title}"])
        _ = tmux(["send-keys", "-t", "t", "q"])
        usleep(300_000)
        let raw = [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: typescript))) ?? Data())
        return (screens, raw, title == titleBefore ? "unchanged" : "changed from \(titleBefore) to \(title)")
    }

    /// Byte sequences that must never reach the terminal from board text: OSC (set title,
    /// hyperlinks), DCS, BEL, C1 controls in UTF-8, bidi overrides/isolates, zero-width.
    static let forbidden: [(String, [UInt8])] = [
        ("OSC", [0x1B, 0x5D]), ("DCS", [0x1B, 0x50]), ("RIS", [0x1B, 0x63]), ("BEL", [0x07]),
        ("C1 CSI U+009B", [0xC2, 0x9B]), ("C1 OSC U+009D", [0xC2, 0x9D]), ("NEL U+0085", [0xC2, 0x85]),
        ("RLO U+202E", [0xE2, 0x80, 0xAE]), ("LRO U+202D", [0xE2, 0x80, 0xAD]), ("PDF U+202C", [0xE2, 0x80, 0xAC]),
        ("LRI U+2066", [0xE2, 0x81, 0xA6]), ("PDI U+2069", [0xE2, 0x81, 0xA9]), ("ZWSP U+200B", [0xE2, 0x80, 0x8B]),
        ("RLM U+200F", [0xE2, 0x80, 0x8F]), ("LS U+2028", [0xE2, 0x80, 0xA8]), ("BOM U+FEFF", [0xEF, 0xBB, 0xBF]),
        ("ALM U+061C", [0xD8, 0x9C]),
    ]

    @Test(.enabled(if: tmuxAvailable, "skipped: tmux or script is not installed"))
    func tuiDrawsHostileTextHarmlessly() throws {
        let h = try Self.hostile.get()
        // Board, full detail, log, triage, stand-up, inbox, back to the board.
        let (screens, raw, title) = try Self.tuiSession(board: h.board.path, keys: ["Enter", "Escape", "4", "2", "3", "5", "1"])
        #expect(screens.first?.contains("Evil") == true, "the TUI came up: \(screens.first ?? "")")
        #expect(raw.count > 1000, "the TUI's output was recorded (\(raw.count) bytes)")
        #expect(title == "unchanged", "the window title was not set by board text: \(title)")
        for (name, seq) in Self.forbidden {
            if let at = Self.find(seq, in: raw) {
                let context = String(decoding: raw[max(0, at - 40)..<min(raw.count, at + 20)], as: UTF8.self)
                Issue.record("the TUI wrote \(name) at byte \(at): …\(context.debugDescription)…")
            }
        }
        let everything = screens.joined(separator: "\n")
        #expect(everything.contains("^["), "escape characters are drawn visibly")
        #expect(everything.contains("<U+202E>") || everything.contains("U+202E"), "the bidi override is drawn visibly")
        // The screen was not cleared or scrolled by the title: the first line of each view is
        // the app's own header, and every screen still shows the board text.
        for (i, s) in screens.enumerated() {
            #expect(!s.contains("PWNED") || s.contains("^[]2;PWNED"), "screen \(i) obeys an OSC: \(s)")
        }
    }

    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            if Array(hay[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
