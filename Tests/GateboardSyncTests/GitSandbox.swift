import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync

/// A temporary directory with a bare "remote" and clones of a board, and a git
/// environment that ignores the machine's configuration (temp HOME, no system config,
/// fixed identities). No network.
final class GitSandbox {
    let root: URL
    let env: [String: String]
    /// The board's folder inside each clone (a subdirectory, to exercise path prefixes).
    static let boardFolder = "governance"
    /// This sandbox's board folder ("" puts the board at the repository's top level).
    let boardFolder: String

    static let people = """
      - {id: ana, name: Ana Ortiz, function: product, roles: [business_owner], login: ana}
      - {id: ben, name: Ben Okafor, function: engineering, roles: [technical_owner]}
      - {id: rita, name: Rita Lindqvist, function: risk, roles: [risk_reviewer]}
      - {id: pat, name: Pat Moreau, function: risk, roles: [risk_reviewer]}
      - {id: carl, name: Carl Jensen, function: risk, roles: [change_approver]}
      - {id: olga, name: Olga Petrova, function: operations, roles: [ops_owner, stop_ship]}
    """

    init(boardFolder: String = GitSandbox.boardFolder) throws {
        self.boardFolder = boardFolder
        root = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-sync-\(UUID().uuidString)")
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        env = [
            "HOME": home.path, "XDG_CONFIG_HOME": home.path, "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Test Author", "GIT_AUTHOR_EMAIL": "author@example.test",
            "GIT_COMMITTER_NAME": "Test Committer", "GIT_COMMITTER_EMAIL": "committer@example.test",
        ]
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ name: String) -> URL { root.appendingPathComponent(name) }

    @discardableResult
    func git(_ dir: URL, _ args: [String]) throws -> String {
        let out = try GitRunner(directory: dir, environment: env).run(args)
        guard out.ok else { throw SandboxFailure("git \(args.joined(separator: " ")) in \(dir.lastPathComponent): \(out.stderr)") }
        return out.stdout
    }

    /// A bare remote and a first clone holding a new board, pushed.
    func makeRemoteWithBoard(first: String = "a") throws -> Clone {
        try git(root, ["init", "--quiet", "--bare", "-b", "main", "remote.git"])
        let dir = url(first)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try git(dir, ["init", "--quiet", "-b", "main"])
        try git(dir, ["remote", "add", "origin", url("remote.git").path])
        let boardURL = boardFolder.isEmpty ? dir : dir.appendingPathComponent(boardFolder)
        _ = try BoardStore.initialize(at: boardURL, name: "Sync test board")
        try DefaultPolicyText.policyYAML(name: "Sync test board", people: GitSandbox.people)
            .write(to: boardURL.appendingPathComponent("gateboard.yaml"), atomically: true, encoding: .utf8)
        _ = try GitSetup.run(board: boardURL, executable: "gateboard", environment: env)
        let clone = Clone(sandbox: self, dir: dir)
        _ = try clone.sync(push: true)
        return clone
    }

    func clone(_ name: String) throws -> Clone {
        try git(root, ["clone", "--quiet", url("remote.git").path, name])
        let c = Clone(sandbox: self, dir: url(name))
        _ = try GitSetup.run(board: c.board, executable: "gateboard", environment: env)
        return c
    }
}

/// One person's working copy.
final class Clone {
    let sandbox: GitSandbox
    let dir: URL
    var board: URL { sandbox.boardFolder.isEmpty ? dir : dir.appendingPathComponent(sandbox.boardFolder) }
    var store: BoardStore { BoardStore(root: board, environment: [:]) }
    /// Ids of every event this clone recorded.
    var recorded: [String] = []

    init(sandbox: GitSandbox, dir: URL) {
        self.sandbox = sandbox
        self.dir = dir
    }

    static func at(_ text: String) -> Date { Timestamp.parse(text)! }

    @discardableResult
    func act(_ action: Action, on id: UseCaseID?, as actor: PersonID, at time: String) throws -> ActionOutcome {
        let outcome = try store.perform(action, on: id, actor: actor, osUser: actor, now: Clone.at(time))
        recorded.append(outcome.event.id)
        return outcome
    }

    func sync(push: Bool) throws -> SyncReport {
        try Syncer(board: board, names: ["ana": "Ana Ortiz", "rita": "Rita Lindqvist"], environment: sandbox.env).sync(push: push)
    }

    func git(_ args: [String]) throws -> String { try sandbox.git(dir, args) }

    /// Every board file's bytes by path relative to the board.
    func snapshot() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for sub in ["usecases", "audit"] {
            let d = board.appendingPathComponent(sub)
            for name in try FileManager.default.contentsOfDirectory(atPath: d.path) where !name.hasPrefix(".") {
                files["\(sub)/\(name)"] = FileManager.default.contents(atPath: d.appendingPathComponent(name).path)
            }
        }
        files["gateboard.yaml"] = FileManager.default.contents(atPath: board.appendingPathComponent("gateboard.yaml").path)
        return files
    }

    /// Every event line's id across the board's logs.
    func eventIDs() throws -> [String] {
        let d = board.appendingPathComponent("audit")
        var ids: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: d.path).sorted() where name.hasSuffix(".jsonl") {
            let data = FileManager.default.contents(atPath: d.appendingPathComponent(name).path) ?? Data()
            ids += try StoreBridge.decodeLog(data, path: name).map(\.id)
        }
        return ids
    }
}

struct SandboxFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
