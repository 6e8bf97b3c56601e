import Foundation
import Testing
@testable import GateboardCore

@Suite struct TriageReasonTests {
    func codes(_ uc: UseCase, events: [AuditEvent] = [], now: Date = Fx.now) -> [TriageCode] {
        Triage.reasons(for: uc, policy: Fx.policy, events: events, now: now).map(\.code)
    }

    func reason(_ code: TriageCode, _ uc: UseCase, events: [AuditEvent] = []) -> TriageReason? {
        Triage.reasons(for: uc, policy: Fx.policy, events: events, now: Fx.now).first { $0.code == code }
    }

    @Test func stalledPastTheSla() {
        var uc = Fx.ready(stage: "implementation")
        uc.stageEnteredAt = Fx.daysAgo(60)
        let r = reason(.stalled, uc)
        #expect(r?.message == "in Implementation 60 days, past its SLA of 45 days")
        #expect(r?.daysPast == 15)
        #expect(r?.score == 30 + 7)
        #expect(!codes(uc).contains(.stalling))
    }

    @Test func stallingFromTheWarningFraction() {
        var uc = Fx.ready(stage: "implementation")
        uc.stageEnteredAt = Fx.daysAgo(40)
        #expect(reason(.stalling, uc)?.message == "in Implementation 40 days of its 45 days SLA")
        uc.stageEnteredAt = Fx.daysAgo(30)
        #expect(codes(uc).isEmpty)
    }

    @Test func noBusinessOwnerPastScoped() {
        var uc = Fx.ready(stage: "scoped")
        uc.owners["business_owner"] = nil
        #expect(!codes(uc).contains(.noBusinessOwner))
        uc.stage = "implementation"
        #expect(reason(.noBusinessOwner, uc)?.message == "no business owner named, and already in Implementation")
    }

    @Test func riskNotEngagedFromTheLog() throws {
        // Jumped straight into implementation (an imported pilot): risk never engaged.
        var imported = try Recorder(id: "UC-0001", by: "sam", at: Fx.daysAgo(50))
        imported.record(.return, EventDetails(from: "scoped", to: "implementation", comment: "imported pilot"), as: "sam", at: Fx.daysAgo(49))
        #expect(reason(.riskNotEngaged, imported.uc, events: imported.events)?.message == "risk reviewer never engaged before implementation")

        // Walked through specification with the risk reviewer's approval: engaged.
        var walked = try Recorder(id: "UC-0002", at: Fx.daysAgo(50))
        try walked.scopeFully(at: Fx.daysAgo(49))
        try walked.act(.advance(comment: nil), as: "alex", at: Fx.daysAgo(48))
        try walked.act(.assign(role: "risk_reviewer", person: "priya"), as: "sam", at: Fx.daysAgo(47))
        try walked.act(.evidence(control: "spec-reference", ref: "docs/spec.md", note: nil), as: "sam", at: Fx.daysAgo(47))
        try walked.act(.approve(comment: nil), as: "priya", at: Fx.daysAgo(46))
        try walked.act(.advance(comment: nil), as: "sam", at: Fx.daysAgo(45))
        #expect(walked.uc.stage == "implementation")
        #expect(!codes(walked.uc, events: walked.events).contains(.riskNotEngaged))

        // A risk reviewer named only after the move does not count.
        var late = try Recorder(id: "UC-0003", at: Fx.daysAgo(50))
        late.record(.advance, EventDetails(from: "scoped", to: "implementation"), as: "sam", at: Fx.daysAgo(40))
        try late.act(.assign(role: "risk_reviewer", person: "priya"), as: "alex", at: Fx.daysAgo(30))
        try late.act(.comment(text: "looking now"), as: "priya", at: Fx.daysAgo(29))
        #expect(codes(late.uc, events: late.events).contains(.riskNotEngaged))

        // Readers pass only the start of each log, up to the first entry into build: same answer.
        for r in [imported, walked, late] {
            #expect(Triage.needsHistory(r.uc, policy: Fx.policy))
            var prefix: [AuditEvent] = []
            for e in r.events.sorted(by: { $0.seq < $1.seq }) {
                prefix.append(e)
                if Triage.endsNeededHistory(e, policy: Fx.policy) { break }
            }
            #expect(codes(r.uc, events: prefix) == codes(r.uc, events: r.events))
            if r.uc.id == late.uc.id { #expect(prefix.count == 2 && r.events.count == 4) }   // the later events are not needed
        }
        #expect(!Triage.needsHistory(Fx.useCase(stage: "specification"), policy: Fx.policy))

        // In specification with a risk reviewer named: not yet a pattern; with none named, it is.
        #expect(!codes(Fx.ready(stage: "specification")).contains(.riskNotEngaged))
        #expect(reason(.riskNotEngaged, Fx.useCase(stage: "specification"))?.message
                == "no risk reviewer named, and already in Specification: risk must join before build")
        #expect(!codes(Fx.useCase(stage: "scoped")).contains(.riskNotEngaged))
    }

    @Test func riskNotEngagedWithoutALog() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.owners["risk_reviewer"] = nil
        #expect(codes(uc).contains(.riskNotEngaged))
    }

    @Test func noOpsOwnerByCheckpoint() {
        var uc = Fx.ready(stage: "implementation")
        uc.owners["ops_owner"] = nil
        #expect(!codes(uc).contains(.noOpsOwner))
        uc.stage = "checkpoint"
        #expect(reason(.noOpsOwner, uc)?.message == "no operations owner named, and already in Checkpoint review")
    }

    @Test func metricNotOperational() {
        #expect(Triage.metricProblem("") == "no success metric")
        #expect(Triage.metricProblem("Great demo for the board") == "success metric is about a demo, not operations: Great demo for the board")
        #expect(Triage.metricProblem("Positive feedback from 3 stakeholders")?.hasPrefix("success metric is about a demo") == true)
        #expect(Triage.metricProblem("Customers are happier") == "success metric has no measurable target: Customers are happier")
        #expect(Triage.metricProblem("Median review time under 5 minutes per file") == nil)
        // "democratise" is not "demo".
        #expect(Triage.metricProblem("Democratise access: 500 weekly users") == nil)
        var uc = Fx.ready(stage: "scoped")
        uc.metric = "wow factor"
        #expect(codes(uc) == [.metricNotOperational])
    }

    @Test func approvalWaiting() {
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        uc.stageEnteredAt = Fx.daysAgo(6)
        uc.approvals = [Fx.approval("alex", "business_owner", on: uc)]
        let r = reason(.approvalWaiting, uc)
        #expect(r?.message == "checkpoint approval waiting 6 days: approval from risk_reviewer missing (0 of 1)")
        #expect(r?.daysPast == 1)
        uc.stageEnteredAt = Fx.daysAgo(4)
        #expect(reason(.approvalWaiting, uc) == nil)
    }

    @Test func waiverExpiringAndExpired() {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["eval-report"] = nil
        uc.waivers = [Waiver(control: "eval-report", by: "omar", reason: "r", at: Fx.daysAgo(20), until: Fx.day("2026-11-29"))]
        #expect(reason(.waiverExpiring, uc)?.message == "waiver for eval-report expires 2026-11-29 (in 3 days)")
        uc.waivers[0].until = Fx.day("2026-12-20")
        #expect(!codes(uc).contains(.waiverExpiring))
        uc.waivers[0].until = Fx.day("2026-11-20")
        let r = reason(.waiverExpired, uc)
        #expect(r?.message == "waiver for eval-report expired 2026-11-20")
        #expect(r?.daysPast == 5)
        // A waiver on a control satisfied since is not a concern.
        uc.controls["eval-report"] = ControlState(evidence: [Evidence(ref: "e", by: "sam", at: Fx.daysAgo(1))])
        #expect(!codes(uc).contains(.waiverExpired))
    }

    @Test func reviewOverdue() {
        var uc = Fx.ready(stage: "production")
        uc.stageEnteredAt = Fx.date("2026-08-01T00:00:00Z")
        let r = reason(.reviewOverdue, uc)
        #expect(r?.message == "production review overdue since 2026-10-30")
        #expect(r?.daysPast == 27)
    }

    @Test func haltedForTooLong() {
        var uc = Fx.ready(stage: "production")
        uc.halted = Halt(by: "kim", at: Fx.daysAgo(3), reason: "drift")
        #expect(!codes(uc).contains(.halted))
        uc.halted = Halt(by: "kim", at: Fx.daysAgo(12), reason: "drift")
        #expect(reason(.halted, uc)?.message == "halted 12 days by Kim Park: drift")
    }

    @Test func parkedSuppressesStallingUntilItsReviewDate() {
        var uc = Fx.ready(stage: "implementation")
        uc.stageEnteredAt = Fx.daysAgo(80)
        uc.parked = Park(by: "alex", at: Fx.daysAgo(10), reason: "budget freeze", review: Fx.day("2026-12-15"))
        #expect(codes(uc).isEmpty)
        uc.parked?.review = Fx.day("2026-11-20")
        #expect(codes(uc) == [.stalled, .parkOverdue])
        #expect(reason(.parkOverdue, uc)?.message == "parked past its review date 2026-11-20: budget freeze")
    }

    @Test func retiredIsNeverListed() {
        var uc = Fx.useCase(stage: "retired")
        uc.stageEnteredAt = Fx.daysAgo(500)
        #expect(Triage.rank([uc], policy: Fx.policy, events: [], now: Fx.now).isEmpty)
    }
}

@Suite struct TriageOrderTests {
    @Test func worstFirstWithDeterministicTies() {
        var halted = Fx.ready(stage: "production")
        halted.id = "UC-0003"
        halted.halted = Halt(by: "kim", at: Fx.daysAgo(20), reason: "r")          // 40 + 6
        var stalled = Fx.ready(stage: "implementation")
        stalled.id = "UC-0002"
        stalled.stageEnteredAt = Fx.daysAgo(75)                                      // 30 + 15
        var metricA = Fx.ready(stage: "scoped")
        metricA.id = "UC-0009"
        metricA.metric = ""                                                          // 10
        metricA.stageEnteredAt = Fx.daysAgo(3)
        var metricB = metricA
        metricB.id = "UC-0004"                                                       // 10, same days
        var metricC = metricA
        metricC.id = "UC-0010"
        metricC.stageEnteredAt = Fx.daysAgo(5)                                       // 10, older
        let ranked = Triage.rank([metricA, stalled, metricB, halted, metricC], policy: Fx.policy, events: [], now: Fx.now)
        #expect(ranked.map(\.id) == ["UC-0003", "UC-0002", "UC-0010", "UC-0004", "UC-0009"])
        #expect(ranked.map(\.severity) == [46, 45, 10, 10, 10])
    }

    @Test func severityIsTheSumOfReasonScores() {
        var uc = Fx.ready(stage: "checkpoint")
        uc.owners["business_owner"] = nil
        uc.owners["ops_owner"] = nil
        uc.stageEnteredAt = Fx.daysAgo(10)   // stalled (SLA 7): 30 + 1; approvals waiting: 15 + 2
        let entry = Triage.rank([uc], policy: Fx.policy, events: [], now: Fx.now)[0]
        #expect(entry.reasons.map(\.code) == [.stalled, .noBusinessOwner, .noOpsOwner, .approvalWaiting])
        #expect(entry.severity == 31 + 25 + 15 + 17)
    }
}

/// `approver_away`: an approval only an away person can give.
@Suite struct ApproverAwayTests {
    func policy(away person: PersonID, until: String = "2026-12-05") -> Policy {
        var p = Fx.policy
        p.away = [AwayPeriod(person: person, from: Fx.day("2026-11-20"), until: Fx.day(until))]
        return p
    }

    @Test func anApprovalWaitingOnSomeoneAway() {
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        uc.stageEnteredAt = Fx.daysAgo(2)
        uc.approvals = [Fx.approval("alex", "business_owner", on: uc)]
        let reasons = Triage.reasons(for: uc, policy: policy(away: "priya"), events: [], now: Fx.now)
        let r = reasons.first { $0.code == .approverAway }
        #expect(r?.message == "checkpoint approval as risk reviewer waits on Priya Raman, away until 2026-12-05; "
            + "nobody is delegated to give it (gateboard delegate --as priya --to PERSON --until DAY --role risk_reviewer)")
        #expect(r?.score == 20)
        // Back from leave, someone else away, or the approval given: no reason.
        #expect(!Triage.reasons(for: uc, policy: policy(away: "priya", until: "2026-11-25"), events: [], now: Fx.now)
            .contains { $0.code == .approverAway })
        #expect(!Triage.reasons(for: uc, policy: policy(away: "kim"), events: [], now: Fx.now).contains { $0.code == .approverAway })
        uc.approvals.append(Fx.approval("priya", "risk_reviewer", on: uc))
        #expect(!Triage.reasons(for: uc, policy: policy(away: "priya"), events: [], now: Fx.now).contains { $0.code == .approverAway })
    }

    @Test func anyHolderRulesAreNotStuck() {
        var p = policy(away: "priya")
        let i = p.gates.firstIndex { $0.from == "checkpoint" }!
        p.gates[i] = Gate(from: "checkpoint", base: GateRequirements(approvals: [ApprovalRule(role: "risk_reviewer", anyHolder: true)]))
        var uc = Fx.ready(stage: "checkpoint", tier: "low")
        uc.stageEnteredAt = Fx.daysAgo(2)
        #expect(!Triage.reasons(for: uc, policy: p, events: [], now: Fx.now).contains { $0.code == .approverAway })
    }
}
