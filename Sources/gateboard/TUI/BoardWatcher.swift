import Foundation
import GateboardStore

/// Notices when someone else changed the board: compares cheap stats (size, mtime with
/// nanoseconds, inode) of `gateboard.yaml` and the `usecases/` and `audit/` directories.
/// Writes go through temp file + rename, which changes the directory's mtime; the board log
/// (`audit/_board.jsonl`) is only appended to, which does not, so it is watched itself: a
/// delegation recorded or cancelled in another terminal changes who decides for whom.
struct BoardWatcher {
    let paths: [String]
    private var last: [Stamp]

    struct Stamp: Equatable {
        var size: Int64 = -1
        var seconds: Int = 0
        var nanoseconds: Int = 0
        var inode: UInt64 = 0
    }

    init(root: URL) {
        paths = [BoardLayout.policyFile, BoardLayout.useCasesFolder, BoardLayout.auditFolder, BoardLayout.boardLogFile].map { root.appendingPathComponent($0).path }
        last = paths.map(BoardWatcher.stamp)
    }

    static func stamp(_ path: String) -> Stamp {
        var st = stat()
        guard stat(path, &st) == 0 else { return Stamp() }
        return Stamp(size: Int64(st.st_size), seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec),
                     inode: UInt64(st.st_ino))
    }

    /// Whether anything changed since the last call (or `refresh`).
    mutating func changed() -> Bool {
        let now = paths.map(BoardWatcher.stamp)
        defer { last = now }
        return now != last
    }

    /// Takes the current state as seen (after our own reload).
    mutating func refresh() { last = paths.map(BoardWatcher.stamp) }
}
