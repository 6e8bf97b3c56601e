import Foundation
import GateboardCore

/// The git merge driver (`gateboard merge-driver %O %A %B %P`), for a plain `git merge` or
/// `git pull` in a repository set up with `gateboard git setup`.
///
/// - `audit/<ID>.jsonl`: the three logs are merged by event (`LogMerge`), re-chained, and
///   written over %A. Conflicts found are printed, and recorded in the log as events.
/// - `audit/_board.jsonl`: the set union of board events, re-chained.
/// - `usecases/<ID>.yaml`: rebuilt from the same merged log, read from the merge's own
///   commits (HEAD, MERGE_HEAD and their merge base), so it matches the log byte for byte.
///   The same during a rebase or cherry-pick step (HEAD, the commit being applied, its
///   parent). Anywhere else it keeps %A as a placeholder: `gateboard sync` rebuilds it.
/// Exit 0 when merged; 1 (git then reports a conflict and keeps all three versions) when
/// the logs cannot be merged by rule (an edited event, a log that does not parse).
public enum MergeDriver {
    public struct Outcome: Sendable {
        public var status: Int32
        public var messages: [String]
    }

    public static func run(base: String, current: String, other: String, path: String,
                           repository: URL) -> Outcome {
        func read(_ p: String) -> Data? { FileManager.default.contents(atPath: p) }
        let name = (path as NSString).lastPathComponent
        let dir = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        do {
            if dir == "audit", name.hasSuffix(".jsonl") {
                let data: Data
                var messages: [String] = []
                if name.hasPrefix("_") {
                    data = try boardLog(base: read(base), ours: read(current), theirs: read(other), path: path)
                } else {
                    let merged = try LogMerge(base: read(base), ours: read(current), theirs: read(other), path: path)
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
                let git = GitRunner(directory: repository)
                guard let (ours, theirs, base) = try sides(git) else {
                    return Outcome(status: 0, messages: [
                        "gateboard: \(path) kept as is (not a merge, rebase or cherry-pick); run `gateboard sync` to rebuild it from its log",
                    ])
                }
                let merged = try LogMerge(base: try base.map { b throws(SyncError) in try git.show(b, logPath) } ?? nil,
                                          ours: try git.show(ours, logPath),
                                          theirs: try git.show(theirs, logPath), path: logPath)
                try BoardPaths.writeOutsideBoard(Data(merged.log.fileText.utf8), to: current)
                return Outcome(status: 0, messages: [])
            }
            return Outcome(status: 1, messages: ["gateboard: \(path) is not an audit log or a use case file"])
        } catch {
            return Outcome(status: 1, messages: ["gateboard: cannot merge \(path): \(error)"])
        }
    }

    /// The commits being merged, from git's own state. During a merge git names the other
    /// side in a `GITHEAD_<sha>` environment variable (MERGE_HEAD is written only after the
    /// merge); during a rebase or cherry-pick step, the commit being applied is the other
    /// side and its parent the base. nil when none of these can be told.
    static func sides(_ git: GitRunner, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(SyncError) -> (ours: String, theirs: String, base: String?)? {
        func rev(_ name: String) throws(SyncError) -> String? {
            let out = try git.run(["rev-parse", "-q", "--verify", name + "^{commit}"])
            return out.ok ? out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
        }
        let named = environment.keys.filter { $0.hasPrefix("GITHEAD_") }.map { String($0.dropFirst("GITHEAD_".count)) }
        var theirs = named.count == 1 ? try rev(named[0]) : nil
        if theirs == nil { theirs = try rev("MERGE_HEAD") }
        if let theirs, theirs != (try rev("HEAD")) {
            let base = try git.run(["merge-base", "HEAD", theirs]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            return ("HEAD", theirs, base.isEmpty ? nil : base)
        }
        // A rebase step: the commit being picked is the last line of rebase-merge/done.
        let donePath = try git.run(["rev-parse", "--git-path", "rebase-merge/done"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !donePath.isEmpty,
           let done = try? String(contentsOf: URL(fileURLWithPath: donePath, relativeTo: git.directory), encoding: .utf8),
           let last = done.split(separator: "\n").last {
            let words = last.split(separator: " ")
            if words.count >= 2, let picked = try rev(String(words[1])) { return ("HEAD", picked, try rev(picked + "^")) }
        }
        for name in ["REBASE_HEAD", "CHERRY_PICK_HEAD"] {
            if let theirs = try rev(name) { return ("HEAD", theirs, try rev(theirs + "^")) }
        }
        return nil
    }

    /// The board log: every board event once, in the deterministic merge order, re-chained.
    static func boardLog(base: Data?, ours: Data?, theirs: Data?, path: String) throws(SyncError) -> Data {
        let b = try base.map { d throws(SyncError) in try StoreBridge.decodeLog(d, path: path) }
        let events: [AuditEvent]
        do {
            events = try HistoryMerge.union(base: b, ours: try StoreBridge.decodeLog(ours ?? Data(), path: path),
                                            theirs: try StoreBridge.decodeLog(theirs ?? Data(), path: path))
        } catch let error as MergeError {
            throw SyncError.unresolvedConflict(files: [path], detail: error.description)
        } catch let error as SyncError {
            throw error
        } catch {
            throw SyncError.board("\(path): \(error)")
        }
        var data = Data()
        var prev = SHA256Hex.zero
        for var e in events {
            e.prev = prev
            let line = StoreBridge.encodeLine(e)
            prev = StoreBridge.lineHash(line)
            data.append(line)
            data.append(0x0A)
        }
        return data
    }
}
