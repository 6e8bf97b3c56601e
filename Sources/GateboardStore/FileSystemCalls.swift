import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls the write path makes, behind a seam so tests can make any of them fail
/// (disk full on write, EIO on fsync, EXDEV on rename) and prove the old state survives.
/// Each returns the syscall's result; on failure errno is set.
public protocol FileSystemCalls: Sendable {
    func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int
    func fsync(_ fd: Int32) -> Int32
    func rename(_ from: String, _ to: String) -> Int32
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32
    func unlink(_ path: String) -> Int32
    func close(_ fd: Int32) -> Int32
}

/// The real calls.
public struct PosixFileSystem: FileSystemCalls {
    public init() {}
    public func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.open(path, flags, mode)
        #else
        Darwin.open(path, flags, mode)
        #endif
    }
    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer.baseAddress, buffer.count)
        #else
        Darwin.write(fd, buffer.baseAddress, buffer.count)
        #endif
    }
    public func fsync(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.fsync(fd)
        #else
        Darwin.fsync(fd)
        #endif
    }
    public func rename(_ from: String, _ to: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.rename(from, to)
        #else
        Darwin.rename(from, to)
        #endif
    }
    public func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.ftruncate(fd, length)
        #else
        Darwin.ftruncate(fd, length)
        #endif
    }
    public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
        Glibc.fchmod(fd, mode)
        #else
        Darwin.fchmod(fd, mode)
        #endif
    }
    public func unlink(_ path: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.unlink(path)
        #else
        Darwin.unlink(path)
        #endif
    }
    public func close(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(fd)
        #else
        Darwin.close(fd)
        #endif
    }
}

/// Durable file writes through a `FileSystemCalls`.
struct DurableFiles {
    var fs: any FileSystemCalls

    func fail(_ path: String, _ what: String, _ code: Int32 = errno) -> StoreError {
        let hint: String
        switch code {
        case ENOSPC: hint = " (the disk is full)"
        case EROFS: hint = " (the file system is read-only)"
        case EACCES, EPERM: hint = " (permission denied: check the board's file permissions)"
        case EDQUOT: hint = " (disk quota exceeded)"
        default: hint = ""
        }
        return .io(path: path, message: "\(what) failed: \(errnoText(code))\(hint); nothing was changed")
    }

    func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { fs.write(fd, UnsafeRawBufferPointer(rebasing: $0[done...])) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail(path, "write")
            }
            if n == 0 { throw StoreError.io(path: path, message: "write failed: no progress (disk full?); nothing was changed") }
            done += n
        }
    }

    /// Replaces `path` with `bytes` atomically: a temp file in the same directory, fsync,
    /// the old file's permission bits (0644 for a new file), rename, fsync of the directory.
    /// On failure the old file is untouched and the temp file removed.
    func replace(_ path: String, with bytes: [UInt8], defaultMode: mode_t = 0o644) throws(StoreError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var st = stat()
        let mode: mode_t = lstat(path, &st) == 0 ? st.st_mode & 0o7777 : defaultMode
        let temp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = fs.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw fail(path, "creating a temporary file in \(dir)") }
        var ok = false
        defer {
            if !ok {
                let saved = errno
                _ = fs.unlink(temp)
                errno = saved
            }
        }
        do throws(StoreError) {
            try writeAll(fd, bytes, path: path)
            if fs.fsync(fd) != 0 { throw fail(path, "fsync") }
            if fs.fchmod(fd, mode) != 0 { throw fail(path, "setting permissions") }
        } catch {
            _ = fs.close(fd)
            throw error
        }
        if fs.close(fd) != 0 { throw fail(path, "close") }
        if fs.rename(temp, path) != 0 { throw fail(path, "rename") }
        ok = true
        // The new content is durable; only the directory entry's durability is at stake now,
        // and the old file is gone: report nothing rather than a failure that did not happen.
        try? syncDirectory(dir)
    }

    func syncDirectory(_ dir: String) throws(StoreError) {
        let dfd = fs.open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if dfd < 0 { throw fail(dir, "opening the directory to sync it") }
        defer { _ = fs.close(dfd) }
        if fs.fsync(dfd) != 0 && errno != EINVAL { throw fail(dir, "fsync of the directory") }
    }
}
