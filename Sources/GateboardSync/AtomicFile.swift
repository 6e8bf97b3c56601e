import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file replacement that never leaves a half-written file: a temporary file in the
/// same directory, fsync, rename over the target, fsync the directory. Keeps the target's
/// permission bits.
enum AtomicFile {
    static func write(_ data: Data, to url: URL) throws(SyncError) {
        let dir = url.deletingLastPathComponent()
        let temp = dir.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).sync.tmp")
        var mode: mode_t = 0o644
        var st = stat()
        if stat(url.path, &st) == 0 { mode = st.st_mode & 0o7777 }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        } catch {
            throw SyncError.board("\(dir.path): \(error.localizedDescription)")
        }
        let fd = open(temp.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SyncError.board("\(temp.path): \(String(cString: strerror(errno)))") }
        var failure: String?
        do {
            try FileHandle(fileDescriptor: fd, closeOnDealloc: false).write(contentsOf: data)
        } catch {
            failure = error.localizedDescription
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure == nil, rename(temp.path, url.path) != 0 { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temp.path)
            throw SyncError.board("\(url.path): \(failure)")
        }
        let dfd = open(dir.path, O_RDONLY | O_DIRECTORY)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }
}
