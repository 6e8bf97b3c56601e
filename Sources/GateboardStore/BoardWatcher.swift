import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notices when someone else changed the board (the TUI's live reload): compares cheap stats
/// (size, mtime with nanoseconds, inode) of `gateboard.yaml` and the `usecases/` and `audit/`
/// directories. Writes go through temp file + rename, which changes the directory's mtime; the
/// board log (`audit/_board.jsonl`) is only appended to, which does not, so it is watched
/// itself: a delegation recorded or cancelled in another terminal changes who decides for whom.
///
/// A reader takes `stamps()` *before* it reads the board and hands them to `seen` after: a
/// change made while the board was being read then still differs at the next `changed()`, and
/// is read then. (Taking the stamps after the read counted such a change as seen though the
/// board read did not hold it, and the TUI never showed it.)
package struct BoardWatcher {
    package let paths: [String]
    private var last: [Stamp]

    package struct Stamp: Equatable, Sendable {
        var size: Int64 = -1
        var seconds: Int = 0
        var nanoseconds: Int = 0
        var inode: UInt64 = 0
    }

    package init(root: URL) {
        paths = [BoardLayout.policyFile, BoardLayout.useCasesFolder, BoardLayout.auditFolder, BoardLayout.boardLogFile]
            .map { root.appendingPathComponent($0).path }
        last = paths.map(BoardWatcher.stamp)
    }

    static func stamp(_ path: String) -> Stamp {
        var st = stat()
        guard stat(path, &st) == 0 else { return Stamp() }
        return Stamp(size: Int64(st.st_size), seconds: Int(st.st_mtim.tv_sec), nanoseconds: Int(st.st_mtim.tv_nsec),
                     inode: UInt64(st.st_ino))
    }

    /// The watched paths' stamps now: take them before reading the board.
    package func stamps() -> [Stamp] { paths.map(BoardWatcher.stamp) }

    /// The board was read after `stamps` were taken: those are what it holds.
    package mutating func seen(_ stamps: [Stamp]) { last = stamps }

    /// Whether anything changed since the stamps last `seen` (or the last call).
    package mutating func changed() -> Bool {
        let now = stamps()
        defer { last = now }
        return now != last
    }
}
