import Foundation
import GateboardCore
import GateboardStore

/// A place where the board's git history breaks the audit rules.
public struct HistoryProblem: Equatable, Sendable, CustomStringConvertible {
    /// The commit's full hash; "" for a version that is not a commit (the working tree).
    public var commit: String
    /// The commit's subject; what the version is when it is not a commit.
    public var subject: String
    /// The log, relative to the board (`audit/UC-0003.jsonl`).
    public var path: String
    /// 1-based line of the log at that commit (of the previous version for a removed line).
    public var line: Int?
    public var message: String
    /// The commit is on the local side of a checked range (`HEAD...origin/main`).
    public var local: Bool

    public var shortCommit: String { String(commit.prefix(7)) }
    public var location: String { line.map { "\(path):\($0)" } ?? path }
    public var origin: String { commit.isEmpty ? subject : "commit \(shortCommit) \"\(subject)\"" }
    public var description: String { "\(location): \(message) (\(origin))" }
}

/// What `HistoryCheck` found.
public struct HistoryReport: Sendable {
    /// Commits walked.
    public var commits = 0
    /// Log versions compared or checked.
    public var versions = 0
    public var problems: [HistoryProblem] = []
    public var ok: Bool { problems.isEmpty }
}

/// Git is the witness: checks that the board's audit logs only ever grew across commits.
///
/// For every commit that touched a log:
/// - a plain commit (one parent) keeps every line of the parent's version byte for byte and
///   in order, only adds lines after them, adds no `conflict` event (only a merge makes
///   those), and leaves a log whose added lines pass the full check (chain, `state` against
///   replay, dates in order). A log is never deleted, except when renumbering moves a
///   use case that was never pushed to another id with every event unchanged.
/// - a merge commit holds exactly what the merge rules (`LogMerge`, the board log's union)
///   give for its two parents' versions, conflict events included.
/// Commits outside the walked range (a sync checks `HEAD...remote`) are trusted as they are.
public struct HistoryCheck: Sendable {
    public var paths: BoardPaths

    public init(paths: BoardPaths) { self.paths = paths }

    private var git: GitRunner { paths.git }

    struct Row {
        var path: String
        var old: String?
        var new: String?
    }

    struct Commit {
        var hash: String
        var parents: [String]
        var subject: String
        var local: Bool
        var rows: [Row] = []
    }

    /// `revisions`: what to walk (`["HEAD"]`, `["HEAD...origin/main"]`); `logs`: repository
    /// paths of the logs to check (nil: every log of the board).
    public func run(_ revisions: [String], logs: [String]? = nil) throws(SyncError) -> HistoryReport {
        // A repository without a commit yet has no history to check.
        guard try git.run(["rev-parse", "-q", "--verify", "HEAD"]).ok else { return HistoryReport() }
        let commits = try walk(revisions, logs: logs)
        var report = HistoryReport()
        report.commits = commits.count
        // Every version needed, read by one `git cat-file --batch`.
        var names: [String] = []
        for c in commits {
            for row in c.rows {
                if c.parents.count <= 1 {
                    names += [row.old, row.new].compactMap { $0 }
                } else {
                    names += c.parents.map { "\($0):\(row.path)" }
                    if let new = row.new { names.append(new) }
                }
            }
        }
        let blobs = try catFile(names)
        var checked: [String: LogCheckResult] = [:]
        for c in commits {
            var byPath: [String: Row] = [:]
            for row in c.rows {
                // A merge lists a path once per parent it differs from: the same result each time.
                if byPath[row.path] == nil { byPath[row.path] = row }
            }
            for path in byPath.keys.sorted() {
                let row = byPath[path]!
                report.versions += 1
                let found: [(line: Int?, message: String)]
                if c.parents.count <= 1 {
                    found = plain(row, byPath: byPath, blobs: blobs, checked: &checked)
                } else {
                    found = merge(row, in: c, blobs: blobs)
                }
                report.problems += found.map {
                    HistoryProblem(commit: c.hash, subject: c.subject, path: display(path), line: $0.line,
                                   message: $0.message, local: c.local)
                }
            }
        }
        return report
    }

    /// The working tree's version of each pending log against HEAD's (a commit not made yet).
    public func pending(_ files: [String]) throws(SyncError) -> [HistoryProblem] {
        var problems: [HistoryProblem] = []
        for file in files.sorted() where isLog(file) {
            problems += version(try paths.read(file), after: try git.show("HEAD", file),
                                path: file, what: "uncommitted, in the working tree")
        }
        return problems
    }

    /// Where no commits can be named (the merge driver outside a merge): each side's
    /// version against the base's, as if each were one plain commit.
    public func blobs(base: Data?, ours: Data?, theirs: Data?, path: String) -> [HistoryProblem] {
        version(ours, after: base, path: path, what: "our version") + version(theirs, after: base, path: path, what: "their version")
    }

    private func version(_ new: Data?, after old: Data?, path: String, what: String) -> [HistoryProblem] {
        var blobs: [String: Data] = [:]
        if let old { blobs["old"] = old }
        if let new { blobs["new"] = new }
        let row = Row(path: path, old: old == nil ? nil : "old", new: new == nil ? nil : "new")
        var checked: [String: LogCheckResult] = [:]
        return plain(row, byPath: [path: row], blobs: blobs, checked: &checked).map {
            HistoryProblem(commit: "", subject: what, path: display(path), line: $0.line, message: $0.message, local: true)
        }
    }

    // MARK: - The rules

    struct LogCheckResult {
        var events: [AuditEvent]
        var problems: [(line: Int?, message: String)]
    }

    private func plain(_ row: Row, byPath: [String: Row], blobs: [String: Data],
                       checked: inout [String: LogCheckResult]) -> [(line: Int?, message: String)] {
        let old = row.old.flatMap { blobs[$0] }
        guard let newName = row.new, let new = blobs[newName] else {
            guard let old else { return [] }
            let events = (try? StoreBridge.decodeLog(old, path: row.path)) ?? []
            let moved = byPath.values.contains { other in
                other.old == nil && other.path != row.path && other.new.flatMap { blobs[$0] }.map { Self.renumbers(events, to: $0) } == true
            }
            if moved { return [] }
            return [(nil, "the log was deleted (\(events.count) event\(events.count == 1 ? "" : "s") erased): a log is never removed")]
        }
        let oldLines = old.map { Self.lines($0).complete } ?? []
        let newLines = Self.lines(new).complete
        if let broken = Self.firstBreak(keeping: oldLines, in: newLines) {
            return [broken]
        }
        var found: [(line: Int?, message: String)] = []
        let result: LogCheckResult
        if let known = checked[newName] { result = known } else {
            result = check(new, path: row.path)
            checked[newName] = result
        }
        var seen: [String: Int] = [:]
        for (i, e) in result.events.enumerated() {
            if i >= oldLines.count, e.action == .conflict {
                found.append((i + 1, "a conflict event in a commit that is not a merge: conflict events are made only by the merge itself"))
            }
            if let first = seen[e.id] {
                if i >= oldLines.count { found.append((i + 1, "event id \(e.id) already appears on line \(first): an event is recorded once")) }
            } else {
                seen[e.id] = i + 1
            }
        }
        // Lines the parent already had were judged in the commit that added them.
        found += result.problems.filter { ($0.line ?? Int.max) > oldLines.count }
        return found.sorted { ($0.line ?? 0) < ($1.line ?? 0) }
    }

    private func merge(_ row: Row, in c: Commit, blobs: [String: Data]) -> [(line: Int?, message: String)] {
        guard c.parents.count == 2 else {
            let versions = c.parents.map { blobs["\($0):\(row.path)"] }
            let result = row.new.flatMap { blobs[$0] }
            if versions.allSatisfy({ $0 == result }) { return [] }
            return [(nil, "a merge of \(c.parents.count) parents changed the log: only two-parent merges can be checked against the merge rules")]
        }
        let ours = blobs["\(c.parents[0]):\(row.path)"], theirs = blobs["\(c.parents[1]):\(row.path)"]
        guard let result = row.new.flatMap({ blobs[$0] }) else {
            return [(nil, "the merge deleted the log: a log is never removed")]
        }
        let expected: Data
        do {
            if isBoardLog(row.path) {
                expected = try MergeDriver.boardLog(ours: ours, theirs: theirs, path: row.path)
            } else {
                expected = try LogMerge(ours: ours, theirs: theirs, path: row.path).log.data
            }
        } catch {
            return [(nil, "the merge rules cannot merge its parents' versions of this log (\(error)), yet the merge commit holds one")]
        }
        guard expected != result else { return [] }
        let want = Self.lines(expected).complete, have = Self.lines(result).all
        var k = 0
        while k < want.count, k < have.count, want[k] == have[k] { k += 1 }
        func id(_ line: Data?) -> String {
            line.flatMap { try? AuditEventCodec.decode(Array($0)) }.map { "event \($0.id)" } ?? (line == nil ? "nothing" : "an unreadable line")
        }
        return [(k + 1, "the merge result is not what the merge rules give for its parents' versions: line \(k + 1) should be "
                 + "\(id(k < want.count ? want[k] : nil)), the merge has \(id(k < have.count ? have[k] : nil))")]
    }

    /// The full check of one version: a use case log through the store's `LogCheck`, the
    /// board log by its chain.
    private func check(_ data: Data, path: String) -> LogCheckResult {
        let display = display(path)
        if isBoardLog(path) { return Self.boardChain(data, display: display) }
        let id = paths.useCaseID(forRepoPath: path) ?? ""
        let result = LogCheck.full(Array(data), display: display, useCase: id)
        return LogCheckResult(events: result.events, problems: result.problems.map { ($0.line, $0.message) })
    }

    /// The board log (`_board.jsonl`, stand-ups): the store's check (seq from 1, `prev`
    /// chained, dates in order).
    static func boardChain(_ data: Data, display: String) -> LogCheckResult {
        let result = LogCheck.board(Array(data), display: display)
        return LogCheckResult(events: result.events, problems: result.problems.map { ($0.line, $0.message) })
    }

    /// Where `new` stops keeping `old`'s lines byte for byte and in order; nil when it keeps them.
    static func firstBreak(keeping old: [Data], in new: [Data]) -> (line: Int?, message: String)? {
        var k = 0
        while k < old.count, k < new.count, old[k] == new[k] { k += 1 }
        guard k < old.count else { return nil }
        let event = (try? AuditEventCodec.decode(Array(old[k])))
        let what = event.map { "event \($0.seq) (\($0.action.rawValue), \($0.id))" } ?? "its line"
        if k >= new.count {
            return (k + 1, "lines \(k + 1)–\(old.count) were removed, starting with \(what): a log only ever grows")
        }
        if let event, new.contains(where: { (try? AuditEventCodec.decode(Array($0)))?.id == event.id }) {
            return (k + 1, "line \(k + 1), \(what), was changed or moved: every line stays byte for byte, in order")
        }
        return (k + 1, "line \(k + 1), \(what), was removed or replaced: a log only ever grows")
    }

    /// Whether `data` holds exactly `events` moved to another use case id (renumbering).
    static func renumbers(_ events: [AuditEvent], to data: Data) -> Bool {
        guard let moved = try? StoreBridge.decodeLog(data, path: ""), moved.count == events.count, !events.isEmpty,
              moved[0].useCase != events[0].useCase else { return false }
        return zip(events, moved).allSatisfy { a, b in
            var b = b
            b.useCase = a.useCase
            return a.sameRecord(as: b)
        }
    }

    /// A log's lines without their newlines, and the bytes after the last newline.
    static func lines(_ data: Data) -> (complete: [Data], torn: Data?, all: [Data]) {
        var out: [Data] = []
        var start = data.startIndex
        while let nl = data[start...].firstIndex(of: 0x0A) {
            out.append(data[start..<nl])
            start = data.index(after: nl)
        }
        let torn = start < data.endIndex ? data[start...] : nil
        return (out, torn, out + (torn.map { [$0] } ?? []))
    }

    // MARK: - Git

    private func isBoardLog(_ path: String) -> Bool { path == paths.prefix + BoardLayout.boardLogFile }

    private func isLog(_ path: String) -> Bool {
        guard path.hasSuffix(".jsonl") else { return false }
        return isBoardLog(path) || (path.hasPrefix(paths.prefix + BoardLayout.auditFolder + "/") && paths.useCaseID(forRepoPath: path) != nil)
    }

    private func display(_ path: String) -> String { String(path.dropFirst(paths.prefix.count)) }

    /// The commits of `revisions`, parents first, each with the logs it changed (against each
    /// parent). Every commit is walked (`--full-history --sparse`): git's history
    /// simplification would hide a merge that kept one parent's version and dropped the other's.
    func walk(_ revisions: [String], logs: [String]?) throws(SyncError) -> [Commit] {
        let out = try git.check(["log", "--topo-order", "--reverse", "-m", "-r", "--raw", "--no-renames", "--no-abbrev",
                                 "--full-history", "--sparse", "--left-right", "--format=%x01%m %H %P%x02%s"]
                                + revisions + ["--"] + (logs ?? [paths.prefix + "audit/"]))
        var commits: [Commit] = []
        var index: [String: Int] = [:]
        var current: Int?
        for line in out.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == "\u{01}" {
                let parts = line.dropFirst().split(separator: "\u{02}", maxSplits: 1, omittingEmptySubsequences: false)
                let words = parts[0].split(separator: " ")
                guard words.count >= 2 else { continue }
                let hash = String(words[1])
                if let i = index[hash] { current = i; continue }
                commits.append(Commit(hash: hash, parents: words.dropFirst(2).map(String.init),
                                      subject: parts.count > 1 ? String(parts[1]) : "", local: words[0] == "<"))
                index[hash] = commits.count - 1
                current = commits.count - 1
            } else if line.first == ":", let i = current, let tab = line.firstIndex(of: "\t") {
                let fields = line[..<tab].split(separator: " ")
                let path = unquote(String(line[line.index(after: tab)...]))
                guard fields.count >= 5, isLog(path) else { continue }
                func blob(_ s: Substring) -> String? { s.allSatisfy { $0 == "0" } ? nil : String(s) }
                commits[i].rows.append(Row(path: path, old: blob(fields[2]), new: blob(fields[3])))
            }
        }
        return commits
    }

    /// Git quotes unusual paths ("…" with escapes); board logs never need it, so a quoted
    /// path is kept as it is and never matches a log.
    private func unquote(_ s: String) -> String { s }

    /// The bytes of each object name (a blob id or `rev:path`), from one `git cat-file --batch`.
    func catFile(_ names: [String]) throws(SyncError) -> [String: Data] {
        var unique: [String] = []
        var seen = Set<String>()
        for n in names where seen.insert(n).inserted { unique.append(n) }
        guard !unique.isEmpty else { return [:] }
        let out = try git.run(["cat-file", "--batch"], input: Data(unique.map { $0 + "\n" }.joined().utf8))
        guard out.ok else { throw SyncError.git(command: "git cat-file --batch", message: out.stderr) }
        let data = out.data
        var blobs: [String: Data] = [:]
        var pos = data.startIndex
        for name in unique {
            guard let nl = data[pos...].firstIndex(of: 0x0A) else { break }
            let header = String(decoding: data[pos..<nl], as: UTF8.self).split(separator: " ")
            pos = data.index(after: nl)
            guard header.count == 3, let size = Int(header[2]) else { continue }   // "<name> missing"
            let end = data.index(pos, offsetBy: size)
            if header[1] == "blob" { blobs[name] = Data(data[pos..<end]) }
            pos = data.index(after: end)   // the newline after the contents
        }
        return blobs
    }
}
