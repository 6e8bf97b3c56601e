import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The board's lock (`flock` on `.gateboard.lock`, as the store takes it for each action),
/// held for a whole sync so no action lands between reading and rewriting the board.
final class BoardLock {
    private let fd: Int32

    init(board: URL, waitSeconds: Double = 5) throws(SyncError) {
        let path = board.appendingPathComponent(BoardPaths.lockFile).path
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SyncError.board("\(path): \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(waitSeconds)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                close(fd)
                throw SyncError.board("board is locked (\(path)): another gateboard command is running; try again")
            }
            usleep(50_000)
        }
        // Say who holds it, as the store does, so a waiting action can name us.
        let holder = "\(getpid()) gateboard sync\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
