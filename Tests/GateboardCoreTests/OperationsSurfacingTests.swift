import Foundation
import Testing
@testable import GateboardCore

/// Incidents and monitors surfaced: triage reasons and their weights, inbox needs, the
/// report's numbers, and the release gate's monitors-defined control.
@Suite struct OperationsSurfacingTests {
    static var policy: Policy {
        var p = SignalTests.policy
        p.controls.append(Control(id: "monitors-defined", title: "Production monitors defined", kind: .monitors,
                                  references: ["EU AI Act Art. 72"]))
        if let i = p.gates.firstIndex(where: { $0.from == "release" }) {
            p.gates[i].tiers["medium", default: GateRequirements()].controls.append("monitors-defined")
            p.gates[i].tiers["high", default: GateRequirements()].controls.append("monitors-defined")
        }
        return p
    }

    func codes(_ uc: UseCase, policy: Policy = OperationsSurfacingTests.policy, latest: [String: LatestSample] = [:],
               now: Date = Fx.now) -> [TriageReason] {
        Triage.reasons(for: uc, policy: policy, events: [], now: now, latest: latest).filter {
            [.incidentOpen, .incidentOverdue, .reportDue, .monitorBreach, .monitoringSilent, .noMonitors].contains($0.code)
        }
    }

    func fresh() -> LatestSample { LatestSample(value: 0.95, at: Fx.daysAgo(0.5), source: nil) }

    @Test func incidentsWeighBySeverityAndDeadlines() throws {
        var uc = SignalTests.live()
        uc = try perform(.incident(.open(severity: 1, summary: "leak", serious: .widespread, halt: false, owner: nil)), on: uc, as: "kim",
                         policy: Self.policy, at: Fx.daysAgo(3))
        uc = try perform(.incident(.open(severity: 4, summary: "typo", serious: nil, halt: false, owner: nil)), on: uc, as: "kim",
                         policy: Self.policy, at: Fx.daysAgo(0.01))
        let latest = ["precision": fresh(), "complaints": fresh()]
        let r = codes(uc, latest: latest)
        let open = r.filter { $0.code == .incidentOpen }
        #expect(open.map(\.score) == [60, 20])     // 20 + 40 for severity 1, 20 + 0 for severity 4
        let overdue = try #require(r.first { $0.code == .incidentOverdue })
        #expect(overdue.message.contains("#I1 not acknowledged"))
        #expect(overdue.score == 30 + 1)           // 3 days past: one point per two days
        let report = try #require(r.first { $0.code == .reportDue })
        #expect(report.message.contains("was due"))  // widespread: 2 days, opened 3 days ago
        #expect(report.score == 35)
        #expect(!r.contains { $0.code == .monitoringSilent })
    }

    @Test func monitorsInBreachSilentOrMissing() throws {
        var uc = SignalTests.live()
        let d = try SignalDecider.decide([Sample(useCase: "UC-0007", monitor: "precision", value: 0.5, at: Fx.daysAgo(1), line: 1)],
                                         on: uc, actor: "kim", policy: Self.policy, now: Fx.now, latest: [:])
        uc = try SignalTests().apply(d, to: uc)
        let r = codes(uc)
        #expect(r.contains { $0.code == .monitorBreach && $0.message.contains("precision") && $0.score == 25 })
        // complaints never reported since production began 20 days ago (silent after 7)
        let silent = try #require(r.first { $0.code == .monitoringSilent })
        #expect(silent.message.contains("complaints has never reported"))
        #expect(silent.daysPast == 13)
        // a halted use case is not nagged about silence
        var halted = uc
        halted.halted = Halt(by: "kim", at: Fx.now, reason: "r")
        #expect(!codes(halted).contains { $0.code == .monitoringSilent })
        // a medium-tier use case live without monitors while its tier requires them
        var bare = Self.policy
        bare.monitors = []
        #expect(codes(SignalTests.live(), policy: bare).map(\.code) == [.noMonitors])
        // a tier that does not require them: nothing
        var low = SignalTests.live()
        low.tier = "low"
        #expect(codes(low, policy: bare).isEmpty)
    }

    @Test func releaseNeedsMonitorsForMediumAndHigh() {
        var uc = Fx.ready(stage: "release")
        var bare = Self.policy
        bare.monitors = []
        let blocked = GateEngine.evaluate(uc, policy: bare, now: Fx.now).blockers.filter { $0.kind == .monitors }
        #expect(blocked.count == 1)
        #expect(blocked.first?.control == "monitors-defined")
        #expect(GateEngine.evaluate(uc, policy: Self.policy, now: Fx.now).blockers.allSatisfy { $0.kind != .monitors })
        uc.tier = "low"
        #expect(GateEngine.evaluate(uc, policy: bare, now: Fx.now).blockers.allSatisfy { $0.kind != .monitors })
        // not evidence: a link to a monitoring plan does not satisfy it
        var linked = Fx.ready(stage: "release")
        linked.controls["monitors-defined"] = ControlState(evidence: [Evidence(ref: "docs/monitoring.md", by: "kim", at: Fx.now)])
        #expect(GateEngine.evaluate(linked, policy: bare, now: Fx.now).blockers.contains { $0.kind == .monitors })
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.evidence(control: "monitors-defined", ref: "docs/m.md", note: nil), on: linked, actor: "kim",
                                     policy: bare, now: Fx.now)
        }
    }

    @Test func inboxNeeds() throws {
        var uc = SignalTests.live()
        uc.owners["stop_ship"] = nil
        uc = try perform(.incident(.open(severity: 2, summary: "wrong", serious: nil, halt: false, owner: "sam")), on: uc, as: "kim", policy: Self.policy)
        var p = Self.policy
        p.monitors[0].onBreach = .haltRequest
        var d = try SignalDecider.decide([Sample(useCase: "UC-0007", monitor: "precision", value: 0.5, at: Fx.daysAgo(1), line: 1)],
                                         on: uc, actor: "kim", policy: p, now: Fx.now, latest: [:])
        uc = try SignalTests().apply(d, to: uc)
        let sam = Inbox.entries(for: "sam", on: uc, policy: p, now: Fx.now)
        #expect(sam.contains { $0.need == .incident && $0.message.contains("UC-0007#I1") && $0.message.contains("acknowledge it") })
        let kim = Inbox.entries(for: "kim", on: uc, policy: p, now: Fx.now)
        #expect(kim.contains { $0.need == .haltRequest })
        #expect(!Inbox.entries(for: "sam", on: uc, policy: p, now: Fx.now).contains { $0.need == .haltRequest })
        #expect(Inbox.all(useCases: [uc], policy: p, now: Fx.now).contains { $0.person == "kim" && $0.entries.contains { $0.need == .haltRequest } })
        // halting settles the request
        let halted = try perform(.halt(reason: "breach"), on: uc, as: "kim", policy: p)
        #expect(!Inbox.entries(for: "kim", on: halted, policy: p, now: Fx.now).contains { $0.need == .haltRequest })
        // retrain goes to the technical owner
        var r = SignalTests.live()
        d = try SignalDecider.decide([Sample(useCase: "UC-0007", monitor: "precision", value: 0.5, at: Fx.daysAgo(1), line: 1)],
                                     on: r, actor: "kim", policy: Self.policy, now: Fx.now, latest: [:])
        r = try SignalTests().apply(d, to: r)
        #expect(Inbox.entries(for: "sam", on: r, policy: Self.policy, now: Fx.now).contains { $0.need == .retrain })
        #expect(!Inbox.entries(for: "kim", on: r, policy: Self.policy, now: Fx.now).contains { $0.need == .retrain })
    }

    @Test func reportNumbers() throws {
        var uc = SignalTests.live()
        uc = try perform(.incident(.open(severity: 2, summary: "a", serious: nil, halt: false, owner: nil)), on: uc, as: "kim", policy: Self.policy, at: Fx.daysAgo(40))
        uc = try perform(.incident(.ack(number: 1, note: nil)), on: uc, as: "kim", policy: Self.policy, at: Fx.daysAgo(40).addingTimeInterval(2 * 3600))
        uc = try perform(.incident(.resolve(number: 1, rootCause: "r", action: "a", change: nil)), on: uc, as: "kim", policy: Self.policy, at: Fx.daysAgo(39))
        uc = try perform(.incident(.open(severity: 2, summary: "b", serious: nil, halt: false, owner: nil)), on: uc, as: "kim", policy: Self.policy, at: Fx.daysAgo(2))
        uc = try perform(.incident(.ack(number: 2, note: nil)), on: uc, as: "kim", policy: Self.policy, at: Fx.daysAgo(2).addingTimeInterval(6 * 3600))
        let d = try SignalDecider.decide([Sample(useCase: "UC-0007", monitor: "precision", value: 0.5, at: Fx.daysAgo(1), line: 1)],
                                         on: uc, actor: "kim", policy: Self.policy, now: Fx.now, latest: [:])
        uc = try SignalTests().apply(d, to: uc)
        let r = OperationsReport.compute([uc])
        #expect(r.incidents == 2 && r.open == 1)
        #expect(r.months.map(\.month) == ["2026-10", "2026-11"])
        let sev2 = try #require(r.bySeverity.first)
        #expect(sev2.severity == 2)
        #expect(sev2.hoursToAck.median == 4 && sev2.hoursToAck.p90 == 6)
        #expect(sev2.hoursToResolve.count == 1 && sev2.hoursToResolve.median == 24)
        #expect(r.breaches.first?.id == "UC-0007" && r.breaches.first?.inBreach == ["precision"])
    }
}
