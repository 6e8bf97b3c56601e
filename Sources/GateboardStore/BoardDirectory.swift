import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The board directory, opened safely: every file and folder below `root` is reached with
/// `openat` from the directory above it, with `O_NOFOLLOW` (and `O_DIRECTORY` for folders)
/// at every step, so no symbolic link below the board root is ever followed, for reading or
/// writing. `root` itself — what the user passed or what was found — may be reached through
/// a symbolic link; nothing below it may.
///
/// Paths are absolute strings under `root` (as the store builds them, and as diagnostics name
/// them). The calls mirror the system calls: -1 (or nil) with `errno` set on failure; a
/// symbolic link met on the way fails with `ELOOP`, and `explain` then names the link and its
/// target. Everything goes through `fs`, so tests can make any step fail.
package struct BoardDirectory: Sendable {
    package let root: String
    package let fs: any FileSystemCalls

    package init(root: String, fs: any FileSystemCalls = PosixFileSystem()) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.fs = fs
    }

    /// A directory whose files are handled like a board's: for a single file outside any
    /// board (git's merge-driver files, a scratch file), its folder is trusted as given.
    package static func holding(_ path: String, fs: any FileSystemCalls = PosixFileSystem()) -> BoardDirectory {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        return BoardDirectory(root: dir, fs: fs)
    }

    /// The components of `path` below `root` ([] for the root itself), or nil when `path`
    /// is not below the root or has a `.`/`..` component.
    package func components(_ path: String) -> [Substring]? {
        if path == root { return [] }
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: true)
        guard !parts.contains(where: { $0 == "." || $0 == ".." }) else { return nil }
        return parts
    }

    private func closeKeepingErrno(_ fd: Int32) {
        let saved = errno
        _ = fs.close(fd)
        errno = saved
    }

    /// Opens the folder made of the first `count` of `parts` (`create`: making missing ones).
    private func openFolder(_ parts: ArraySlice<Substring>, create: Bool) -> Int32 {
        var fd = fs.openat(AT_FDCWD, root, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)
        if fd < 0 { return -1 }
        for part in parts {
            let name = String(part)
            var next = fs.openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
            if next < 0 && errno == ENOENT && create {
                if fs.mkdirat(fd, name, 0o755) != 0 && errno != EEXIST { closeKeepingErrno(fd); return -1 }
                next = fs.openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0)
            }
            closeKeepingErrno(fd)
            if next < 0 {
                if errno == ENOTDIR || errno == EMLINK { errno = ELOOP }
                return -1
            }
            fd = next
        }
        return fd
    }

    /// Runs `body` with the folder holding `path` open and `path`'s last name; -1/"" with
    /// `errno` set when the folder cannot be reached (or `path` is the root itself).
    package func withParent<T>(_ path: String, create: Bool = false, _ body: (Int32, String) throws -> T) rethrows -> T? {
        guard let parts = components(path), let last = parts.last else { errno = EINVAL; return nil }
        let fd = openFolder(parts.dropLast(), create: create)
        if fd < 0 { return nil }
        defer { closeKeepingErrno(fd) }
        return try body(fd, String(last))
    }

    /// Opens a file below the root; the last component is never followed either.
    package func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0, createFolders: Bool = false) -> Int32 {
        withParent(path, create: createFolders) { fd, name in
            fs.openat(fd, name, flags | O_NOFOLLOW | O_CLOEXEC, mode)
        } ?? -1
    }

    /// Opens a folder below the root (or the root itself), creating missing ones when asked.
    package func openDirectory(_ path: String, create: Bool = false) -> Int32 {
        guard let parts = components(path) else { errno = EINVAL; return -1 }
        return openFolder(parts[...], create: create)
    }

    /// `lstat` of a path below the root, reached without following any link.
    package func lstat(_ path: String, _ st: inout stat) -> Int32 {
        if path == root { return rootStat(root, &st) }
        return withParent(path) { fd, name in fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) } ?? -1
    }

    package func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    package func unlink(_ path: String) -> Int32 {
        withParent(path) { fd, name in fs.unlinkat(fd, name, 0) } ?? -1
    }

    /// Renames within one folder (the temp file beside its target).
    package func rename(_ from: String, _ to: String) -> Int32 {
        let fromName = URL(fileURLWithPath: from).lastPathComponent
        guard URL(fileURLWithPath: from).deletingLastPathComponent().path == URL(fileURLWithPath: to).deletingLastPathComponent().path else {
            errno = EXDEV
            return -1
        }
        return withParent(to) { fd, name in fs.renameat(fd, fromName, fd, name) } ?? -1
    }

    /// Creates a folder (and the ones above it). 0 when it exists.
    package func mkdir(_ path: String) -> Int32 {
        let fd = openDirectory(path, create: true)
        if fd < 0 { return -1 }
        closeKeepingErrno(fd)
        return 0
    }

    /// The names in a folder below the root ([] when it does not exist).
    package func names(in path: String) throws(StoreError) -> [String] {
        let fd = openDirectory(path)
        if fd < 0 {
            if errno == ENOENT { return [] }
            throw StoreError.io(path: path, message: explain(path, errno, "cannot list"))
        }
        return Self.names(fd: fd)
    }

    /// The names in an open folder; takes over (and closes) `fd`.
    package static func names(fd: Int32) -> [String] {
        guard let d = fdopendir(fd) else { close(fd); return [] }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The target a symbolic link points to.
    package static func linkTarget(dir: Int32, name: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlinkat(dir, name, &buffer, buffer.count - 1)
        guard n >= 0 else { return "?" }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The first symbolic link on the way to `path` (itself included): its path and target.
    package func firstLink(on path: String) -> (path: String, target: String)? {
        guard let parts = components(path) else { return nil }
        var fd = rootOpenDirectory(root)
        if fd < 0 { return nil }
        defer { close(fd) }
        var here = root
        for part in parts {
            let name = String(part)
            here = here == "/" ? "/" + name : here + "/" + name
            var st = stat()
            guard fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
            if st.st_mode & S_IFMT == S_IFLNK { return (here, Self.linkTarget(dir: fd, name: name)) }
            guard st.st_mode & S_IFMT == S_IFDIR else { return nil }
            let next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if next < 0 { return nil }
            close(fd)
            fd = next
        }
        return nil
    }

    /// What went wrong reaching `path`, for a message: a symbolic link on the way is named
    /// with its target; anything else is the system's words.
    package func explain(_ path: String, _ code: Int32, _ what: String) -> String {
        if code == ELOOP || code == ENOTDIR || code == EMLINK, let link = firstLink(on: path) {
            return link.path == path
                ? "is a symbolic link to \(link.target); board files must be regular files (Gateboard never follows links inside the board)"
                : "\(what): \(link.path) is a symbolic link to \(link.target); Gateboard never follows links inside the board — remove it and restore the real folder (e.g. git checkout)"
        }
        return "\(what): \(errnoText(code))"
    }

    /// Every symbolic link among the board's own files and folders (`entries`, walked to
    /// any depth without following anything): the path and what it points to.
    package func symbolicLinks(entries: [String]) -> [(path: String, target: String)] {
        var found: [(String, String)] = []
        let rootFD = rootOpenDirectory(root)
        guard rootFD >= 0 else { return [] }
        defer { close(rootFD) }
        func walk(_ dir: Int32, _ path: String, _ names: [String], depth: Int) {
            for name in names.sorted() {
                var st = stat()
                guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                let here = path + "/" + name
                switch st.st_mode & S_IFMT {
                case S_IFLNK: found.append((here, Self.linkTarget(dir: dir, name: name)))
                case S_IFDIR where depth < 32:
                    let sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    guard sub >= 0 else { continue }
                    let inner = dup(sub)
                    walk(sub, here, Self.names(fd: inner), depth: depth + 1)
                    close(sub)
                default: break
                }
            }
        }
        walk(rootFD, root == "/" ? "" : root, entries, depth: 0)
        return found
    }
}

/// `stat` and `open` of the root itself, which may be reached through a link.
private func rootStat(_ path: String, _ st: inout stat) -> Int32 { stat(path, &st) }
private func rootOpenDirectory(_ path: String) -> Int32 { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }

extension BoardDirectory {
    /// The bytes of a regular file below the root (nil when it does not exist), reached
    /// without following any link; a link, FIFO or device is refused naming the path.
    package func read(_ path: String, limit: Int = 1 << 40) throws(StoreError) -> [UInt8]? {
        var st = stat()
        if lstat(path, &st) != 0, errno == ENOENT { return nil }
        switch BoardFileText.readBytes(self, path: path, display: path, limit: limit) {
        case .success(let bytes): return bytes
        case .failure(let d): throw StoreError.io(path: path, message: d.message)
        }
    }
}
