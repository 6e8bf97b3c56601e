import Foundation
import GateboardCore
import GateboardSync
import Testing

/// Two histories, each under the size a reader accepts, can merge into a use case file over
/// it: such a file would break `list` for everyone who pulls it. The merge is refused, before
/// anything is written, and says what to do.
@Suite struct MergeSizeLimitTests {
    /// A use case whose evidence notes add up to about `notes` × 40,000 bytes in its file.
    static func side(_ name: String, notes: Int) -> History {
        var h = History()
        let note = String(repeating: "\u{1D538}", count: 10_000)
        for i in 1...notes {
            h = h.adding("\(name)-\(i)", Double(i), "ana", .evidence,
                         EventDetails(control: "eval-report", ref: "evals/\(name)-\(i).html", note: note))
        }
        return h
    }

    @Test func aMergePastTheFileLimitIsRefused() throws {
        let ours = try ChainedLog(events: Self.side("ours", notes: 14).events)
        let theirs = try ChainedLog(events: Self.side("theirs", notes: 14).events)
        #expect(ours.fileText.utf8.count < 1 << 20 && theirs.fileText.utf8.count < 1 << 20)
        #expect(throws: SyncError.self) { try LogMerge(ours: ours.data, theirs: theirs.data, path: "audit/UC-0001.jsonl") }
        do {
            _ = try LogMerge(ours: ours.data, theirs: theirs.data, path: "audit/UC-0001.jsonl")
        } catch {
            let text = "\(error)"
            #expect(text.contains("would make usecases/UC-0001.yaml"), "\(text)")
            #expect(text.contains("the limit for a use case file is 1,048,576 bytes (1 MiB) — nothing was merged or written"), "\(text)")
        }
        // Under the limit together, the same sides merge.
        let small = try LogMerge(ours: try ChainedLog(events: Self.side("ours", notes: 5).events).data,
                                 theirs: try ChainedLog(events: Self.side("theirs", notes: 5).events).data, path: "audit/UC-0001.jsonl")
        #expect(small.log.events.count == 11)
    }
}
