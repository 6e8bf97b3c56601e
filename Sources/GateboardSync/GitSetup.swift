import Foundation
import GateboardStore

/// `gateboard git setup` (and `gateboard init DIR --git`): makes a board in a git
/// repository safe to share. Idempotent: running it again changes nothing.
///
/// - `<board>/.gitattributes`: audit logs and use case files merge through Gateboard's
///   driver and are never end-of-line converted (their hashes must hold byte for byte).
/// - `<board>/.gitignore`: the lock file, caches and scratch files.
/// - Repository config (`.git/config`, not cloned — every clone runs `gateboard git setup`
///   once, or the four `git config` commands from `cloneCommands`).
public enum GitSetup {
    public static let attributeLines = [
        "audit/*.jsonl -text merge=gateboard-audit",
        "usecases/*.yaml -text merge=gateboard-usecase",
    ]
    public static let ignoreLines = [
        ".gateboard.lock",
        ".gateboard/",
        ".*.tmp-*",
    ]

    /// Printed by `gateboard git setup` and `init --git`: what git setup cannot do itself.
    public static let advice = [
        "Protect the shared branch against force-pushes (branch protection on your git host; on a bare remote: "
            + "git config receive.denyNonFastForwards true). Sync and `gateboard verify --history` use git's history "
            + "as the witness that every audit log only grew; a force-push can rewrite that history itself, "
            + "and with it the record of what was decided.",
    ]

    public struct Report: Sendable {
        /// What was done, one line each ("created .gitattributes", "git config …").
        public var lines: [String]
        public var initializedRepository: Bool
    }

    /// The commands someone who clones the board runs once (or `gateboard git setup`).
    public static func cloneCommands(executable: String = "gateboard") -> [String] {
        configEntries(executable: executable).map { "git config \($0.key) \(shellQuote($0.value))" }
    }

    static func configEntries(executable: String) -> [(key: String, value: String)] {
        let driver = "\(shellQuote(executable)) merge-driver %O %A %B %P"
        return [
            ("merge.gateboard-audit.name", "Gateboard audit log: merge events by id"),
            ("merge.gateboard-audit.driver", driver),
            ("merge.gateboard-usecase.name", "Gateboard use case file: rebuild from the merged audit log"),
            ("merge.gateboard-usecase.driver", driver),
        ]
    }

    /// `executable`: how git should start gateboard for the merge driver (an absolute path,
    /// or `gateboard` when it is on everyone's PATH). `initRepository`: `git init` the
    /// board directory when it is not inside a repository yet.
    public static func run(board: URL, executable: String, initRepository: Bool = false,
                           environment: [String: String] = [:]) throws(SyncError) -> Report {
        var lines: [String] = []
        var initialized = false
        let probe = try GitRunner(directory: board, environment: environment).run(["rev-parse", "--show-toplevel"])
        if !probe.ok {
            guard initRepository else { throw SyncError.notARepository(board.path) }
            try GitRunner(directory: board, environment: environment).check(["init", "--quiet"])
            initialized = true
            lines.append("initialized a git repository in \(board.path)")
        }
        let paths = try BoardPaths(board: board, environment: environment)
        if try ensureLines(attributeLines, in: board.appendingPathComponent(".gitattributes"),
                           header: "# Gateboard: merge audit logs by event and rebuild use case files (gateboard git setup)") {
            lines.append("wrote \(paths.prefix).gitattributes")
        }
        if try ensureLines(ignoreLines, in: board.appendingPathComponent(".gitignore"),
                           header: "# Gateboard: lock, caches and scratch files") {
            lines.append("wrote \(paths.prefix).gitignore")
        }
        let git = paths.git
        for (key, value) in configEntries(executable: executable) {
            let current = try git.run(["config", "--local", "--get", key])
            if current.ok, current.stdout.trimmingCharacters(in: .newlines) == value { continue }
            try git.check(["config", "--local", key, value])
            lines.append("git config \(key) \(shellQuote(value))")
        }
        if lines.isEmpty { lines.append("already set up") }
        return Report(lines: lines, initializedRepository: initialized)
    }

    /// `gateboard init DIR --git`: setup (creating the repository when needed), then the new
    /// board committed as "gateboard: new board NAME" so the first sync has a base.
    public static func initialize(board: URL, name: String, executable: String,
                                  environment: [String: String] = [:]) throws(SyncError) -> Report {
        var report = try run(board: board, executable: executable, initRepository: true, environment: environment)
        let paths = try BoardPaths(board: board, environment: environment)
        if let subject = try BoardCommitter(paths: paths).commitPending(subject: "gateboard: new board \(name)") {
            report.lines.append("committed: \(subject)")
        }
        return report
    }

    /// Whether the repository has the merge drivers configured (for a hint in `sync`).
    public static func isConfigured(_ paths: BoardPaths) -> Bool {
        (try? paths.git.run(["config", "--local", "--get", "merge.gateboard-audit.driver"]).ok) ?? false
    }

    /// Appends the missing lines (keeping everything already there); true when it wrote.
    static func ensureLines(_ wanted: [String], in url: URL, header: String) throws(SyncError) -> Bool {
        // Read and written as the store does: never through a link (the file is the board's).
        let board = BoardDirectory.holding(url.path)
        let existing: String
        do { existing = try board.read(url.path).map { String(decoding: $0, as: UTF8.self) } ?? "" } catch {
            throw SyncError.board(error.description)
        }
        let have = Set(existing.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        let missing = wanted.filter { !have.contains($0) }
        guard !missing.isEmpty else { return false }
        var text = existing
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        if !have.contains(header) { text += (text.isEmpty ? "" : "\n") + header + "\n" }
        text += missing.map { $0 + "\n" }.joined()
        try BoardPaths.writeOutsideBoard(Data(text.utf8), to: url.path)
        return true
    }

    static func shellQuote(_ s: String) -> String {
        let safe = s.allSatisfy { $0.isLetter || $0.isNumber || "-_./%=:@+,".contains($0) }
        return safe ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
