import Foundation
import GateboardCore
import GateboardStore
import GateboardSync

/// How a local file changed since its content id was recorded (an artifact's, what the
/// approvals are bound to, or an evidence item's, what was added). Gateboard records ids, not
/// copies: the recorded content is taken from git's objects (`git cat-file`), so the diff is
/// possible when the board is in git and the recorded version was committed; otherwise the
/// text says so. One implementation for `gateboard diff` and the TUI's `v`.
enum ContentDiff {
    struct Result {
        /// What to show, terminal-safe, ending in a line break.
        var text: String
        /// Whether it is a diff (exit 0); false when unchanged is said or no diff could be made.
        var changed: Bool
        var isDiff: Bool
    }

    static func of(ref: String, recorded: String, observer: ContentObserver) throws -> Result {
        let e = TerminalSafe.escape
        let current = observer.current(ref: ref, recorded: recorded)
        let path = ContentBinding.path(of: ref)
        if current == recorded {
            return Result(text: "\(e(path)): unchanged since its content was recorded (\(ContentBinding.short(recorded)))\n", changed: false, isDiff: false)
        }
        if current == ContentBinding.missing {
            return Result(text: "\(e(path)) is missing (\(ContentBinding.short(recorded)) recorded)\n", changed: true, isDiff: false)
        }
        guard !recorded.hasPrefix("tree:"), case .local(let relative, _, _)? = try? observer.refs.resolve(ref) else {
            return Result(text: "\(e(path)) changed since it was recorded (\(ContentBinding.transition(recorded, current))); "
                          + "for a folder, compare with `git diff \(recorded.dropFirst(5)) -- \(e(path))`\n", changed: true, isDiff: false)
        }
        let git = GitRunner(directory: URL(fileURLWithPath: observer.refs.top))
        guard let old = try? git.run(["cat-file", "blob", recorded]), old.ok else {
            return Result(text: "\(e(path)) changed since it was recorded (\(ContentBinding.transition(recorded, current))), but the recorded "
                          + "content is not among this repository's git objects: gateboard records ids, not copies. "
                          + "Commit artifacts when you record them, or look for blob \(recorded.prefix(7)) with `git log --raw -- \(e(path))`.\n",
                          changed: true, isDiff: false)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-diff-\(UUID().uuidString)")
        try old.data.write(to: scratch)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let diff = try git.run(["diff", "--no-index", "--no-color", "--", scratch.path, observer.refs.top + "/" + relative])
        let text = diff.stdout
            .replacingOccurrences(of: "a" + scratch.path, with: "a/\(relative) (recorded, \(ContentBinding.short(recorded)))")
            .replacingOccurrences(of: "b" + observer.refs.top + "/" + relative, with: "b/\(relative) (now, \(ContentBinding.short(current)))")
        return Result(text: TerminalSafe.escapeKeepingNewlines(text), changed: true, isDiff: true)
    }
}
