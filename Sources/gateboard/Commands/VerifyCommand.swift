import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every audit chain and use case file; exit 0 only when everything holds, 1 naming each problem.")

    @OptionGroup var boardOption: BoardOption
    @OptionGroup var output: JSONFlag

    @Flag(help: ArgumentHelp(
        "Also check the board's git history: every audit log only grew across the commits of the current branch, and every merge holds what the merge rules give for its parents.",
        discussion: "Names the commit (short hash and subject) and the file:line where a log lost or changed a line, gained a conflict event outside a merge, or a merge differs from the rules."))
    var history = false

    func run() throws {
        try Guarded.run(json: output.json) {
            let inv = try Invocation.current()
            let store = try inv.store(boardOption.board)
            let meter = ProgressMeter(enabled: isatty(STDERR_FILENO) == 1)
            var report = try store.verify { p in meter.show(done: p.bytesDone, total: p.bytesTotal) }
            meter.finish()
            let past = try history ? HistoryJSON(board: store.root) : nil
            let ok = report.ok && past?.ok != false
            // Signed decisions: the key list is the root of trust; say what changed (TOFU).
            report.notes += store.keyChangesSinceLastVerify()
            if output.json {
                JSONOutput.print(VerifyJSON(ok: ok, useCases: report.useCases, events: report.events,
                                            bytes: report.bytes, problems: report.problems.map(DiagnosticJSON.init),
                                            notes: report.notes, history: past))
            } else {
                for p in report.problems { print(TerminalSafe.escape(p.description)) }
                for p in past?.found ?? [] { print(TerminalSafe.escape(p.description)) }
                for n in report.notes { print("note: " + TerminalSafe.escape(n)) }
                let summary = "\(BoardWords.plural(report.useCases, "use case")), \(BoardWords.plural(report.events, "event"))"
                    + (past.map { ", \(BoardWords.plural($0.commits, "commit")) of history" } ?? "")
                let problems = report.problems.count + (past?.found.count ?? 0)
                if ok {
                    print("verify OK: \(summary); every chain and use case file holds"
                          + (past == nil ? "" : ", and every log only grew in git"))
                } else {
                    print("verify FAILED: \(BoardWords.plural(problems, "problem")) in \(summary)")
                }
            }
            if !ok { throw ExitCodeError(1) }
        }
    }
}

struct VerifyJSON: Encodable {
    var ok: Bool
    var useCases: Int
    var events: Int
    var bytes: Int
    var problems: [DiagnosticJSON]
    var notes: [String]
    /// `verify --history` only.
    var history: HistoryJSON?
}

/// `verify --history`: the board's git history, checked by `HistoryCheck`.
struct HistoryJSON: Encodable {
    struct Problem: Encodable {
        var commit: String
        var subject: String
        var path: String
        var line: Int?
        var message: String
    }
    var ok: Bool
    var commits: Int
    var versions: Int
    var problems: [Problem]
    let found: [HistoryProblem]

    enum CodingKeys: String, CodingKey { case ok, commits, versions, problems }

    init(board: URL) throws {
        let report: HistoryReport
        do {
            report = try HistoryCheck(paths: BoardPaths(board: board)).run(["HEAD"])
        } catch {
            throw SyncFailure.cli(error)
        }
        ok = report.ok
        commits = report.commits
        versions = report.versions
        found = report.problems
        problems = report.problems.map {
            Problem(commit: $0.shortCommit, subject: $0.subject, path: $0.path, line: $0.line, message: $0.message)
        }
    }
}

/// Progress on stderr for long checks: only on a terminal, and only once the work has taken
/// longer than a second, so quick runs and pipes stay quiet.
final class ProgressMeter {
    private let enabled: Bool
    private let start = Date()
    private var shown = false
    private var lastPercent = -1

    init(enabled: Bool) { self.enabled = enabled }

    func show(done: Int, total: Int) {
        guard enabled, total > 0, Date().timeIntervalSince(start) > 1 else { return }
        let percent = min(100, done * 100 / total)
        guard percent != lastPercent else { return }
        lastPercent = percent
        shown = true
        let mb = { (n: Int) in String(format: "%.1f", Double(n) / 1_048_576) }
        FileHandle.standardError.write(Data("\rverifying… \(percent)% (\(mb(done)) of \(mb(total)) MB)\u{1B}[K".utf8))
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
