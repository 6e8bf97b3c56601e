import Foundation
import Testing
@testable import GateboardCore

@Suite struct DigestReportTests {
    func event(_ seq: Int, _ action: EventAction, by actor: PersonID, at: Date, on id: UseCaseID = "UC-0007") -> AuditEvent {
        AuditEvent(seq: seq, id: "e\(seq)", at: at, actor: actor, osUser: "u", action: action, useCase: id,
                   details: EventDetails(comment: "c\(seq)"), state: "", prev: "")
    }

    @Test func changesByOthersOnYourUseCasesSinceThen() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.stageEnteredAt = Fx.daysAgo(3)
        var other = Fx.useCase()
        other.id = "UC-0009"
        other.createdBy = "dana"
        let since = Fx.daysAgo(2)
        let events = [
            event(1, .comment, by: "sam", at: Fx.daysAgo(3)),            // before since
            event(2, .comment, by: "sam", at: Fx.daysAgo(1)),            // counts
            event(3, .comment, by: "priya", at: Fx.daysAgo(1)),          // priya's own
            event(1, .comment, by: "dana", at: Fx.daysAgo(1), on: "UC-0009"),  // not priya's use case
        ]
        let r = Digest.report(for: "priya", useCases: [uc, other], policy: Fx.policy, events: events, since: since, now: Fx.now)
        #expect(r.needs.map(\.need) == [.approve])
        #expect(r.changes.map(\.seq) == [2])
        #expect(r.changes.first?.text == "c2")
    }
}
