import Foundation
import Testing
@testable import GateboardCore

@Suite struct StandupTests {
    let since = Fx.daysAgo(1)

    @Test func defaultSinceIsTheLastStandupElseADayAgo() {
        let held = AuditEvent(seq: 1, id: "b1", at: Fx.daysAgo(3), actor: "alex", osUser: "t", action: .standup,
                              useCase: "_board", details: EventDetails())
        let later = AuditEvent(seq: 2, id: "b2", at: Fx.daysAgo(2), actor: "alex", osUser: "t", action: .standup,
                               useCase: "_board", details: EventDetails())
        #expect(Standup.defaultSince(boardEvents: [held, later], now: Fx.now) == Fx.daysAgo(2))
        #expect(Standup.defaultSince(boardEvents: [], now: Fx.now) == Fx.daysAgo(1))
    }

    /// UC-0001 moves forward today, UC-0002 is sent back today, UC-0003 is created today,
    /// UC-0004 was blocked already and only gets a comment.
    func board() throws -> (useCases: [UseCase], events: [AuditEvent]) {
        var a = try Recorder(id: "UC-0001", at: Fx.daysAgo(10))
        try a.scopeFully(at: Fx.daysAgo(9))
        try a.act(.advance(comment: nil), as: "alex", at: Fx.daysAgo(0.5))

        var b = try Recorder(id: "UC-0002", at: Fx.daysAgo(10))
        try b.scopeFully(at: Fx.daysAgo(9))
        try b.act(.advance(comment: nil), as: "alex", at: Fx.daysAgo(8))
        try b.act(.assign(role: "risk_reviewer", person: "priya"), as: "sam", at: Fx.daysAgo(8))
        try b.act(.approve(comment: "ok"), as: "priya", at: Fx.daysAgo(0.4))
        try b.act(.returnTo(stage: "scoped", comment: "rethink the metric"), as: "sam", at: Fx.daysAgo(0.3))

        let c = try Recorder(id: "UC-0003", title: "Fraud alert summaries", at: Fx.daysAgo(0.2))

        var d = try Recorder(id: "UC-0004", at: Fx.daysAgo(20))
        try d.act(.comment(text: "old news"), as: "zoe", at: Fx.daysAgo(5))
        try d.act(.comment(text: "still waiting for owners"), as: "zoe", at: Fx.daysAgo(0.1))
        return ([a.uc, b.uc, c.uc, d.uc], a.events + b.events + c.events + d.events)
    }

    @Test func changesSinceTheLastStandup() throws {
        let (ucs, events) = try board()
        let r = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now)
        #expect(r.changes.map(\.kind) == [.movedForward, .approval, .movedBack, .created, .comment])
        #expect(r.changes.map(\.id) == ["UC-0001", "UC-0002", "UC-0002", "UC-0003", "UC-0004"])
        #expect(r.changes[0].message == "Alex Morgan moved it from Scoped problem to Specification")
        #expect(r.changes[2].message == "Sam Lee sent it back from Specification to Scoped problem")
        #expect(r.changes[2].text == "rethink the metric")
        #expect(r.changes[4].text == "still waiting for owners")
        #expect(r.summary.movedForward == 1)
        #expect(r.summary.movedBack == 1)
        #expect(r.summary.approvalsGiven == 1)
    }

    @Test func newlyBlockedComparesWithTheStateAtSince() throws {
        let (ucs, events) = try board()
        let r = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now)
        let newly = r.items.filter(\.newlyBlocked).map(\.id).sorted()
        // UC-0001 passed scoped at `since` and is blocked in specification now; UC-0003 is new
        // and blocked; UC-0002 was already blocked in specification at `since`.
        #expect(newly == ["UC-0001", "UC-0003"])
        #expect(r.summary.newlyBlocked == 2)
        #expect(!r.items.first { $0.id == "UC-0004" }!.newlyBlocked)
        #expect(r.blocked.map(\.id).sorted() == ["UC-0001", "UC-0003", "UC-0004"])
    }

    @Test func unchangedUseCasesNeedNoHistory() throws {
        // The stand-up readers pass whole logs only for use cases that changed since `since`
        // (BoardStore.events(for:since:)); the report must be the same as with every log.
        let (ucs, events) = try board()
        var quiet = try Recorder(id: "UC-0005", at: Fx.daysAgo(10))
        try quiet.scopeFully(at: Fx.daysAgo(9))
        var stuck = try Recorder(id: "UC-0006", at: Fx.daysAgo(12))
        try stuck.act(.comment(text: "nobody here"), as: "zoe", at: Fx.daysAgo(11))
        let all = ucs + [quiet.uc, stuck.uc]
        let full = Standup.report(all, policy: Fx.policy, events: events + quiet.events + stuck.events, since: since, now: Fx.now)
        let changed = Set(events.filter { $0.at > since }.map(\.useCase))
        let partial = Standup.report(all, policy: Fx.policy, events: events.filter { changed.contains($0.useCase) },
                                     since: since, now: Fx.now)
        #expect(partial == full)
        #expect(!partial.items.first { $0.id == "UC-0006" }!.newlyBlocked)
        // A tail without the creation cannot say what the state was at `since`: not "newly".
        let tailOnly = Standup.report(ucs, policy: Fx.policy, events: events.filter { $0.at > since && $0.useCase == "UC-0001" },
                                      since: since, now: Fx.now)
        #expect(!tailOnly.items.first { $0.id == "UC-0001" }!.newlyBlocked)
    }

    @Test func unownedAndExpiringWaivers() throws {
        let (board, events) = try board()
        var ucs = board
        ucs[0].controls["spec-reference"] = nil
        ucs[0].waivers = [Waiver(control: "spec-reference", by: "omar", reason: "r", at: Fx.daysAgo(1), until: Fx.day("2026-11-28"))]
        let r = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now)
        #expect(r.summary.waiversExpiring == 1)
        // UC-0001 (specification: technical owner named) and UC-0002 (scoped: business owner named) are owned;
        // UC-0003 and UC-0004 have nobody named for scoped's business owner.
        #expect(r.summary.unowned == 2)
    }

    @Test func mustActComesFromTheInbox() throws {
        let (ucs, events) = try board()
        let r = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now)
        let sam = r.mustAct.first { $0.person == "sam" }
        // Sam owns specification for UC-0001: spec evidence, and naming the risk reviewer.
        #expect(sam?.ids == ["UC-0001"])
        let alex = r.mustAct.first { $0.person == "alex" }
        // Alex created UC-0003 and UC-0004 (no owners: falls to the submitter).
        #expect(alex?.ids == ["UC-0003", "UC-0004"])
        #expect(r.items.first { $0.id == "UC-0001" }?.mustAct == ["sam"])
    }

    @Test func orderByStageOrByOwner() throws {
        let (ucs, events) = try board()
        let byStage = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now, order: .stage)
        #expect(byStage.items.map(\.id) == ["UC-0002", "UC-0003", "UC-0004", "UC-0001"])
        #expect(byStage.items.map(\.group) == ["Scoped problem", "Scoped problem", "Scoped problem", "Specification"])
        let byOwner = Standup.report(ucs, policy: Fx.policy, events: events, since: since, now: Fx.now, order: .owner)
        // Grouped under who must act first (issue 15): UC-0003 and UC-0004 have no owner, so
        // their submitter Alex must act — they are not "Nobody accountable" while Alex is told to act.
        #expect(byOwner.items.map(\.group) == ["Alex Morgan", "Alex Morgan", "Alex Morgan", "Sam Lee"])
        #expect(byOwner.items.map(\.id) == ["UC-0002", "UC-0003", "UC-0004", "UC-0001"])
        for item in byOwner.items where !item.mustAct.isEmpty {
            #expect(item.mustAct.first.flatMap { Fx.policy.person($0)?.name } == item.group, "\(item.id)")
        }
    }

    @Test func changeSentences() throws {
        var r = try Recorder(id: "UC-0009", at: Fx.daysAgo(3))
        try r.act(.assign(role: "business_owner", person: "alex"), as: "alex", at: Fx.daysAgo(0.5))
        try r.act(.assign(role: "technical_owner", person: "sam"), as: "alex", at: Fx.daysAgo(0.5))
        try r.act(.edit(title: nil, problem: "p", metric: nil, tier: "high", artifacts: ["model": "m1"]), as: "alex", at: Fx.daysAgo(0.4))
        try r.act(.park(reason: "wait", review: Fx.day("2026-12-10")), as: "alex", at: Fx.daysAgo(0.3))
        try r.act(.escalate(to: "zoe", reason: "budget"), as: "alex", at: Fx.daysAgo(0.2))
        let report = Standup.report([r.uc], policy: Fx.policy, events: r.events, since: since, now: Fx.now)
        #expect(report.changes.map(\.message) == [
            "Alex Morgan took the role of business owner",
            "Alex Morgan named Sam Lee as technical owner",
            "Alex Morgan edited problem, risk tier and model",
            "Alex Morgan parked it until 2026-12-10",
            "Alex Morgan escalated it to Zoe Quinn",
        ])
        #expect(report.changes.map(\.kind) == [.owner, .owner, .edit, .parked, .escalation])
    }

    @Test func retiredOnlyWhenItChangedInTheWindow() throws {
        var old = try Recorder(id: "UC-0005", at: Fx.daysAgo(30))
        try old.act(.retire(reason: "duplicate"), as: "alex", at: Fx.daysAgo(20))
        var fresh = try Recorder(id: "UC-0006", at: Fx.daysAgo(30))
        try fresh.act(.retire(reason: "vendor product bought"), as: "alex", at: Fx.daysAgo(0.5))
        let r = Standup.report([old.uc, fresh.uc], policy: Fx.policy, events: old.events + fresh.events, since: since, now: Fx.now)
        #expect(r.items.map(\.id) == ["UC-0006"])
        #expect(r.changes.map(\.kind) == [.retired])
        #expect(r.blocked.isEmpty)
    }
}

@Suite struct PortfolioReportTests {
    @Test func distributions() {
        let d = DayDistribution([10, 2, 7, 4])
        #expect(d.count == 4)
        #expect(d.median == 5.5)
        #expect(d.p90 == 10)
        let odd = DayDistribution([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(odd.median == 6)
        #expect(odd.p90 == 10)
        #expect(DayDistribution([]).median == nil)
    }

    @Test func aLiveSystemSentBackIsNotAPilot() throws {
        var r = try Recorder(id: "UC-0001", at: Fx.daysAgo(100))
        r.record(.advance, EventDetails(from: "scoped", to: "production"), as: "sam", at: Fx.daysAgo(50))
        r.record(.change, EventDetails(from: "production", to: "checkpoint", kind: .model, summary: "v2"), as: "kim", at: Fx.daysAgo(5))
        let report = PortfolioReport.compute([r.uc], policy: Fx.policy, events: r.events, now: Fx.now)
        #expect(report.inPilot == 0)
        #expect(report.backInReview == 1)
        #expect(report.reachedProduction == 1)
        #expect(report.throughput.map(\.reachedProduction).reduce(0, +) == 1)
    }

    @Test func fromTheAuditLog() throws {
        var live = try Recorder(id: "UC-0001", at: Fx.date("2026-09-01T09:00:00Z"))
        let hops: [(StageID, StageID, String)] = [("scoped", "specification", "2026-09-11"), ("specification", "implementation", "2026-09-21"),
                                                  ("implementation", "checkpoint", "2026-10-21"), ("checkpoint", "release", "2026-10-26"),
                                                  ("release", "production", "2026-10-31")]
        for (from, to, day) in hops {
            live.record(.advance, EventDetails(from: from, to: to), as: "sam", at: Fx.date(day + "T09:00:00Z"))
        }
        var pilot = try Recorder(id: "UC-0002", at: Fx.date("2026-10-05T09:00:00Z"))
        pilot.record(.advance, EventDetails(from: "scoped", to: "specification"), as: "sam", at: Fx.date("2026-10-25T09:00:00Z"))
        var gone = try Recorder(id: "UC-0003", at: Fx.date("2026-11-02T09:00:00Z"))
        gone.record(.retire, EventDetails(from: "scoped", to: "retired", reason: "dup"), as: "alex", at: Fx.date("2026-11-10T09:00:00Z"))
        var waived = pilot.uc
        waived.waivers = [Waiver(control: "spec-reference", by: "omar", reason: "r", at: Fx.daysAgo(2), until: Fx.day("2026-12-06"))]

        let r = PortfolioReport.compute([live.uc, waived, gone.uc], policy: Fx.policy,
                                        events: live.events + pilot.events + gone.events, now: Fx.now)
        #expect(r.stages.map(\.count) == [0, 1, 0, 0, 0, 1, 1])
        #expect(r.reachedProduction == 1)
        #expect(r.inProduction == 1)
        #expect(r.inPilot == 1)
        #expect(r.backInReview == 0)
        #expect(r.pilots.map(\.id) == ["UC-0002"])
        #expect(r.pilots[0].days == 52)
        #expect(r.scopedToProduction == DayDistribution([60]))
        let scoped = r.stageDurations.first { $0.stage == "scoped" }!.days
        #expect(scoped == DayDistribution([10, 20, 8]))
        #expect(r.stageDurations.first { $0.stage == "implementation" }!.days.median == 30)
        #expect(r.throughput.map(\.month) == ["2026-09", "2026-10", "2026-11"])
        #expect(r.throughput.map(\.created) == [1, 1, 1])
        #expect(r.throughput.map(\.reachedProduction) == [0, 1, 0])
        #expect(r.throughput.map(\.retired) == [0, 0, 1])
        #expect(r.blockerAgeing.map(\.count) == [0, 0, 1, 0])
        #expect(r.blockersByKind == [.init(kind: .approval, count: 1)])
        #expect(r.waiversOpen == [.init(id: "UC-0002", control: "spec-reference", by: "omar", until: Fx.day("2026-12-06"), daysLeft: 10)])
    }
}

@Suite struct ReportChartTests {
    @Test func bars() {
        #expect(ReportChart.bar(0, of: 10) == "")
        #expect(ReportChart.bar(10, of: 10, width: 5) == "█████")
        #expect(ReportChart.bar(1, of: 100, width: 5) == "█")          // never invisible when above zero
        #expect(ReportChart.bar(5, of: 10, width: 6, ascii: true) == "###")
        #expect(ReportChart.bar(3, of: 0) == "")
    }

    @Test func sparklines() {
        #expect(ReportChart.sparkline([0, 1, 7]) == " ▂█")
        #expect(ReportChart.sparkline([0, 1, 7], ascii: true) == " :%")
        #expect(ReportChart.sparkline([]) == "")
        #expect(ReportChart.sparkline([0, 0]) == "  ")
    }

    @Test func distributionsInWords() {
        #expect(ReportChart.distribution(DayDistribution([])) == "no data yet")
        #expect(ReportChart.distribution(DayDistribution([1, 2])) == "median 1.5 days, p90 2 days (n=2)")
        #expect(ReportChart.days(12) == "12")
    }
}

@Suite struct BlankTextTests {
    /// `Wording.isBlank` replaced Foundation's trimming; it must judge every character alike.
    @Test func sameAsFoundationForEveryBMPCharacter() {
        for v in UInt32(0)...0xFFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            let text = " " + String(u) + "\t"
            #expect(Wording.isBlank(text) == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "U+\(String(v, radix: 16))")
        }
        #expect(Wording.isBlank(""))
        #expect(!Wording.isBlank("  x "))
    }
}
