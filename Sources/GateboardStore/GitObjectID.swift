import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Git's object ids computed without git: a file's **blob id** (what `git hash-object FILE`
/// prints) and a directory's **tree id** (what `git write-tree` prints for an index holding
/// exactly that directory's files).
///
/// - blob: SHA-1 of `"blob <size>\0"` followed by the bytes, read by streaming (a file is
///   never held in memory whole).
/// - tree: SHA-1 of `"tree <size>\0"` followed by one entry per name, `"<mode> <name>\0"` and
///   the 20 raw bytes of the entry's id, sorted as git sorts them (bytes, a folder's name
///   compared as if it ended in `/`). Modes: `100644` a file, `100755` a file its owner may
///   execute, `120000` a symbolic link (its blob is the link's target text; the link is never
///   followed), `40000` a folder. A folder holding no file (git cannot track it) and any
///   `.git` entry are left out, as git leaves them out.
///
/// Everything is reached from an open directory with `openat` and `O_NOFOLLOW`; FIFOs,
/// sockets and devices are refused (opening one could block or read without end).
package enum GitObjectID {
    /// The empty tree's id, what git prints for a folder with nothing it would track.
    package static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// Why an object could not be hashed, in words naming `path`.
    package struct Failure: Error, Equatable, CustomStringConvertible {
        package var path: String
        package var reason: String
        package var description: String { "\(path): \(reason)" }
    }

    /// Limits on what is hashed: a larger file, or a tree with more entries, is refused.
    package struct Limits: Sendable {
        package var fileBytes: Int64
        package var treeEntries: Int
        package init(fileBytes: Int64 = 1 << 30, treeEntries: Int = 100_000) {
            self.fileBytes = fileBytes
            self.treeEntries = treeEntries
        }
    }

    /// The blob id of bytes held in memory.
    package static func blob(_ bytes: [UInt8]) -> String {
        var h = Insecure.SHA1()
        h.update(data: Array("blob \(bytes.count)\0".utf8))
        h.update(data: bytes)
        return hex(h.finalize())
    }

    /// The id of the entry `name` in the open folder `dir`: a blob for a file, a tree for a
    /// folder. `path` only names it in failures.
    package static func object(in dir: Int32, name: String, path: String, limits: Limits = Limits()) throws(Failure) -> (id: String, isTree: Bool) {
        var budget = limits.treeEntries
        var st = stat()
        guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw failure(path, errno) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return (try fileBlob(in: dir, name: name, path: path, limits: limits).id, false)
        case S_IFDIR: return (try tree(in: dir, name: name, path: path, limits: limits, budget: &budget).id, true)
        case S_IFLNK: throw Failure(path: path, reason: "is a symbolic link (to \(BoardDirectory.linkTarget(dir: dir, name: name))); gateboard follows none")
        default: throw Failure(path: path, reason: "is not a regular file or a folder (a FIFO, socket or device)")
        }
    }

    static func failure(_ path: String, _ code: Int32) -> Failure {
        switch code {
        case EACCES, EPERM: return Failure(path: path, reason: "cannot be read (permission denied)")
        case ELOOP: return Failure(path: path, reason: "is a symbolic link; gateboard follows none")
        default: return Failure(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// A regular file's blob id, streamed. Refused when it grows or shrinks while read.
    static func fileBlob(in dir: Int32, name: String, path: String, limits: Limits) throws(Failure) -> (id: String, mode: String) {
        let fd = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure(path, errno) }
        guard st.st_mode & S_IFMT == S_IFREG else {
            throw Failure(path: path, reason: "is not a regular file or a folder (a FIFO, socket or device)")
        }
        let size = Int64(st.st_size)
        guard size <= limits.fileBytes else {
            throw Failure(path: path, reason: "is \(size) bytes, over the \(limits.fileBytes)-byte limit on a hashed file")
        }
        var h = Insecure.SHA1()
        h.update(data: Array("blob \(size)\0".utf8))
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var total: Int64 = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if n == 0 { break }
            total += Int64(n)
            guard total <= size else { break }
            buffer.withUnsafeBytes { h.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
        guard total == size else { throw Failure(path: path, reason: "changed size while it was read; try again") }
        return (hex(h.finalize()), st.st_mode & S_IXUSR != 0 ? "100755" : "100644")
    }

    /// A folder's tree id (`budget`: entries still allowed).
    static func tree(in parent: Int32, name: String, path: String, limits: Limits, budget: inout Int) throws(Failure) -> (id: String, isEmpty: Bool) {
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw failure(path, errno) }
        let keep = dup(fd)
        guard keep >= 0 else { close(fd); throw failure(path, errno) }
        defer { close(keep) }
        let names = BoardDirectory.names(fd: fd)
        var entries: [(sortKey: [UInt8], line: [UInt8])] = []
        for entry in names where entry != ".git" {
            budget -= 1
            guard budget >= 0 else {
                throw Failure(path: path, reason: "holds more than \(limits.treeEntries) entries, the limit on a hashed folder")
            }
            let sub = path + "/" + entry
            var st = stat()
            guard fstatat(keep, entry, &st, AT_SYMLINK_NOFOLLOW) == 0 else { throw failure(sub, errno) }
            let mode: String, id: String
            var sortKey = Array(entry.utf8)
            switch st.st_mode & S_IFMT {
            case S_IFREG:
                (id, mode) = try fileBlob(in: keep, name: entry, path: sub, limits: limits)
            case S_IFLNK:
                var target = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlinkat(keep, entry, &target, target.count - 1)
                guard n >= 0 else { throw failure(sub, errno) }
                id = blob(target[..<n].map { UInt8(bitPattern: $0) })
                mode = "120000"
            case S_IFDIR:
                let t = try tree(in: keep, name: entry, path: sub, limits: limits, budget: &budget)
                if t.isEmpty { continue }
                id = t.id
                mode = "40000"
                sortKey.append(UInt8(ascii: "/"))
            default:
                throw Failure(path: sub, reason: "is not a regular file or a folder (a FIFO, socket or device)")
            }
            entries.append((sortKey, Array("\(mode) \(entry)\0".utf8) + raw(id)))
        }
        entries.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        let body = entries.flatMap(\.line)
        var h = Insecure.SHA1()
        h.update(data: Array("tree \(body.count)\0".utf8))
        h.update(data: body)
        return (hex(h.finalize()), entries.isEmpty)
    }

    static func raw(_ hexID: String) -> [UInt8] {
        let digits = Array(hexID.utf8)
        func v(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        return stride(from: 0, to: digits.count, by: 2).map { v(digits[$0]) << 4 | v(digits[$0 + 1]) }
    }

    static func hex(_ digest: Insecure.SHA1.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
