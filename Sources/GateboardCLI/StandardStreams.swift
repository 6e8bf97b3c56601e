#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Standard output, checked: the one place that knows whether what a command printed reached
/// its destination. Everything on stdout goes through C stdio (`print`) or `Stdout.write`
/// (the streamed `list --json`); `finish` flushes both and decides the exit code, so a full
/// disk (`ENOSPC`), a closed stdout (`>&-`) or any other write error exits 3 with a message
/// instead of 0 with a truncated file. A reader that went away (`| head -1`, `EPIPE`) ends the
/// process quietly by `SIGPIPE`, as git and ls do.
package enum Stdout {
    /// errno of the first failed write to stdout (0: none so far). Commands run on one thread.
    nonisolated(unsafe) private static var failure: Int32 = 0

    /// Said after the error when the board changed before the output was lost (an action
    /// was recorded), so that a script does not simply run it again.
    nonisolated(unsafe) package static var alreadyDone: String?

    /// Flushes Swift's buffered `print` output (and every other stdio stream), so it
    /// interleaves with direct writes; a failure is remembered for `finish`.
    package static func flush() {
        if fflush(cStdout) != 0 { note(errno) }
        fflush(nil)
    }

    /// Writes bytes straight to file descriptor 1, after whatever stdio holds. Stops at the
    /// first error (which `finish` reports): the rest would be lost too.
    package static func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == 0 else { return }
        let code = writeAll(1, bytes)
        if code != 0 { note(code) }
    }

    /// C's `stdout`, where `print` writes.
    private static var cStdout: UnsafeMutablePointer<FILE> { stdout }

    private static func note(_ code: Int32) {
        if failure == 0 { failure = code == 0 ? EIO : code }
    }

    /// The exit code once everything is written: `code` when stdout took all of it, else 3
    /// with "gateboard: cannot write output: <reason>" on stderr. For a closed pipe there is
    /// no message: the process ends by `SIGPIPE` (status 141 in a shell).
    package static func finish(_ code: Int32) -> Int32 {
        flush()
        if failure == 0 && ferror(cStdout) != 0 { failure = EIO }
        guard failure != 0 else { return code }
        if failure == EPIPE {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
            return 141 // not reached: SIGPIPE ends the process
        }
        let done = alreadyDone.map { "; " + $0 } ?? ""
        Stderr.write("gateboard: cannot write output: \(String(cString: strerror(failure)))\(done)")
        return 3
    }

    /// Makes sure file descriptors 0, 1 and 2 are open before anything else is. A process
    /// started with stdout closed (`>&-`) would otherwise get fd 1 from its next `open`, and
    /// print into that file: a board file, or the lock. A closed 1 or 2 is taken by /dev/null
    /// opened read-only, so writes to it still fail (EBADF) and are reported; a closed 0 reads
    /// as empty.
    package static func reserveStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", O_RDONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }
}

/// Standard error: messages about the command itself. Written with write(2) and any failure
/// ignored: there is nowhere left to report it.
package enum Stderr {
    package static func write(_ text: String) {
        Stdout.flush()
        var line = text.hasSuffix("\n") ? text : text + "\n"
        _ = line.withUTF8 { writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

/// Writes all of `bytes` to `fd` (again after EINTR or a short write); 0, or the errno of
/// the failure.
private func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
    guard var p = bytes.baseAddress else { return 0 }
    var left = bytes.count
    while left > 0 {
        let n = write(fd, p, left)
        if n > 0 {
            p += n
            left -= n
        } else if n < 0 && errno == EINTR {
            continue
        } else {
            return n < 0 ? errno : EIO
        }
    }
    return 0
}
