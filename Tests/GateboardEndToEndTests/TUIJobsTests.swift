import Foundation
import Testing

/// Issue 15: the three jobs the TUI exists for, on the shipped sample board in the real binary
/// under tmux, read off the screen as a person would — and the interactive defects.
@Suite(.serialized) struct TUIJobsTests {
    static let today = SampleBoardTests.today

    /// The id in the "Why · UC-0002" title: the entry the screen shows highlighted.
    static func whyID(_ screen: String) -> String? {
        guard let r = screen.range(of: "Why \u{00B7} ") else { return nil }
        return String(screen[r.upperBound...].prefix(7))
    }

    /// The last audit event of a use case on the copy.
    static func lastEvent(_ copy: SampleBoardTests.Copy, _ id: String) throws -> [String: Any] {
        let log = try String(contentsOf: copy.dir.appendingPathComponent("audit/\(id).jsonl"), encoding: .utf8)
        return try JSONSerialization.jsonObject(with: Data(log.split(separator: "\n").last!.utf8)) as! [String: Any]
    }

    static func events(_ copy: SampleBoardTests.Copy, _ file: String) throws -> [[String: Any]] {
        let log = try String(contentsOf: copy.dir.appendingPathComponent(file), encoding: .utf8)
        return try log.split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    /// A scratch copy of the sample board and the TUI on it as `user`, ready to take keys.
    static func start(_ user: String, _ name: String, width: Int = 120, height: Int = 40,
                      environment: [String: String] = [:], copy: SampleBoardTests.Copy? = nil) throws -> (SampleBoardTests.Copy, TUITmux) {
        let copy = try copy ?? SampleBoardTests.Copy(frozen: true)
        let tui = try TUITmux(board: copy.path, as: user, now: today, width: width, height: height, environment: environment)
        try tui.waitFor("you: \(name)")
        return (copy, tui)
    }

    // MARK: - Job: a reviewer works the inbox

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func inboxApproveAndRejectThenActOnTheNextEntry() throws {
        let (copy, tui) = try Self.start("omar", "Omar Haddad")
        try tui.send("5")
        var screen = try tui.waitFor("Why \u{00B7} UC-0014")
        #expect(screen.contains("7 need you"))
        // Second entry: UC-0017's checkpoint approval.
        try tui.send("j")
        try tui.waitFor("Why \u{00B7} UC-0017")
        try tui.send("a")
        try tui.waitFor("Approve UC-0017 \u{00B7} checkpoint \u{2192} release \u{00B7} as risk reviewer")
        try tui.send("evals hold", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("approve recorded on UC-0017")
        // The entry left; the highlight moved on, and every key follows what is shown.
        let next = try #require(Self.whyID(screen), "\(screen)")
        #expect(next != "UC-0017", "\(screen)")
        try tui.send("c")
        screen = try tui.waitFor("Comment on ")
        #expect(screen.contains("Comment on \(next) \u{00B7}"), "c acts on the highlighted \(next):\n\(screen)")
        try tui.send("Escape")
        try tui.waitFor("cancelled")
        try tui.send("Enter")
        screen = try tui.waitFor("Detail \u{00B7} ")
        #expect(screen.contains("Detail \u{00B7} \(next)"), "Enter opens the highlighted \(next):\n\(screen)")
        try tui.send("Escape")

        // Back to the top: reject UC-0014, then act on whatever is highlighted next.
        try tui.send("g")
        try tui.waitFor("Why \u{00B7} UC-0014")
        try tui.send("r")
        try tui.waitFor("Reject UC-0014 \u{00B7} specification \u{2192} implementation \u{00B7} as risk reviewer")
        try tui.send("the spec has no data-retention section", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("reject recorded on UC-0014")
        let after = try #require(Self.whyID(screen))
        try tui.send("c")
        screen = try tui.waitFor("Comment on ")
        #expect(screen.contains("Comment on \(after) \u{00B7}"), "c acts on the highlighted \(after):\n\(screen)")
        try tui.send("renewal due", literal: true)
        try tui.send("Enter")
        try tui.waitFor("comment recorded on \(after)")
        try tui.send("q")
        try tui.waitForExit()

        let approve = try Self.lastEvent(copy, "UC-0017")
        #expect(approve["action"] as? String == "approve" && approve["actor"] as? String == "omar")
        let reject = try Self.lastEvent(copy, "UC-0014")
        #expect(reject["action"] as? String == "reject")
        let comment = try Self.lastEvent(copy, after)
        #expect(comment["action"] as? String == "comment")
        #expect((comment["details"] as? [String: Any])?["comment"] as? String == "renewal due")
        #expect(try copy.run(["verify"]).status == 0)
    }

    // MARK: - Job: the delivery lead runs the stand-up

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func standupWalk() throws {
        let copy = try SampleBoardTests.Copy()
        let boardEventsBefore = try Self.events(copy, "audit/_board.jsonl").count
        let tui = try Self.start("maya", "Maya Lindgren", copy: copy).1
        try tui.send("3")
        var screen = try tui.waitFor("since 2026-11-24 09:30")
        // By owner: the heading of each row is the first person its Why pane says must act.
        try tui.send("s")
        screen = try tui.waitFor("by owner")
        let row = screen.components(separatedBy: "\n").first { $0.contains("UC-0011") } ?? ""
        #expect(!row.contains("Nobody accountable"), "\(row)")
        // Walk with n: the Why pane follows; Enter opens the detail, n walks on inside it.
        let first = try #require(Self.whyID(screen))
        try tui.send("n")
        screen = try tui.waitFor("Why \u{00B7} ")
        let second = try #require(Self.whyID(try tui.waitForChange(from: first)))
        try tui.send("Enter")
        try tui.waitFor("Detail \u{00B7} \(second)")
        try tui.send("n")
        screen = try tui.waitForAbsence("Detail \u{00B7} \(second)")
        #expect(!screen.contains("New use case"), "n is next in the stand-up:\n\(screen)")
        #expect(screen.contains("Detail \u{00B7} UC-"), "\(screen)")
        try tui.send("p")
        screen = try tui.waitFor("Detail \u{00B7} \(second)")
        #expect(!screen.contains("Park "), "p is previous in the stand-up:\n\(screen)")
        try tui.send("Escape")
        // Mark held: asked once, with the previous mark; a second mark is refused.
        try tui.send("m")
        screen = try tui.waitFor("Mark the stand-up held?")
        #expect(screen.contains("previous: 2026-11-24 09:30"), "\(screen)")
        try tui.send("y")
        try tui.waitFor("stand-up marked held")
        try tui.send("m")
        try tui.waitFor("already marked held today")
        try tui.send("q")
        try tui.waitForExit()
        let marks = try Self.events(copy, "audit/_board.jsonl").dropFirst(boardEventsBefore).filter { $0["action"] as? String == "standup" }
        #expect(marks.count == 1, "one mark for one stand-up")
    }

    // MARK: - Job: the portfolio owner triages

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func triageBulkAction() throws {
        let (copy, tui) = try Self.start("maya", "Maya Lindgren")
        try tui.send("2")
        var screen = try tui.waitFor("need a decision, worst first")
        let first = try #require(Self.whyID(screen))
        try tui.send("Space")
        let second = try #require(Self.whyID(try tui.waitForChange(from: first)))
        try tui.send("Space")
        screen = try tui.waitFor("2 marked")
        try tui.send("c")
        screen = try tui.waitFor("Comment on 2 marked")
        #expect(screen.contains(first) && screen.contains(second), "the form lists what it acts on:\n\(screen)")
        try tui.send("decision needed this week", literal: true)
        try tui.send("Enter")
        screen = try tui.waitFor("2 done")
        try tui.send("q")
        try tui.waitForExit()
        for id in [first, second] {
            let e = try Self.lastEvent(copy, id)
            #expect(e["action"] as? String == "comment" && e["actor"] as? String == "maya", "\(id): \(e)")
        }
        #expect(try copy.run(["verify"]).status == 0)
    }

    // MARK: - Interactive defects

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func helpScrollsAt80x24() throws {
        let (_, tui) = try Self.start("maya", "Maya", width: 80, height: 24)
        try tui.send("?")
        let first = try tui.waitFor("Keys \u{00B7} Board")
        #expect(first.contains("\u{25BC}"), "more below:\n\(first)")
        try tui.send("j")
        try tui.send("Down")
        try tui.send("PageDown")
        let scrolled = try tui.waitFor("\u{25B2}")
        #expect(scrolled != first)
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func aRefusedParkKeepsTheFormAndTheInput() throws {
        let copy = try SampleBoardTests.Copy()
        let before = try Self.lastEvent(copy, "UC-0010")
        let tui = try Self.start("maya", "Maya Lindgren", copy: copy).1
        try tui.send("/")
        try tui.send("UC-0010", literal: true)
        try tui.send("Enter")
        try tui.waitFor("filter: /UC-0010")
        try tui.send("p")
        try tui.waitFor("Park UC-0010")
        try tui.send("waiting for a technical owner", literal: true)
        try tui.send("Tab")
        try tui.send("2020-01-01", literal: true)
        try tui.send("Enter")
        let screen = try tui.waitFor("must be after today")
        #expect(screen.contains("Park UC-0010"), "the form stays open:\n\(screen)")
        #expect(screen.contains("waiting for a technical owner"), "with the input:\n\(screen)")
        try tui.send("Escape")
        try tui.send("q")
        try tui.waitForExit()
        #expect(try Self.lastEvent(copy, "UC-0010")["seq"] as? Int == before["seq"] as? Int, "nothing written")
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func slashFiltersTriageAndTheFilterStays() throws {
        let (copy, tui) = try Self.start("maya", "Maya Lindgren")
        try tui.send("2")
        try tui.waitFor("need a decision, worst first")
        try tui.send("/")
        try tui.send("Lena", literal: true)
        try tui.send("Enter")
        var screen = try tui.waitFor("filter: /Lena")
        #expect(screen.contains("need a decision"), "/ stays in triage:\n\(screen)")
        #expect(screen.contains("/Lena:"), "the list says it is filtered:\n\(screen)")
        try tui.send("1")
        try tui.send("2")
        screen = try tui.waitFor("/Lena:")
        #expect(screen.contains("filter: /Lena"), "2 and 1 keep the filter:\n\(screen)")
        try tui.send("q")
        try tui.waitForExit()
    }

    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func vOpensTheEvidenceInThePagerAndTheScreenComesBack() throws {
        let copy = try SampleBoardTests.Copy()
        // UC-0014's one evidence reference is specs/UC-0014.md@v1: the file the sample writes next
        // to the board (unchanged since it was added, so v opens it rather than a diff).
        #expect(FileManager.default.fileExists(atPath: copy.dir.appendingPathComponent("specs/UC-0014.md").path))
        let seen = copy.dir.appendingPathComponent("pager-saw.txt")
        let pager = copy.dir.appendingPathComponent("pager.sh")
        try "#!/bin/sh\nprintf '%s' \"$1\" > '\(seen.path)'\n".write(to: pager, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: pager.path)
        let tui = try Self.start("omar", "Omar Haddad", environment: ["PAGER": pager.path], copy: copy).1
        try tui.send("5")
        try tui.waitFor("Why \u{00B7} UC-0014")
        try tui.send("v")
        let screen = try tui.waitFor("closed specs/UC-0014.md@v1")
        #expect(screen.contains("Inbox \u{00B7} Omar Haddad"), "the screen is restored:\n\(screen)")
        let path = try String(contentsOf: seen, encoding: .utf8)
        #expect(path.hasSuffix("/specs/UC-0014.md"), "the pager got the file: \(path)")
        try tui.send("y")
        try tui.waitFor("specs/UC-0014.md@v1")
        try tui.send("q")
        try tui.waitForExit()
    }
}
