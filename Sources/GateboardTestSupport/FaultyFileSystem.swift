import Foundation
import GateboardStore

/// Passes calls to the real file system, except that call number `failAt` (counting every
/// open, write, fsync, rename, mkdir, fchmod and close) fails with `code`.
public final class FaultyFileSystem: FileSystemCalls, @unchecked Sendable {
    let real = PosixFileSystem()
    let failAt: Int
    let code: Int32
    private let lock = NSLock()
    public private(set) var calls: [String] = []
    public private(set) var failed: String?

    public init(failAt: Int, code: Int32 = ENOSPC) {
        self.failAt = failAt
        self.code = code
    }

    private func shouldFail(_ name: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        calls.append(name)
        if calls.count == failAt {
            failed = name
            return true
        }
        return false
    }

    public func openat(_ dir: Int32, _ name: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if shouldFail(flags & O_DIRECTORY != 0 ? "open directory" : "open \(URL(fileURLWithPath: name).lastPathComponent)") { errno = code; return -1 }
        return real.openat(dir, name, flags, mode)
    }
    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        if shouldFail("write") { errno = code; return -1 }
        return real.write(fd, buffer)
    }
    public func fsync(_ fd: Int32) -> Int32 {
        var st = stat()
        fstat(fd, &st)
        if shouldFail(st.st_mode & S_IFMT == S_IFDIR ? "fsync directory" : "fsync") { errno = EIO; return -1 }
        return real.fsync(fd)
    }
    public func renameat(_ fromDir: Int32, _ from: String, _ toDir: Int32, _ to: String) -> Int32 {
        if shouldFail("rename") { errno = code; return -1 }
        return real.renameat(fromDir, from, toDir, to)
    }
    public func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 {
        if shouldFail("fchmod") { errno = EPERM; return -1 }
        return real.fchmod(fd, mode)
    }
    public func unlinkat(_ dir: Int32, _ name: String, _ flags: Int32) -> Int32 { real.unlinkat(dir, name, flags) }
    public func mkdirat(_ dir: Int32, _ name: String, _ mode: mode_t) -> Int32 {
        if shouldFail("mkdir") { errno = code; return -1 }
        return real.mkdirat(dir, name, mode)
    }
    public func close(_ fd: Int32) -> Int32 {
        if shouldFail("close") { _ = real.close(fd); errno = EIO; return -1 }
        return real.close(fd)
    }
}
