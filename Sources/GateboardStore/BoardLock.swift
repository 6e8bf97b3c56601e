import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The board's write lock: `flock` on `<board>/.gateboard.lock` (the kernel releases it if
/// the holder dies, so a crash never leaves the board locked). The holder writes
/// "pid command" into the file so a waiter can say who holds it. The one lock of the board:
/// actions and `sync` both take it. The file is opened through `BoardDirectory`, never
/// through a symbolic link (a committed `.gateboard.lock -> ~/file` is refused, not truncated).
package final class BoardLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    package static let fileName = ".gateboard.lock"

    static func path(root: URL) -> String { root.appendingPathComponent(fileName).path }

    /// Waits up to `timeout` seconds, then throws `StoreError.locked` naming the holder.
    package static func acquire(root: URL, timeout: TimeInterval, command: String) throws(StoreError) -> BoardLock {
        let path = path(root: root)
        let board = BoardDirectory(root: root.standardizedFileURL.path)
        let fd = board.open(path, O_RDWR | O_CREAT, 0o644)
        if fd < 0 {
            let code = errno
            throw StoreError.io(path: path, message: board.explain(path, code, "cannot open the lock file")
                                + (code == EROFS || code == EACCES ? " (the board is read-only for you)" : ""))
        }
        // A FIFO or device planted under the lock's name is not a lock file.
        var st = stat()
        if fstat(fd, &st) != 0 || st.st_mode & S_IFMT != S_IFREG {
            close(fd)
            throw StoreError.io(path: path, message: "the lock file " + (BoardFileText.notRegular(st.st_mode) ?? "is not a regular file"))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var pause: useconds_t = 2_000
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            guard code == EWOULDBLOCK else {
                close(fd)
                throw StoreError.io(path: path, message: "cannot lock the board: \(errnoText(code))")
            }
            if Date() >= deadline {
                let (pid, holder) = holderOf(fd: fd)
                close(fd)
                throw StoreError.locked(pid: pid, command: holder)
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        let text = Array("\(getpid()) \(command)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return BoardLock(fd: fd)
    }

    /// Reads "pid command" from the lock file (the holder may be mid-write: retry briefly).
    private static func holderOf(fd: Int32) -> (Int32, String) {
        for _ in 0..<5 {
            var buf = [UInt8](repeating: 0, count: 512)
            let n = buf.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                let text = String(decoding: buf[..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                let parts = text.split(separator: " ", maxSplits: 1)
                if let first = parts.first, let pid = Int32(first) {
                    return (pid, parts.count > 1 ? String(parts[1]) : "unknown command")
                }
            }
            usleep(20_000)
        }
        return (0, "unknown command")
    }

    package func release() {
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
    }
}
