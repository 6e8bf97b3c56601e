import Foundation
import Testing
@testable import GateboardCore

/// Issue 19: what a delegate may do for the delegator beyond approve and reject (covered by
/// `DelegationTests`). Halt, resume and waive are the role's to every holder of it, so a
/// delegate — who must hold the role — takes them in their own right, recorded as their own
/// (not "for" the delegator). An attestation whose control names the delegator for the role is
/// the delegator's alone: their delegate attests it for them, recorded "for", and it counts.
@Suite struct DelegatedDecisionsTests {
    /// Nadia is a second stop-ship authority; Kim is the one named on the use case.
    static let policy: Policy = {
        var p = Fx.policy
        p.people.append(Person(id: "nadia", name: "Nadia Petrova", function: "operations", roles: ["stop_ship"]))
        p.delegations = Delegations([
            Delegation(id: "d-stop", from: "kim", to: "nadia", role: "stop_ship", start: Fx.day("2026-11-26"),
                       until: Fx.day("2026-12-10"), recordedAt: Fx.daysAgo(0.1)),
            Delegation(id: "d-risk", from: "priya", to: "omar", role: "risk_reviewer", start: Fx.day("2026-11-26"),
                       until: Fx.day("2026-12-10"), recordedAt: Fx.daysAgo(0.1)),
        ])
        return p
    }()

    func decide(_ action: Action, on uc: UseCase, as actor: PersonID) -> Result<(EventAction, EventDetails), Refusal> {
        do { return .success(try ActionDecider.decide(action, on: uc, actor: actor, policy: Self.policy, now: Fx.now)) }
        catch { return .failure(error) }
    }

    @Test func theStopShipDelegateHaltsAndResumesInTheirOwnRight() throws {
        var uc = Fx.ready(stage: "production")
        let (verb, d) = try decide(.halt(reason: "drift alarm"), on: uc, as: "nadia").get()
        #expect(verb == .halt && d.onBehalfOf == nil && d.delegation == nil)
        uc.halted = Halt(by: "nadia", at: Fx.daysAgo(0.01), reason: "drift alarm")
        let (resume, _) = try decide(.resume(reason: "rolled back"), on: uc, as: "nadia").get()
        #expect(resume == .resume)
        // Someone without the role, delegation or not, may not.
        #expect((try? decide(.halt(reason: "x"), on: Fx.ready(stage: "production"), as: "omar").get()) == nil)
    }

    @Test func theRiskDelegateWaivesInTheirOwnRight() throws {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["rollback-plan"] = nil
        let (verb, d) = try decide(.waive(control: "rollback-plan", reason: "covered by the platform's", until: Fx.day("2026-12-20")),
                                   on: uc, as: "omar").get()
        #expect(verb == .waive && d.onBehalfOf == nil)
    }

    /// Priya is named risk reviewer and delegated the role to Omar: he attests human
    /// oversight for her, recorded "for", and the gate counts it as hers while the delegation
    /// covered it; without the delegation, or once it no longer covers the attestation's time,
    /// it does not count.
    @Test func theRiskDelegateAttestsForTheNamedDelegatorAndItCounts() throws {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = ControlState()
        let (verb, d) = try decide(.attest(control: "human-oversight", note: "reviewed the override screens"), on: uc, as: "omar").get()
        #expect(verb == .attest && d.onBehalfOf == "priya" && d.delegation == "d-risk" && d.role == "risk_reviewer")
        let e = AuditEvent(seq: 9, id: "e9", at: Fx.now, actor: "omar", osUser: "omar", action: verb, useCase: uc.id, details: d)
        let attested = try uc.applying(e)
        let control = try #require(Self.policy.control("human-oversight"))
        let counted = try #require(ControlCheck.countingAttestation(control, attested, policy: Self.policy))
        #expect(counted.by == "omar" && counted.onBehalfOf == "priya")
        #expect(ControlCheck.check(control, attested, policy: Self.policy).detail.contains("attested by Omar Haddad for Priya Raman"))
        // The same attestation with no delegation behind it: not counted.
        var without = Self.policy
        without.delegations = Delegations()
        #expect(ControlCheck.countingAttestation(control, attested, policy: without) == nil)
        // Without the delegation, refused as before.
        let r = Result { () throws(Refusal) in try ActionDecider.decide(.attest(control: "human-oversight", note: nil), on: uc, actor: "omar", policy: without, now: Fx.now) }
        #expect(throws: Refusal.self) { try r.get() }
    }

    /// A delegate who is one of the use case's owners in another role may not attest for the
    /// named person: the delegate must be independent of the work, as for an approval.
    @Test func aDelegateWhoOwnsTheWorkCannotAttestForTheDelegator() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = ControlState()
        uc.owners["change_approver"] = "omar"
        if case .failure(let refusal) = decide(.attest(control: "human-oversight", note: nil), on: uc, as: "omar") {
            #expect(refusal.code == .separationOfDuties)
            #expect(refusal.message.hasPrefix("Omar Haddad cannot attest human-oversight for Priya Raman on UC-0007: they are its change approver"), "\(refusal.message)")
        } else {
            Issue.record("attesting for Priya while owning the work was accepted")
        }
    }

    /// The delegate's inbox asks for the attestation the delegator owes, "for" them; not when
    /// the delegate owns the work, and not for anyone else.
    @Test func theDelegatesInboxAsksForTheDelegatorsAttestation() {
        var uc = Fx.ready(stage: "checkpoint", tier: "high")
        uc.controls["human-oversight"] = ControlState()
        let entry = Inbox.entries(for: "omar", on: uc, policy: Self.policy, now: Fx.now).first { $0.need == .attest }
        #expect(entry?.onBehalfOf == "priya")
        #expect(entry?.message.hasPrefix("attest human-oversight as risk reviewer for Priya Raman") == true, "\(String(describing: entry?.message))")
        uc.owners["change_approver"] = "omar"
        #expect(!Inbox.entries(for: "omar", on: uc, policy: Self.policy, now: Fx.now).contains { $0.need == .attest })
        #expect(!Inbox.entries(for: "chen", on: uc, policy: Self.policy, now: Fx.now).contains { $0.need == .attest })
    }
}
