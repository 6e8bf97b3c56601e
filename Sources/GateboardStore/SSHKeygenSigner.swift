import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signs through `ssh-keygen -Y sign -n gateboard`, which already handles ssh-agent,
/// passphrases and hardware keys. Where the key comes from, first found wins:
///
/// 1. `--key FILE` (a private key, or a `.pub` whose private half is in the agent);
/// 2. `GATEBOARD_SIGNING_KEY` (the same);
/// 3. ssh-agent (`SSH_AUTH_SOCK`): each of the actor's keys in the policy, tried in turn;
/// 4. git's `user.signingkey` (a path, or `key::ssh-ed25519 AAAA…`).
///
/// Verification never goes through here: it is in process (`SignatureCheck`).
public struct SSHKeygenSigner: EventSigner {
    public var explicitKey: String?
    public var environment: [String: String]
    /// Where git is asked for `user.signingkey` (the board's directory).
    public var directory: URL

    public init(explicitKey: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, directory: URL) {
        self.explicitKey = explicitKey
        self.environment = environment
        self.directory = directory
    }

    /// Which key would be used, in words, and whether one is available (TUI header, `keys`).
    public func source(actor: PersonID, policy: Policy) -> String? {
        // A key named by path is available only when the file is there to read.
        func readable(_ k: String) -> Bool { FileManager.default.isReadableFile(atPath: Self.expand(k, environment)) }
        if let k = explicitKey, !k.isEmpty { return readable(k) ? "--key \(k)" : nil }
        if let k = environment["GATEBOARD_SIGNING_KEY"], !k.isEmpty { return readable(k) ? "GATEBOARD_SIGNING_KEY" : nil }
        if let sock = environment["SSH_AUTH_SOCK"], !sock.isEmpty, policy.person(actor)?.keys.isEmpty == false,
           agentHolds(policy.person(actor)!.keys.map(\.key)) { return "ssh-agent" }
        if let demo = policy.demoKeys, FileManager.default.fileExists(atPath: directory.appendingPathComponent(demo).appendingPathComponent(actor).path) {
            return "demo key \(demo)/\(actor)"
        }
        if gitSigningKey() != nil { return "git user.signingkey" }
        return nil
    }

    public func sign(_ payload: [UInt8], actor: PersonID, policy: Policy) throws -> [UInt8] {
        guard let keygen = Self.which("ssh-keygen", environment) else {
            throw Refusal(.unsigned, "signing is \(policy.signing.rawValue) on this board but ssh-keygen is not installed: install OpenSSH's client (apt-get install openssh-client, brew install openssh); nothing was written")
        }
        let tmp = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: tmp) }
        let candidates = try self.candidates(actor: actor, policy: policy, tmp: tmp)
        guard !candidates.isEmpty else { throw Refusal(.unsigned, SigningHelp.noKey(actor: actor, policy: policy)) }
        var failures: [String] = []
        for c in candidates {
            let r = Self.run(keygen, ["-Y", "sign", "-n", SignedPayload.namespace, "-f", c.path], input: payload, environment: environment)
            if r.status == 0, !r.stdout.isEmpty { return r.stdout }
            let err = String(decoding: r.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if err.contains("incorrect passphrase") {
                failures.append("wrong passphrase for \(c.label)")
                continue
            }
            failures.append("\(c.label): \(err.isEmpty ? "ssh-keygen exited \(r.status)" : err)")
        }
        throw Refusal(.unsigned, "could not sign as \(actor): " + failures.joined(separator: "; ") + "; nothing was written")
    }

    /// A private scratch folder (0700) for copies of keys.
    static func scratch() throws -> URL {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return tmp
    }

    /// The keys signing as `actor` tries, in order (first found wins, see the type's comment);
    /// copies of public keys are written to `tmp`.
    func candidates(actor: PersonID, policy: Policy, tmp: URL) throws -> [(path: String, label: String)] {
        func keyFile(_ text: String, _ n: Int) throws -> String {
            let url = tmp.appendingPathComponent("key\(n).pub")
            try Data((text + "\n").utf8).write(to: url)
            return url.path
        }
        var candidates: [(path: String, label: String)] = []
        let actorKeys = policy.person(actor)?.keys.map(\.key) ?? []
        let agent = environment["SSH_AUTH_SOCK"].flatMap { $0.isEmpty ? nil : $0 }
        if let k = explicitKey, !k.isEmpty {
            candidates = [(Self.expand(k, environment), "--key \(k)")]
        } else if let k = environment["GATEBOARD_SIGNING_KEY"], !k.isEmpty {
            candidates = [(Self.expand(k, environment), "GATEBOARD_SIGNING_KEY=\(k)")]
        } else if agent != nil, !actorKeys.isEmpty, agentHolds(actorKeys) {
            for (n, k) in actorKeys.enumerated() { candidates.append((try keyFile(k.text, n), "ssh-agent, key \(k.fingerprint)")) }
        } else if let demo = policy.demoKeys, let copy = try demoKey(demo, actor: actor, into: tmp) {
            candidates = [(copy, "demo key \(demo)/\(actor)")]
        } else if let git = gitSigningKey() {
            if git.hasPrefix("key::") {
                candidates = [(try keyFile(String(git.dropFirst(5)), 99), "git user.signingkey")]
            } else if git.hasPrefix("ssh-") || git.hasPrefix("ecdsa-") {
                candidates = [(try keyFile(git, 99), "git user.signingkey")]
            } else {
                candidates = [(Self.expand(git, environment), "git user.signingkey \(git)")]
            }
        } else if agent != nil {
            throw Refusal(.unsigned, "ssh-agent (SSH_AUTH_SOCK) is not running or holds no key of \(actor) listed in gateboard.yaml: ssh-add your key, or pass --key FILE; nothing was written")
        }
        return candidates
    }

    /// Whether signing as `actor` will ask for a passphrase: the key it would use is a private
    /// key file protected by one (`ssh-keygen -y -P ""` cannot read it). ssh-keygen then asks on
    /// the terminal, so the TUI leaves curses mode for it.
    public func asksPassphrase(actor: PersonID, policy: Policy) -> Bool {
        guard let keygen = Self.which("ssh-keygen", environment), let tmp = try? Self.scratch() else { return false }
        defer { try? FileManager.default.removeItem(at: tmp) }
        guard let key = (try? candidates(actor: actor, policy: policy, tmp: tmp))?.first,
              let head = FileManager.default.contents(atPath: key.path)?.prefix(64),
              String(decoding: head, as: UTF8.self).hasPrefix("-----BEGIN") else { return false }
        return Self.run(keygen, ["-y", "-P", "", "-f", key.path], input: [], environment: environment).status != 0
    }

    /// The board's demo key of this person (`demoKeys:`), copied with mode 0600 (a checkout
    /// leaves it readable by all, which ssh-keygen rightly refuses for a private key).
    func demoKey(_ folder: String, actor: PersonID, into tmp: URL) throws -> String? {
        guard actor.range(of: "^[a-z0-9][a-z0-9_.-]*$", options: .regularExpression) != nil else { return nil }
        let source = directory.appendingPathComponent(folder).appendingPathComponent(actor)
        guard let data = FileManager.default.contents(atPath: source.path), data.count < 16_384 else { return nil }
        let copy = tmp.appendingPathComponent("demo-\(actor)")
        FileManager.default.createFile(atPath: copy.path, contents: data, attributes: [.posixPermissions: 0o600])
        return copy.path
    }

    /// Whether the agent holds one of these keys (`ssh-add -L`).
    func agentHolds(_ keys: [SSHPublicKey]) -> Bool {
        guard let add = Self.which("ssh-add", environment) else { return false }
        let r = Self.run(add, ["-L"], input: [], environment: environment)
        guard r.status == 0 else { return false }
        let listed = String(decoding: r.stdout, as: UTF8.self).split(separator: "\n").compactMap { try? SSHPublicKey(line: String($0)) }
        return keys.contains { k in listed.contains { $0.blob == k.blob } }
    }

    func gitSigningKey() -> String? {
        guard let git = Self.which("git", environment) else { return nil }
        let r = Self.run(git, ["-C", directory.path, "config", "--get", "user.signingkey"], input: [], environment: environment)
        let value = String(decoding: r.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return r.status == 0 && !value.isEmpty ? value : nil
    }

    static func expand(_ path: String, _ env: [String: String]) -> String {
        guard path.hasPrefix("~/"), let home = env["HOME"] else { return path }
        return home + path.dropFirst(1)
    }

    static func which(_ tool: String, _ env: [String: String]) -> String? {
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    /// Runs a tool with `input` on its stdin, reading its stdout and stderr. Spawned in our own
    /// process group (not a new one, as `Process` does): ssh-keygen asks for a key's passphrase
    /// on /dev/tty, which only the terminal's foreground group may read.
    static func run(_ tool: String, _ args: [String], input: [UInt8], environment: [String: String]) -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        guard pipe(&inPipe) == 0 else { return (127, [], Array("pipe: \(errnoText())".utf8)) }
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            for fd in inPipe + outPipe where fd >= 0 { close(fd) }
            return (127, [], Array("pipe: \(errnoText())".utf8))
        }
        for fd in [inPipe[1], outPipe[0], errPipe[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { posix_spawn_file_actions_addclose(&actions, fd) }
        var pid: pid_t = 0
        let env = environment.map { "\($0.key)=\($0.value)" }
        let spawned = HookRunner.withCStrings([tool] + args + env) { pointers -> Int32 in
            let argv = Array(pointers.prefix(1 + args.count)) + [nil]
            let envp = Array(pointers.dropFirst(1 + args.count)) + [nil]
            return argv.withUnsafeBufferPointer { a in
                envp.withUnsafeBufferPointer { e in
                    posix_spawn(&pid, tool, &actions, nil, UnsafeMutablePointer(mutating: a.baseAddress!), UnsafeMutablePointer(mutating: e.baseAddress!))
                }
            }
        }
        for fd in [inPipe[0], outPipe[1], errPipe[1]] { close(fd) }
        guard spawned == 0 else {
            for fd in [inPipe[1], outPipe[0], errPipe[0]] { close(fd) }
            return (127, [], Array("\(tool): \(String(cString: strerror(spawned)))".utf8))
        }
        // A tool that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        var written = 0
        while written < input.count {
            let n = input.withUnsafeBytes { write(inPipe[1], $0.baseAddress!.advanced(by: written), input.count - written) }
            if n > 0 { written += n } else if n < 0 && errno == EINTR { continue } else { break }
        }
        close(inPipe[1])
        // Both outputs read as they come (poll), so that neither pipe fills while we wait on the other.
        var out: [UInt8] = [], err: [UInt8] = []
        var open: [Int32] = [outPipe[0], errPipe[0]]
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while !open.isEmpty {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), -1) < 0 { if errno == EINTR { continue } else { break } }
            for p in fds where p.revents != 0 {
                let n = read(p.fd, &buffer, buffer.count)
                if n > 0 {
                    if p.fd == outPipe[0] { out += buffer[..<n] } else { err += buffer[..<n] }
                } else if n == 0 || errno != EINTR {
                    close(p.fd)
                    open.removeAll { $0 == p.fd }
                }
            }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = status & 0x7F == 0
        return (exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), out, err)
    }
}
