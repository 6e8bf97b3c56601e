import Foundation
import Testing
@testable import GateboardCore

/// Issue 13, "separation of duties only looks at the present moment": a role held, or work
/// submitted, during the work window (`RoleHistory`) excludes as holding it now does.
@Suite struct WorkWindowTests {
    /// Pat may hold both technical owner and risk reviewer.
    static let policy: Policy = {
        var people = Fx.people
        people.append(Person(id: "pat", name: "Pat Doe", function: "engineering", roles: ["technical_owner", "risk_reviewer"]))
        return Policy.standard(name: "Test board", people: people)
    }()
    static func at(_ day: Int, _ hour: Int = 9) -> Date { Fx.date("2026-11-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z") }

    /// Pat is technical owner and submits the work; then steps down, becomes risk reviewer,
    /// has the work returned and re-advanced by Sam. Events 1-12, as the issue's attack.
    static func attack(editAfterSteppingDown: Bool = false) throws -> Recorder {
        var r = try Recorder(id: "UC-0001", by: "alex", at: at(1), policy: policy)
        r.record(.edit, EventDetails(artifacts: ["model": "models/m@1"]), as: "alex", at: at(2))           // 2
        r.record(.assign, EventDetails(role: "technical_owner", person: "pat"), as: "alex", at: at(2))     // 3
        r.record(.assign, EventDetails(role: "risk_reviewer", person: "priya"), as: "alex", at: at(2))     // 4
        r.record(.assign, EventDetails(role: "business_owner", person: "alex"), as: "alex", at: at(2))     // 5
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "pat", at: at(10))  // 6
        try r.act(.unassign(role: "technical_owner"), as: "pat", at: at(20))                                 // 7
        try r.act(.unassign(role: "risk_reviewer"), as: "alex", at: at(20))                                  // 8
        try r.act(.assign(role: "risk_reviewer", person: "pat"), as: "pat", at: at(20))                      // 9
        try r.act(.assign(role: "technical_owner", person: "sam"), as: "alex", at: at(20))                   // 10
        if editAfterSteppingDown {
            try r.act(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "models/m@2"]), as: "sam", at: at(21))
        }
        try r.act(.returnTo(stage: "implementation", comment: "rework"), as: "alex", at: at(22))
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "sam", at: at(23))
        return r
    }

    static func history(_ r: Recorder) -> RoleHistory? { RoleHistory.of(r.events, endingIn: r.uc) }

    /// `actor`'s `action` on the recorded use case on the 24th is refused with `code` and exactly `message`.
    static func expectRefused(_ action: Action, by actor: PersonID, on r: Recorder, _ code: Refusal.Code, _ message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try ActionDecider.decide(action, on: r.uc, actor: actor, policy: policy, now: at(24), history: history(r))
            Issue.record("\(action) by \(actor) was allowed", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, sourceLocation: sourceLocation)
            #expect(error.message == message, sourceLocation: sourceLocation)
        }
    }

    @Test func theWindowRemembersWhoHeldWhat() throws {
        let r = try Self.attack()
        let h = try #require(Self.history(r))
        #expect(h.windowStart == RoleHistory.Mark(seq: 2, at: Self.at(2)), "the last material change is before the stage entry")
        let pat = try #require(h.tenure(of: "pat", in: "technical_owner"))
        #expect(pat.from == RoleHistory.Mark(seq: 3, at: Self.at(2)))
        #expect(pat.until == RoleHistory.Mark(seq: 7, at: Self.at(20)))
        #expect(h.tenure(of: "pat", in: "risk_reviewer")?.until == nil)
        #expect(h.tenure(of: "priya", in: "risk_reviewer")?.until?.seq == 8)
        #expect(h.submissions.map(\.person) == ["pat", "sam"])
        #expect(h.describe(pat) == "pat held technical_owner on UC-0001 until 2026-11-20 (event 7)")
    }

    /// The attack of the issue: refused with the role, the use case, the date and the event.
    @Test func aRoleGivenUpBeforeApprovingStillExcludes() throws {
        let r = try Self.attack()
        #expect(r.uc.owners["risk_reviewer"] == "pat" && r.uc.submittedBy == "sam")
        // The present moment alone lets Pat approve: the hole.
        #expect(throws: Never.self) {
            try ActionDecider.decide(.approve(comment: nil), on: r.uc, actor: "pat", policy: Self.policy, now: Self.at(24))
        }
        Self.expectRefused(.approve(comment: nil), by: "pat", on: r, .separationOfDuties,
                           "Pat Doe cannot approve UC-0001: pat held technical_owner on UC-0001 until 2026-11-20 (event 7): "
                           + "a role held over this work excludes approving as risk_reviewer")
        // Rejecting is answering the same gate: the same rule.
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.reject(comment: "no"), on: r.uc, actor: "pat", policy: Self.policy, now: Self.at(24),
                                     history: Self.history(r))
        }
    }

    /// Work Pat submitted (the advance of event 6) is still Pat's work after a return and a
    /// re-advance by someone else: no-self-approval excludes Alex the same way.
    @Test func submittingInTheWindowExcludesUnderNoSelfApproval() throws {
        var r = try Self.attack()
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "alex", at: Self.at(23, 10))
        Self.expectRefused(.approve(comment: nil), by: "alex", on: r, .selfApproval,
                           "Alex Morgan cannot approve UC-0001: they moved it into Checkpoint review, and the gate forbids approving your own work")
        // Alex submitted in the window but someone else re-submitted since: still excluded.
        r.record(.return, EventDetails(from: "checkpoint", to: "implementation", comment: "again"), as: "sam", at: Self.at(23, 11))
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "sam", at: Self.at(23, 12))
        Self.expectRefused(.approve(comment: nil), by: "alex", on: r, .selfApproval,
                           "Alex Morgan cannot approve UC-0001: alex moved UC-0001 into checkpoint on 2026-11-23 (event 13): "
                           + "submitting this work excludes approving it (no self-approval)")
    }

    /// The window starts at the earlier of the stage entry and the last material change: a
    /// change of the work after Pat stepped down starts it afresh, and Pat may approve it.
    @Test func newWorkAfterSteppingDownOpensANewWindow() throws {
        let r = try Self.attack(editAfterSteppingDown: true)
        let h = try #require(Self.history(r))
        #expect(h.windowStart.seq == 11)
        #expect(h.tenure(of: "pat", in: "technical_owner") == nil)
        #expect(throws: Never.self) {
            try ActionDecider.decide(.approve(comment: nil), on: r.uc, actor: "pat", policy: Self.policy, now: Self.at(24), history: h)
        }
    }

    /// Changing an artifact and changing it back after stepping down does not make the work
    /// new: the window starts where the current material first existed.
    @Test func anArtifactChangedAndChangedBackDoesNotOpenANewWindow() throws {
        var r = try Recorder(id: "UC-0001", by: "alex", at: Self.at(1), policy: Self.policy)
        r.record(.edit, EventDetails(artifacts: ["model": "models/m@1"]), as: "alex", at: Self.at(2))           // 2
        r.record(.assign, EventDetails(role: "technical_owner", person: "pat"), as: "alex", at: Self.at(2))     // 3
        r.record(.assign, EventDetails(role: "business_owner", person: "alex"), as: "alex", at: Self.at(2))     // 4
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "pat", at: Self.at(10))  // 5
        try r.act(.unassign(role: "technical_owner"), as: "pat", at: Self.at(20))                               // 6
        try r.act(.assign(role: "risk_reviewer", person: "pat"), as: "pat", at: Self.at(20))                    // 7
        try r.act(.assign(role: "technical_owner", person: "sam"), as: "alex", at: Self.at(20))                 // 8
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "models/m@1b"]), as: "pat", at: Self.at(21))
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: "high", artifacts: ["model": "models/m@1"]), as: "pat", at: Self.at(21))
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: "medium", artifacts: [:]), as: "pat", at: Self.at(21))  // 11
        try r.act(.returnTo(stage: "implementation", comment: "rework"), as: "alex", at: Self.at(22))
        r.record(.advance, EventDetails(from: "implementation", to: "checkpoint"), as: "sam", at: Self.at(23))
        #expect(RoleHistory.firstAppearance(of: r.uc.materialBasis, in: r.events) == 2)
        let h = try #require(Self.history(r))
        #expect(h.windowStart.seq == 2)
        #expect(h.tenure(of: "pat", in: "technical_owner")?.until?.seq == 6)
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.approve(comment: nil), on: r.uc, actor: "pat", policy: Self.policy, now: Self.at(24), history: h)
        }
        // A real change of the work after Pat stepped down does open a new window.
        try r.act(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "models/m@2"]), as: "sam", at: Self.at(23, 12))
        let fresh = try #require(Self.history(r))
        #expect(fresh.windowStart.seq == 13, "the re-advance, now earlier than the change")
        #expect(fresh.tenure(of: "pat", in: "technical_owner") == nil)
    }

    /// A role reassigned inside the window: the holder before the reassignment is found before
    /// the window's start.
    @Test func theHolderBeforeAReassignmentInTheWindowIsFound() throws {
        var r = try Recorder(id: "UC-0001", by: "alex", at: Self.at(1), policy: Self.policy)
        r.record(.assign, EventDetails(role: "technical_owner", person: "pat"), as: "alex", at: Self.at(2))     // 2
        r.record(.edit, EventDetails(artifacts: ["model": "models/m@1"]), as: "alex", at: Self.at(3))           // 3
        r.record(.comment, EventDetails(comment: "x"), as: "alex", at: Self.at(3))                              // 4
        r.record(.advance, EventDetails(from: "scoped", to: "checkpoint"), as: "alex", at: Self.at(4))          // 5
        r.record(.assign, EventDetails(role: "technical_owner", person: "sam"), as: "alex", at: Self.at(5))     // 6
        r.record(.assign, EventDetails(role: "risk_reviewer", person: "pat"), as: "alex", at: Self.at(5))       // 7
        let h = try #require(Self.history(r))
        #expect(h.windowStart.seq == 3)
        #expect(h.tenure(of: "pat", in: "technical_owner") == RoleHistory.Tenure(person: "pat", role: "technical_owner", from: nil,
                                                                              until: RoleHistory.Mark(seq: 6, at: Self.at(5))))
        #expect(h.tenure(of: "sam", in: "technical_owner")?.until == nil)
        let refused = try? ActionDecider.decide(.approve(comment: nil), on: r.uc, actor: "pat", policy: Self.policy, now: Self.at(6), history: h)
        #expect(refused == nil)
    }

    /// An approval already recorded (before this rule, or merged from another clone) by
    /// someone the window excludes is not counted by the gate, and advance is refused.
    @Test func theGateDoesNotCountAnApprovalTheWindowExcludes() throws {
        var r = try Self.attack()
        r.record(.approve, EventDetails(stage: "checkpoint", role: "risk_reviewer", digest: r.uc.materialDigest, basis: r.uc.materialBasis),
                 as: "pat", at: Self.at(24))
        r.record(.approve, EventDetails(stage: "checkpoint", role: "business_owner", digest: r.uc.materialDigest, basis: r.uc.materialBasis),
                 as: "alex", at: Self.at(24))
        #expect(GateEngine.evaluate(r.uc, policy: Self.policy, now: Self.at(25)).passed, "the present moment alone counts Pat")
        let gate = GateEngine.evaluate(r.uc, policy: Self.policy, now: Self.at(25), history: Self.history(r))
        #expect(!gate.passed)
        #expect(gate.blockers.map(\.message) == ["approval by Pat Doe not counted: pat held technical_owner on UC-0001 until 2026-11-20 "
            + "(event 7): a role held over this work excludes approving as risk_reviewer"])
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.advance(comment: nil), on: r.uc, actor: "sam", policy: Self.policy, now: Self.at(25),
                                     history: Self.history(r))
        }
    }

    /// The inbox asks for an approval only when it would be accepted.
    @Test func theInboxAgreesWithTheDecision() throws {
        let r = try Self.attack()
        let asked = Inbox.entries(for: "pat", useCases: [r.uc], policy: Self.policy, now: Self.at(24))
        #expect(asked.contains { $0.need == .approve }, "judged by the present moment alone")
        #expect(Inbox.approvalCandidates(for: "pat", useCases: [r.uc], policy: Self.policy).map(\.id) == ["UC-0001"])
        let h = try #require(Self.history(r))
        let entries = Inbox.entries(for: "pat", useCases: [r.uc], policy: Self.policy, now: Self.at(24), histories: ["UC-0001": h])
        #expect(!entries.contains { $0.need == .approve || $0.need == .renew })
        let everyone = Inbox.all(useCases: [r.uc], policy: Self.policy, now: Self.at(24), histories: ["UC-0001": h])
        #expect(!everyone.contains { box in box.person == "pat" && box.entries.contains { $0.need == .approve } })
    }

    /// Waivers must come from someone independent of the work: a role held in the window counts.
    @Test func aWaiverFromSomeoneWhoHeldARoleOverTheWorkIsRefused() throws {
        var r = try Self.attack()
        try r.act(.unassign(role: "risk_reviewer"), as: "pat", at: Self.at(23, 12))
        #expect(!r.uc.owners.values.contains("pat"))
        let waive = Action.waive(control: "exception-runbook", reason: "later", until: Fx.day("2026-12-10"))
        Self.expectRefused(waive, by: "pat", on: r, .selfWaiver,
                           "Pat Doe cannot waive controls of UC-0001: pat held risk_reviewer on UC-0001 until 2026-11-23 (event 13): "
                           + "a waiver must come from someone independent of the work")
    }

    /// Events a conflict event skipped had no effect, and are not tenures.
    @Test func eventsSkippedByAConflictAreIgnored() throws {
        var r = try Recorder(id: "UC-0001", by: "alex", at: Self.at(1), policy: Self.policy)
        r.record(.assign, EventDetails(role: "technical_owner", person: "pat"), as: "alex", at: Self.at(2))     // 2
        r.record(.conflict, EventDetails(stage: "scoped", reason: "x: y", events: ["UC-0001-1", "UC-0001-2"]), as: "gateboard", at: Self.at(2))
        var uc = r.uc
        uc.owners = [:]   // what replay makes of it
        let h = try #require(RoleHistory.of(r.events, endingIn: uc))
        #expect(h.tenures.isEmpty)
    }
}
