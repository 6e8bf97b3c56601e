import Foundation
import GateboardCore
import GateboardStore

/// Where a board sits in its git repository, and which of its files are board files.
public struct BoardPaths: Sendable {
    /// The board directory.
    public var board: URL
    /// The repository's top level.
    public var top: URL
    /// The board directory relative to the top level, "" or ending in "/".
    public var prefix: String
    /// Extra environment for every git command (tests isolate git's configuration with it).
    public var environment: [String: String]
    /// The system calls sync's board writes go through (tests inject failures here).
    public var fileSystem: any FileSystemCalls = PosixFileSystem()
    /// The board files written by the current sync step.
    let journal = WriteJournal()

    /// The files and folders `sync` commits; anything else in the working tree is left alone.
    public static let boardEntries = [BoardLayout.policyFile, BoardLayout.useCasesFolder, BoardLayout.auditFolder, ".gitattributes", ".gitignore"]

    public init(board: URL, environment: [String: String] = [:]) throws(SyncError) {
        let git = GitRunner(directory: board, environment: environment)
        let top = try git.run(["rev-parse", "--show-toplevel"])
        guard top.ok else { throw SyncError.notARepository(board.path) }
        let prefix = try git.check(["rev-parse", "--show-prefix"]).trimmingCharacters(in: .whitespacesAndNewlines)
        self.board = board
        self.top = URL(fileURLWithPath: top.stdout.trimmingCharacters(in: .whitespacesAndNewlines), isDirectory: true)
        self.prefix = prefix
        self.environment = environment
    }

    public var git: GitRunner { GitRunner(directory: top, environment: environment) }

    /// Board entries as repository paths (pathspecs).
    public var pathspecs: [String] { BoardPaths.boardEntries.map { prefix + $0 } }

    /// `audit/UC-0007.jsonl` (repository path) for a use case.
    public func auditPath(_ id: UseCaseID) -> String { prefix + BoardLayout.auditFile(id) }
    public func useCasePath(_ id: UseCaseID) -> String { prefix + BoardLayout.useCaseFile(id) }

    /// The use case an audit log or use case file belongs to, from a repository path;
    /// nil for other files (and for the board log `_board.jsonl`).
    public func useCaseID(forRepoPath path: String) -> UseCaseID? {
        guard path.hasPrefix(prefix) else { return nil }
        return BoardLayout.useCaseID(forBoardPath: String(path.dropFirst(prefix.count)))
    }

}
