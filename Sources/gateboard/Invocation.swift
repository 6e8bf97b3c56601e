import Foundation
import GateboardCore
import GateboardStore

/// What a command knows about where and when it runs: the environment, the clock
/// (`GATEBOARD_NOW` overrides it), the OS user, and the board it was pointed at.
struct Invocation {
    var environment: [String: String]
    var cwd: String
    var osUser: String
    var now: Date

    static func current() throws -> Invocation {
        let env = ProcessInfo.processInfo.environment
        return Invocation(environment: env, cwd: FileManager.default.currentDirectoryPath,
                          osUser: osUserName(env), now: try clockReading(env)())
    }

    /// `GATEBOARD_NOW` (ISO 8601, or a bare date) when set, else the real clock.
    static func clockReading(_ env: [String: String]) throws -> @Sendable () -> Date {
        guard let text = env["GATEBOARD_NOW"], !text.isEmpty else { return { Date() } }
        guard let fixed = Timestamp.parse(text) else {
            throw CLIFailure.usage("GATEBOARD_NOW is not an ISO 8601 time: \(text) (e.g. 2026-11-20T09:00:00Z)")
        }
        return { fixed }
    }

    static func osUserName(_ env: [String: String]) -> String {
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            return String(cString: name)
        }
        return env["USER"] ?? env["LOGNAME"] ?? "uid-\(geteuid())"
    }

    func store(_ explicit: String?) throws -> BoardStore {
        let store = try BoardStore.discover(explicit: explicit, environment: environment, cwd: cwd)
        // Signed decisions: signed by ssh-keygen when the policy requires it (`--key` sets the key).
        store.signer = SSHKeygenSigner(environment: environment, directory: store.root)
        return store
    }

    /// Who is acting, and how we know: `--as`, else `GATEBOARD_USER`, else the person whose
    /// `login` is the OS user. nil: nobody identified (read-only).
    func actor(explicit: String?, policy: Policy) throws -> PersonID? {
        if let explicit, !explicit.isEmpty {
            return try known(explicit, from: "--as", policy: policy)
        }
        if let fromEnv = environment["GATEBOARD_USER"], !fromEnv.isEmpty {
            return try known(fromEnv, from: "GATEBOARD_USER", policy: policy)
        }
        return policy.people.first { $0.login == osUser }?.id
    }

    private func known(_ id: String, from source: String, policy: Policy) throws -> PersonID {
        if let p = policy.people.first(where: { $0.id == id }) { return p.id }
        if let p = policy.people.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame || $0.login == id }) {
            return p.id
        }
        let ids = policy.people.map(\.id).joined(separator: ", ")
        throw CLIFailure.refused(Refusal(.unknownPerson,
            "\(source) names \(id), who is not in the people list of gateboard.yaml (people: \(ids))"))
    }

    /// The refusal for an action when nobody is identified.
    func readOnlyRefusal() -> Refusal {
        Refusal(.readOnly, """
            you are not identified, so the board is read-only for you (OS user \(osUser) matches no \
            person's login). Identify yourself with --as PERSON, or export GATEBOARD_USER=PERSON, or \
            add `login: \(osUser)` to your entry under people: in gateboard.yaml
            """)
    }
}
