import ArgumentParser
import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

/// `gateboard diff UC-0002 prompt`: what changed in a local artifact since its content was
/// recorded (what the approvals are bound to). Gateboard records ids, not copies: the recorded
/// content is taken from git's objects (`git cat-file`), so the diff is possible when the
/// board is in git and the recorded version was committed; otherwise it says so.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show how a local artifact changed since its content was recorded (the approved version, from git).")
    @OptionGroup var boardOption: BoardOption
    @Argument(help: ArgumentHelp("The use case id.", valueName: "id")) var id: String
    @Argument(help: ArgumentHelp("The artifact name, e.g. prompt.", valueName: "artifact")) var artifact: String

    func run() throws {
        try Guarded.run(json: false) {
            let open = try OpenBoard(boardOption)
            let uc = try open.store.recordedUseCase(try open.useCase(id).id)
            guard let ref = uc.artifacts[artifact], !ContentBinding.isKey(artifact) else {
                throw CLIFailure.usage("\(uc.id) has no artifact \(artifact); its artifacts: \(ContentBinding.names(uc.artifacts).joined(separator: ", "))")
            }
            let e = TerminalSafe.escape
            guard let recorded = uc.artifacts[ContentBinding.key(artifact)] else {
                print("\(e(artifact)): \(e(ref)) is external — not checked; there is no recorded content to compare")
                return
            }
            let observer = ContentObserver(board: open.store.root)
            let current = observer.current(ref: ref, recorded: recorded)
            let path = ContentBinding.path(of: ref)
            if current == recorded {
                print("\(e(path)): unchanged since its content was recorded (\(ContentBinding.short(recorded)))")
                return
            }
            if current == ContentBinding.missing {
                print("\(e(path)) is missing (\(ContentBinding.short(recorded)) recorded)")
                throw ExitCodeError(1)
            }
            guard !recorded.hasPrefix("tree:"), case .local(let relative, _, _)? = try? observer.refs.resolve(ref) else {
                print("\(e(path)) changed since it was recorded (\(ContentBinding.transition(recorded, current))); "
                      + "for a folder, compare with `git diff \(recorded.dropFirst(5)) -- \(e(path))`")
                throw ExitCodeError(1)
            }
            let git = GitRunner(directory: URL(fileURLWithPath: observer.refs.top))
            guard let old = try? git.run(["cat-file", "blob", recorded]), old.ok else {
                print("\(e(path)) changed since it was recorded (\(ContentBinding.transition(recorded, current))), but the recorded "
                      + "content is not among this repository's git objects: gateboard records ids, not copies. "
                      + "Commit artifacts when you record them, or look for blob \(recorded.prefix(7)) with `git log --raw -- \(e(path))`.")
                throw ExitCodeError(1)
            }
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-diff-\(UUID().uuidString)")
            try old.data.write(to: scratch)
            defer { try? FileManager.default.removeItem(at: scratch) }
            let diff = try git.run(["diff", "--no-index", "--no-color", "--", scratch.path, observer.refs.top + "/" + relative])
            let text = diff.stdout
                .replacingOccurrences(of: "a" + scratch.path, with: "a/\(relative) (recorded, \(ContentBinding.short(recorded)))")
                .replacingOccurrences(of: "b" + observer.refs.top + "/" + relative, with: "b/\(relative) (now, \(ContentBinding.short(current)))")
            print(TerminalSafe.escapeKeepingNewlines(text), terminator: "")
        }
    }
}
