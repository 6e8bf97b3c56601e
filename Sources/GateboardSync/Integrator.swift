import Foundation
import GateboardCore

/// Brings the remote's commits into the local branch (see `Syncer` for the algorithm).
struct Integrator {
    var paths: BoardPaths
    var committer: BoardCommitter
    var label: String

    private var git: GitRunner { paths.git }

    func integrate(_ remoteRef: String, into report: inout SyncReport) throws(SyncError) {
        let counts = try git.check(["rev-list", "--left-right", "--count", "HEAD...\(remoteRef)"])
            .split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\n" }).compactMap { Int($0) }
        guard counts.count == 2 else { throw SyncError.git(command: "git rev-list", message: "unexpected output") }
        let (ahead, behind) = (counts[0], counts[1])
        // Both sides were checked by `admit` before the caller committed anything.
        guard behind > 0 else { return }
        report.received += behind
        if ahead == 0 {
            let before = try git.check(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let out = try git.run(["merge", "--ff-only", "--quiet", remoteRef])
            guard out.ok else { throw unmergeable(out.stderr) }
            if report.merge == .upToDate { report.merge = .fastForward }
            try rederive(since: before, into: &report)
            return
        }
        let staged = try git.check(["diff", "--cached", "--name-only"])
            .split(separator: "\n").map(String.init)
        if !staged.isEmpty {
            throw SyncError.unresolvedConflict(files: staged, detail:
                "these files are staged but not committed; git cannot merge over them — commit or unstage them (git restore --staged), then sync again")
        }
        report.renumbered += try Renumberer(paths: paths, committer: committer, label: label).renumber(against: remoteRef)

        let attributes = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateboard-attributes-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: attributes) }
        let attributeText = GitSetup.attributeLines.map { paths.prefix + $0 + "\n" }.joined()
        try BoardPaths.writeOutsideBoard(Data(attributeText.utf8), to: attributes.path)
        // Git keeps our side of every board log and use case file (driver `true`); the real
        // merge of those files happens below, from the three committed versions.
        let merge = try git.run(committer.identityOptions() + [
            "-c", "merge.gateboard-audit.driver=true", "-c", "merge.gateboard-usecase.driver=true",
            "-c", "core.attributesFile=\(attributes.path)",
            "merge", "--no-ff", "--no-commit", "--quiet", remoteRef,
        ], extraEnvironment: ["GIT_MERGE_AUTOEDIT": "no"])
        if !merge.ok {
            let error = unmergeable(merge.stderr + merge.stdout)
            abortMerge()
            throw error
        }
        do {
            let merged = try mergeBoardFiles(theirs: remoteRef)
            report.conflicts += merged.conflicts
            report.rebuilt += merged.rebuilt
            var message = "gateboard: merge \(label)"
            if !merged.conflicts.isEmpty {
                message += " (\(merged.conflicts.count) conflict\(merged.conflicts.count == 1 ? "" : "s") resolved)\n\n"
                message += merged.conflicts.map { "- \($0)" }.joined(separator: "\n") + "\n"
            }
            try git.check(committer.identityOptions() + ["commit", "--quiet", "-m", message])
        } catch {
            abortMerge()
            throw error
        }
        report.merge = .merged
    }

    /// Refuses the merge when either side's commits since the merge base break the audit
    /// rules (`HistoryCheck`), naming each commit and line. Writes nothing.
    func admit(_ remoteRef: String) throws(SyncError) {
        let problems = try HistoryCheck(paths: paths).run(["HEAD...\(remoteRef)"]).problems
        if !problems.isEmpty { throw SyncError.historyRejected(source: label, problems: problems) }
    }

    /// After a fast-forward, the use case files that came with it are not taken as they come:
    /// each touched one is rebuilt from its (checked) log, and one that differs is rewritten
    /// and committed.
    private func rederive(since before: String, into report: inout SyncReport) throws(SyncError) {
        let changed = try git.check(["diff", "--name-only", "--no-renames", before, "HEAD", "--",
                                     paths.prefix + "audit", paths.prefix + "usecases"])
        let ids = Set(changed.split(separator: "\n").compactMap { paths.useCaseID(forRepoPath: String($0)) })
        let fixed = try Rederivation(paths: paths).rebuild(ids.sorted(), from: "HEAD")
        guard !fixed.isEmpty else { return }
        try git.check(committer.identityOptions() + ["commit", "--quiet", "-m", Rederivation.message(fixed, source: label), "--"]
                      + fixed.map(paths.useCasePath))
        report.rederived += fixed
    }

    /// Merges every board log that differs between the two sides and rebuilds its use case.
    private func mergeBoardFiles(theirs: String) throws(SyncError) -> (conflicts: [MergeConflict], rebuilt: [UseCaseID]) {
        let changed = try git.check(["diff", "--name-only", "--no-renames", "HEAD", theirs, "--",
                                     paths.prefix + "audit", paths.prefix + "usecases"])
            .split(separator: "\n").map(String.init)
        var ids = Set<UseCaseID>()
        var boardLogs: [String] = []
        for file in changed {
            if let id = paths.useCaseID(forRepoPath: file) { ids.insert(id) }
            else if file.hasPrefix(paths.prefix + "audit/_"), file.hasSuffix(".jsonl") { boardLogs.append(file) }
        }
        var conflicts: [MergeConflict] = []
        var rebuilt: [UseCaseID] = []
        for id in ids.sorted() {
            let logPath = paths.auditPath(id)
            let ours = try git.show("HEAD", logPath), other = try git.show(theirs, logPath)
            guard ours != nil || other != nil else { continue }
            let merged = try LogMerge(ours: ours, theirs: other, path: logPath)
            try paths.write(merged.log.data, to: logPath)
            try paths.write(Data(merged.log.fileText.utf8), to: paths.useCasePath(id))
            try git.check(["add", "--", logPath, paths.useCasePath(id)])
            conflicts += merged.conflicts
            rebuilt.append(id)
        }
        for logPath in boardLogs.sorted() {
            let data = try MergeDriver.boardLog(ours: try git.show("HEAD", logPath), theirs: try git.show(theirs, logPath), path: logPath)
            try paths.write(data, to: logPath)
            try git.check(["add", "--", logPath])
        }
        return (conflicts, rebuilt)
    }

    private func abortMerge() {
        if (try? git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"]).ok) == true {
            _ = try? git.run(["merge", "--abort"])
        }
    }

    private func unmergeable(_ stderr: String) -> SyncError {
        let unmerged = ((try? git.run(["diff", "--name-only", "--diff-filter=U"]).stdout) ?? "")
            .split(separator: "\n").map(String.init)
        var files = unmerged
        if files.isEmpty {
            // "Your local changes to the following files would be overwritten": tab-indented names.
            files = stderr.split(separator: "\n").filter { $0.hasPrefix("\t") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let detail = stderr.split(separator: "\n").first { !$0.hasPrefix("\t") }.map(String.init) ?? ""
        return .unresolvedConflict(files: files.isEmpty ? ["(see git's message)"] : files, detail: detail)
    }
}
