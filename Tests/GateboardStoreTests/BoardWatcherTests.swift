import Foundation
import GateboardCore
@testable import GateboardStore
import Testing

/// The TUI's live reload: what `BoardWatcher` notices, and that a change made while the board
/// was being read is not lost (the TUI missed one under load: it took the stamps after reading).
struct BoardWatcherTests {
    /// The board is read between `stamps()` and `seen(_:)`; another process acts meanwhile.
    @Test func aChangeWhileTheBoardIsReadIsNoticedNextTime() throws {
        let board = try TestBoard()
        var watcher = BoardWatcher(root: board.root)
        let before = watcher.stamps()
        _ = try board.store.load()                 // the read…
        let uc = try board.create(title: "Made by someone else meanwhile")   // …and a change during it
        watcher.seen(before)
        let changed1 = watcher.changed()
        #expect(changed1, "the change made during the read was counted as seen")
        #expect(try board.store.load().useCase(uc.id) != nil)
        let changed2 = watcher.changed()
        #expect(!changed2, "nothing changed since")
    }

    @Test func eachWatchedFileCounts() throws {
        let board = try TestBoard()
        let uc = try board.create()
        var watcher = BoardWatcher(root: board.root)
        let changed3 = watcher.changed()
        #expect(!changed3)

        // An action: a use case file replaced by rename and its log appended.
        try board.record(uc.id, .comment, EventDetails(comment: "hello"))
        let changed4 = watcher.changed()
        #expect(changed4)
        let changed5 = watcher.changed()
        #expect(!changed5)

        // The policy edited in place.
        let policy = board.root.appendingPathComponent(BoardLayout.policyFile)
        let handle = try FileHandle(forWritingTo: policy)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        let changed6 = watcher.changed()
        #expect(changed6)

        // Only the board log appended to (a delegation from another terminal): its folder's
        // mtime does not move, the file's size does.
        let log = board.root.appendingPathComponent(BoardLayout.boardLogFile)
        if !FileManager.default.fileExists(atPath: log.path) {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            _ = watcher.changed()                   // its creation is a change too; start after it
        }
        let appender = try FileHandle(forWritingTo: log)
        try appender.seekToEnd()
        try appender.write(contentsOf: Data("{}\n".utf8))
        try appender.close()
        let changed7 = watcher.changed()
        #expect(changed7, "an append to the board log went unnoticed")
    }
}
