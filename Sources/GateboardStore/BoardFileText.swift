import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a board file as text, defensively: never follow a symlink where it is not
/// expected, never block on a FIFO, never read more than a limit, and turn every way the
/// bytes can be wrong into a `Diagnostic` with the line and column of the problem.
package enum BoardFileText {
    /// Largest use case file read (1 MiB); larger files are refused before reading.
    package static let useCaseLimit = 1 << 20
    /// Largest policy file read (4 MiB).
    static let policyLimit = 4 << 20

    /// The raw bytes of a regular file at `path`, below `board`'s root and reached without
    /// following any symbolic link. `display` names it in diagnostics.
    static func readBytes(_ board: BoardDirectory, path: String, display: String, limit: Int) -> Result<[UInt8], Diagnostic> {
        readFile(board, path: path, display: display, limit: limit).map(\.bytes)
    }

    /// The bytes and the `fstat` of the file actually read (for the cache's stamp).
    static func readFile(_ board: BoardDirectory, path: String, display: String, limit: Int) -> Result<(bytes: [UInt8], stat: stat), Diagnostic> {
        let result = board.withParent(path) { dir, name in readFile(at: dir, name: name, display: display, limit: limit) }
        return result ?? .failure(Diagnostic(path: display, message: board.explain(path, errno, "cannot read")))
    }

    /// The same, for `name` in the open folder `dir`.
    static func readFile(at dir: Int32, name: String, display: String, limit: Int) -> Result<(bytes: [UInt8], stat: stat), Diagnostic> {
        var st = stat()
        if fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            return .failure(Diagnostic(path: display, message: "cannot read: \(errnoText())"))
        }
        if st.st_mode & S_IFMT == S_IFLNK {
            return .failure(Diagnostic(path: display, message:
                "is a symbolic link to \(BoardDirectory.linkTarget(dir: dir, name: name)); board files must be regular files (Gateboard never follows links inside the board)"))
        }
        if let problem = notRegular(st.st_mode) {
            return .failure(Diagnostic(path: display, message: problem))
        }
        if Int(st.st_size) > limit {
            return .failure(Diagnostic(path: display, message: "file is \(st.st_size) bytes; the limit is \(limit) bytes"))
        }
        let fd = openat(dir, name, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return .failure(Diagnostic(path: display, message: "cannot open: \(errnoText())")) }
        defer { close(fd) }
        // The file may have been swapped between lstat and open: check what we opened.
        var fst = stat()
        if fstat(fd, &fst) != 0 { return .failure(Diagnostic(path: display, message: "cannot stat: \(errnoText())")) }
        if let problem = notRegular(fst.st_mode) { return .failure(Diagnostic(path: display, message: problem)) }
        var bytes = [UInt8](repeating: 0, count: min(Int(fst.st_size), limit) + 1)
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Diagnostic(path: display, message: "cannot read: \(errnoText())"))
            }
            if n == 0 { break }
            filled += n
            if filled == bytes.count && filled <= limit { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
        }
        if filled > limit {
            return .failure(Diagnostic(path: display, message: "file is larger than the limit of \(limit) bytes"))
        }
        bytes.removeSubrange(filled...)
        return .success((bytes, fst))
    }

    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFLNK: "is a symbolic link; board files must be regular files"
        case S_IFDIR: "is a directory, not a file"
        case S_IFIFO: "is a FIFO (named pipe), not a regular file"
        case S_IFSOCK: "is a socket, not a regular file"
        default: "is a device, not a regular file"
        }
    }

    /// Checks the bytes are YAML text we accept and decodes them: not empty, no NUL, valid
    /// UTF-8 (a leading byte-order mark is dropped), no git merge-conflict markers.
    /// Returns every problem found (conflict markers can be several).
    static func decode(_ input: [UInt8], display: String) -> Result<String, BoardInvalid> {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .failure(BoardInvalid([Diagnostic(path: display, message: input.isEmpty ? "file is empty" : "file has no content")]))
        }
        var line = 1
        var column = 1
        var i = bytes.startIndex
        var problems: [Diagnostic] = []
        var lineStart = true
        while i < bytes.endIndex {
            let b = bytes[i]
            if lineStart, let marker = conflictMarker(bytes[i...]) {
                problems.append(Diagnostic(path: display, line: line, column: 1,
                                           message: "git merge-conflict marker \"\(marker)\": resolve the conflict, then run gateboard validate"))
            }
            lineStart = false
            if b == 0 {
                problems.append(Diagnostic(path: display, line: line, column: column,
                                           message: "NUL byte: this is not a text file (truncated or corrupted?)"))
                return .failure(BoardInvalid(problems))
            }
            if b < 0x80 {
                if b == 0x0A {
                    line += 1
                    column = 1
                    lineStart = true
                } else {
                    column += 1
                }
                i += 1
                continue
            }
            let length = utf8SequenceLength(bytes, at: i)
            switch length {
            case .valid(let n):
                i += n
                column += 1
            case .truncated:
                problems.append(Diagnostic(path: display, line: line, column: column,
                                           message: "file ends in the middle of a UTF-8 character (truncated?)"))
                return .failure(BoardInvalid(problems))
            case .invalid:
                problems.append(Diagnostic(path: display, line: line, column: column,
                                           message: String(format: "invalid UTF-8 (byte 0x%02X); save the file as UTF-8", b)))
                return .failure(BoardInvalid(problems))
            }
        }
        if !problems.isEmpty { return .failure(BoardInvalid(problems)) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    private static func conflictMarker(_ rest: ArraySlice<UInt8>) -> String? {
        for marker in ["<<<<<<<", ">>>>>>>", "=======", "|||||||"] {
            let m = Array(marker.utf8)
            guard rest.starts(with: m) else { continue }
            let after = rest.dropFirst(m.count).first
            if after == nil || after == 0x20 || after == 0x0A || after == 0x0D { return marker }
        }
        return nil
    }

    enum SequenceLength { case valid(Int), truncated, invalid }

    /// Strict UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF): the length of the
    /// sequence that starts at `i` (a byte of 0x80 or more).
    static func utf8SequenceLength<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at i: Int) -> SequenceLength where Bytes.Index == Int {
        let b0 = bytes[i]
        let n: Int
        var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
        switch b0 {
        case 0xC2...0xDF: n = 2
        case 0xE0: n = 3; lo = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: n = 3
        case 0xED: n = 3; hi = 0x9F
        case 0xF0: n = 4; lo = 0x90
        case 0xF1...0xF3: n = 4
        case 0xF4: n = 4; hi = 0x8F
        default: return .invalid
        }
        for k in 1..<n {
            guard i + k < bytes.endIndex else { return .truncated }
            let b = bytes[i + k]
            let (l, h) = k == 1 ? (lo, hi) : (UInt8(0x80), UInt8(0xBF))
            if b < l || b > h { return .invalid }
        }
        return .valid(n)
    }
}

func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
}
