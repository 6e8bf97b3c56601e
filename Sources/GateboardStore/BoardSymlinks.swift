import Foundation
import GateboardCore

extension BoardStore {
    /// The board's own files and folders: what `symlinkProblems` walks (the rest of a
    /// repository the board sits in is not the board's).
    package static let ownEntries = [policyFileName, BoardLayout.useCasesFolder, BoardLayout.auditFolder, ".gateboard", BoardLock.fileName, ".gitattributes", ".gitignore"]

    /// Every symbolic link among the board's own files and folders, at any depth, each named
    /// with its target. Gateboard never follows them (reads and writes refuse them); `validate`,
    /// `verify` and `sync` report them as problems.
    public func symlinkProblems() -> [Diagnostic] {
        board.symbolicLinks(entries: Self.ownEntries).map {
            Diagnostic(path: $0.path, message: "is a symbolic link to \($0.target): Gateboard never follows links inside the board; "
                       + "remove it and restore the real file or folder (e.g. with git checkout)")
        }
    }

    /// `load()` for `validate`: every problem, symbolic links in the board included.
    public func validate() throws -> Board {
        let links = symlinkProblems()
        do {
            let board = try load()
            if !links.isEmpty { throw BoardInvalid(links) }
            return board
        } catch let invalid as BoardInvalid {
            throw BoardInvalid(links + invalid.diagnostics.filter { !links.contains($0) })
        } catch where !links.isEmpty {
            // Reading through the link was refused: the link itself is the problem to report.
            throw BoardInvalid(links)
        }
    }
}
