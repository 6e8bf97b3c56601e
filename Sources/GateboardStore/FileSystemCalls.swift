import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls the write path makes, behind a seam so tests can make any of them fail
/// (disk full on write, EIO on fsync, EXDEV on rename) and prove the old state survives.
/// Each returns the syscall's result; on failure errno is set. Files are reached only
/// relative to an open directory (`openat`, `renameat`, …): see `BoardDirectory`.
public protocol FileSystemCalls: Sendable {
    func openat(_ dir: Int32, _ name: String, _ flags: Int32, _ mode: mode_t) -> Int32
    func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int
    func fsync(_ fd: Int32) -> Int32
    func renameat(_ fromDir: Int32, _ from: String, _ toDir: Int32, _ to: String) -> Int32
    func ftruncate(_ fd: Int32, _ length: off_t) -> Int32
    func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32
    func unlinkat(_ dir: Int32, _ name: String, _ flags: Int32) -> Int32
    func mkdirat(_ dir: Int32, _ name: String, _ mode: mode_t) -> Int32
    func close(_ fd: Int32) -> Int32
    /// Flushes the whole file system holding `fd` (Linux `syncfs`); -1 with errno ENOSYS
    /// where there is none, and the caller fsyncs each file instead.
    func syncfs(_ fd: Int32) -> Int32
}

extension FileSystemCalls {
    public func syncfs(_ fd: Int32) -> Int32 {
        errno = ENOSYS
        return -1
    }
}

/// The real calls: the C library's, reached through Foundation (which re-exports Glibc or
/// Darwin), so one body serves both platforms.
public struct PosixFileSystem: FileSystemCalls {
    public init() {}
    public func openat(_ dir: Int32, _ name: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        Foundation.openat(dir, name, flags, mode)
    }
    public func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int { Foundation.write(fd, buffer.baseAddress, buffer.count) }
    public func fsync(_ fd: Int32) -> Int32 { Foundation.fsync(fd) }
    public func renameat(_ fromDir: Int32, _ from: String, _ toDir: Int32, _ to: String) -> Int32 {
        Foundation.renameat(fromDir, from, toDir, to)
    }
    public func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { Foundation.ftruncate(fd, length) }
    public func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { Foundation.fchmod(fd, mode) }
    public func unlinkat(_ dir: Int32, _ name: String, _ flags: Int32) -> Int32 { Foundation.unlinkat(dir, name, flags) }
    public func mkdirat(_ dir: Int32, _ name: String, _ mode: mode_t) -> Int32 { Foundation.mkdirat(dir, name, mode) }
    public func close(_ fd: Int32) -> Int32 { Foundation.close(fd) }
    public func syncfs(_ fd: Int32) -> Int32 {
        guard let call = Self.syncfsCall else { errno = ENOSYS; return -1 }
        return call(fd)
    }

    /// The C library's `syncfs` (Linux; Glibc's Swift module does not export it), looked up once.
    static let syncfsCall: (@convention(c) (Int32) -> Int32)? = {
        #if os(Linux)
        guard let symbol = dlsym(nil, "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32) -> Int32).self)
        #else
        return nil
        #endif
    }()
}

/// Durable file writes through a `FileSystemCalls`, every file reached through `board`
/// (never following a symbolic link below the board root). Sync writes through it too.
package struct DurableFiles: Sendable {
    package var board: BoardDirectory
    package var fs: any FileSystemCalls { board.fs }

    package init(board: BoardDirectory) { self.board = board }

    /// For one file outside any board (git's merge-driver files, a scratch file): its folder
    /// is trusted as given, the file and the temporary file are never followed.
    package static func beside(_ path: String) -> DurableFiles { DurableFiles(board: .holding(path)) }

    func fail(_ path: String, _ what: String, _ code: Int32 = errno) -> StoreError {
        let hint: String
        switch code {
        case ENOSPC: hint = " (the disk is full)"
        case EROFS: hint = " (the file system is read-only)"
        case EACCES, EPERM: hint = " (permission denied: check the board's file permissions)"
        case EDQUOT: hint = " (disk quota exceeded)"
        default: hint = ""
        }
        if code == ELOOP || code == ENOTDIR || code == EMLINK, board.firstLink(on: path) != nil {
            return .io(path: path, message: board.explain(path, code, what) + "; nothing was changed")
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

    /// A temporary name beside `name` no one can predict: `.<name>.tmp-<pid>-<64 random bits>`.
    static func temporaryName(for name: String) -> String {
        ".\(name).tmp-\(getpid())-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    }

    /// Replaces `path` with `bytes` atomically: a temporary file created with `O_EXCL` and
    /// an unpredictable name in the same folder, fsync, the old file's permission bits (0644
    /// for a new file), rename, fsync of the folder. Missing folders below the board root
    /// are created. On failure the old file is untouched and the temp file removed. A
    /// symbolic link anywhere on the way (or at `path`) is refused.
    /// `durable: false` (caches only) skips the fsyncs.
    package func replace(_ path: String, with bytes: [UInt8], defaultMode: mode_t = 0o644, durable: Bool = true) throws(StoreError) {
        let staged = try stage(path, with: bytes, defaultMode: defaultMode, sync: durable)
        try commit(staged, syncFolder: durable)
    }

    /// A replacement written beside its file but not yet in place (`stage`, then `commit` or
    /// `discard`): lets a batch write every file, make them durable in one pass, then rename.
    package struct Staged: Sendable {
        package let path: String
        let folder: String
        let name: String
        let temp: String
        /// The temporary file's full path (for an fsync of it).
        package var tempPath: String { folder + "/" + temp }
    }

    /// The first half of `replace`: the temporary file written (and fsync'd when `sync`), with
    /// the old file's permission bits. Nothing is visible at `path` yet.
    package func stage(_ path: String, with bytes: [UInt8], defaultMode: mode_t = 0o644, sync: Bool) throws(StoreError) -> Staged {
        guard let parts = board.components(path), let last = parts.last else {
            throw StoreError.io(path: path, message: "not a file below \(board.root); nothing was changed")
        }
        let name = String(last)
        let folder = board.root + (parts.count > 1 ? "/" + parts.dropLast().joined(separator: "/") : "")
        let dir = board.openDirectory(folder, create: true)
        if dir < 0 { throw fail(path, "opening its folder") }
        defer { _ = fs.close(dir) }
        var st = stat()
        let mode: mode_t
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 {
            guard st.st_mode & S_IFMT == S_IFREG else {
                throw StoreError.io(path: path, message: st.st_mode & S_IFMT == S_IFLNK
                    ? board.explain(path, ELOOP, "replacing it") + "; nothing was changed"
                    : (BoardFileText.notRegular(st.st_mode) ?? "not a regular file") + "; nothing was changed")
            }
            mode = st.st_mode & 0o7777
        } else {
            mode = defaultMode
        }
        var temp = Self.temporaryName(for: name)
        var fd = fs.openat(dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        for _ in 0..<8 where fd < 0 && errno == EEXIST {
            temp = Self.temporaryName(for: name)
            fd = fs.openat(dir, temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        }
        if fd < 0 { throw fail(path, "creating a temporary file in \(URL(fileURLWithPath: path).deletingLastPathComponent().path)") }
        var ok = false
        defer {
            if !ok {
                let saved = errno
                _ = fs.unlinkat(dir, temp, 0)
                errno = saved
            }
        }
        do throws(StoreError) {
            try writeAll(fd, bytes, path: path)
            if sync, fs.fsync(fd) != 0 { throw fail(path, "fsync") }
            if fs.fchmod(fd, mode) != 0 { throw fail(path, "setting permissions") }
        } catch {
            _ = fs.close(fd)
            throw error
        }
        if fs.close(fd) != 0 { throw fail(path, "close") }
        ok = true
        return Staged(path: path, folder: folder, name: name, temp: temp)
    }

    /// The second half of `replace`: the staged file renamed into place, then (`syncFolder`)
    /// an fsync of its folder. On failure the temporary file is removed and the old file stays.
    package func commit(_ staged: Staged, syncFolder: Bool) throws(StoreError) {
        let dir = board.openDirectory(staged.folder)
        if dir < 0 {
            let e = fail(staged.path, "opening its folder")
            discard(staged)
            throw e
        }
        defer { _ = fs.close(dir) }
        if fs.renameat(dir, staged.temp, dir, staged.name) != 0 {
            let e = fail(staged.path, "rename")
            _ = fs.unlinkat(dir, staged.temp, 0)
            throw e
        }
        // The new content is durable; only the directory entry's durability is at stake now,
        // and the old file is gone: report nothing rather than a failure that did not happen.
        if syncFolder, fs.fsync(dir) != 0 && errno != EINVAL { return }
    }

    /// Removes a staged file that will not be committed.
    package func discard(_ staged: Staged) {
        let dir = board.openDirectory(staged.folder)
        guard dir >= 0 else { return }
        _ = fs.unlinkat(dir, staged.temp, 0)
        _ = fs.close(dir)
    }

    /// Opens the board's root for `makeDurable`, before the batch writes anything: Linux's
    /// `syncfs` reports a write-back error of the file system only if it happened after the
    /// descriptor it is given was opened. -1 if it cannot be opened (each file is then fsync'd).
    package func openSyncWatch() -> Int32 { board.openDirectory(board.root) }

    /// Makes files written without fsync durable in one pass: one `syncfs` of the file system
    /// holding the board (through `watch`, from `openSyncWatch` before the writes) where the
    /// system has it, else an fsync of each. Returns the paths that could not be made durable
    /// (empty: all are). Closes `watch`.
    package func makeDurable(_ paths: [String], watch: Int32) -> Set<String> {
        if watch >= 0 {
            defer { _ = fs.close(watch) }
            if paths.isEmpty || fs.syncfs(watch) == 0 { return [] }
        }
        var failed: Set<String> = []
        for p in paths {
            let fd = board.open(p, O_RDONLY | O_CLOEXEC)
            if fd < 0 || fs.fsync(fd) != 0 { failed.insert(p) }
            if fd >= 0 { _ = fs.close(fd) }
        }
        return failed
    }

    /// An fsync of a folder below the board root (its new or renamed entries made durable).
    package func syncFolder(_ path: String) {
        let dir = board.openDirectory(path)
        guard dir >= 0 else { return }
        _ = fs.fsync(dir)
        _ = fs.close(dir)
    }

    /// Removes a file below the board root (never through a link). False if that failed.
    @discardableResult
    package func unlink(_ path: String) -> Bool { board.unlink(path) == 0 }

    /// Creates a folder below the board root (and those above it), never through a link.
    package func makeDirectory(_ path: String) throws(StoreError) {
        if board.mkdir(path) != 0 { throw fail(path, "creating the directory") }
    }
}
