import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a notification hook run ended.
public enum HookResult: Equatable, Sendable {
    case succeeded
    /// Exited with a non-zero status, or was killed by a signal; the start of what it printed.
    case failed(status: String, output: String)
    /// Still running at the timeout: it and its process group were killed.
    case timedOut(seconds: Int)
    /// Missing, not a regular file, or not executable: never started.
    case notRunnable(String)

    /// One line for stderr or the status line; nil when the hook succeeded.
    public func note(hook: String) -> String? {
        let name = TerminalSafe.escape(hook)
        switch self {
        case .succeeded: return nil
        case let .failed(status, output):
            let first = output.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let said = first.isEmpty ? "" : ": " + TerminalSafe.escape(String(first.prefix(200)))
            return "the notification hook \(name) failed (\(status))\(said); the action is recorded"
        case let .timedOut(seconds):
            return "the notification hook \(name) did not finish within \(seconds) s and was stopped; the action is recorded"
        case let .notRunnable(why):
            return "the notification hook \(name) \(why); the action is recorded"
        }
    }
}

/// Runs a notification hook: the program alone (no shell), with `input` on its stdin, in its own
/// process group so that a timeout kills whatever it started too. It never throws and never
/// waits beyond `timeout`; what it prints is read (so it never blocks on a full pipe) and kept
/// only up to `outputCap` bytes.
public enum HookRunner {
    public static let outputCap = 64 * 1024

    public static func run(_ path: String, input: Data, timeout: Int, environment: [String: String]) -> HookResult {
        var st = stat()
        guard stat(path, &st) == 0 else { return .notRunnable("does not exist") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return .notRunnable("is not a regular file") }
        guard access(path, X_OK) == 0 else { return .notRunnable("is not executable (chmod +x it)") }

        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0 else { return .notRunnable("could not be started: \(errnoText())") }
        guard pipe(&outPipe) == 0 else {
            close(inPipe[0]); close(inPipe[1])
            return .notRunnable("could not be started: \(errnoText())")
        }
        // Our ends are ours alone: not inherited by the hook, and never blocking.
        for fd in [inPipe[1], outPipe[0]] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attr = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attr: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attr)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attr)
        }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 2)
        posix_spawn_file_actions_addclose(&actions, inPipe[0])
        posix_spawn_file_actions_addclose(&actions, outPipe[1])
        // Its own process group (killed whole at the timeout), default signal handling, no
        // signals blocked: what a program expects to start with.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        posix_spawnattr_setpgroup(&attr, 0)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let env = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings([path] + env) { pointers -> Int32 in
            let argv = [pointers[0], nil]
            let envp = Array(pointers.dropFirst()) + [nil]
            return argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    posix_spawn(&pid, path, &actions, &attr,
                                UnsafeMutablePointer(mutating: a.baseAddress!), UnsafeMutablePointer(mutating: e.baseAddress!))
                }
            }
        }
        close(inPipe[0])
        close(outPipe[1])
        guard spawned == 0 else {
            close(inPipe[1]); close(outPipe[0])
            return .notRunnable("could not be started: \(String(cString: strerror(spawned)))")
        }
        // A hook that exits without reading its input must not kill us with SIGPIPE. Ignored for
        // good, not restored: hooks may run on several threads (the TUI), and restoring the old
        // disposition under another thread's write would let that write kill the process.
        signal(SIGPIPE, SIG_IGN)

        let deadline = Date().addingTimeInterval(Double(timeout))
        var output = Data()
        var written = 0
        var writeFD: Int32 = inPipe[1]
        var readFD: Int32 = outPipe[0]
        var status: Int32 = 0
        var exited = false
        var exitedAt: Date?
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        if input.isEmpty { close(writeFD); writeFD = -1 }
        while true {
            if !exited {
                let r = waitpid(pid, &status, WNOHANG)
                if r == pid { exited = true; exitedAt = Date() }
            }
            // Exited: read what is left, but never wait on a pipe a background child still holds.
            if exited && (readFD < 0 || Date().timeIntervalSince(exitedAt!) > 0.2) { break }
            if Date() >= deadline { break }
            var fds: [pollfd] = []
            if writeFD >= 0 { fds.append(pollfd(fd: writeFD, events: Int16(POLLOUT), revents: 0)) }
            if readFD >= 0 { fds.append(pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)) }
            if fds.isEmpty { usleep(20_000); continue }
            _ = poll(&fds, nfds_t(fds.count), 50)
            for p in fds where p.revents != 0 {
                if p.fd == writeFD {
                    let n = input.withUnsafeBytes { raw in
                        write(writeFD, raw.baseAddress!.advanced(by: written), min(input.count - written, 16 * 1024))
                    }
                    if n > 0 { written += n }
                    if n < 0 && errno != EAGAIN && errno != EINTR || written >= input.count {
                        close(writeFD); writeFD = -1
                    }
                } else if p.fd == readFD {
                    let n = read(readFD, &buffer, buffer.count)
                    if n > 0 {
                        if output.count < outputCap { output.append(contentsOf: buffer[0..<min(n, outputCap - output.count)]) }
                    } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                        close(readFD); readFD = -1
                    }
                }
            }
        }
        if writeFD >= 0 { close(writeFD) }
        if readFD >= 0 { close(readFD) }
        guard exited else {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            return .timedOut(seconds: timeout)
        }
        let text = String(decoding: output, as: UTF8.self)
        if status & 0x7f == 0 {
            let code = (status >> 8) & 0xff
            return code == 0 ? .succeeded : .failed(status: "exit \(code)", output: text)
        }
        return .failed(status: "killed by signal \(status & 0x7f)", output: text)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
