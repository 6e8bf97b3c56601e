import Foundation
import Testing
@testable import GateboardCore

/// Monitors and signals: levels, transitions only, ordering by time, triggers, and every
/// kind of bad sample refusing the use case's whole batch.
@Suite struct SignalTests {
    static let precision = MonitorRule(name: "precision", tiers: ["medium"], direction: .below, warn: 0.9, breach: 0.85,
                                       staleAfterDays: 3, onBreach: .retrain)
    static let complaints = MonitorRule(name: "complaints", tiers: ["medium"], direction: .above, warn: 5, breach: 20,
                                        staleAfterDays: 7, onBreach: .incident, severity: 2)

    static var policy: Policy {
        var p = Fx.policy
        p.monitors = [precision, complaints]
        p.people.append(Person(id: "bot", name: "Monitoring job", function: "service", roles: []))
        return p
    }

    static func live() -> UseCase {
        var uc = Fx.ready(stage: "production")
        uc.stageEnteredAt = Fx.daysAgo(20)
        return uc
    }

    func sample(_ monitor: String, _ value: Double, daysAgo: Double, line: Int) -> Sample {
        Sample(useCase: "UC-0007", monitor: monitor, value: value, at: Fx.daysAgo(daysAgo), line: line)
    }

    func decide(_ samples: [Sample], on uc: UseCase = SignalTests.live(), as actor: PersonID = "kim",
                latest: [String: LatestSample] = [:]) throws(SampleProblem) -> SignalDecider.Decision {
        try SignalDecider.decide(samples, on: uc, actor: actor, policy: Self.policy, now: Fx.now, latest: latest)
    }

    /// Applies a decision's events as the store records them.
    func apply(_ d: SignalDecider.Decision, to uc: UseCase, as actor: PersonID = "kim") throws -> UseCase {
        var uc = uc
        for details in d.events {
            let e = AuditEvent(seq: uc.audit.seq + 1, id: "m\(uc.audit.seq + 1)", at: Fx.now, actor: actor, osUser: "t",
                               action: .monitor, useCase: uc.id, details: details)
            uc = try uc.applying(e)
            uc.audit.seq += 1
        }
        return uc
    }

    @Test func levels() {
        #expect(Self.precision.level(of: 0.95) == .ok)
        #expect(Self.precision.level(of: 0.9) == .warn)
        #expect(Self.precision.level(of: 0.85) == .breach)
        #expect(Self.complaints.level(of: 4) == .ok)
        #expect(Self.complaints.level(of: 5) == .warn)
        #expect(Self.complaints.level(of: 25) == .breach)
    }

    @Test func onlyTransitionsOrderedByTime() throws {
        // Out of order on purpose: taken by `at`: 0.95 ok, 0.96 ok, 0.88 warn, 0.80 breach, 0.94 ok.
        let d = try decide([sample("precision", 0.80, daysAgo: 2, line: 4), sample("precision", 0.95, daysAgo: 5, line: 1),
                            sample("precision", 0.88, daysAgo: 3, line: 3), sample("precision", 0.96, daysAgo: 4, line: 2),
                            sample("precision", 0.94, daysAgo: 1, line: 5)])
        #expect(d.events.map { $0.level } == [.ok, .warn, .breach, .ok])
        #expect(d.events.map { $0.value } == [0.95, 0.88, 0.80, 0.94])
        #expect(d.events[2].trigger == .retrain)
        #expect(d.latest["precision"] == LatestSample(value: 0.94, at: Fx.daysAgo(1), source: nil))
        let uc = try apply(d, to: Self.live())
        #expect(uc.monitors["precision"]?.level == .ok)
        #expect(uc.monitors["precision"]?.breaches == 1)
        #expect(uc.monitors["precision"]?.pending == .retrain)   // recovering does not retrain the model
    }

    @Test func aBreachOpensItsIncidentInTheSameEvent() throws {
        let d = try decide([sample("complaints", 37, daysAgo: 1, line: 1)], as: "bot")
        #expect(d.events.count == 1)
        #expect(d.events[0].trigger == .incident)
        let uc = try apply(d, to: Self.live(), as: "bot")
        let i = try #require(uc.incident(1))
        #expect(i.severity == 2)
        #expect(i.owner == "kim")
        #expect(i.openedBy == "bot")
        #expect(i.summary.contains("complaints"))
    }

    @Test func aBreachOnAHaltedUseCaseSetsNothingOff() throws {
        var halted = Self.live()
        halted.halted = Halt(by: "kim", at: Fx.daysAgo(3), reason: "manual")
        let d = try decide([sample("complaints", 37, daysAgo: 1, line: 1)], on: halted)
        #expect(d.events.count == 1)
        #expect(d.events[0].level == .breach)
        #expect(d.events[0].trigger == nil)
        #expect(d.notes.first?.contains("is halted") == true)
        #expect(try apply(d, to: halted).incidents.isEmpty)
    }

    @Test func aGapLongerThanStaleAfterDaysRecordsSilence() throws {
        var uc = try apply(try decide([sample("precision", 0.95, daysAgo: 10, line: 1)]), to: Self.live())
        let d = try decide([sample("precision", 0.96, daysAgo: 1, line: 1)], on: uc)
        #expect(d.events.map { $0.level } == [.silent, .ok])
        #expect(d.events[0].sampleAt == Fx.daysAgo(10).addingTimeInterval(3 * 86400))
        uc = try apply(d, to: uc)
        #expect(uc.monitors["precision"]?.level == .ok)
        // The board shows silence at read time too.
        #expect(SignalDecider.level(Self.precision, on: uc, latest: nil, now: Fx.now.addingTimeInterval(5 * 86400)) == .silent)
    }

    @Test func pendingTriggersAreSettledByTheActTheyAskFor() throws {
        var uc = try apply(try decide([sample("precision", 0.5, daysAgo: 1, line: 1)]), to: Self.live())
        #expect(uc.monitors["precision"]?.pending == .retrain)
        uc = try perform(.change(kind: .prompt, summary: "tweak"), on: uc, as: "sam", policy: Self.policy)
        #expect(uc.monitors["precision"]?.pending == .retrain)   // a prompt change is no retraining
        var again = try apply(try decide([sample("precision", 0.5, daysAgo: 1, line: 1)]), to: Self.live())
        again = try perform(.change(kind: .data, summary: "retrained on Q4 data"), on: again, as: "sam", policy: Self.policy)
        #expect(again.monitors["precision"]?.pending == nil)
    }

    /// A hand-edited latest-samples file dated in the future neither hides silence nor blocks samples.
    @Test func aFutureLatestSampleIsIgnored() throws {
        let future = ["precision": LatestSample(value: 0.95, at: Fx.now.addingTimeInterval(365 * 86400), source: nil)]
        #expect(SignalDecider.level(Self.precision, on: Self.live(), latest: future["precision"], now: Fx.now) == .silent)
        let d = try decide([sample("precision", 0.95, daysAgo: 1, line: 1)], latest: future)
        #expect(d.events.map { $0.level } == [.ok])
    }

    @Test func badSamplesRefuseTheBatch() {
        let ok = sample("precision", 0.95, daysAgo: 2, line: 1)
        func problem(_ samples: [Sample], on uc: UseCase = SignalTests.live(), as actor: PersonID = "kim",
                     latest: [String: LatestSample] = [:]) -> SampleProblem? {
            do { _ = try decide(samples, on: uc, as: actor, latest: latest); return nil } catch { return error }
        }
        #expect(problem([ok, sample("recall", 0.9, daysAgo: 1, line: 2)])?.line == 2)
        #expect(problem([ok, sample("recall", 0.9, daysAgo: 1, line: 2)])?.message.contains("no monitor 'recall'") == true)
        #expect(problem([ok, sample("precision", .nan, daysAgo: 1, line: 2)])?.message.contains("finite") == true)
        #expect(problem([ok, sample("precision", .infinity, daysAgo: 1, line: 2)])?.line == 2)
        #expect(problem([ok, sample("precision", 0.9, daysAgo: -1, line: 2)])?.message.contains("in the future") == true)
        #expect(problem([ok, sample("precision", 0.9, daysAgo: 30, line: 2)])?.message.contains("before UC-0007 reached production") == true)
        let dup = problem([ok, sample("precision", 0.91, daysAgo: 2, line: 7)])
        #expect(dup?.line == 7)
        #expect(dup?.message.contains("duplicate") == true && dup?.message.contains("line 1") == true)
        let taken = problem([ok], latest: ["precision": LatestSample(value: 0.95, at: Fx.daysAgo(2), source: nil)])
        #expect(taken?.message.contains("already taken") == true)
        #expect(problem([ok], as: "alex")?.code == .notAllowedRole)   // the business owner does not send signals
        #expect(problem([ok], as: "sam") == nil)                     // the technical owner does
        #expect(problem([ok], on: Fx.ready(stage: "release"))?.code == .notInProduction)
    }
}
