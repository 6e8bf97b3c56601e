import Foundation
import Testing
@testable import GateboardCore

/// Delegation: the rules a new delegation keeps, replay of the board log (a synced conflict is
/// void), and its effect on deciding, counting, the inbox and triage's `approver_away`.
@Suite struct DelegationTests {
    /// Priya (risk reviewer, named on the use cases) hands risk_reviewer to Omar.
    static func delegation(from: PersonID = "priya", to: PersonID = "omar", role: RoleID = "risk_reviewer",
                           start: String = "2026-11-26", until: String = "2026-12-10", id: String = "d1",
                           recordedAt: Date = Fx.daysAgo(0.1)) -> Delegation {
        Delegation(id: id, from: from, to: to, role: role, start: Fx.day(start), until: Fx.day(until), recordedAt: recordedAt)
    }

    static func policy(_ ds: [Delegation]) -> Policy {
        var p = Fx.policy
        p.delegations = Delegations(ds)
        return p
    }

    func refusal(_ d: Delegation, existing: [Delegation] = []) -> Refusal? {
        do { try Delegations(existing).check(d, policy: Fx.policy, now: Fx.now) } catch { return error }
        return nil
    }

    @Test func aValidDelegationPasses() {
        #expect(refusal(Self.delegation()) == nil)
    }

    @Test func eachRuleIsRefusedWithItsReason() {
        let toSelf = refusal(Self.delegation(to: "priya"))
        #expect(toSelf?.code == .selfDelegation)
        #expect(toSelf?.message == "Priya Raman cannot delegate to themselves: name someone else with --to")
        let notAllowed = refusal(Self.delegation(to: "chen"))
        #expect(notAllowed?.code == .notAllowedRole)
        #expect(notAllowed?.message.hasPrefix("Chen Wu is not allowed the role risk reviewer by the policy") == true)
        #expect(refusal(Self.delegation(to: "nobody"))?.code == .unknownPerson)
        #expect(refusal(Self.delegation(from: "chen", to: "omar"))?.code == .notAllowedRole)
        let past = refusal(Self.delegation(start: "2026-11-20", until: "2026-11-25"))
        #expect(past?.code == .delegationInPast)
        #expect(past?.message == "a delegation until 2026-11-25 would already be over (today is 2026-11-26)")
        let reversed = refusal(Self.delegation(start: "2026-12-10", until: "2026-12-01"))
        #expect(reversed?.code == .delegationInPast)
        #expect(reversed?.message == "the delegation would start on 2026-12-10, after it ends on 2026-12-01")
        #expect(refusal(Self.delegation(start: "2026-11-25"))?.code == .delegationInPast)
    }

    @Test func anOverlapWithAnotherOfTheSamePersonAndRoleIsRefused() {
        let first = Self.delegation()
        let overlap = refusal(Self.delegation(to: "omar", start: "2026-12-05", until: "2026-12-20", id: "d2"), existing: [first])
        #expect(overlap?.code == .delegationOverlap)
        #expect(overlap?.message.contains("Priya Raman already delegates risk reviewer to Omar Haddad from 2026-11-26 until 2026-12-10") == true)
        // After it, or another role, or once it is cancelled: fine.
        #expect(refusal(Self.delegation(start: "2026-12-11", until: "2026-12-20", id: "d2"), existing: [first]) == nil)
        var cancelled = first
        cancelled.cancelledAt = Fx.daysAgo(0.05)
        #expect(refusal(Self.delegation(start: "2026-12-05", until: "2026-12-20", id: "d2"), existing: [cancelled]) == nil)
    }

    @Test func aCircularChainIsRefused() {
        let there = Self.delegation(from: "priya", to: "omar")
        let back = refusal(Self.delegation(from: "omar", to: "priya", start: "2026-12-01", until: "2026-12-03", id: "d2"), existing: [there])
        #expect(back?.code == .delegationCircular)
        #expect(back?.message.hasPrefix("a circular delegation: Omar Haddad → Priya Raman → Omar Haddad") == true)
        // Back after the first one ends: not circular.
        #expect(refusal(Self.delegation(from: "omar", to: "priya", start: "2026-12-11", until: "2026-12-12", id: "d2"), existing: [there]) == nil)
    }

    @Test func withoutARoleTheDelegatorsOneRoleElseAsk() throws {
        #expect(try Delegations.role(nil, of: "priya", policy: Fx.policy) == "risk_reviewer")
        #expect(throws: Refusal.self) { try Delegations.role(nil, of: "omar", policy: Fx.policy) }
    }

    @Test func replayKeepsAConflictFromASyncAsVoidAndAppliesCancellation() {
        func event(_ id: String, _ action: EventAction, actor: PersonID, at: Date, _ d: EventDetails) -> AuditEvent {
            AuditEvent(seq: 1, id: id, at: at, actor: actor, osUser: "t", action: action, useCase: "_board", details: d)
        }
        var d1 = EventDetails(role: "risk_reviewer", person: "omar", until: Fx.day("2026-12-10"))
        d1.start = Fx.day("2026-11-26")
        var d2 = d1
        d2.start = Fx.day("2026-12-01")
        let events = [event("a", .delegate, actor: "priya", at: Fx.daysAgo(0.2), d1),
                      event("b", .delegate, actor: "priya", at: Fx.daysAgo(0.1), d2),
                      event("c", .delegateCancel, actor: "priya", at: Fx.daysAgo(0.05), EventDetails(events: ["a"]))]
        let book = Delegations.replay(events, policy: Fx.policy)
        #expect(book.all.count == 2)
        #expect(book.all[0].cancelledAt == Fx.daysAgo(0.05))
        #expect(book.all[1].void?.contains("already delegates") == true)
        #expect(book.held(by: "omar", at: Fx.now).isEmpty)
        // An event whose signature does not count is ignored.
        #expect(Delegations.replay(Array(events.prefix(1)), policy: Fx.policy) { _ in false }.isEmpty)
    }

    @Test func aDelegateApprovesForTheDelegatorAndTheGateCountsIt() throws {
        let uc = Fx.ready(stage: "checkpoint", tier: "low")
        // Without a delegation Omar is not the named risk reviewer.
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "omar", policy: Fx.policy, now: Fx.now)
        }
        let policy = Self.policy([Self.delegation()])
        let (verb, d) = try ActionDecider.decide(.approve(comment: "fine"), on: uc, actor: "omar", policy: policy, now: Fx.now)
        #expect(verb == .approve)
        #expect(d.role == "risk_reviewer" && d.onBehalfOf == "priya" && d.delegation == "d1")
        let e = AuditEvent(seq: 2, id: "x", at: Fx.now, actor: "omar", osUser: "t", action: verb, useCase: uc.id, details: d)
        let after = try uc.applying(e)
        #expect(after.approvals.last?.onBehalfOf == "priya")
        let item = GateEngine.evaluate(after, policy: policy, now: Fx.now).items.first { $0.role == "risk_reviewer" }
        #expect(item?.status == .satisfied)
        #expect(item?.detail == "approved by Omar Haddad for Priya Raman (delegation from 2026-11-26)")
        // One approval per person named: Priya's own after Omar's for her, or a second one, is refused.
        for (who, again) in [("priya", after), ("omar", after)] {
            do {
                _ = try ActionDecider.decide(.approve(comment: nil), on: again, actor: who, policy: policy, now: Fx.now)
                Issue.record("\(who) approved twice for Priya")
            } catch {
                #expect(error.code == .alreadyApproved)
            }
        }
        // Before it starts or after it ends: refused.
        let later = Self.policy([Self.delegation(start: "2026-11-27")])
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "omar", policy: later, now: Fx.now)
        }
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "omar", policy: policy, now: Fx.day("2026-12-11").start)
        }
    }

    @Test func separationOfDutiesAndSelfApprovalAreTheDelegatesOwn() {
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        uc.submittedBy = "omar"
        let policy = Self.policy([Self.delegation()])
        do {
            _ = try ActionDecider.decide(.approve(comment: nil), on: uc, actor: "omar", policy: policy, now: Fx.now)
            Issue.record("a delegate approved their own work")
        } catch {
            #expect(error.code == .selfApproval)
            #expect(error.message.hasPrefix("Omar Haddad (for Priya Raman) cannot approve UC-0007: they moved it into"))
        }
    }

    @Test func anApprovalForSomeoneNoDelegationCoveredDoesNotCount() {
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        var a = Fx.approval("omar", "risk_reviewer", on: uc, daysAgo: 0.01)
        (a.onBehalfOf, a.delegation) = ("priya", "d1")
        uc.approvals = [a]
        let covered = Self.policy([Self.delegation()])
        var marked = uc
        covered.delegations.mark(&marked)
        #expect(marked.approvals[0].signature.counts)
        // Another id, or no delegation at all: not counted, said why.
        Self.policy([Self.delegation(id: "other")]).delegations.mark(&marked)
        #expect(!marked.approvals[0].signature.counts)
        #expect(Fx.messages(marked, policy: covered).contains { $0.contains("not counted: no delegation from priya to omar covered it") })
    }

    @Test func theDelegatesInboxHasTheItemMarkedForTheDelegator() {
        let uc = Fx.ready(stage: "checkpoint", tier: "low")
        #expect(!Inbox.entries(for: "omar", useCases: [uc], policy: Fx.policy, now: Fx.now).contains { $0.need == .approve })
        let policy = Self.policy([Self.delegation()])
        let entry = Inbox.entries(for: "omar", useCases: [uc], policy: policy, now: Fx.now).first { $0.need == .approve }
        #expect(entry?.onBehalfOf == "priya")
        #expect(entry?.message.hasPrefix("checkpoint approval as risk reviewer for Priya Raman") == true)
        #expect(Inbox.all(useCases: [uc], policy: policy, now: Fx.now).contains { $0.person == "omar" })
    }

    @Test func approverAwayDoesNotFireWhenADelegateCanGiveIt() {
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        uc.approvals = [Fx.approval("alex", "business_owner", on: uc)]
        var policy = Self.policy([Self.delegation()])
        policy.away = [AwayPeriod(person: "priya", from: Fx.day("2026-11-20"), until: Fx.day("2026-12-05"))]
        #expect(!Triage.reasons(for: uc, policy: policy, events: [], now: Fx.now).contains { $0.code == .approverAway })
        // The delegation alone says she is away; a delegate who cannot give it is named.
        uc.submittedBy = "omar"
        policy.away = []
        let r = Triage.reasons(for: uc, policy: policy, events: [], now: Fx.now).first { $0.code == .approverAway }
        #expect(r?.message.hasPrefix("checkpoint approval as risk reviewer waits on Priya Raman, away until 2026-12-10; "
            + "Omar Haddad, delegated, cannot give it: Omar Haddad cannot approve: they moved UC-0007 into this stage") == true)
    }
}
