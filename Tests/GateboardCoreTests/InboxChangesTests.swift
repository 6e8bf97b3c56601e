import Foundation
import Testing
@testable import GateboardCore

/// Whose inbox an action changed: what a notification hook's `notify` list says.
@Suite struct InboxChangesTests {
    @Test func anApprovalTakesItOutOfTheApproversInbox() {
        var before = Fx.ready(stage: "checkpoint")
        before.stageEnteredAt = Fx.daysAgo(6)
        var after = before
        after.approvals = [Fx.approval("priya", "risk_reviewer", on: before)]
        let changes = InboxChanges.between(before: before, after: after, policy: Fx.policy, now: Fx.now)
        #expect(changes.contains { $0.person == "priya" && $0.kind == .lost && $0.need == .approve })
        #expect(!changes.contains { $0.person == "priya" && $0.kind == .gained })
        // The business owner's approval is still owed: no change for them.
        #expect(!changes.contains { $0.person == "alex" })
    }

    @Test func namingAnOwnerGivesThemTheirControls() {
        var owners = Fx.fullOwners
        owners["ops_owner"] = nil
        var before = Fx.ready(stage: "implementation")
        before.owners = owners
        before.controls["monitoring-plan"] = nil
        var after = before
        after.owners["ops_owner"] = "kim"
        let changes = InboxChanges.between(before: before, after: after, policy: Fx.policy, now: Fx.now)
        let kim = changes.filter { $0.person == "kim" }
        #expect(kim.map(\.kind) == [.gained])
        #expect(kim.first?.need == .evidence)
        #expect(kim.first?.message.hasPrefix("UC-0007 needs you: evidence for monitoring-plan") == true)
    }

    @Test func aNewUseCaseOnlyGains() {
        let uc = Fx.useCase()
        let changes = InboxChanges.between(before: nil, after: uc, policy: Fx.policy, now: Fx.now)
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { $0.kind == .gained && $0.useCase == "UC-0007" })
    }

    @Test func nothingChangedNothingToSay() {
        let uc = Fx.ready(stage: "checkpoint")
        #expect(InboxChanges.between(before: uc, after: uc, policy: Fx.policy, now: Fx.now).isEmpty)
    }
}
