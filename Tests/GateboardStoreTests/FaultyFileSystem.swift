import Foundation
@testable import GateboardStore

/// Passes calls to the real file system, except that call number `failAt` (counting every
/// open, write, fsync, rename, ftruncate, fchmod and close) fails with `code`.
final class FaultyFileSystem: FileSystemCalls, @unchecked Sendable {
    let real = PosixFileSystem()
    let failAt: Int
    let code: Int32
    private let lock = NSLock()
    private(set) var calls: [String] = []
    private(set) var failed: String?

    init(failAt: Int, code: Int32 = ENOSPC) {
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

    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        if shouldFail(flags & O_DIRECTORY != 0 ? "open directory" : "open \(URL(fileURLWithPath: path).lastPathComponent)") { errno = code; return -1 }
        return real.open(path, flags, mode)
    }
    func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        if shouldFail("write") { errno = code; return -1 }
        return real.write(fd, buffer)
    }
    func fsync(_ fd: Int32) -> Int32 {
        var st = stat()
        fstat(fd, &st)
        if shouldFail(st.st_mode & S_IFMT == S_IFDIR ? "fsync directory" : "fsync") { errno = EIO; return -1 }
        return real.fsync(fd)
    }
    func rename(_ from: String, _ to: String) -> Int32 {
        if shouldFail("rename") { errno = code; return -1 }
        return real.rename(from, to)
    }
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 {
        if shouldFail("fchmod") { errno = EPERM; return -1 }
        return real.fchmod(fd, mode)
    }
    func unlink(_ path: String) -> Int32 { real.unlink(path) }
    func close(_ fd: Int32) -> Int32 {
        if shouldFail("close") { _ = real.close(fd); errno = EIO; return -1 }
        return real.close(fd)
    }
}
