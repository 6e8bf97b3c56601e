import Foundation
import Testing

/// Issue 17: `gateboard open ID NAME` opens an artifact or evidence item from the command line
/// (a recording script as $PAGER / $BROWSER stands in for the real ones); `list`'s blocker
/// count includes what drift voids; the TUI judges on disk as the CLI does (its inbox asks
/// Omar to renew UC-0002) and `v` on the drifted prompt shows the diff in the pager.
@Suite struct OpenAndDriftTests {
    let content = ContentBindingTests()

    /// A script that writes its arguments, one a line, to `record`, and copies a file
    /// argument's content beside it (`record.content`).
    static func recorder(in dir: URL, _ name: String) throws -> (script: URL, record: URL) {
        let record = dir.appendingPathComponent(name + ".args")
        let script = dir.appendingPathComponent(name + ".sh")
        try """
        #!/bin/sh
        printf '%s\\n' "$@" > '\(record.path)'
        [ -f "$1" ] && cat "$1" > '\(record.path).content'
        exit 0

        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script, record)
    }

    @Test func openOpensArtifactsAndEvidenceInThePagerOrBrowser() throws {
        let board = try FixtureBoard()
        let id = try board.create("Opened references")
        try content.write(board, "prompts/p.md", "prompt v1\n")
        try content.write(board, "specs/s.md", "spec\n")
        try board.act(["edit", id, "--artifact", "prompt=prompts/p.md@v1", "--artifact", "model=models/m@1"], as: "ana")
        try board.act(["evidence", id, "spec-reference", "--ref", "specs/s.md"], as: "ana")
        try board.act(["evidence", id, "eval-report", "--ref", "https://evals.example/r?id=1&x=2"], as: "ana")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let pager = try Self.recorder(in: scratch, "pager"), browser = try Self.recorder(in: scratch, "browser")
        func open(_ name: String, _ env: [String: String]) throws -> GateboardBinary.Result {
            try GateboardBinary.run(["open", id, name], board: board.path, environment: env)
        }
        var r = try open("prompt", ["PAGER": pager.script.path])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r)")
        var args = try String(contentsOf: pager.record, encoding: .utf8)
        #expect(args.hasSuffix("/prompts/p.md\n") && args.split(separator: "\n").count == 1, "\(args)")
        r = try open("spec-reference", ["PAGER": pager.script.path])
        args = try String(contentsOf: pager.record, encoding: .utf8)
        #expect(r.status == 0 && args.hasSuffix("/specs/s.md\n"), "\(r) \(args)")
        // A URL: the browser gets it whole, as one argument; without $BROWSER it is printed in full.
        r = try open("eval-report", ["BROWSER": browser.script.path])
        let got = try String(contentsOf: browser.record, encoding: .utf8)
        #expect(r.status == 0 && got == "https://evals.example/r?id=1&x=2\n", "\(r) \(got)")
        r = try open("eval-report", ["BROWSER": ""])
        #expect(r.status == 0 && r.stdout == "https://evals.example/r?id=1&x=2\n", "\(r)")
        // A drifted file: said so, pointing at diff, and opened as it is now.
        try content.write(board, "prompts/p.md", "prompt v2\n")
        try FileManager.default.removeItem(at: pager.record)
        r = try open("prompt", ["PAGER": pager.script.path])
        #expect(r.status == 0 && r.stderr.contains("prompts/p.md changed since it was recorded") && r.stderr.contains("`gateboard diff \(id) prompt`"), "\(r)")
        #expect(FileManager.default.fileExists(atPath: pager.record.path))
        // External, unknown, half the arguments.
        r = try open("model", ["PAGER": pager.script.path])
        #expect(r.status == 1 && r.stderr.contains("not a local file here: models/m@1"), "\(r)")
        r = try open("nosuch", [:])
        #expect(r.status == 2 && r.stderr.contains("has no artifact or evidence named nosuch; artifacts: model, prompt; evidence: eval-report, spec-reference"), "\(r)")
        r = try GateboardBinary.run(["open", id], board: board.path)
        #expect(r.status == 2 && r.stderr.contains("open takes a use case id and the name"), "\(r)")
    }

    @Test func listCountsTheBlockersDriftAdds() throws {
        let board = try FixtureBoard()
        let walk = try Walkthrough(board: board)
        try content.write(board, "prompts/kyc.md", "v1\n")
        try walk.toSpecification()
        try walk.toImplementation()
        try walk.toCheckpoint()
        try board.act(["approve", walk.id, "--comment", "evals hold"], as: "rita", now: "2026-10-23T09:00:00Z")
        func counts() throws -> (list: Int, check: Int) {
            let row = try board.run(["list", "--json"]).array().first { $0["id"] as? String == walk.id }
            let check = try board.run(["check", walk.id, "--json"]).object()
            return (row?["blockers"] as? Int ?? -1, ((check["gate"] as? [String: Any])?["blockers"] as? [Any])?.count ?? -2)
        }
        let before = try counts()
        #expect(before.list == before.check, "\(before)")
        try content.write(board, "prompts/kyc.md", "v2\n")
        let after = try counts()
        #expect(after.list == after.check && after.list == before.list + 1, "before \(before), after \(after)")
        #expect(try board.run(["list"]).stdout.contains("DRIFT"))
        // The load cache's kept observations and no cache at all say the same.
        for args in [["list"], ["list", "--json"]] {
            #expect(try board.run(args).stdout == (try board.run(args, environment: ["GATEBOARD_NO_CACHE": "1"]).stdout), "\(args)")
        }
    }
}

/// The TUI on the live sample: Omar's inbox asks him to renew UC-0002 (the prompt changed
/// after his approval), as `gateboard inbox --as omar` does; its Why marks the evaluation
/// report changed since Daniel added it; `v` on the prompt shows the diff from the approved
/// content (a blob git holds) to the current one in the pager, and the screen comes back.
@Suite(.serialized) struct TUIContentDriftTests {
    @Test(.enabled(if: TUITmux.available, "tmux is not installed: TUI end-to-end tests skipped"))
    func inboxRenewsDriftAndVShowsTheDiff() throws {
        let copy = try SampleBoardTests.Copy()
        let cli = try copy.run(["inbox", "--json"], as: "omar").array()
        #expect(cli.contains { $0["id"] as? String == "UC-0002" && $0["need"] as? String == "renew" }, "\(cli)")
        // git holds the approved prompt's blob (as a repository that committed it would).
        func git(_ args: [String], input: String? = nil) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            p.arguments = ["-C", copy.path] + args
            let pipe = Pipe()
            if input != nil { p.standardInput = pipe }
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            if let input { pipe.fileHandleForWriting.write(Data(input.utf8)); try pipe.fileHandleForWriting.close() }
            p.waitUntilExit()
        }
        try git(["init", "-q"])
        try git(["hash-object", "-w", "--stdin"], input: """
            You pre-fill the account-opening form from the lead form and KYC record.
            Fill: name, address, date of birth, tax residency.
            Leave a field empty when the sources disagree.

            """)
        let pager = try OpenAndDriftTests.recorder(in: copy.dir, "pager")
        let tui = try TUITmux(board: copy.path, as: "omar", now: SampleBoardTests.today, width: 160, height: 45,
                              environment: ["PAGER": pager.script.path])
        try tui.waitFor("you: Omar Haddad")
        try tui.send("5")
        var screen = try tui.waitFor("renew")
        for _ in 0..<10 where TUIJobsTests.whyID(screen) != "UC-0002" {
            let from = TUIJobsTests.whyID(screen) ?? ""
            try tui.send("j")
            screen = try tui.waitForChange(from: from)
        }
        #expect(TUIJobsTests.whyID(screen) == "UC-0002", "\(screen)")
        #expect(screen.contains("changed since Daniel Osei added it on 2026-11-16"), "\(screen)")
        try tui.send("v")
        try tui.waitFor("Open a reference of UC-0002")
        // Pickers take typed letters as a filter (type-ahead): the prompt artifact by name.
        try tui.send("artifact prompt", literal: true)
        try tui.waitFor("› artifact prompt")
        try tui.send("Enter")
        screen = try tui.waitFor("closed prompts/prefill.md (the diff since it was recorded)")
        #expect(screen.contains("Inbox \u{00B7} Omar Haddad"), "the screen is restored:\n\(screen)")
        let diff = try String(contentsOf: URL(fileURLWithPath: pager.record.path + ".content"), encoding: .utf8)
        #expect(diff.contains("-Fill: name, address, date of birth, tax residency.") && diff.contains("+Never pre-fill tax residency"), "\(diff)")
        #expect(diff.contains("(recorded, blob ") && diff.contains("(now, blob "), "\(diff)")
        try tui.send("q")
        try tui.waitForExit()
    }
}
