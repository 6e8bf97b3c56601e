import Foundation
import GateboardCore

/// Two clones that each created a use case get the same next id (`UC-0008`). Before
/// merging, the local one — never pushed, or the remote would have it — moves to the next
/// id free on both sides: its events are rewritten with the new id (same event ids, same
/// content otherwise), re-chained, and committed. The published one keeps its id.
struct Renumberer {
    var paths: BoardPaths
    var committer: BoardCommitter
    var label: String
    private var git: GitRunner { paths.git }

    func renumber(against theirs: String) throws(SyncError) -> [Renumbering] {
        let base = try git.check(["merge-base", "HEAD", theirs]).trimmingCharacters(in: .whitespacesAndNewlines)
        func added(_ rev: String) throws(SyncError) -> Set<String> {
            Set(try git.check(["diff", "--name-only", "--no-renames", "--diff-filter=A", base, rev, "--", paths.prefix + "audit"])
                .split(separator: "\n").map(String.init))
        }
        let both = try added("HEAD").intersection(try added(theirs)).sorted()
        var done: [Renumbering] = []
        var taken = try ids(at: "HEAD").union(try ids(at: theirs))
        for logPath in both {
            guard let id = paths.useCaseID(forRepoPath: logPath),
                  let oursData = try git.show("HEAD", logPath), let theirsData = try git.show(theirs, logPath) else { continue }
            let ours = try StoreBridge.decodeLog(oursData, path: logPath)
            let other = try StoreBridge.decodeLog(theirsData, path: logPath)
            guard let mine = ours.first, let published = other.first, mine.id != published.id else { continue }
            let newID = Renumberer.next(after: id, taken: taken)
            taken.insert(newID)
            let moved = ours.map { e in
                var e = e
                e.useCase = newID
                return e
            }
            let log = try ChainedLog(events: moved)
            try paths.write(log.data, to: paths.auditPath(newID))
            try paths.write(Data(log.fileText.utf8), to: paths.useCasePath(newID))
            try git.check(["rm", "--quiet", "--", paths.auditPath(id), paths.useCasePath(id)])
            try git.check(["add", "--", paths.auditPath(newID), paths.useCasePath(newID)])
            let message = "gateboard: renumber \(id) → \(newID) (\(id) was also created on \(label))\n\n"
                + "Both clones created a use case under \(id). The one already published keeps the id; this\n"
                + "clone's, not yet pushed, moves to \(newID) with all \(moved.count) of its events.\n"
            try git.check(committer.identityOptions() + ["commit", "--quiet", "-m", message, "--",
                                                         paths.auditPath(id), paths.useCasePath(id),
                                                         paths.auditPath(newID), paths.useCasePath(newID)])
            done.append(Renumbering(from: id, to: newID))
        }
        return done
    }

    private func ids(at rev: String) throws(SyncError) -> Set<UseCaseID> {
        let out = try git.run(["ls-tree", "--name-only", "\(rev):\(paths.prefix)audit"])
        guard out.ok else { return [] }
        return Set(out.stdout.split(separator: "\n").compactMap { name -> UseCaseID? in
            guard name.hasSuffix(".jsonl"), !name.hasPrefix("_") else { return nil }
            return String(name.dropLast(".jsonl".count))
        })
    }

    /// `UC-0008` → the smallest `UC-NNNN` above every taken id with the same prefix.
    static func next(after id: UseCaseID, taken: Set<UseCaseID>) -> UseCaseID {
        let digits = id.reversed().prefix { $0.isNumber }.count
        let prefix = String(id.dropLast(digits))
        let width = max(digits, 1)
        let highest = taken.compactMap { t -> Int? in
            guard t.hasPrefix(prefix) else { return nil }
            return Int(t.dropFirst(prefix.count))
        }.max() ?? 0
        var n = highest + 1
        while true {
            let s = String(n)
            let candidate = prefix + String(repeating: "0", count: max(0, width - s.count)) + s
            if !taken.contains(candidate) { return candidate }
            n += 1
        }
    }
}
