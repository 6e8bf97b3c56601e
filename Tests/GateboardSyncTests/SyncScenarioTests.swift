import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

extension Clone {
    func create(_ title: String, as actor: PersonID = "ana", at time: String) throws -> UseCaseID {
        try act(.create(title: title, tier: "medium", problem: "Analysts re-key documents by hand.",
                        metric: "Median handling time under 4 minutes"), on: nil, as: actor, at: time).useCase.id
    }

    func toImplementation(_ id: UseCaseID, day: String) throws {
        try act(.assign(role: "business_owner", person: "ana"), on: id, as: "ana", at: "\(day)T09:00:00Z")
        try act(.assign(role: "technical_owner", person: "ben"), on: id, as: "ana", at: "\(day)T09:01:00Z")
        try act(.advance(comment: "scoped"), on: id, as: "ana", at: "\(day)T09:02:00Z")
        try act(.assign(role: "risk_reviewer", person: "rita"), on: id, as: "ana", at: "\(day)T09:03:00Z")
        try act(.evidence(control: "spec-reference", ref: "docs/spec.md@v1", note: nil), on: id, as: "ben", at: "\(day)T09:04:00Z")
        try act(.approve(comment: "risk review done"), on: id, as: "rita", at: "\(day)T09:05:00Z")
        try act(.advance(comment: nil), on: id, as: "ben", at: "\(day)T09:06:00Z")
    }

    func toCheckpoint(_ id: UseCaseID, day: String) throws {
        try act(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: ["model": "models/m@3"]), on: id, as: "ben", at: "\(day)T10:00:00Z")
        try act(.assign(role: "ops_owner", person: "olga"), on: id, as: "ana", at: "\(day)T10:01:00Z")
        try act(.evidence(control: "eval-report", ref: "evals/v3.html", note: nil), on: id, as: "ben", at: "\(day)T10:02:00Z")
        try act(.evidence(control: "rollback-plan", ref: "runbooks/rollback.md", note: nil), on: id, as: "ben", at: "\(day)T10:03:00Z")
        try act(.evidence(control: "monitoring-plan", ref: "dashboards/m", note: nil), on: id, as: "olga", at: "\(day)T10:04:00Z")
        try act(.advance(comment: nil), on: id, as: "ben", at: "\(day)T10:05:00Z")
    }

    func stage(_ id: UseCaseID) throws -> StageID { try store.load().useCase(id)!.stage }
}

@Suite(.serialized) struct SyncScenarioTests {
    /// The same concurrent work, synced in different orders, gives the same board.
    @Test(arguments: [["b", "c", "a"], ["a", "b", "c"]])
    func syncOrderDoesNotChangeTheOutcome(order: [String]) throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let uc1 = try a.create("KYC document verification", at: "2026-10-01T08:00:00Z")
        try a.toImplementation(uc1, day: "2026-10-02")
        try a.toCheckpoint(uc1, day: "2026-10-03")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b"), c = try sandbox.clone("c")
        let clones = ["a": a, "b": b, "c": c]

        try a.act(.approve(comment: nil), on: uc1, as: "rita", at: "2026-10-23T09:00:00Z")
        try b.act(.approve(comment: nil), on: uc1, as: "ana", at: "2026-10-23T09:30:00Z")
        try c.act(.approve(comment: "again"), on: uc1, as: "rita", at: "2026-10-23T09:45:00Z")
        try a.act(.comment(text: "from a"), on: uc1, as: "ana", at: "2026-10-23T11:00:00Z")
        try c.act(.comment(text: "from c"), on: uc1, as: "olga", at: "2026-10-23T11:00:00Z")

        var conflicts: [MergeConflict] = []
        for name in order { conflicts += try clones[name]!.sync(push: true).conflicts }
        for name in order { conflicts += try clones[name]!.sync(push: true).conflicts }
        let snapshots = try [a, b, c].map { try $0.snapshot() }
        #expect(snapshots[0] == snapshots[1] && snapshots[1] == snapshots[2])
        let ids = try a.eventIDs()
        #expect(Set(ids).count == ids.count)
        for id in a.recorded + b.recorded + c.recorded { #expect(ids.contains(id)) }
        #expect(conflicts.map(\.rule) == [.duplicateApproval])
        for clone in [a, b, c] { #expect(try clone.store.verify().ok) }
        let uc = try #require(try b.store.load().useCase(uc1))
        #expect(uc.approvals.map(\.person).sorted() == ["ana", "rita"])
        #expect(uc.approvals.first { $0.person == "rita" }?.comment == nil)   // A's, the earlier, stands
    }

    @Test func threeClonesActingConcurrentlyConvergeWithEveryActionOnceAndEveryRuleExercised() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let uc1 = try a.create("KYC document verification", at: "2026-10-01T08:00:00Z")
        let uc2 = try a.create("Claims triage", at: "2026-10-01T08:01:00Z")
        let uc3 = try a.create("Support summaries", at: "2026-10-01T08:02:00Z")
        try a.toImplementation(uc1, day: "2026-10-02")
        try a.toCheckpoint(uc1, day: "2026-10-03")
        try a.toImplementation(uc2, day: "2026-10-04")
        let first = try a.sync(push: true)
        #expect(first.pushed)
        #expect(first.committed?.hasPrefix("gateboard: ") == true)
        let message = try a.git(["log", "-1", "--format=%B"])
        #expect(message.contains("- new \(uc1) by ana at 2026-10-01T08:00:00Z"))
        #expect(message.contains("- advance \(uc1) → implementation by ben"))

        let b = try sandbox.clone("b")
        let c = try sandbox.clone("c")

        // A: the checkpoint passes and moves on; a waiver; a halt; a new use case; a comment.
        try a.act(.approve(comment: "evals hold"), on: uc1, as: "rita", at: "2026-10-23T09:00:00Z")
        try a.act(.approve(comment: nil), on: uc1, as: "ana", at: "2026-10-23T10:00:00Z")
        try a.act(.advance(comment: nil), on: uc1, as: "rita", at: "2026-10-23T11:00:00Z")
        try a.act(.waive(control: "monitoring-plan", reason: "dashboard next sprint", until: Day("2026-11-30")!),
                  on: uc2, as: "pat", at: "2026-10-23T13:00:00Z")
        try a.act(.halt(reason: "drift in eval scores"), on: uc3, as: "olga", at: "2026-10-23T15:00:00Z")
        try a.act(.comment(text: "release prep starts Monday"), on: uc1, as: "ana", at: "2026-10-23T16:00:00Z")
        let fraud = try a.create("Fraud alerts", at: "2026-10-23T17:00:00Z")

        // B, at the same time: approves the checkpoint it still sees, sends it back, satisfies the control.
        try b.act(.approve(comment: "late sign-off"), on: uc1, as: "ana", at: "2026-10-23T11:15:00Z")
        try b.act(.returnTo(stage: "implementation", comment: "eval gap found"), on: uc1, as: "rita", at: "2026-10-23T11:30:00Z")
        try b.act(.evidence(control: "monitoring-plan", ref: "dashboards/claims", note: nil), on: uc2, as: "olga", at: "2026-10-23T14:00:00Z")

        // C, at the same time: halts too, comments on the same use case, creates a use case.
        try c.act(.halt(reason: "customer complaint"), on: uc3, as: "olga", at: "2026-10-23T15:30:00Z")
        try c.act(.comment(text: "ops review booked"), on: uc1, as: "olga", at: "2026-10-23T16:05:00Z")
        let churn = try c.create("Churn model", at: "2026-10-23T17:10:00Z")
        #expect(churn == fraud)   // the same next id on two clones

        // Sync in an order that makes each merge do real work.
        let cFirst = try c.sync(push: true)
        #expect(cFirst.pushed && cFirst.merge == .upToDate)
        let aSecond = try a.sync(push: true)
        #expect(aSecond.merge == .merged)
        #expect(aSecond.renumbered == [Renumbering(from: fraud, to: "UC-0005")])
        let bThird = try b.sync(push: true)
        #expect(bThird.merge == .merged)
        let aLast = try a.sync(push: false), cLast = try c.sync(push: false)
        #expect(aLast.merge == .fastForward && cLast.merge == .fastForward)

        let rules = (aSecond.conflicts + bThird.conflicts).map(\.rule).sorted { $0.rawValue < $1.rawValue }
        #expect(rules == [.divergentMove, .duplicateHalt, .staleGate, .waiverForSatisfiedControl])

        // Every clone has the same board, byte for byte.
        let snapshots = try [a, b, c].map { try $0.snapshot() }
        #expect(snapshots[0] == snapshots[1])
        #expect(snapshots[0] == snapshots[2])
        // Every action from every clone is there exactly once.
        let ids = try a.eventIDs()
        #expect(Set(ids).count == ids.count)
        for id in a.recorded + b.recorded + c.recorded { #expect(ids.contains(id), "event \(id) lost") }
        #expect(ids.filter { $0.hasPrefix("conflict-") }.count == 4)
        // Validate and verify pass on every clone.
        for clone in [a, b, c] {
            let board = try clone.store.load()
            #expect(board.useCases.count == 5)
            let report = try clone.store.verify()
            #expect(report.ok, "\(report.problems)")
        }
        // The rules decided the outcome.
        let board = try b.store.load()
        #expect(board.useCase(uc1)?.stage == "release")           // the earlier move stands
        #expect(board.useCase(uc1)?.approvals.isEmpty == true)    // the stale approval did not carry over
        #expect(board.useCase(uc2)?.waivers.isEmpty == true)      // the evidence stands
        #expect(board.useCase(uc3)?.halted?.reason == "drift in eval scores")
        #expect(board.useCase("UC-0004")?.title == "Churn model")
        #expect(board.useCase("UC-0005")?.title == "Fraud alerts")
        // Nothing is pending anywhere.
        for clone in [a, b, c] {
            #expect(UnsyncedActions.of(board: clone.board, environment: sandbox.env) == UnsyncedActions(uncommittedFiles: 0, commitsAhead: 0))
        }
    }

    @Test func boardEventsFromBothSidesAreKeptAndRechained() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        _ = try a.store.appendBoardEvent(.standup, details: EventDetails(), actor: "ana", osUser: "ana", now: Clone.at("2026-10-01T09:00:00Z"))
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        let ea = try a.store.appendBoardEvent(.standup, details: EventDetails(), actor: "ana", osUser: "ana", now: Clone.at("2026-10-02T09:00:00Z"))
        let eb = try b.store.appendBoardEvent(.standup, details: EventDetails(), actor: "ben", osUser: "ben", now: Clone.at("2026-10-02T09:05:00Z"))
        _ = try a.sync(push: true)
        let report = try b.sync(push: true)
        #expect(report.merge == .merged)
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        let ids = try b.store.boardEvents().map(\.id)
        #expect(ids.count == 3 && ids.contains(ea.id) && ids.contains(eb.id))
        #expect(try b.store.verify().ok)
    }

    @Test func stopShipAndRejectionsAreNotOverriddenSilently() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let ready = try a.create("Claims triage", at: "2026-10-01T08:00:00Z")
        try a.toImplementation(ready, day: "2026-10-02")
        try a.act(.assign(role: "ops_owner", person: "olga"), on: ready, as: "ana", at: "2026-10-03T08:00:00Z")
        for control in ["eval-report", "rollback-plan", "monitoring-plan"] {
            try a.act(.evidence(control: control, ref: "docs/\(control).md", note: nil), on: ready, as: "ben", at: "2026-10-03T09:00:00Z")
        }
        let review = try a.create("KYC", at: "2026-10-01T08:01:00Z")
        try a.toImplementation(review, day: "2026-10-04")
        try a.toCheckpoint(review, day: "2026-10-05")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")

        // A halts one use case; B, not knowing, advances it.
        try a.act(.halt(reason: "data leak suspected"), on: ready, as: "olga", at: "2026-10-10T10:00:00Z")
        try b.act(.advance(comment: nil), on: ready, as: "ben", at: "2026-10-10T10:30:00Z")
        // On A the checkpoint is approved and advanced; on B the reviewer changes her mind.
        try a.act(.approve(comment: nil), on: review, as: "rita", at: "2026-10-10T09:00:00Z")
        try a.act(.approve(comment: nil), on: review, as: "ana", at: "2026-10-10T10:00:00Z")
        try b.act(.reject(comment: "bias evaluation missing"), on: review, as: "rita", at: "2026-10-10T10:30:00Z")
        try a.act(.advance(comment: nil), on: review, as: "rita", at: "2026-10-10T11:00:00Z")

        _ = try a.sync(push: true)
        let report = try b.sync(push: true)
        _ = try a.sync(push: false)
        let rules: [ConflictRule] = report.conflicts.map(\.rule).sorted { (x: ConflictRule, y: ConflictRule) in x.rawValue < y.rawValue }
        #expect(rules == [ConflictRule.advanceWhileHalted, .moveOverRejection])
        #expect(report.conflicts.first { $0.rule == .moveOverRejection }?.explanation.contains("bias evaluation missing") == true)
        let board = try a.store.load()
        #expect(board.useCase(ready)?.stage == "implementation")
        #expect(board.useCase(ready)?.halted?.reason == "data leak suspected")
        #expect(board.useCase(review)?.stage == "release")
        #expect(try a.snapshot() == b.snapshot())
        #expect(try a.store.verify().ok)
    }

    @Test func boardAtTheRepositoryTopLevel() throws {
        let sandbox = try GitSandbox(boardFolder: "")
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.sync(push: true)
        let b = try sandbox.clone("b")
        try a.act(.halt(reason: "a"), on: id, as: "olga", at: "2026-10-02T08:00:00Z")
        try b.act(.halt(reason: "b"), on: id, as: "olga", at: "2026-10-02T09:00:00Z")
        try "unrelated\n".write(to: b.dir.appendingPathComponent("NOTES.txt"), atomically: true, encoding: .utf8)
        _ = try a.sync(push: true)
        let report = try b.sync(push: true)
        #expect(report.conflicts.map(\.rule) == [.duplicateHalt])
        _ = try a.sync(push: false)
        #expect(try a.snapshot() == b.snapshot())
        #expect(try b.store.verify().ok)
        #expect(try b.git(["status", "--porcelain"]) == "?? NOTES.txt\n")
        #expect(try b.git(["ls-files"]).contains(".gitattributes\n"))
    }
}
