import Foundation
import Testing
@testable import GateboardCore

/// Incidents: decisions (who may, in which state), deadlines from the policy, the severity-1
/// halt by the stop-ship authority only, and resume held until root cause and review.
@Suite struct IncidentTests {
    static func live(haltOnSeverity1: Bool = false) -> (UseCase, Policy) {
        var policy = Fx.policy
        policy.incidents.haltOnSeverity1 = haltOnSeverity1
        var uc = Fx.ready(stage: "production")
        uc.owners["stop_ship"] = "omar"   // kim: ops owner and (by role) stop-ship; omar named stop-ship
        return (uc, policy)
    }

    func refusal(_ a: IncidentAction, on uc: UseCase, as actor: PersonID, policy: Policy = Fx.policy) -> Refusal? {
        do { _ = try ActionDecider.decide(.incident(a), on: uc, actor: actor, policy: policy, now: Fx.now); return nil }
        catch { return error }
    }

    @Test func openSetsOwnerDeadlinesAndNumbers() throws {
        let (uc0, policy) = Self.live()
        var uc = try perform(.incident(.open(severity: 2, summary: "wrong refunds", serious: .widespread, halt: false, owner: nil)),
                             on: uc0, as: "sam", policy: policy)
        let i = try #require(uc.incident(1))
        #expect(i.id(on: uc.id) == "UC-0007#I1")
        #expect(i.owner == "kim")     // the operations owner by default
        #expect(i.openedBy == "sam")
        #expect(i.ackDue == Fx.now.addingTimeInterval(4 * 3600))
        #expect(i.resolveDue == Fx.now.addingTimeInterval(72 * 3600))
        #expect(i.reportDue == Fx.now.addingTimeInterval(2 * 86400))   // Art. 73: widespread, 2 days
        #expect(uc.halted == nil)
        uc = try perform(.incident(.open(severity: 4, summary: "typo", serious: nil, halt: false, owner: "sam")), on: uc, as: "kim", policy: policy)
        #expect(uc.incident(2)?.owner == "sam")
        #expect(uc.incident(2)?.reportDue == nil)
        #expect(uc.openIncidents.count == 2)
    }

    @Test func reportDeadlinesFollowArticle73ByDefault() {
        let r = IncidentRules()
        #expect(r.reportDue(.general, from: Fx.now) == Fx.now.addingTimeInterval(15 * 86400))
        #expect(r.reportDue(.widespread, from: Fx.now) == Fx.now.addingTimeInterval(2 * 86400))
        #expect(r.reportDue(.death, from: Fx.now) == Fx.now.addingTimeInterval(10 * 86400))
    }

    @Test func openRefusals() {
        let (uc, policy) = Self.live()
        var scoped = Fx.useCase(stage: "scoped", owners: Fx.fullOwners)
        scoped.id = "UC-0007"
        #expect(refusal(.open(severity: 2, summary: "x", serious: nil, halt: false, owner: nil), on: scoped, as: "kim")?.code == .notInProduction)
        #expect(refusal(.open(severity: 0, summary: "x", serious: nil, halt: false, owner: nil), on: uc, as: "kim")?.code == .invalidInput)
        #expect(refusal(.open(severity: 5, summary: "x", serious: nil, halt: false, owner: nil), on: uc, as: "kim")?.code == .invalidInput)
        #expect(refusal(.open(severity: 2, summary: "  ", serious: nil, halt: false, owner: nil), on: uc, as: "kim")?.code == .invalidInput)
        // zoe holds no role on it and is no service account
        #expect(refusal(.open(severity: 2, summary: "x", serious: nil, halt: false, owner: nil), on: uc, as: "zoe", policy: policy)?.code == .notAllowedRole)
        // only the stop-ship authority halts
        #expect(refusal(.open(severity: 1, summary: "x", serious: nil, halt: true, owner: nil), on: uc, as: "sam", policy: policy)?.code == .noStopShipAuthority)
        #expect(refusal(.open(severity: 2, summary: "x", serious: nil, halt: false, owner: "nobody"), on: uc, as: "kim")?.code == .unknownPerson)
    }

    @Test func aServicePersonMayOpen() throws {
        var policy = Self.live().1
        policy.people.append(Person(id: "monitor-bot", name: "Monitoring job", function: "service", roles: []))
        let uc = try perform(.incident(.open(severity: 3, summary: "drift", serious: nil, halt: false, owner: nil)),
                             on: Self.live().0, as: "monitor-bot", policy: policy)
        #expect(uc.incident(1)?.openedBy == "monitor-bot")
    }

    @Test func severityOneHaltsOnlyByTheStopShipAuthority() throws {
        let (uc0, policy) = Self.live(haltOnSeverity1: true)
        // sam opens a severity-1: no halt (he may not halt), the incident stands
        let bySam = try perform(.incident(.open(severity: 1, summary: "leak", serious: nil, halt: false, owner: nil)), on: uc0, as: "sam", policy: policy)
        #expect(bySam.halted == nil)
        #expect(bySam.incident(1)?.halted == false)
        // omar (stop-ship) opens one: the policy's halt is made in the same event
        let byOmar = try perform(.incident(.open(severity: 1, summary: "leak", serious: nil, halt: false, owner: nil)), on: uc0, as: "omar", policy: policy)
        #expect(byOmar.halted?.incident == 1)
        #expect(byOmar.halted?.by == "omar")
        // without the policy rule, severity 1 does not halt unless asked
        let noRule = try perform(.incident(.open(severity: 1, summary: "leak", serious: nil, halt: false, owner: nil)), on: uc0, as: "omar")
        #expect(noRule.halted == nil)
    }

    @Test func lifecycleAndItsRefusals() throws {
        let (uc0, policy) = Self.live()
        var uc = try perform(.incident(.open(severity: 2, summary: "wrong refunds", serious: .general, halt: true, owner: nil)),
                             on: uc0, as: "omar", policy: policy)
        #expect(uc.halted?.incident == 1)
        // chen has no role on it: no ack, no note
        #expect(refusal(.ack(number: 1, note: nil), on: uc, as: "chen", policy: policy)?.code == .notAllowedRole)
        #expect(refusal(.note(number: 1, text: "x"), on: uc, as: "zoe", policy: policy)?.code == .notAllowedRole)
        #expect(refusal(.ack(number: 2, note: nil), on: uc, as: "kim", policy: policy)?.code == .unknownIncident)
        uc = try perform(.incident(.ack(number: 1, note: "looking")), on: uc, as: "kim", policy: policy)
        #expect(uc.incident(1)?.ackedBy == "kim")
        #expect(uc.incident(1)?.notes.map(\.text) == ["looking"])
        #expect(refusal(.ack(number: 1, note: nil), on: uc, as: "kim", policy: policy)?.code == .nothingToDo)
        uc = try perform(.incident(.note(number: 1, text: "rolled back prompt")), on: uc, as: "sam", policy: policy)
        uc = try perform(.incident(.assign(number: 1, person: "sam")), on: uc, as: "kim", policy: policy)
        #expect(uc.incident(1)?.owner == "sam")
        // resume is held: no root cause yet
        #expect(refusal2(.resume(reason: "ok"), on: uc, as: "omar", policy: policy)?.code == .incidentOpen)
        uc = try perform(.incident(.resolve(number: 1, rootCause: "stale prompt", action: "pinned prompt v4", change: nil)), on: uc, as: "sam", policy: policy)
        #expect(refusal(.resolve(number: 1, rootCause: "again", action: "again", change: nil), on: uc, as: "sam", policy: policy)?.code == .nothingToDo)
        // resume still held: no post-incident review
        let held = refusal2(.resume(reason: "ok"), on: uc, as: "omar", policy: policy)
        #expect(held?.code == .incidentOpen)
        #expect(held?.message.contains("post-incident review") == true)
        // the resolver may not review their own incident
        #expect(refusal(.review(number: 1, note: "fine"), on: uc, as: "sam", policy: policy)?.code == .separationOfDuties)
        uc = try perform(.incident(.review(number: 1, note: "prompt pinning added to release checklist")), on: uc, as: "kim", policy: policy)
        #expect(refusal(.review(number: 1, note: "again"), on: uc, as: "alex", policy: policy)?.code == .nothingToDo)
        // a serious incident's report, once
        uc = try perform(.incident(.report(number: 1, ref: "MSA-2026-114")), on: uc, as: "kim", policy: policy)
        #expect(uc.incident(1)?.reportRef == "MSA-2026-114")
        #expect(refusal(.report(number: 1, ref: "again"), on: uc, as: "kim", policy: policy)?.code == .nothingToDo)
        uc = try perform(.resume(reason: "root cause fixed"), on: uc, as: "omar", policy: policy)
        #expect(uc.halted == nil)
    }

    @Test func reportOnlyForSeriousAndReviewOnlyWhenResolved() throws {
        let (uc0, policy) = Self.live()
        let uc = try perform(.incident(.open(severity: 3, summary: "odd", serious: nil, halt: false, owner: nil)), on: uc0, as: "kim", policy: policy)
        #expect(refusal(.report(number: 1, ref: "r"), on: uc, as: "kim", policy: policy)?.code == .invalidInput)
        #expect(refusal(.review(number: 1, note: "n"), on: uc, as: "alex", policy: policy)?.code == .incidentOpen)
    }

    @Test func noResumePastAnOpenSeverityOne() throws {
        var (uc, policy) = Self.live()
        uc = try perform(.halt(reason: "manual"), on: uc, as: "omar", policy: policy)
        uc = try perform(.incident(.open(severity: 1, summary: "leak", serious: nil, halt: false, owner: nil)), on: uc, as: "kim", policy: policy)
        let r = refusal2(.resume(reason: "ok"), on: uc, as: "omar", policy: policy)
        #expect(r?.code == .incidentOpen)
        #expect(r?.message.contains("UC-0007#I1") == true)
    }

    @Test func resolveWithAChangeRoutesTheUseCase() throws {
        let (uc0, policy) = Self.live()
        var uc = try perform(.incident(.open(severity: 2, summary: "drift", serious: nil, halt: false, owner: nil)), on: uc0, as: "kim", policy: policy)
        uc = try perform(.incident(.resolve(number: 1, rootCause: "data drift", action: "retrain", change: .data)), on: uc, as: "kim", policy: policy)
        #expect(uc.stage == "implementation")
        #expect(uc.incident(1)?.change == .data)
    }

    @Test func incidentRefsParse() {
        #expect(IncidentRef.parse("UC-0001#I12")! == ("UC-0001", 12))
        for bad in ["UC-0001", "UC-0001#", "UC-0001#I", "UC-0001#I0", "UC-0001#X1", "#I1", "UC-0001#I-1", "UC-0001#I1x", "UC-0001#I9999999"] {
            #expect(IncidentRef.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func fieldLimitsApply() {
        let (uc, policy) = Self.live()
        let long = String(repeating: "x", count: FieldLimits.text + 1)
        #expect(refusal(.open(severity: 2, summary: long, serious: nil, halt: false, owner: nil), on: uc, as: "kim", policy: policy)?.code == .invalidInput)
    }

    func refusal2(_ a: Action, on uc: UseCase, as actor: PersonID, policy: Policy) -> Refusal? {
        do { _ = try ActionDecider.decide(a, on: uc, actor: actor, policy: policy, now: Fx.now); return nil }
        catch { return error }
    }
}
