import Foundation
import GateboardCore
import Testing

@Suite struct MergeOrderTests {
    @Test func unionKeepsEveryEventOnceAndInterleavesByTime() throws {
        let base = History().adding("c1", 1, "ana", .comment, EventDetails(comment: "start"))
        let ours = base.adding("o1", 5, "ana", .comment, EventDetails(comment: "a"))
            .adding("o2", 20, "ana", .comment, EventDetails(comment: "b"))
        let theirs = base.adding("t1", 10, "raj", .comment, EventDetails(comment: "c"))
        let merged = try HistoryMerge.merge(base: base.events, ours: ours.events, theirs: theirs.events)
        #expect(merged.ids == ["e-create", "c1", "o1", "t1", "o2"])
        #expect(merged.events.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(merged.conflicts.isEmpty)
    }

    @Test func mergeIsSymmetric() throws {
        let base = History()
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
            .approve("o2", 6, "pri")
        let theirs = base.adding("t1", 5, "raj", .return, EventDetails(from: "implementation", to: "specification"))
            .approve("t2", 7, "sam")
        let ab = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        let ba = try HistoryMerge.merge(ours: theirs.events, theirs: ours.events)
        #expect(ab == ba)
        #expect(!ab.conflicts.isEmpty)
    }

    @Test func eachSideKeepsItsOwnOrderEvenWhenClocksDisagree() throws {
        // Theirs has a clock running behind: t2 is stamped before t1 but came after it.
        let base = History()
        let ours = base.adding("o1", 5, "ana", .comment, EventDetails(comment: "x"))
        let theirs = base.adding("t1", 10, "raj", .comment, EventDetails(comment: "y"))
            .adding("t2", 2, "raj", .comment, EventDetails(comment: "z"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.ids == ["e-create", "o1", "t1", "t2"])
    }

    @Test func remergingAMergedLogChangesNothing() throws {
        let base = History()
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.approve("t1", 6, "pri", stage: "implementation")
        let once = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(once.rules == [.staleGate])
        let again = try HistoryMerge.merge(ours: once.events, theirs: theirs.events)
        #expect(again.ids == once.ids)
        #expect(again.conflicts.isEmpty)
        let both = try HistoryMerge.merge(ours: once.events, theirs: once.events)
        #expect(both.ids == once.ids)
    }

    @Test func editedEventIsRefused() throws {
        let base = History()
        let ours = base.adding("x", 1, "ana", .comment, EventDetails(comment: "yes"))
        let theirs = base.adding("x", 1, "ana", .comment, EventDetails(comment: "no"))
        #expect(throws: MergeError.divergentEvent(id: "x")) {
            try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        }
    }

    @Test func twoCreationsOfOneIDAreRefused() throws {
        let ours = History()
        var theirs = History()
        theirs.events[0].id = "e-create-2"
        #expect(throws: MergeError.twoCreations("UC-0001", ["e-create", "e-create-2"])) {
            try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        }
    }

    @Test func oneSideEmptyGivesTheOther() throws {
        let theirs = History().adding("t1", 1, "raj", .comment, EventDetails(comment: "hi"))
        let merged = try HistoryMerge.merge(base: [], ours: [], theirs: theirs.events)
        #expect(merged.ids == ["e-create", "t1"])
    }

    @Test func plainLogsReplayAsBefore() throws {
        let h = History().adding("a", 1, "ana", .halt, EventDetails(reason: "r"))
            .adding("b", 2, "ana", .resume, EventDetails(reason: "ok"))
        var plain = try UseCase.created(by: h.events[0])
        for e in h.events.dropFirst() { plain = try plain.applying(e) }
        #expect(try UseCase.replay(h.events) == plain)
        #expect(try UseCase.replaySteps(h.events).last == plain)
    }
}
