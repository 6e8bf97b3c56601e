import Foundation
import GateboardCore
import Testing

@Suite struct MergeRuleTests {
    let base = History()

    @Test func divergentMoveKeepsTheEarlierMove() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.adding("t1", 6, "raj", .return, EventDetails(from: "implementation", to: "specification", comment: "redo"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.divergentMove])
        #expect(merged.useCase.stage == "checkpoint")
        #expect(merged.useCase.submittedBy == "ana")
        let c = try #require(merged.conflicts.first)
        #expect(c.prevailing == "o1" && c.skipped == "t1")
        #expect(c.event.action == .conflict)
        #expect(c.event.details.events == ["o1", "t1"])
        #expect(c.event.details.reason?.hasPrefix("divergent_move: ") == true)
        // The skipped event is still in the history, followed by the conflict event.
        #expect(merged.ids == ["e-create", "o1", "t1", c.event.id])
        // Replay alone (no merge) reproduces the same state from the recorded log.
        #expect(try UseCase.replay(merged.events) == merged.useCase)
    }

    @Test func divergentMoveWithoutFromUsesTheSidesOwnHistory() throws {
        let ours = base.adding("o1", 5, "ana", .advance, EventDetails(to: "checkpoint"))
        let theirs = base.adding("t1", 6, "raj", .retire, EventDetails(to: "retired", reason: "dropped"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.divergentMove])
        #expect(merged.useCase.stage == "checkpoint")
    }

    @Test func duplicateMoveKeepsTheFirstEntry() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.advance("t1", 4, "raj", from: "implementation", to: "checkpoint")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicateMove])
        #expect(merged.conflicts.first?.prevailing == "t1")
        #expect(merged.useCase.submittedBy == "raj")
        #expect(merged.useCase.stageEnteredAt == History.t0.addingTimeInterval(240))
    }

    @Test func approvalForALeftGateHasNoEffect() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.approve("t1", 6, "pri")   // no stage field: taken from their history
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.staleGate])
        #expect(merged.useCase.approvals.isEmpty)
        #expect(merged.ids.contains("t1"))
    }

    @Test func approvalBeforeTheMoveInTimeStaysInTheOldGateHistory() throws {
        // Given before the other side moved: it applied to the gate it was given at, then
        // the move cleared the gate as always. No conflict.
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.approve("t1", 3, "pri", stage: "implementation")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.useCase.stage == "checkpoint")
        #expect(merged.useCase.approvals.isEmpty)
    }

    @Test func rejectionAndWithdrawalForALeftGateHaveNoEffect() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.adding("t1", 6, "pri", .reject, EventDetails(stage: "implementation", role: "risk_reviewer",
                                                                      comment: "no", digest: "d"))
            .adding("t2", 7, "pri", .withdraw, EventDetails(stage: "implementation"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.staleGate, .staleGate])
        #expect(merged.useCase.rejections.isEmpty)
    }

    @Test func approvalsAtTheNewGateOnBothSidesCountAfterADuplicateMove() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint").approve("o2", 8, "pri")
        let theirs = base.advance("t1", 6, "raj", from: "implementation", to: "checkpoint").approve("t2", 9, "sam")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicateMove])
        #expect(merged.useCase.approvals.map(\.person) == ["pri", "sam"])
    }

    @Test func duplicateApprovalKeepsTheEarlierOne() throws {
        let ours = base.approve("o1", 5, "pri")
        let theirs = base.approve("t1", 7, "pri")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicateApproval])
        #expect(merged.useCase.approvals.count == 1)
        #expect(merged.useCase.approvals.first?.at == History.t0.addingTimeInterval(300))
    }

    @Test func waiverForAControlTheOtherSideSatisfiedHasNoEffect() throws {
        let waiver = EventDetails(control: "eval-report", reason: "later", until: Day("2027-01-31"))
        // In both orders: the waiver after the evidence, and before it.
        for (w, x) in [(6.0, 5.0), (4.0, 5.0)] {
            let ours = base.adding("o1", w, "lee", .waive, waiver)
            let theirs = base.adding("t1", x, "raj", .evidence, EventDetails(control: "eval-report", ref: "evals/run-7.html"))
            let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
            #expect(merged.rules == [.waiverForSatisfiedControl])
            #expect(merged.useCase.waivers.isEmpty)
            #expect(merged.useCase.controls["eval-report"]?.evidence.count == 1)
            #expect(merged.conflicts.first?.prevailing == "t1")
        }
    }

    @Test func waiverOnTheSameSideAsTheEvidenceIsNotAConflict() throws {
        let theirs = base.adding("t1", 5, "raj", .evidence, EventDetails(control: "eval-report", ref: "x"))
            .adding("t2", 6, "lee", .waive, EventDetails(control: "eval-report", reason: "r", until: Day("2027-01-31")))
        let ours = base.adding("o1", 5, "ana", .comment, EventDetails(comment: "hi"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.useCase.waivers.count == 1)
    }

    @Test func waiverForAnotherControlIsNotAConflict() throws {
        let ours = base.adding("o1", 6, "lee", .waive, EventDetails(control: "red-team", reason: "r", until: Day("2027-01-31")))
        let theirs = base.adding("t1", 5, "raj", .attest, EventDetails(control: "eval-report"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.conflicts.isEmpty)
    }

    @Test func attestationAlsoSatisfies() throws {
        let ours = base.adding("o1", 6, "lee", .waive, EventDetails(control: "dpia", reason: "r", until: Day("2027-01-31")))
        let theirs = base.adding("t1", 5, "raj", .attest, EventDetails(control: "dpia"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.waiverForSatisfiedControl])
    }

    @Test func duplicateHaltKeepsTheFirstReason() throws {
        let ours = base.adding("o1", 5, "ops", .halt, EventDetails(reason: "drift"))
        let theirs = base.adding("t1", 6, "sre", .halt, EventDetails(reason: "outage"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicateHalt])
        #expect(merged.useCase.halted?.reason == "drift")
        #expect(merged.useCase.halted?.by == "ops")
    }

    @Test func duplicateResumeIsRecordedOnce() throws {
        let halted = base.adding("h", 1, "ops", .halt, EventDetails(reason: "drift"))
        let ours = halted.adding("o1", 5, "ops", .resume, EventDetails(reason: "fixed"))
        let theirs = halted.adding("t1", 6, "sre", .resume, EventDetails(reason: "ok"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicateResume])
        #expect(merged.useCase.halted == nil)
    }

    @Test func haltAfterTheOtherSidesResumeStands() throws {
        // Ours resumed; theirs (knowing only the halt) … does nothing conflicting; a new halt
        // on our side after our own resume is an ordinary halt.
        let halted = base.adding("h", 1, "ops", .halt, EventDetails(reason: "drift"))
        let ours = halted.adding("o1", 5, "ops", .resume, EventDetails(reason: "fixed"))
            .adding("o2", 9, "ops", .halt, EventDetails(reason: "again"))
        let theirs = halted.adding("t1", 6, "sre", .comment, EventDetails(comment: "looking"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.useCase.halted?.reason == "again")
    }

    @Test func duplicateParkAndUnpark() throws {
        let review = Day("2027-02-01")
        let ours = base.adding("o1", 5, "ana", .park, EventDetails(reason: "budget", review: review))
            .adding("o2", 10, "ana", .unpark, EventDetails())
        let theirs = base.adding("t1", 6, "raj", .park, EventDetails(reason: "waiting", review: Day("2027-03-01")))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.duplicatePark])
        #expect(merged.useCase.parked == nil)

        let parked = base.adding("p", 1, "ana", .park, EventDetails(reason: "budget", review: review))
        let a = parked.adding("a1", 5, "ana", .unpark, EventDetails())
        let b = parked.adding("b1", 6, "raj", .unpark, EventDetails())
        let m2 = try HistoryMerge.merge(ours: a.events, theirs: b.events)
        #expect(m2.rules == [.duplicateUnpark])
    }

    @Test func concurrentAssignKeepsTheEarlierOwner() throws {
        let ours = base.adding("o1", 5, "ana", .assign, EventDetails(role: "ops_owner", person: "omar"))
        let theirs = base.adding("t1", 6, "raj", .assign, EventDetails(role: "ops_owner", person: "olga"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.concurrentAssign])
        #expect(merged.useCase.owners["ops_owner"] == "omar")
        // The same person on both sides is no conflict.
        let same = base.adding("t2", 6, "raj", .assign, EventDetails(role: "ops_owner", person: "omar"))
        #expect(try HistoryMerge.merge(ours: ours.events, theirs: same.events).conflicts.isEmpty)
    }

    @Test func unrelatedConcurrentActionsAllApply() throws {
        let ours = base.adding("o1", 5, "raj", .evidence, EventDetails(control: "eval-report", ref: "a"))
            .approve("o2", 6, "pri")
        let theirs = base.adding("t1", 5, "sam", .attest, EventDetails(control: "dpia"))
            .adding("t2", 7, "lee", .approve, EventDetails(role: "change_approver", digest: "d"))
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.useCase.approvals.map(\.person) == ["pri", "lee"])
        #expect(merged.events.count == 5)
    }

    @Test func aConflictRecordedByAnotherCloneIsHonouredNotRepeated() throws {
        let ours = base.advance("o1", 5, "ana", from: "implementation", to: "checkpoint")
        let theirs = base.approve("t1", 6, "pri")
        let resolvedElsewhere = try HistoryMerge.merge(ours: theirs.events, theirs: ours.events)
        // A third clone that only has our side merges the resolved log.
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: resolvedElsewhere.events)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.ids == resolvedElsewhere.ids)
        #expect(merged.useCase == resolvedElsewhere.useCase)
    }

    @Test func skippedEventsAreNamedByConflictEventsWhereverTheyAre() throws {
        let merged = try HistoryMerge.merge(ours: base.adding("o1", 5, "ops", .halt, EventDetails(reason: "a")).events,
                                            theirs: base.adding("t1", 6, "sre", .halt, EventDetails(reason: "b")).events)
        #expect(ConflictRecord.skippedIDs(in: merged.events) == ["t1"])
        #expect(ConflictRecord.rule(of: merged.conflicts[0].event) == .duplicateHalt)
        // Moving the conflict event to the front does not change the replay.
        var moved = merged.events
        let c = moved.removeLast()
        moved.insert(c, at: 1)
        #expect(try UseCase.replay(moved) == merged.useCase)
        let steps = try UseCase.replaySteps(merged.events)
        #expect(steps.count == merged.events.count)
        #expect(steps[2] == steps[1])   // the skipped halt changed nothing
    }

    @Test func advanceWhileTheOtherSideHaltedHasNoEffect() throws {
        let ours = base.adding("o1", 5, "ops", .halt, EventDetails(reason: "drift"))
        let theirs = base.advance("t1", 6, "raj", from: "implementation", to: "checkpoint")
            .approve("t2", 7, "pri")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.advanceWhileHalted, .staleGate])
        // Their next move built on the skipped one: skipped too, never a jump ahead.
        let further = theirs.advance("t3", 8, "raj", from: "checkpoint", to: "release")
        let m3 = try HistoryMerge.merge(ours: ours.events, theirs: further.events)
        #expect(m3.rules == [.advanceWhileHalted, .staleGate, .advanceWhileHalted])
        #expect(m3.useCase.stage == "implementation")
        // Resumed meanwhile: the next move is no longer blocked by the halt, but it starts
        // from a stage the use case never reached.
        let resumed = ours.adding("o2", 5.5, "ops", .resume, EventDetails(reason: "fixed"))
        let quick = base.advance("t1", 5.2, "raj", from: "implementation", to: "checkpoint")
            .advance("t2", 6, "raj", from: "checkpoint", to: "release")
        let m4 = try HistoryMerge.merge(ours: resumed.events, theirs: quick.events)
        #expect(m4.rules == [.advanceWhileHalted, .divergentMove])
        #expect(m4.conflicts.last?.prevailing == "o1")
        #expect(m4.useCase.stage == "implementation" && m4.useCase.halted == nil)
        #expect(merged.useCase.stage == "implementation")
        #expect(merged.useCase.halted?.reason == "drift")
        // Halted after the advance (in time): the advance stands, the halt applies at checkpoint.
        let later = base.adding("o2", 8, "ops", .halt, EventDetails(reason: "drift"))
        let m2 = try HistoryMerge.merge(ours: later.events, theirs: theirs.events)
        #expect(m2.conflicts.isEmpty)
        #expect(m2.useCase.stage == "checkpoint" && m2.useCase.halted != nil)
    }

    @Test func moveOverAConcurrentRejectionIsReported() throws {
        let ours = base.adding("o1", 5, "pri", .reject, EventDetails(stage: "implementation", role: "risk_reviewer",
                                                                    comment: "evals incomplete", digest: "d"))
        let theirs = base.advance("t1", 6, "raj", from: "implementation", to: "checkpoint")
        let merged = try HistoryMerge.merge(ours: ours.events, theirs: theirs.events)
        #expect(merged.rules == [.moveOverRejection])
        let c = try #require(merged.conflicts.first)
        #expect(c.prevailing == "t1" && c.skipped == "o1")
        #expect(c.explanation.contains("evals incomplete"))
        #expect(merged.useCase.stage == "checkpoint")
        #expect(merged.useCase.rejections.isEmpty)
        #expect(merged.ids == ["e-create", "o1", "t1", c.event.id])
        #expect(try UseCase.replay(merged.events) == merged.useCase)
        // The mover's own side knew of the rejection (it was withdrawn there): no conflict.
        let known = ours.adding("o2", 5.5, "pri", .withdraw, EventDetails(stage: "implementation"))
            .advance("o3", 6, "raj", from: "implementation", to: "checkpoint")
        #expect(try HistoryMerge.merge(ours: known.events, theirs: base.events).conflicts.isEmpty)
    }
}
