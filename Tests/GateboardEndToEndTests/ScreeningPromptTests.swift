import Foundation
import Testing

/// `gateboard new` on a terminal asks the screening questions one by one (run under `script`,
/// which gives it a pseudo-terminal): a wrong answer is asked again; input that ends early
/// writes nothing.
@Suite struct ScreeningPromptTests {
    static let script = "/usr/bin/script"
    static let available = FileManager.default.isExecutableFile(atPath: script)

    /// Runs `gateboard ARGS --board DIR` on a pseudo-terminal with `input` typed, as `user`;
    /// the terminal's output (stdout and stderr together) is `stdout`.
    func onTerminal(_ board: FixtureBoard, _ args: [String], input: String, as user: String) throws -> GateboardBinary.Result {
        let quote = { (s: String) in "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = ([GateboardBinary.path] + args + ["--board", board.path]).map(quote).joined(separator: " ")
        let inputFile = board.url("typed.txt"), outFile = board.url("terminal.txt")
        try input.write(to: inputFile, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "\(Self.script) -qec \"$0\" /dev/null < \"$1\" > \"$2\" 2>&1", command, inputFile.path, outFile.path]
        var env = ProcessInfo.processInfo.environment
        env["GATEBOARD_BOARD"] = nil
        env["GATEBOARD_USER"] = user
        env["GATEBOARD_NOW"] = GateboardBinary.defaultNow
        p.environment = env
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let out = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        return GateboardBinary.Result(status: p.terminationStatus, stdout: out, stderr: "")
    }

    @Test(.enabled(if: ScreeningPromptTests.available, "script(1) is not installed"))
    func newAsksTheQuestionsOnATerminal() throws {
        let b = try FixtureBoard()
        let r = try onTerminal(b, ["new", "--title", "Asked", "--tier", "low"], input: "9\n3\nmaybe\ny\nn\nno\nyes\n", as: "ana")
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("'9' is not one of none, credit, employment, essential_services"), "\(r)")
        #expect(r.stdout.contains("'maybe' is not one of yes, no"))
        #expect(r.stdout.contains("screening proposes tier high"))
        let file = try String(contentsOf: b.url("usecases/UC-0001.yaml"), encoding: .utf8)
        #expect(file.contains("screening:\n  annex_iii: employment\n  automated_decision: \"no\"\n  customer_facing: \"no\"\n  personal_data: \"yes\"\n  vendor_model: \"yes\"\n"), "\(file)")
    }

    @Test(.enabled(if: ScreeningPromptTests.available, "script(1) is not installed"))
    func inputEndingEarlyWritesNothing() throws {
        let b = try FixtureBoard()
        let r = try onTerminal(b, ["new", "--title", "Cut short", "--tier", "low"], input: "1\nyes\n", as: "ana")
        #expect(r.status != 0, "\(r)")
        #expect(r.stdout.contains("input ended before every question was answered"), "\(r)")
        #expect(!FileManager.default.fileExists(atPath: b.url("usecases/UC-0001.yaml").path))
    }
}
