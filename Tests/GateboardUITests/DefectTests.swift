import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15's defects 2–10, each through the reducer and the rendered screen (defect 1 is
/// `TargetTests`).
@Suite struct DefectTests {
    func lines(_ s: AppState) -> [String] { render(s).text.components(separatedBy: "\n") }

    // MARK: 2. A void approval is drawn as such, with why.

    @Test func voidApprovalIsShownVoidWithTheReasonInTheDetail() throws {
        var board = Fixture.board
        let i = board.useCases.firstIndex { $0.id == "UC-0001" }!
        board.useCases[i].artifacts["prompt"] = "prompts/triage.md@v7"    // changed after omar approved
        var s = Fixture.state(board: board)
        s.select(id: "UC-0001")
        s = Fixture.run(s, [.key(.enter)] + Array(repeating: Msg.key(.pageDown), count: 3)).0
        let detail = DetailView.lines(s.board.useCase("UC-0001")!, state: s, width: 118).map { $0.segments.map(\.text).joined() }
        let approval = try #require(detail.first { $0.contains("Omar Haddad as Risk reviewer") })
        #expect(!approval.contains("\u{2713}"), "a void approval must not carry the tick: \(approval)")
        #expect(approval.contains("VOID"), "\(approval)")
        #expect(approval.contains("prompt"), "the reason is shown: \(approval)")
    }

    // MARK: 3. The status word is never cut into its opposite.

    @Test func aRejectionThatDoesNotBlockIsNeverShownSatisfied() {
        let long = "rejected by Omar Haddad (risk_reviewer) on 2026-11-12: Targets offers using portfolio holdings; "
            + "the consent basis for that use is not documented (does not block this gate)"
        let gates = GateCache(evaluate: { uc, _, _ in
            GateEvaluation(from: uc.stage, to: "release", passed: true, blockers: [],
                           items: [GateItem(title: "Rejection", status: .satisfied, detail: long, role: "risk_reviewer")])
        }, clock: Fixture.clock)
        for width in [80, 120, 200] {
            var s = AppState(board: Fixture.board, actor: "omar", width: width, height: 40, now: Fixture.now, gates: gates)
            s.select(id: "UC-0001")
            let screen = lines(s)
            let row = screen.first { $0.contains("Rejection") } ?? ""
            #expect(!row.contains("satisfied"), "at \(width): \(row)")
            #expect(row.contains("does not block"), "at \(width): \(row)")
        }
    }
}

extension DefectTests {
    // MARK: 4. The help overlay scrolls at 80×24.

    @Test func helpOverlayScrollsAt80x24() {
        let open = Fixture.run(Fixture.state(width: 80, height: 24), Fixture.keys("?")).0
        let first = render(open).text
        #expect(first.contains("\u{25BC}"), "the overlay is longer than the screen:\n\(first)")
        for keys in [Fixture.keys("jjj"), [Msg.key(.down), .key(.down)], [Msg.key(.pageDown)]] {
            let scrolled = render(Fixture.run(open, keys).0).text
            #expect(scrolled != first, "\(keys) scrolls the overlay")
            #expect(scrolled.contains("\u{25B2}"), "shows lines above:\n\(scrolled)")
        }
        // To the end and no further: the last entry shows, k answers at once.
        let end = Fixture.run(open, Array(repeating: Msg.key(.pageDown), count: 20)).0
        #expect(render(end).text.contains("Ctrl-C"), "\(render(end).text)")
        #expect(render(Fixture.run(end, Fixture.keys("k")).0).text != render(end).text)
    }
}

extension DefectTests {
    // MARK: 5. Stand-up keys mean what its help says, in the list and in the detail.

    static func standup(_ s: AppState) -> AppState {
        let report = Standup.report(s.board.useCases, policy: s.policy, events: [], since: Fixture.daysAgo(1), now: Fixture.now)
        return Fixture.run(s, Fixture.keys("3") + [.standupLoaded(report)]).0
    }

    @Test func standupDetailWalksOnWithNAndP() throws {
        let s = Self.standup(Fixture.state())
        let rows = try #require(s.queue?.rows.map(\.id))
        let detail = Fixture.run(s, [.key(.enter)]).0
        #expect(render(detail).text.contains("Detail \u{00B7} \(rows[0])"))
        let next = Fixture.run(detail, Fixture.keys("n")).0
        #expect(next.modal == nil, "n is next in the stand-up, not New use case")
        #expect(render(next).text.contains("Detail \u{00B7} \(rows[1])"), "\(render(next).text)")
        let back = Fixture.run(next, Fixture.keys("p")).0
        #expect(back.modal == nil, "p is previous in the stand-up, not park")
        #expect(render(back).text.contains("Detail \u{00B7} \(rows[0])"))
    }

    @Test func standupHelpDoesNotListNOrPAsActions() {
        let s = Fixture.run(Self.standup(Fixture.state(width: 200, height: 60)), Fixture.keys("?")).0
        let help = render(s).text
        #expect(help.contains("next / previous"))
        #expect(!help.contains("park with a review date"), "p means previous here:\n\(help)")
        #expect(!help.contains("new use case"), "n means next here:\n\(help)")
    }
}

extension DefectTests {
    // MARK: 6. A refusal keeps the form open, with the reason and the input.

    func parkForm(review: String) -> AppState {
        var s = Fixture.state(actor: "ana")
        s.select(id: "UC-0003")
        return Fixture.run(s, Fixture.keys("p") + Fixture.keys("budget freeze") + [.key(.tab)] + Fixture.keys(review)).0
    }

    func form(_ s: AppState) -> Form? { if case .form(let f) = s.modal { f } else { nil } }

    @Test func aReviewDateInThePastIsRefusedInTheForm() throws {
        let (s, effects) = Fixture.run(parkForm(review: "2020-01-01"), [.key(.enter)])
        #expect(effects.isEmpty, "nothing is sent that the engine refuses")
        let f = try #require(form(s), "the form stays open")
        #expect(f.error?.contains("must be after today") == true, "\(f.error ?? "no error")")
        #expect(f.value("Reason") == "budget freeze" && f.value("Review") == "2020-01-01")
        #expect(render(s).text.contains("must be after today"))
    }

    @Test func aRefusalFromTheLoopKeepsTheFormOpen() throws {
        var (s, effects) = Fixture.run(parkForm(review: "2027-03-01"), [.key(.enter)])
        #expect(effects == [.perform(.park(reason: "budget freeze", review: Day("2027-03-01")!), on: "UC-0003")])
        // Another terminal parked it first: the store refuses.
        s = Fixture.run(s, [.refused(Refusal(.parked, "UC-0003 is already parked until 2027-01-15 by Ana Souza"))]).0
        let f = try #require(form(s), "the form stays open with what was typed")
        #expect(f.value("Reason") == "budget freeze")
        #expect(f.error?.contains("already parked") == true)
        #expect(render(s).text.contains("already parked"))
        // Recorded closes it.
        (s, effects) = Fixture.run(s, [.key(.enter)])
        s = Fixture.run(s, [.performed(useCase: "UC-0003", message: "park recorded on UC-0003")]).0
        #expect(s.modal == nil)
    }
}

extension DefectTests {
    // MARK: 7. Asked of the engine before a form or picker opens.

    @Test func escalatePickerNeverOffersYourself() throws {
        var s = Fixture.state(actor: "omar")
        s.select(id: "UC-0004")
        s = Fixture.run(s, Fixture.keys("x")).0
        guard case .picker(let p) = s.modal else { Issue.record("no picker"); return }
        #expect(!p.options.map(\.value).contains("omar"))
        #expect(p.options.map(\.value).contains("ana"))
    }

    @Test func approveOnAGateThatTakesNoApprovalsOpensNothingAndSaysWhy() throws {
        var s = Fixture.state(actor: "omar")
        s.select(id: "UC-0003")                // scoped: its gate takes no approvals
        #expect(render(s).text.contains("\u{2298}approve"), "the status line shows a as unavailable:\n\(render(s).text)")
        s = Fixture.run(s, Fixture.keys("a")).0
        #expect(s.modal == nil, "no form that can only fail")
        #expect(s.message?.kind == .error)
        #expect(s.message?.text.contains("takes no approvals") == true, "\(s.message?.text ?? "no message")")
        #expect(render(s).text.contains("takes no approvals"))
    }

    @Test func parkOnAParkedUseCaseAndHaltWithoutAuthorityOpenNothing() {
        var s = Fixture.state(actor: "omar")
        s.select(id: "UC-0008")                // parked
        var after = Fixture.run(s, Fixture.keys("p")).0
        #expect(after.modal == nil && after.message?.text.contains("already parked") == true)
        s.select(id: "UC-0001")                // omar holds no stop-ship authority
        after = Fixture.run(s, Fixture.keys("!")).0
        #expect(after.modal == nil && after.message?.text.contains("stop-ship") == true, "\(after.message?.text ?? "")")
    }
}

extension DefectTests {
    // MARK: 8. m asks once, and a second mark in the same stand-up is refused.

    @Test func markAsksOnceShowingThePreviousMarkAndRefusesASecond() {
        var s = Self.standup(Fixture.state())
        s = Fixture.run(s, [.lastStandupMark(Fixture.daysAgo(2))]).0
        var (after, effects) = Fixture.run(s, Fixture.keys("m"))
        #expect(effects.isEmpty, "m alone records nothing")
        #expect(render(after).text.contains("previous: 2026-11-24 12:00"), "\(render(after).text)")
        // Anything but y cancels.
        (after, effects) = Fixture.run(after, Fixture.keys("n"))
        #expect(effects.isEmpty && after.modal == nil)
        (after, effects) = Fixture.run(s, Fixture.keys("my"))
        #expect(effects == [.markStandup])
        after = Fixture.run(after, [.standupMarked("stand-up marked held at 2026-11-26T12:00:00Z")]).0
        (after, effects) = Fixture.run(after, Fixture.keys("m"))
        #expect(effects.isEmpty && after.modal == nil, "no second mark in the same stand-up")
        #expect(after.message?.text.contains("already marked held today") == true, "\(after.message?.text ?? "")")
    }
}

extension DefectTests {
    // MARK: 9. / filters the current view and the filter stays.

    @Test func slashInTriageFiltersTriage() throws {
        var s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("2")).0
        let all = try #require(s.queue?.rows.map(\.id))
        s = Fixture.run(s, Fixture.keys("/fraud")).0
        #expect(s.view == .triage, "/ stays in triage")
        #expect(s.queue?.rows.map(\.id) == all.filter { $0 == "UC-0002" })
        s = Fixture.run(s, [.key(.enter)]).0
        #expect(s.view == .triage && s.filter == "fraud")
    }

    @Test func enterKeepsTheFilterAcrossViews() throws {
        var s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("/priya") + [.key(.enter)] + Fixture.keys("21")).0
        #expect(s.filter == "priya", "Enter keeps the filter, 2 and 1 do not drop it")
        #expect(render(s).text.contains("filter: /priya"))
        s = Fixture.run(s, Fixture.keys("2")).0
        let shown = Set(s.queue?.rows.map(\.id) ?? [])
        let matching = Set(s.columns.joined().map { s.board.useCases[$0].id })
        #expect(!shown.isEmpty && shown.isSubset(of: matching), "triage shows only what the filter matches")
    }
}

extension DefectTests {
    // MARK: 10. By owner, the heading is the first person who must act.

    @Test func standupByOwnerGroupsUnderWhoMustAct() throws {
        let report = Standup.report(Fixture.board.useCases, policy: Fixture.policy, events: [], since: Fixture.daysAgo(1),
                                    now: Fixture.now, order: .owner)
        for item in report.items {
            if let first = item.mustAct.first {
                #expect(item.group == Fixture.policy.person(first)?.name, "\(item.id) under \(item.group), must act: \(item.mustAct)")
            } else {
                #expect(item.group != "", "\(item.id)")
            }
        }
        // UC-0007 has no owner at all: its submitter must act, so it is not "Nobody accountable".
        let seven = try #require(report.items.first { $0.id == "UC-0007" })
        #expect(!seven.mustAct.isEmpty)
        #expect(seven.group != "Nobody accountable")
    }
}
