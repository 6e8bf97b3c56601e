import Foundation
import GateboardCore

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
        if let k = explicitKey, !k.isEmpty { return "--key \(k)" }
        if let k = environment["GATEBOARD_SIGNING_KEY"], !k.isEmpty { return "GATEBOARD_SIGNING_KEY" }
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
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: tmp) }
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
        guard !candidates.isEmpty else { throw Refusal(.unsigned, SigningHelp.noKey(actor: actor, policy: policy)) }
        var failures: [String] = []
        for c in candidates {
            let r = Self.run(keygen, ["-Y", "sign", "-n", SignedPayload.namespace, "-f", c.path], input: payload, environment: environment)
            if r.status == 0, !r.stdout.isEmpty { return r.stdout }
            let err = String(decoding: r.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            failures.append("\(c.label): \(err.isEmpty ? "ssh-keygen exited \(r.status)" : err)")
        }
        throw Refusal(.unsigned, "could not sign as \(actor): " + failures.joined(separator: "; ") + "; nothing was written")
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

    static func run(_ tool: String, _ args: [String], input: [UInt8], environment: [String: String]) -> (status: Int32, stdout: [UInt8], stderr: [UInt8]) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.environment = environment
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = errPipe
        do { try p.run() } catch { return (127, [], Array("\(error)".utf8)) }
        inPipe.fileHandleForWriting.write(Data(input))
        try? inPipe.fileHandleForWriting.close()
        // The signature and any message are small: read both after the write.
        let out = outPipe.fileHandleForReading.readDataToEndOfFile()
        let err = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, Array(out), Array(err))
    }
}
