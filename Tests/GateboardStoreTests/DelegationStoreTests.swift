import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// An insider who appends a decision claiming a delegation nobody gave (a well-chained line,
/// no refusal in the way): it does not count, and verify names it. The same claim under a
/// delegation in force at its time counts and verifies.
@Suite struct DelegationStoreTests {
    static let people = """
      - {id: alex, name: Alex Example, function: product, roles: [business_owner]}
      - {id: sam, name: Sam Example, function: engineering, roles: [technical_owner]}
      - {id: rio, name: Rio Example, function: risk, roles: [risk_reviewer]}
      - {id: ria, name: Ria Example, function: risk, roles: [risk_reviewer]}
    """

    /// UC-0001 with rio as risk reviewer and ria's approval "for rio" under a delegation
    /// nobody gave (`made-up`); returns the use case as created and the claim's details.
    @discardableResult
    static func claimedDelegation(_ b: TestBoard) throws -> (UseCase, EventDetails) {
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "D", people: Self.people))
        let uc = try b.create()
        try b.record(uc.id, .assign, EventDetails(role: "risk_reviewer", person: "rio"), at: TestBoard.t0.addingTimeInterval(60))
        var forged = EventDetails(stage: "scoped", role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis)
        (forged.onBehalfOf, forged.delegation) = ("rio", "made-up")
        try b.record(uc.id, .approve, forged, by: "ria", at: TestBoard.t0.addingTimeInterval(120))
        return (uc, forged)
    }

    @Test func aClaimedDelegationNobodyGaveDoesNotCountAndVerifySaysSo() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let (uc, forged) = try Self.claimedDelegation(b)
        let state = try b.store.recordedUseCase(uc.id)
        #expect(state.approvals.first?.signature.counts == false)
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.message.contains("approve by ria for rio): no delegation from rio to ria in risk_reviewer") },
                "\(report.problems)")

        // A real delegation, then the same kind of decision under it: counted, and no new problem.
        let d = try b.store.delegate(to: "ria", role: nil, start: nil, until: Day(containing: TestBoard.t0).adding(days: 5),
                                     actor: "rio", osUser: "rio", now: TestBoard.t0.addingTimeInterval(180))
        var honest = forged
        honest.delegation = d.event.id
        try b.record(uc.id, .approve, honest, by: "ria", at: TestBoard.t0.addingTimeInterval(240))
        #expect(try b.store.recordedUseCase(uc.id).approvals.last?.signature.counts == true)
        #expect(try b.store.verify().problems.count == report.problems.count)
        // The board's delegations come from the log, not from any file to edit.
        #expect(try b.store.loadPolicy().delegations.all.map(\.id) == [d.event.id])
    }

    @Test func aBoardLogThatDoesNotHoldGivesNoDelegationAndTakesNoNewOne() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "D", people: Self.people))
        let until = Day(containing: TestBoard.t0).adding(days: 5)
        try b.store.delegate(to: "ria", role: nil, start: nil, until: until, actor: "rio", osUser: "rio", now: TestBoard.t0)
        #expect(try b.store.loadPolicy().delegations.all.count == 1)
        try b.store.appendBoardEvent(.standup, details: EventDetails(), actor: "alex", osUser: "alex", now: TestBoard.t0.addingTimeInterval(30))
        // Hand-edited: Ria now claims the delegation runs a year longer (the next line's `prev` no
        // longer matches: the chain does not hold).
        var text = String(decoding: try b.read("audit/_board.jsonl"), as: UTF8.self)
        text = text.replacingOccurrences(of: until.description, with: until.adding(days: 365).description)
        try b.write("audit/_board.jsonl", text)
        #expect(try b.store.loadPolicy().delegations.isEmpty)
        let before = try b.read("audit/_board.jsonl")
        #expect(throws: BoardInvalid.self) {
            try b.store.delegate(to: "rio", role: nil, start: nil, until: until, actor: "ria", osUser: "ria", now: TestBoard.t0.addingTimeInterval(60))
        }
        #expect(try b.read("audit/_board.jsonl") == before)
    }

    /// Which delegated approvals count follows the board log, not the use case file: a sync that
    /// puts another clone's earlier cancel before an approval made under the delegation leaves
    /// the file as it was. A row `list` and the TUI take from the load cache must then say what
    /// `check` says, not what was counted when the row was cached.
    @Test func aCachedRowFollowsTheBoardsDelegations() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("gateboard.yaml", DefaultPolicyText.policyYAML(name: "D", people: Self.people))
        let uc = try b.create()
        try b.record(uc.id, .assign, EventDetails(role: "risk_reviewer", person: "rio"), at: TestBoard.t0.addingTimeInterval(60))
        let d = try b.store.delegate(to: "ria", role: nil, start: nil, until: Day(containing: TestBoard.t0).adding(days: 5),
                                     actor: "rio", osUser: "rio", now: TestBoard.t0.addingTimeInterval(120))
        var details = EventDetails(stage: "scoped", role: "risk_reviewer", digest: uc.materialDigest, basis: uc.materialBasis)
        (details.onBehalfOf, details.delegation) = ("rio", d.event.id)
        try b.record(uc.id, .approve, details, by: "ria", at: TestBoard.t0.addingTimeInterval(240))
        b.store.cacheClockOffsetNs = 10_000_000_000
        defer { b.store.cacheClockOffsetNs = 0 }
        let now = TestBoard.t0.addingTimeInterval(600)
        #expect(try b.store.loadRows(now: now).rows.first?.gate?.notCounted == [])
        #expect(try b.store.loadRows(now: now).rows.first?.gate?.notCounted == [])
        #expect(b.store.lastLoad.cached == 1, "the second load took the row from the cache")

        // Rio's cancel, recorded in another clone a minute before Ria approved, arrives by sync.
        try b.store.cancelDelegations(role: nil, to: "ria", actor: "rio", osUser: "rio", now: TestBoard.t0.addingTimeInterval(180))
        #expect(try b.store.recordedUseCase(uc.id).approvals.first?.signature.counts == false)
        let row = try #require(try b.store.loadRows(now: now).rows.first)
        #expect(row.gate?.notCounted.count == 1, "\(String(describing: row.gate))")
        #expect(row.gate?.notCounted.first?.contains("no delegation from rio to ria") == true, "\(String(describing: row.gate))")
    }
}
