import Foundation
import GateboardCore
import GateboardStore

/// Sync reads and writes board files only through the store's `BoardDirectory`,
/// `DurableFiles` and `BoardLock`: one implementation, so no symbolic link below the board
/// root is ever followed, temporary files are created with `O_EXCL` under unpredictable
/// names, and sync gets the store's fault-injection seam (`fileSystem`).
extension BoardPaths {
    /// The board directory as the store opens it (as given: it may itself be reached
    /// through a link; nothing below it is followed).
    var boardDirectory: BoardDirectory { BoardDirectory(root: board.standardizedFileURL.path, fs: fileSystem) }

    /// A repository path of a board file, as a path below the board directory.
    func boardFile(_ repoPath: String) -> String {
        boardDirectory.root + "/" + repoPath.dropFirst(repoPath.hasPrefix(prefix) ? prefix.count : 0)
    }

    /// Replaces a board file (repository path) durably and atomically. The path is noted,
    /// so that a merge that fails later can put it back (`undoingWrites`).
    func write(_ data: Data, to repoPath: String) throws(SyncError) {
        journal.note(repoPath)
        do {
            try DurableFiles(board: boardDirectory).replace(boardFile(repoPath), with: Array(data))
        } catch {
            throw SyncError.board(error.description)
        }
    }

    /// A board file's bytes (repository path); nil when it does not exist.
    func read(_ repoPath: String) throws(SyncError) -> Data? {
        do {
            // Reads are not the write path: the real calls, whatever `fileSystem` is.
            return try BoardDirectory(root: boardDirectory.root).read(boardFile(repoPath)).map { Data($0) }
        } catch {
            throw SyncError.board(error.description)
        }
    }

    /// Replaces a file outside the board (git's merge-driver files, a scratch file): its
    /// folder is taken as given, the file itself and the temporary file are never followed.
    static func writeOutsideBoard(_ data: Data, to path: String) throws(SyncError) {
        let path = URL(fileURLWithPath: path).standardizedFileURL.path
        do {
            try DurableFiles.beside(path).replace(path, with: Array(data))
        } catch {
            throw SyncError.board(error.description)
        }
    }

    /// The board's lock, held for sync's local work; every time it is taken the board is
    /// checked for symbolic links first (one arriving with a plain `git pull`, or planted).
    static func lock(board: URL) throws(SyncError) -> BoardLock {
        let lock: BoardLock
        do {
            lock = try BoardLock.acquire(root: board, timeout: 5, command: "gateboard sync")
        } catch StoreError.locked(let pid, let command) {
            throw SyncError.board("\(StoreError.locked(pid: pid, command: command)): another gateboard command is running; try again")
        } catch {
            throw SyncError.board("sync refused: \(error.description)")
        }
        let links = BoardStore(root: board, environment: [:]).symlinkProblems()
        if !links.isEmpty {
            lock.release()
            throw SyncError.board("sync refused: the board holds symbolic links, which Gateboard never follows:\n"
                + links.map { "  \($0.description)" }.joined(separator: "\n")
                + "\nnothing was committed or merged; replace each link with the real file (git rm it, then restore the file), then sync again")
        }
        return lock
    }

    /// Refuses a commit whose tree puts a symbolic link at or above a board file: git would
    /// check it out, and every later write would go where it points.
    func refuseLinks(in ref: String, label: String) throws(SyncError) {
        let git = self.git
        var ancestors: [String] = []
        var walked = ""
        for part in prefix.split(separator: "/") {
            walked += (walked.isEmpty ? "" : "/") + part
            ancestors.append(walked)
        }
        var entries: [Substring] = []
        if !ancestors.isEmpty {
            entries += try git.check(["ls-tree", "-z", ref, "--"] + ancestors).split(separator: "\0")
        }
        entries += try git.check(["ls-tree", "-r", "-z", ref, "--"] + BoardStore.ownEntries.map { prefix + $0 }).split(separator: "\0")
        var links: [String] = []
        for entry in entries where entry.hasPrefix("120000 ") {
            guard let tab = entry.firstIndex(of: "\t") else { continue }
            let path = String(entry[entry.index(after: tab)...])
            let object = entry.split(separator: " ").dropFirst(2).first.map { String($0.prefix { $0 != "\t" }) } ?? ""
            let target = (try? git.check(["cat-file", "blob", object])) ?? "?"
            links.append("  \(path) -> \(TerminalSafe.escape(target))")
        }
        guard !links.isEmpty else { return }
        throw SyncError.board("sync refused: \(label) puts symbolic links where board files go, which Gateboard never follows:\n"
            + links.joined(separator: "\n")
            + "\nnothing was merged and your board is as it was; whoever committed them must replace each with the real file, then sync again")
    }

    /// Runs `body`; if it fails, every board file written meanwhile is put back as HEAD has
    /// it (or removed when HEAD has none). `git merge --abort` alone keeps a working-tree
    /// change that was not yet added, which would leave a half-merged board after a failed
    /// write (disk full while writing the second of two files).
    func undoingWrites<T>(_ body: () throws(SyncError) -> T) throws(SyncError) -> T {
        journal.reset()
        do {
            let result = try body()
            journal.reset()
            return result
        } catch {
            for repoPath in journal.reset().reversed() {
                if (try? git.run(["cat-file", "-e", "HEAD:\(repoPath)"]).ok) == true {
                    _ = try? git.run(["checkout", "--quiet", "HEAD", "--", repoPath])
                } else {
                    _ = BoardDirectory(root: boardDirectory.root).unlink(boardFile(repoPath))
                }
            }
            throw error
        }
    }
}

/// The board files one sync step wrote (see `BoardPaths.undoingWrites`).
final class WriteJournal: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []

    func note(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if !paths.contains(path) { paths.append(path) }
    }

    /// Empties the journal and returns what it held.
    @discardableResult
    func reset() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        defer { paths = [] }
        return paths
    }
}
