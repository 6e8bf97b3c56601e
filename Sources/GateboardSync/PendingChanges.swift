import Foundation
import GateboardStore
import GateboardCore

/// Board files changed in the working tree since the last commit, and the audit events
/// they add. Only board files: anything else in the working tree is not looked at.
struct PendingChanges {
    /// Repository paths, sorted.
    var files: [String]
    /// The new audit events (not in HEAD's logs), oldest first per log, logs by name.
    var events: [AuditEvent]

    init(_ paths: BoardPaths) throws(SyncError) {
        let git = paths.git
        let out = try git.check(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--no-renames", "--"]
                                + paths.pathspecs)
        var files: [String] = []
        for entry in out.split(separator: "\0", omittingEmptySubsequences: true) where entry.count > 3 {
            files.append(String(entry.dropFirst(3)))
        }
        self.files = files.sorted()
        var events: [AuditEvent] = []
        for file in self.files where file.hasPrefix(paths.prefix + BoardLayout.auditFolder + "/") && file.hasSuffix(".jsonl") {
            let now = try paths.read(file) ?? Data()
            let before = try git.show("HEAD", file) ?? Data()
            let known = Set(((try? StoreBridge.decodeLog(before, path: file)) ?? []).map(\.id))
            // A torn last line is not an event yet: only whole lines are summarised.
            let current = (try? StoreBridge.decodeLog(now, path: file)) ?? []
            events += current.filter { !known.contains($0.id) }
        }
        self.events = events
    }

    var isEmpty: Bool { files.isEmpty }

    /// The one person who made every new action, if there is exactly one.
    var soleActor: PersonID? {
        let actors = Set(events.map(\.actor)).subtracting([ConflictRecord.actor])
        return actors.count == 1 ? actors.first : nil
    }
}

/// Commits the board's pending changes (board files only; other staged or unstaged work is
/// left exactly as it was) with a message summarising the new actions.
public struct BoardCommitter: Sendable {
    public var paths: BoardPaths
    /// Display names by person id (from the policy), for the commit author.
    public var names: [PersonID: String]

    public init(paths: BoardPaths, names: [PersonID: String] = [:]) {
        self.paths = paths
        self.names = names
    }

    /// The commit's subject line, or nil when nothing was pending.
    @discardableResult
    public func commitPending(subject: String? = nil) throws(SyncError) -> String? {
        let pending = try PendingChanges(paths)
        guard !pending.isEmpty else { return nil }
        let git = paths.git
        let message = subject ?? CommitMessage.make(for: pending.events, otherFiles: pending.files.map {
            String($0.dropFirst(paths.prefix.count))
        })
        try git.check(["add", "-A", "--"] + pending.files)
        var args = identityOptions()
        args += ["commit", "--quiet", "-m", message]
        if let actor = pending.soleActor {
            args += ["--author", "\(names[actor] ?? actor) <\(email(for: actor))>"]
        }
        args += ["--only", "--"] + pending.files
        try git.check(args)
        return String(message.prefix { $0 != "\n" })
    }

    /// `-c user.name/-c user.email` when this machine has no git identity, so sync never
    /// fails on "Please tell me who you are".
    func identityOptions() -> [String] {
        let git = paths.git
        let hasName = (try? git.run(["config", "user.name"]).ok) ?? false
        let hasEmail = (try? git.run(["config", "user.email"]).ok) ?? false
        var opts: [String] = []
        if !hasName { opts += ["-c", "user.name=gateboard"] }
        if !hasEmail { opts += ["-c", "user.email=gateboard@localhost"] }
        return opts
    }

    /// The author email for a person: `gateboard.<id>.email` from git config when set, else
    /// this machine's `user.email`, else `<id>@gateboard.invalid`.
    func email(for person: PersonID) -> String {
        let git = paths.git
        for key in ["gateboard.\(person).email", "user.email"] {
            if let out = try? git.run(["config", key]), out.ok {
                let v = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                if !v.isEmpty { return v }
            }
        }
        return "\(person)@gateboard.invalid"
    }
}
