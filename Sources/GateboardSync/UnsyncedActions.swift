import Foundation

/// Local board work not yet on the remote, for the TUI header mark: uncommitted board
/// changes plus commits ahead of the upstream. Two short git commands, no network.
public struct UnsyncedActions: Equatable, Sendable {
    /// Board files changed and not committed.
    public var uncommittedFiles: Int
    /// Local commits the upstream does not have; nil when the branch has no upstream.
    public var commitsAhead: Int?

    public var total: Int { uncommittedFiles + (commitsAhead ?? 0) }
    public var isClean: Bool { total == 0 }

    /// nil when the board is not in a git repository (no mark to show).
    public static func of(board: URL, environment: [String: String] = [:]) -> UnsyncedActions? {
        guard let paths = try? BoardPaths(board: board, environment: environment) else { return nil }
        let git = paths.git
        guard let status = try? git.run(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--"] + paths.pathspecs),
              status.ok else { return nil }
        let files = status.stdout.split(separator: "\0").filter { $0.count > 3 }.count
        var ahead: Int?
        if let out = try? git.run(["rev-list", "--count", "@{upstream}..HEAD"]), out.ok {
            ahead = Int(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return UnsyncedActions(uncommittedFiles: files, commitsAhead: ahead)
    }
}

/// The policy's `autoCommit`: after each successful action the CLI (and TUI) calls
/// `AutoCommit.afterAction`, so the git history mirrors the audit log one to one. Never
/// fails the action: the action is recorded whatever git says; the returned note says why
/// nothing was committed when git could not.
public enum AutoCommit {
    /// The CLI's and TUI's call after a successful `perform`: commits when the policy says
    /// `autoCommit: true`, else does nothing. Returns a note for the user when it could not.
    @discardableResult
    public static func ifEnabled(autoCommit: Bool, board: URL, names: [String: String] = [:]) -> String? {
        guard autoCommit else { return nil }
        return afterAction(board: board, names: names)
    }

    /// Commits the board's pending changes; returns a note for the user when it could not.
    @discardableResult
    public static func afterAction(board: URL, names: [String: String] = [:],
                                   environment: [String: String] = [:]) -> String? {
        do {
            let paths = try BoardPaths(board: board, environment: environment)
            try BoardCommitter(paths: paths, names: names).commitPending()
            return nil
        } catch {
            return "recorded, but not committed to git: \(error)"
        }
    }
}
