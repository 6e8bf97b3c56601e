import Foundation

/// Why `sync` (or `git setup`) stopped. Every case leaves what was already recorded in
/// place: local commits, the audit logs and the use case files.
public enum SyncError: Error, Equatable, Sendable, CustomStringConvertible {
    case notARepository(String)
    case noRemote(committed: Int)
    case unreachable(remote: String, detail: String)
    case authentication(remote: String, detail: String)
    /// The merge stopped on files no rule can merge; it was aborted, nothing lost.
    case unresolvedConflict(files: [String], detail: String)
    case detachedHead
    /// Someone pushed again while we merged, more times than we retry.
    case pushRaced(remote: String)
    /// The remote refused the push (a protected branch, a server hook).
    case pushRefused(remote: String, detail: String)
    case gitUnavailable(String)
    case git(command: String, message: String)
    case board(String)
    /// A side's history breaks the audit rules (`HistoryCheck`): nothing was merged.
    case historyRejected(source: String, problems: [HistoryProblem])

    /// A stable machine-readable code for `--json`.
    public var code: String {
        switch self {
        case .notARepository: "not_a_repository"
        case .noRemote: "no_remote"
        case .unreachable: "remote_unreachable"
        case .authentication: "authentication_failed"
        case .unresolvedConflict: "merge_conflict"
        case .detachedHead: "detached_head"
        case .pushRaced: "push_raced"
        case .pushRefused: "push_refused"
        case .gitUnavailable: "git_unavailable"
        case .git: "git_failed"
        case .board: "board"
        case .historyRejected: "history_rejected"
        }
    }

    public var description: String {
        switch self {
        case .notARepository(let path):
            "\(path) is not in a git repository: run `git init` there (or `gateboard init DIR --git`), then `gateboard git setup`"
        case .noRemote(let committed):
            (committed > 0 ? "your board changes are committed locally; " : "")
                + "no remote configured: add one with `git remote add origin URL`, then `gateboard sync --push`"
        case let .unreachable(remote, detail):
            "cannot reach remote \(remote) (no network, or the URL is wrong); nothing was lost, your board changes are committed locally — sync again when it is reachable\n  git: \(detail)"
        case let .authentication(remote, detail):
            "authentication to remote \(remote) failed: check your SSH key or credential helper (sync never prompts); nothing was lost, your board changes are committed locally\n  git: \(detail)"
        case let .unresolvedConflict(files, detail):
            "merge stopped: git cannot merge \(files.joined(separator: ", ")) (not audit logs or use case files Gateboard can merge); the merge was aborted and every local commit and file is as it was — resolve these files with git, then sync again"
                + (detail.isEmpty ? "" : "\n  git: \(detail)")
        case .detachedHead:
            "HEAD is detached: check out a branch before syncing"
        case .pushRaced(let remote):
            "\(remote) kept moving while syncing (someone else is pushing); your merge is committed locally — run `gateboard sync --push` again"
        case let .pushRefused(remote, detail):
            "\(remote) refused the push (a protected branch or a server hook); your commits are kept locally\n  git: \(detail)"
        case .gitUnavailable(let detail):
            "cannot run git: \(detail)"
        case let .git(command, message):
            "\(command) failed: \(message)"
        case .board(let message):
            message
        case let .historyRejected(source, problems):
            Self.rejection(source: source, problems: problems)
        }
    }

    static func rejection(source: String, problems: [HistoryProblem]) -> String {
        let local = problems.filter(\.local), remote = problems.filter { !$0.local }
        func list(_ ps: [HistoryProblem]) -> String {
            ps.prefix(20).map { "\n  \($0)" }.joined() + (ps.count > 20 ? "\n  … and \(ps.count - 20) more" : "")
        }
        var text = "sync refused: nothing was merged, and the board (working tree, HEAD, index) is as it was."
        if !remote.isEmpty {
            text += "\nThe history from \(source) breaks the audit rules (a log only grows; conflict events come only from "
                + "merges; every chain holds):" + list(remote)
                + "\nAsk whoever pushed these commits to repair them (`gateboard verify --history` there names each one)."
        }
        if !local.isEmpty {
            text += "\nThis clone's own board history breaks the audit rules:" + list(local)
                + "\nRestore the log from git (`git log -p -- FILE` shows what changed), then sync again; "
                + "`gateboard verify --history` names each such change."
        }
        return text
    }

    /// Classifies a failed fetch or push by git's own message.
    static func remoteFailure(remote: String, stderr: String) -> SyncError {
        let text = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        let lower = text.lowercased()
        // HTTP status codes only as git words them ("The requested URL returned error: 403",
        // "HTTP 401"): a bare "403" also matches a remote path such as a temporary folder's UUID.
        let auth = ["authentication failed", "permission denied", "could not read username",
                    "could not read password", "terminal prompts disabled", "access denied",
                    "returned error: 403", "returned error: 401", "http 403", "http 401",
                    "invalid credentials", "host key verification failed"]
        if auth.contains(where: lower.contains) {
            return .authentication(remote: remote, detail: text.split(separator: "\n").first.map(String.init) ?? text)
        }
        return .unreachable(remote: remote, detail: text.split(separator: "\n").first.map(String.init) ?? text)
    }
}
