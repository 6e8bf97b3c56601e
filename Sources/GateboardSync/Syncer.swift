import Foundation
import GateboardCore
import GateboardStore

/// What one `sync` did.
public struct SyncReport: Sendable {
    public enum Merge: String, Sendable { case upToDate = "up to date", fastForward = "fast-forward", merged }
    /// Subject of the commit of pending board changes, if there were any.
    public var committed: String?
    /// `origin/main`.
    public var upstream: String?
    public var merge: Merge = .upToDate
    /// Commits received from the remote.
    public var received = 0
    public var conflicts: [MergeConflict] = []
    public var renumbered: [Renumbering] = []
    /// Use cases whose files were rebuilt from a merged log.
    public var rebuilt: [UseCaseID] = []
    /// Use cases whose files were rebuilt from their own log: left behind it (a plain `git
    /// pull` that brought the log alone), or received with a fast-forward not as the log says.
    public var rederived: [UseCaseID] = []
    public var pushed = false

    /// What to tell the user, one line each.
    public var lines: [String] {
        var out: [String] = []
        if let committed { out.append("committed: \(committed)") }
        for r in renumbered { out.append("renumbered \(r.from) → \(r.to): \(r.from) was also created on \(upstream ?? "the remote")") }
        switch merge {
        case .upToDate: out.append("up to date with \(upstream ?? "the remote")")
        case .fastForward: out.append("received \(received) commit\(received == 1 ? "" : "s") from \(upstream ?? "the remote")")
        case .merged:
            out.append("merged \(received) commit\(received == 1 ? "" : "s") from \(upstream ?? "the remote")"
                       + (rebuilt.isEmpty ? "" : "; rebuilt \(rebuilt.joined(separator: ", ")) from the merged logs"))
        }
        for id in rederived { out.append("rebuilt \(id) from its log") }
        for c in conflicts { out.append("conflict resolved: \(c)") }
        if pushed { out.append("pushed to \(upstream ?? "the remote")") }
        return out
    }
}

/// A use case created on both sides under one id: the local one (never yet pushed) moves to
/// the next free id before merging; the published one keeps its id.
public struct Renumbering: Equatable, Sendable {
    public var from: UseCaseID
    public var to: UseCaseID
}

/// `gateboard sync [--push]`.
///
/// 1. Take the board lock (no action lands mid-sync) and check the pending board changes as
///    any commit is checked (`HistoryCheck.pending`): a log edited by hand is refused.
/// 2. Fetch the upstream (the branch's upstream, else `origin`/the only remote, same branch).
/// 3. Check the commits only one side has (`HEAD...upstream`, `HistoryCheck`): every log
///    only grew, conflict events only from merges, every added line chained, every merge
///    commit what the rules give. A refusal names each commit and line and writes nothing.
/// 4. Rebuild use case files left behind their verified log, and commit pending board
///    changes — board files only — with a message summarising the new audit events,
///    authored as the acting person when one person made them all.
/// 5. Up to date: nothing. Behind only: fast-forward, then rebuild every use case file that
///    came with it from its log (never taken as it comes). Diverged: renumber use cases
///    created under the same id on both sides, then `git merge --no-commit` (never a rebase:
///    local commits, their hashes and signatures stay as they were, and the result does not
///    depend on how many local commits there were), with Gateboard's files taken as-is by
///    git and merged by event here: every touched log is merged from its two sides,
///    re-chained, and its use case file rebuilt; then one merge commit that lists every
///    conflict resolved. Anything git cannot merge (another file, the policy edited on both
///    sides): the merge is aborted, the local commits stay, and the error names the files.
/// 6. Push when asked; if someone pushed meanwhile, fetch and merge again (3 tries).
public struct Syncer: Sendable {
    public var board: URL
    public var names: [PersonID: String]
    public var maxPushAttempts = 3
    /// Extra environment for git (tests isolate git's configuration with it).
    public var environment: [String: String]
    /// The system calls sync's board writes go through (tests inject failures here).
    public var fileSystem: any FileSystemCalls = PosixFileSystem()

    public init(board: URL, names: [PersonID: String] = [:], environment: [String: String] = [:]) {
        self.board = board
        self.names = names
        self.environment = environment
    }

    public func sync(push: Bool) throws(SyncError) -> SyncReport {
        var paths = try BoardPaths(board: board, environment: environment)
        paths.fileSystem = fileSystem
        let git = paths.git
        guard !(try git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"]).ok) else {
            throw SyncError.unresolvedConflict(files: [], detail: "a git merge is already in progress: finish it or run `git merge --abort`")
        }
        let branchOut = try git.run(["symbolic-ref", "--quiet", "--short", "HEAD"])
        guard branchOut.ok else { throw SyncError.detachedHead }
        let branch = branchOut.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        var report = SyncReport()
        let committer = BoardCommitter(paths: paths, names: names)
        // The board lock is held for local work only, never across the network: actions
        // wait at most for a commit or a merge, not for a slow remote. Nothing is written
        // (no commit, no merge) before both sides are checked: the local changes here, the
        // commits only one side has once fetched.
        try locked { () throws(SyncError) in try checkPending(paths) }
        func commit() throws(SyncError) {
            if let more = try commitLocal(paths, committer, &report) {
                report.committed = report.committed.map { $0 + "; " + more } ?? more
            }
        }

        let remote: String, remoteBranch: String, hasUpstream: Bool
        do {
            (remote, remoteBranch, hasUpstream) = try upstream(git: git, branch: branch)
        } catch .noRemote {
            try locked { () throws(SyncError) in try commit() }
            throw SyncError.noRemote(committed: report.committed == nil ? 0 : 1)
        }
        report.upstream = "\(remote)/\(remoteBranch)"
        let remoteRef = "refs/remotes/\(remote)/\(remoteBranch)"
        let integrator = Integrator(paths: paths, committer: committer, label: "\(remote)/\(remoteBranch)")
        func integrate() throws(SyncError) {
            try locked { () throws(SyncError) in
                let tracked = try git.run(["rev-parse", "-q", "--verify", remoteRef]).ok
                // Both sides' commits since the merge base, checked before anything is written
                // (a refusal leaves HEAD, the index and the working tree as they were): the
                // remote's, and ours (a local commit can be tampered too, and would be pushed).
                if tracked {
                    try paths.refuseLinks(in: remoteRef, label: "\(remote)/\(remoteBranch)")
                    try integrator.admit(remoteRef)
                }
                // Actions recorded until now (also while we were fetching) are committed before merging.
                try commit()
                if tracked {
                    try paths.undoingWrites { () throws(SyncError) in try integrator.integrate(remoteRef, into: &report) }
                }
            }
        }

        do { try fetch(git: git, remote: remote) } catch {
            // Offline: the local work is still committed, as sync promises.
            try locked { () throws(SyncError) in try commit() }
            throw error
        }
        try integrate()
        if !hasUpstream, try git.run(["rev-parse", "-q", "--verify", remoteRef]).ok {
            _ = try git.run(["branch", "--quiet", "--set-upstream-to=\(remote)/\(remoteBranch)", branch])
        }
        guard push else { return report }
        for _ in 0..<maxPushAttempts {
            var args = ["push", "--quiet", "--porcelain"]
            if !hasUpstream { args.append("--set-upstream") }
            args += [remote, "HEAD:refs/heads/\(remoteBranch)"]
            let out = try git.run(args)
            if out.ok {
                report.pushed = true
                return report
            }
            let text = (out.stderr + out.stdout).lowercased()
            // Moved on since our fetch: refused as not a fast-forward, or (when it moved during
            // the push itself) its ref could not be updated from the value we saw.
            let raced = ["fetch first", "non-fast-forward", "cannot lock ref", "incorrect old value", "failed to update ref"]
            guard raced.contains(where: text.contains) else {
                if text.contains("remote rejected") || text.contains("declined") {
                    throw SyncError.pushRefused(remote: remote, detail: (out.stdout + "\n" + out.stderr)
                        .split(separator: "\n").first { $0.contains("rejected") || $0.contains("declined") }.map(String.init) ?? "")
                }
                throw SyncError.remoteFailure(remote: remote, stderr: out.stderr)
            }
            try fetch(git: git, remote: remote)
            try integrate()
        }
        throw SyncError.pushRaced(remote: remote)
    }

    /// Commits the board's pending changes, after checking them as any commit is checked
    /// (each log only grew, no conflict event added, every added line chained) and
    /// rebuilding use case files left behind their log.
    private func commitLocal(_ paths: BoardPaths, _ committer: BoardCommitter, _ report: inout SyncReport) throws(SyncError) -> String? {
        try checkPending(paths)
        report.rederived += try Rederivation(paths: paths).rebuildStale()
        return try committer.commitPending()
    }

    /// Refuses local board changes that no action makes: a log that lost or changed a line,
    /// gained a conflict event, or whose added lines do not chain.
    private func checkPending(_ paths: BoardPaths) throws(SyncError) {
        let problems = try HistoryCheck(paths: paths).pending(try PendingChanges(paths).files)
        if !problems.isEmpty { throw SyncError.historyRejected(source: "this clone", problems: problems) }
    }

    private func locked<T>(_ body: () throws(SyncError) -> T) throws(SyncError) -> T {
        let lock = try BoardPaths.lock(board: board)
        defer { lock.release() }
        return try body()
    }

    private func fetch(git: GitRunner, remote: String) throws(SyncError) {
        let out = try git.run(["fetch", "--quiet", remote])
        guard out.ok else { throw SyncError.remoteFailure(remote: remote, stderr: out.stderr) }
    }

    /// The remote and branch to sync with; whether the branch already tracks it.
    private func upstream(git: GitRunner, branch: String) throws(SyncError) -> (String, String, Bool) {
        let remote = try git.run(["config", "--get", "branch.\(branch).remote"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let merge = try git.run(["config", "--get", "branch.\(branch).merge"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !remote.isEmpty, remote != ".", merge.hasPrefix("refs/heads/") {
            return (remote, String(merge.dropFirst("refs/heads/".count)), true)
        }
        let remotes = try git.check(["remote"]).split(separator: "\n").map(String.init).sorted()
        guard let chosen = remotes.contains("origin") ? "origin" : remotes.first else {
            throw SyncError.noRemote(committed: 0)
        }
        return (chosen, branch, false)
    }
}
