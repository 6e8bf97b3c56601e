import Crypto
import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One audit log file (`audit/<ID>.jsonl` or `audit/_board.jsonl`): append-only JSON Lines,
/// each line chained to the previous by `prev` = SHA-256 of the previous line's bytes
/// (without its newline): see `AuditChain`.
struct AuditLog {
    /// The board the log is in: the log is reached without following any link.
    let board: BoardDirectory
    let path: String
    let display: String

    func exists() -> Bool {
        board.exists(path)
    }

    func size() throws(StoreError) -> Int {
        var st = stat()
        if board.lstat(path, &st) != 0 {
            if errno == ENOENT { return 0 }
            throw StoreError.io(path: display, message: board.explain(path, errno, "cannot stat"))
        }
        if st.st_mode & S_IFMT == S_IFLNK { throw StoreError.io(path: display, message: board.explain(path, ELOOP, "cannot read")) }
        if st.st_mode & S_IFMT != S_IFREG { throw StoreError.io(path: display, message: BoardFileText.notRegular(st.st_mode) ?? "not a regular file") }
        return Int(st.st_size)
    }

    /// Reads `count` bytes at `offset`.
    func read(offset: Int, count: Int) throws(StoreError) -> [UInt8] {
        let fd = board.open(path, O_RDONLY | O_NONBLOCK)
        if fd < 0 { throw StoreError.io(path: display, message: board.explain(path, errno, "cannot open")) }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; throw StoreError.io(path: display, message: "cannot read: \(errnoText())") }
            if n == 0 { break }
            done += n
        }
        out.removeSubrange(done...)
        return out
    }

    func readAll() throws(StoreError) -> [UInt8] {
        try read(offset: 0, count: try size())
    }

    /// The whole log, or nil when there is none: one open, one fstat, the reads (no zero-fill
    /// first). For `verify`, which reads ten thousand logs.
    func readWhole() throws(StoreError) -> [UInt8]? {
        let fd = board.open(path, O_RDONLY | O_NONBLOCK)
        if fd < 0 {
            if errno == ENOENT { return nil }
            // A symlink (O_NOFOLLOW, here or on the way) or a FIFO: said as `size()` says it.
            let code = errno
            var st = stat()
            if board.lstat(path, &st) == 0, st.st_mode & S_IFMT != S_IFLNK, let why = BoardFileText.notRegular(st.st_mode) {
                throw StoreError.io(path: display, message: why)
            }
            throw StoreError.io(path: display, message: board.explain(path, code, "cannot open"))
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw StoreError.io(path: display, message: "cannot stat: \(errnoText())") }
        if st.st_mode & S_IFMT != S_IFREG { throw StoreError.io(path: display, message: BoardFileText.notRegular(st.st_mode) ?? "not a regular file") }
        let count = Int(st.st_size)
        var failure: Int32 = 0
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(done))
                if n < 0 { if errno == EINTR { continue }; failure = errno; break }
                if n == 0 { break }
                done += n
            }
            initialized = done
        }
        if failure != 0 { throw StoreError.io(path: display, message: "cannot read: \(String(cString: strerror(failure)))") }
        return out
    }

    /// The last `count` complete lines (oldest first), reading backwards from the end in
    /// chunks, plus the length up to the end of the last complete line and any bytes after
    /// it (a torn tail).
    func lastLines(_ count: Int) throws(StoreError) -> (lines: [ArraySlice<UInt8>], completeBytes: Int, torn: [UInt8]) {
        let total = try size()
        guard total > 0 else { return ([], 0, []) }
        var chunk = 64 * 1024
        while true {
            let start = max(0, total - chunk)
            let bytes = try read(offset: start, count: total - start)
            guard let lastNL = bytes.lastIndex(of: 0x0A) else {
                if start == 0 { return ([], 0, bytes) }
                chunk *= 4
                continue
            }
            var lines: [ArraySlice<UInt8>] = []
            var end = lastNL
            while lines.count < count {
                if let prevNL = bytes[..<end].lastIndex(of: 0x0A) {
                    lines.append(bytes[(prevNL + 1)..<end])
                    end = prevNL
                } else if start == 0 {
                    lines.append(bytes[0..<end])
                    break
                } else {
                    break
                }
            }
            if lines.count >= count || start == 0 {
                return (lines.reversed(), start + lastNL + 1, Array(bytes[(lastNL + 1)...]))
            }
            chunk *= 4
        }
    }

    /// Appends one line with a single write (O_APPEND), then fsync. On a failed or short
    /// write the file is cut back to its old length. Returns the new length.
    func append(_ line: [UInt8], files: DurableFiles, expectedSize: Int) throws(StoreError) -> Int {
        try append(line, files: files, expectedSize: expectedSize, sync: true)
    }

    /// `append`, the fsync left to the caller when `sync` is false (a batch makes many logs
    /// durable in one pass: `DurableFiles.makeDurable`).
    func append(_ line: [UInt8], files: DurableFiles, expectedSize: Int, sync: Bool) throws(StoreError) -> Int {
        let fs = files.fs
        let fd = files.board.open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        if fd < 0 { throw files.fail(display, "opening the audit log") }
        var ok = false
        defer {
            _ = fs.close(fd)
            // A new log that never got its first line is removed again.
            if !ok && expectedSize == 0 { files.unlink(path) }
        }
        var bytes = line
        bytes.append(0x0A)
        let n = bytes.withUnsafeBytes { fs.write(fd, $0) }
        if n != bytes.count {
            let code = n < 0 ? errno : ENOSPC
            _ = fs.ftruncate(fd, off_t(expectedSize))
            _ = fs.fsync(fd)
            throw files.fail(display, "appending to the audit log", code)
        }
        if sync, fs.fsync(fd) != 0 {
            let code = errno
            _ = fs.ftruncate(fd, off_t(expectedSize))
            throw files.fail(display, "fsync of the audit log", code)
        }
        ok = true
        return expectedSize + bytes.count
    }

    /// Cuts the log back to `size` bytes (undoing an append). False if that failed.
    func cut(to size: Int, files: DurableFiles) -> Bool {
        let fd = files.board.open(path, O_WRONLY)
        if fd < 0 { return false }
        defer { _ = files.fs.close(fd) }
        return files.fs.ftruncate(fd, off_t(size)) == 0 && files.fs.fsync(fd) == 0
    }

    /// Moves a torn tail aside (`<log>.torn-<time>`) and cuts the log back to its last
    /// complete line. Returns the name of the file holding the torn bytes.
    func setAside(torn: [UInt8], completeBytes: Int, files: DurableFiles, now: Date) throws(StoreError) -> String {
        let stamp = Timestamp.format(now).replacingOccurrences(of: ":", with: "")
        var aside = path + ".torn-" + stamp
        var k = 1
        while files.board.exists(aside) { k += 1; aside = path + ".torn-\(stamp)-\(k)" }
        try files.replace(aside, with: torn)
        let fd = files.board.open(path, O_WRONLY)
        if fd < 0 { throw files.fail(display, "opening the audit log") }
        defer { _ = files.fs.close(fd) }
        if files.fs.ftruncate(fd, off_t(completeBytes)) != 0 { throw files.fail(display, "cutting off the torn line") }
        if files.fs.fsync(fd) != 0 { throw files.fail(display, "fsync of the audit log") }
        return URL(fileURLWithPath: aside).lastPathComponent
    }


    /// Every line of a log's bytes: (start, end) offsets without the newline; the final
    /// segment without a newline is returned separately.
    static func splitLines(_ bytes: UnsafeRawBufferPointer) -> (lines: [Range<Int>], torn: Range<Int>?) {
        var lines: [Range<Int>] = []
        var start = 0
        guard let base = bytes.baseAddress else { return ([], nil) }
        while start < bytes.count {
            guard let p = memchr(base + start, 0x0A, bytes.count - start) else {
                return (lines, start..<bytes.count)
            }
            let end = UnsafeRawPointer(p) - base
            lines.append(start..<end)
            start = end + 1
        }
        return (lines, nil)
    }
}
