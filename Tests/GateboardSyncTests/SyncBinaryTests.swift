import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

/// The built `gateboard` binary, as git and people call it: `GATEBOARD_BIN`, else
/// `.build/debug/gateboard` above this file.
enum SyncBinary {
    static let path: String? = {
        if let bin = ProcessInfo.processInfo.environment["GATEBOARD_BIN"], !bin.isEmpty { return bin }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" {
            let candidate = dir.appendingPathComponent(".build/debug/gateboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }()

    /// The binary is there to test: `GATEBOARD_BIN` was given (then a missing binary fails the
    /// suite, never skips it), or `swift build` has made one.
    static let available = path.map { ProcessInfo.processInfo.environment["GATEBOARD_BIN"] != nil
        || FileManager.default.isExecutableFile(atPath: $0) } ?? false

    static func run(_ args: [String], in dir: URL, env: [String: String], user: String? = nil) throws -> GitOutput {
        guard let path, FileManager.default.isExecutableFile(atPath: path) else {
            throw SandboxFailure("no gateboard binary at \(path ?? ".build/debug/gateboard"): run swift build, or set GATEBOARD_BIN")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        p.currentDirectoryURL = dir
        var e = ProcessInfo.processInfo.environment
        for key in ["GATEBOARD_BOARD", "GATEBOARD_USER", "GATEBOARD_NOW"] { e[key] = nil }
        for (k, v) in env { e[k] = v }
        if let user { e["GATEBOARD_USER"] = user }
        p.environment = e
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("gb-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("gb-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        try p.run()
        p.waitUntilExit()
        return GitOutput(status: p.terminationStatus, data: try Data(contentsOf: out),
                         stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }
}

/// With the real binary: the merge driver under a plain `git pull` (merge and rebase), and
/// `gateboard sync` itself. Enabled once the root command registers the sync commands.
@Suite(.serialized, .enabled(if: SyncBinary.available, "no gateboard binary: run swift build, or set GATEBOARD_BIN"))
struct SyncBinaryTests {
    /// The commands git and people call exist, with the options the docs name.
    @Test func theBinaryHasTheSyncCommands() throws {
        for (args, mark) in [(["sync", "--help"], "--push"), (["git", "setup", "--help"], "--driver-command"),
                             (["merge-driver", "--help"], "%O")] {
            let r = try SyncBinary.run(args, in: URL(fileURLWithPath: "/"), env: [:])
            #expect(r.status == 0 && r.stdout.contains(mark), "gateboard \(args.joined(separator: " ")): \(r.stderr)")
        }
    }

    func prepare(_ sandbox: GitSandbox) throws -> (Clone, Clone, UseCaseID) {
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        try a.act(.assign(role: "stop_ship", person: "olga"), on: id, as: "ana", at: "2026-10-01T08:30:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        // The driver config as `gateboard git setup` writes it, pointing at this binary.
        for clone in [a, b] {
            let r = try SyncBinary.run(["git", "setup", "--driver-command", SyncBinary.path!], in: clone.board, env: sandbox.env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        try a.act(.halt(reason: "drift"), on: id, as: "olga", at: "2026-10-02T08:00:00Z")
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:10:00Z")
        _ = try a.sync(push: true)
        try b.act(.halt(reason: "outage"), on: id, as: "olga", at: "2026-10-02T09:00:00Z")
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:10:00Z")
        _ = AutoCommit.afterAction(board: b.board, environment: sandbox.env)
        return (a, b, id)
    }

    /// A rebase would replay B's commit over a log that changed upstream, rewriting lines of
    /// B's log that no merge commit records: the driver refuses, and git stops with a conflict.
    @Test func plainGitPullRebaseOverAChangedLogIsRefusedByTheDriver() throws {
        let sandbox = try GitSandbox()
        let (_, b, _) = try prepare(sandbox)
        let pull = try GitRunner(directory: b.dir, environment: sandbox.env).run(["pull", "--rebase"])
        #expect(!pull.ok)
        #expect((pull.stdout + pull.stderr).contains("git pull --no-rebase"), "\(pull.stdout)\(pull.stderr)")
        _ = try b.git(["rebase", "--abort"])
        let r = try SyncBinary.run(["sync"], in: b.board, env: sandbox.env)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test(arguments: [["pull", "--no-rebase", "--no-edit"]])
    func plainGitPullMergesThroughTheDriver(pull: [String]) throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try prepare(sandbox)
        _ = try b.git(pull)
        #expect(try b.git(["status", "--porcelain"]).isEmpty)
        let verify = try SyncBinary.run(["verify"], in: b.board, env: sandbox.env)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(try SyncBinary.run(["validate"], in: b.board, env: sandbox.env).status == 0)
        let ids = try b.eventIDs()
        for e in a.recorded + b.recorded { #expect(ids.contains(e)) }
        #expect(Set(ids).count == ids.count)
        #expect(try b.store.load().useCase(id)?.halted?.reason == "drift")
    }

    @Test func syncCommandReportsConflictsAsJSON() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try prepare(sandbox)
        let r = try SyncBinary.run(["sync", "--push", "--json"], in: b.board, env: sandbox.env)
        #expect(r.status == 0, "\(r.stderr)")
        let o = try #require(try JSONSerialization.jsonObject(with: r.data) as? [String: Any])
        #expect(o["ok"] as? Bool == true && o["pushed"] as? Bool == true && o["merge"] as? String == "merged")
        let conflicts = try #require(o["conflicts"] as? [[String: Any]])
        #expect(conflicts.map { $0["rule"] as? String } == ["duplicate_halt"])
        #expect(conflicts.first?["useCase"] as? String == id)
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        let text = try SyncBinary.run(["sync"], in: a.board, env: sandbox.env)
        #expect(text.status == 0 && text.stdout == "up to date with origin/main\n")
    }

    @Test func syncCommandFailuresExitThreeWithTheirCode() throws {
        let sandbox = try GitSandbox()
        let dir = sandbox.url("solo")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try sandbox.git(dir, ["init", "--quiet", "-b", "main"])
        _ = try BoardStore.initialize(at: dir.appendingPathComponent("board"), name: "Solo")
        let r = try SyncBinary.run(["sync", "--json"], in: dir.appendingPathComponent("board"), env: sandbox.env)
        #expect(r.status == 3)
        let o = try #require(try JSONSerialization.jsonObject(with: r.data) as? [String: Any])
        #expect(o["code"] as? String == "no_remote")
        let text = try SyncBinary.run(["sync"], in: dir.appendingPathComponent("board"), env: sandbox.env)
        #expect(text.status == 3 && text.stderr.contains("no remote configured"))
    }

    /// A forged line pushed with plain git: a plain `git pull` stops in the driver, naming the
    /// commit and line, and `gateboard sync` refuses too.
    @Test func theDriverRefusesAForgedRemoteLog() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try prepare(sandbox)
        let line = try a.appendForgedConflict(lifting: id)
        try a.commitAndPush("forged")
        let short = try a.git(["rev-parse", "--short=7", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pull = try GitRunner(directory: b.dir, environment: sandbox.env).run(["pull", "--no-rebase", "--no-edit"])
        #expect(!pull.ok)
        let said = pull.stdout + pull.stderr
        #expect(said.contains("audit/\(id).jsonl:\(line)") && said.contains(short), "\(said)")
        _ = try b.git(["merge", "--abort"])
        let r = try SyncBinary.run(["sync", "--json"], in: b.board, env: sandbox.env)
        #expect(r.status == 3)
        let o = try #require(try JSONSerialization.jsonObject(with: r.data) as? [String: Any])
        #expect(o["code"] as? String == "history_rejected")
        #expect((o["message"] as? String)?.contains(short) == true, "\(o)")
    }

    /// A plain `git pull` that merged a log but kept B's use case file (changed on B's side
    /// only) leaves the file's anchor naming no line: verify fails, actions exit 3 and say
    /// how to recover; `gateboard sync` rebuilds the file from its verified log and says so.
    @Test func aUseCaseLeftBehindByAPlainPullIsRebuiltBySync() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        let setup = try SyncBinary.run(["git", "setup", "--driver-command", SyncBinary.path!], in: b.board, env: sandbox.env)
        #expect(setup.status == 0)
        try a.act(.comment(text: "from a"), on: id, as: "ana", at: "2026-10-02T08:00:00Z")
        _ = try a.git(["add", "\(GitSandbox.boardFolder)/audit"])     // the log alone
        _ = try a.git(["commit", "--quiet", "-m", "log only"])
        _ = try a.git(["push", "--quiet", "origin", "HEAD:main"])
        try b.act(.comment(text: "from b"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        _ = try b.git(["commit", "--quiet", "-am", "b"])
        _ = try b.git(["pull", "--quiet", "--no-rebase", "--no-edit"])
        #expect(try SyncBinary.run(["verify"], in: b.board, env: sandbox.env).status == 1)
        let action = try SyncBinary.run(["comment", id, "stuck?", "--as", "ana"], in: b.board, env: sandbox.env)
        #expect(action.status == 3)
        #expect(action.stderr.contains("gateboard sync"), "\(action.stderr)")
        let r = try SyncBinary.run(["sync"], in: b.board, env: sandbox.env)
        #expect(r.status == 0 && r.stdout.contains("rebuilt \(id) from its log"), "\(r.stdout)\(r.stderr)")
        #expect(try SyncBinary.run(["verify"], in: b.board, env: sandbox.env).status == 0)
        #expect(try b.git(["status", "--porcelain"]).isEmpty)
        let history = try SyncBinary.run(["verify", "--history"], in: b.board, env: sandbox.env)
        #expect(history.status == 0 && history.stdout.contains("every log only grew in git"), "\(history.stdout)")
    }

    @Test func verifyHistoryNamesTheRewriteInTextAndJSON() throws {
        let sandbox = try GitSandbox()
        let (a, _, id) = try prepare(sandbox)
        let events = try a.events(id)
        try a.rewriteConsistently(id, events.filter { $0.action != .halt })
        _ = try a.git(["commit", "--quiet", "-am", "quiet rewrite"])
        let short = try a.git(["rev-parse", "--short=7", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try SyncBinary.run(["verify"], in: a.board, env: sandbox.env).status == 0)
        let text = try SyncBinary.run(["verify", "--history"], in: a.board, env: sandbox.env)
        #expect(text.status == 1)
        let line = try #require(events.firstIndex { $0.action == .halt }) + 1
        #expect(text.stdout.contains("audit/\(id).jsonl:\(line): ") && text.stdout.contains("commit \(short) \"quiet rewrite\""), "\(text.stdout)")
        let json = try SyncBinary.run(["verify", "--history", "--json"], in: a.board, env: sandbox.env)
        let o = try #require(try JSONSerialization.jsonObject(with: json.data) as? [String: Any])
        #expect(o["ok"] as? Bool == false)
        let history = try #require(o["history"] as? [String: Any])
        let problems = try #require(history["problems"] as? [[String: Any]])
        #expect(problems.first?["commit"] as? String == short && problems.first?["line"] as? Int == line)
        #expect(problems.first?["subject"] as? String == "quiet rewrite")
    }

    @Test func gitSetupAdvisesProtectingTheBranchAgainstForcePushes() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let r = try SyncBinary.run(["git", "setup"], in: a.board, env: sandbox.env)
        #expect(r.status == 0 && r.stdout.contains("force-push") && r.stdout.contains("verify --history"), "\(r.stdout)")
    }
}
