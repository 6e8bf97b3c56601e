import Foundation
import GateboardCore
import GateboardStore

/// The git merge driver (`gateboard merge-driver %O %A %B %P`), for a plain `git merge` or
/// `git pull` in a repository set up with `gateboard git setup`.
///
/// Before merging, both sides are checked as `sync` checks them (`HistoryCheck` over the
/// commits only one side has): every log only grew, conflict events come only from merges,
/// every chain holds. A side that breaks a rule is refused (exit 1, naming the commit and
/// the line): git then reports a conflict and keeps all three versions.
///
/// - `audit/<ID>.jsonl`: the two logs are merged by event (`LogMerge`), re-chained, and
///   written over %A. Conflicts found are printed, and recorded in the log as events.
/// - `audit/_board.jsonl`: the set union of board events, re-chained.
/// - `usecases/<ID>.yaml`: rebuilt from the same merged log, read from the merge's own
///   commits (HEAD and MERGE_HEAD), so it matches the log byte for byte. Anywhere else it
///   keeps %A as a placeholder: `gateboard sync` rebuilds it.
/// - A rebase or cherry-pick step is refused: replaying a commit over a log that changed
///   upstream would rewrite lines of that commit's log that are already published, which no
///   merge commit records and `verify --history` could not tell from tampering.
/// Exit 0 when merged; 1 (git then reports a conflict and keeps all three versions) when
/// the logs cannot be merged by rule (an edited event, a log that does not parse).
public enum MergeDriver {
    public struct Outcome: Sendable {
        public var status: Int32
        public var messages: [String]
    }

    static let noRebase = "rebasing or cherry-picking board commits over a log that also changed upstream would rewrite "
        + "published lines; run `git rebase --abort` (or `git cherry-pick --abort`), then `gateboard sync` or `git pull --no-rebase`"

    public static func run(base: String, current: String, other: String, path: String,
                           repository: URL) -> Outcome {
        func read(_ p: String) -> Data? { FileManager.default.contents(atPath: p) }
        let name = (path as NSString).lastPathComponent
        let dir = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        let git = GitRunner(directory: repository)
        do {
            if dir == "audit", name.hasSuffix(".jsonl") {
                let boardPrefix = String(path.dropLast("audit/\(name)".count))
                let ours = read(current), theirs = read(other)
                let refused = try admit(base: read(base), ours: ours, theirs: theirs, path: path,
                                        paths: BoardPaths(board: repository.appendingPathComponent(boardPrefix)), git: git)
                if !refused.isEmpty { return Outcome(status: 1, messages: refused) }
                let data: Data
                var messages: [String] = []
                if name.hasPrefix("_") {
                    data = try boardLog(ours: ours, theirs: theirs, path: path)
                } else {
                    let merged = try LogMerge(ours: ours, theirs: theirs, path: path)
                    data = merged.log.data
                    messages = merged.conflicts.map { "gateboard: conflict resolved: \($0)" }
                }
                try BoardPaths.writeOutsideBoard(data, to: current)
                return Outcome(status: 0, messages: messages)
            }
            if dir == "usecases", name.hasSuffix(".yaml") {
                let id = String(name.dropLast(".yaml".count))
                let boardPrefix = String(path.dropLast("usecases/\(name)".count))
                let logPath = boardPrefix + "audit/\(id).jsonl"
                guard let sides = try sides(git) else {
                    return Outcome(status: 0, messages: [
                        "gateboard: \(path) kept as is (not a merge); run `gateboard sync` to rebuild it from its log",
                    ])
                }
                guard sides.merge else { return Outcome(status: 1, messages: ["gateboard: \(path): " + noRebase]) }
                let merged = try LogMerge(ours: try git.show(sides.ours, logPath), theirs: try git.show(sides.theirs, logPath), path: logPath)
                try BoardPaths.writeOutsideBoard(Data(merged.log.fileText.utf8), to: current)
                return Outcome(status: 0, messages: [])
            }
            return Outcome(status: 1, messages: ["gateboard: \(path) is not an audit log or a use case file"])
        } catch {
            return Outcome(status: 1, messages: ["gateboard: cannot merge \(path): \(error)"])
        }
    }

    /// Why the two sides of one log may not be merged (empty when they may): during a merge,
    /// the commits only one side has, checked by `HistoryCheck`; elsewhere (git did not say
    /// what it merges) the three blobs themselves.
    static func admit(base: Data?, ours: Data?, theirs: Data?, path: String, paths: BoardPaths,
                      git: GitRunner) throws(SyncError) -> [String] {
        let check = HistoryCheck(paths: paths)
        let problems: [HistoryProblem]
        if let sides = try sides(git) {
            guard sides.merge else { return ["gateboard: \(path): " + noRebase] }
            problems = try check.run(["HEAD...\(sides.theirs)"], logs: [path]).problems
        } else {
            problems = check.blobs(base: base, ours: ours, theirs: theirs, path: path)
        }
        guard !problems.isEmpty else { return [] }
        return ["gateboard: refused to merge \(path): a side breaks the audit rules (nothing was merged):"]
            + problems.map { "  \($0)" }
    }

    /// The commits being merged, from git's own state. During a merge git names the other
    /// side in a `GITHEAD_<sha>` environment variable (MERGE_HEAD is written only after the
    /// merge); during a rebase or cherry-pick step, the commit being applied is the other
    /// side and its parent the base. nil when none of these can be told.
    static func sides(_ git: GitRunner, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(SyncError) -> (ours: String, theirs: String, merge: Bool)? {
        func rev(_ name: String) throws(SyncError) -> String? {
            let out = try git.run(["rev-parse", "-q", "--verify", name + "^{commit}"])
            return out.ok ? out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        }
        let named = environment.keys.filter { $0.hasPrefix("GITHEAD_") }.map { String($0.dropFirst("GITHEAD_".count)) }
        var theirs = named.count == 1 ? try rev(named[0]) : nil
        if theirs == nil { theirs = try rev("MERGE_HEAD") }
        if let theirs, theirs != (try rev("HEAD")) { return ("HEAD", theirs, true) }
        // A rebase step: the commit being picked is the last line of rebase-merge/done.
        let donePath = try git.run(["rev-parse", "--git-path", "rebase-merge/done"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !donePath.isEmpty,
           let done = try? String(contentsOf: URL(fileURLWithPath: donePath, relativeTo: git.directory), encoding: .utf8),
           let last = done.split(separator: "\n").last {
            let words = last.split(separator: " ")
            if words.count >= 2, let picked = try rev(String(words[1])) { return ("HEAD", picked, false) }
        }
        for name in ["REBASE_HEAD", "CHERRY_PICK_HEAD"] {
            if let theirs = try rev(name) { return ("HEAD", theirs, false) }
        }
        return nil
    }

    /// The board log: every board event once, in the deterministic merge order, re-chained.
    static func boardLog(ours: Data?, theirs: Data?, path: String) throws(SyncError) -> Data {
        let events: [AuditEvent]
        do {
            events = try HistoryMerge.union(ours: try StoreBridge.decodeLog(ours ?? Data(), path: path),
                                            theirs: try StoreBridge.decodeLog(theirs ?? Data(), path: path))
        } catch let error as MergeError {
            throw SyncError.unresolvedConflict(files: [path], detail: error.description)
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.board("\(path): \(error)")
        }
        return Data(AuditChain.chain(events).bytes)
    }
}
