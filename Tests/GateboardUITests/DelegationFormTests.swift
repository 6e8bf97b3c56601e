import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// `D`: delegations from the TUI (issue 19) — the list of those given and received, the
/// delegate picker (only people the engine accepts), the form's days and role, every rule of
/// `gateboard delegate` refused in the form before anything is sent, and a cancel that a live
/// reload made moot never sent.
@Suite struct DelegationFormTests {
    static let today = Day(containing: Fixture.now)

    /// Sofia is a second risk reviewer; Kenji stays the only stop-ship authority.
    static func board(_ delegations: [Delegation] = []) -> Board {
        var board = Fixture.board
        board.policy.people.append(Person(id: "sofia", name: "Sofia Brandt", function: "risk", roles: ["risk_reviewer"]))
        board.policy.delegations = Delegations(delegations)
        return board
    }

    static func delegation(_ id: String, _ from: PersonID, _ to: PersonID, from start: Int = 0, until: Int = 10,
                           cancelled: Date? = nil) -> Delegation {
        Delegation(id: id, from: from, to: to, role: "risk_reviewer", start: today.adding(days: start), until: today.adding(days: until),
                   recordedAt: Fixture.daysAgo(1), cancelledAt: cancelled, cancelledBy: cancelled.map { _ in from })
    }

    static func state(_ board: Board = board(), actor: PersonID? = "omar") -> AppState {
        Fixture.state(actor: actor, board: board)
    }

    /// `D`, `n`, then the delegate typed ahead and picked: the form.
    static func form(_ s: AppState, typing: String = "sofia") -> AppState {
        Fixture.run(s, Fixture.keys("Dn" + typing) + [.key(.enter)]).0
    }

    static func typed(_ s: AppState, until: String, from: String = "") -> AppState {
        var msgs: [Msg] = until.map { .key(.char($0)) }
        if !from.isEmpty { msgs += [.key(.tab)] + from.map { .key(.char($0)) } }
        return Fixture.run(s, msgs).0
    }

    func openForm(_ s: AppState) throws -> Form {
        guard case .form(let f)? = s.modal else { return try #require(nil as Form?, "no form open: \(String(describing: s.modal))") }
        return f
    }

    @Test func dListsTheDelegationsGivenAndReceivedThatHaveNotEnded() {
        let board = Self.board([Self.delegation("d1", "omar", "sofia", from: 2, until: 9),
                                Self.delegation("d2", "sofia", "omar", from: 20, until: 25),
                                Self.delegation("d3", "omar", "sofia", from: -5, until: -1)])
        let s = Fixture.run(Self.state(board), Fixture.keys("D")).0
        let screen = render(s).text
        #expect(screen.contains("Delegations · Omar Haddad"), "\(screen)")
        #expect(screen.contains("Omar Haddad → Sofia Brandt as risk reviewer, from 2026-11-28 until 2026-12-05 · to come · given"), "\(screen)")
        #expect(screen.contains("Sofia Brandt → Omar Haddad as risk reviewer, from 2026-12-16 until 2026-12-21 · to come · received"), "\(screen)")
        // Ended: not listed.
        #expect(!screen.contains("until 2026-11-25"), "\(screen)")
        // Esc closes it; D again too.
        #expect(Fixture.run(s, [.key(.escape)]).0.modal == nil)
        #expect(Fixture.run(s, Fixture.keys("D")).0.modal == nil)
    }

    @Test func nIsUnavailableWithTheReasonWhenNobodyElseHoldsYourRoles() {
        // The plain fixture: nobody else is a risk reviewer or a change approver.
        let s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("Dn")).0
        #expect(s.modal == .delegations(DelegationsList()))
        #expect(s.message?.text == "delegate is unavailable: nobody else in the policy holds risk reviewer, change approver: there is no one to delegate to")
        let readOnly = Fixture.run(Self.state(actor: nil), Fixture.keys("Dn")).0
        #expect(readOnly.message?.text.hasPrefix("delegate is unavailable: read-only") == true)
    }

    @Test func thePickerOffersOnlyWhomTheEngineAcceptsAndTheFormOnlyTheirRoles() throws {
        let s = Fixture.run(Self.state(), Fixture.keys("Dn")).0
        guard case .picker(let p)? = s.modal else { Issue.record("no picker"); return }
        // Never yourself, never someone holding none of your roles.
        #expect(p.options.map(\.value) == ["sofia"])
        #expect(p.title.contains("from Omar Haddad"))
        let f = try openForm(Self.form(Self.state(), typing: "sof"))
        #expect(f.title == "Delegate to Sofia Brandt · from Omar Haddad")
        #expect(f.fields.map(\.label) == ["Until", "From", "Role"])
        // Omar is also change approver, which Sofia may not be: only risk reviewer is offered.
        #expect(f.fields[2].kind == .choice(["risk_reviewer"]))
        #expect(render(Self.form(Self.state())).text.contains("Delegate to Sofia Brandt · from Omar Haddad"))
    }

    @Test func submittingRecordsWhatTheCLIRecordsWithRelativeDates() throws {
        let (s, effects) = Fixture.run(Self.typed(Self.form(Self.state()), until: "+14d", from: "tomorrow"), [.key(.enter)])
        #expect(effects == [.delegate(to: "sofia", role: "risk_reviewer", start: Self.today.adding(days: 1), until: Self.today.adding(days: 14))])
        #expect(try openForm(s).submitted)
        // Without a first day: from today, as the CLI's default.
        let plain = Fixture.run(Self.typed(Self.form(Self.state()), until: "fri"), [.key(.enter)]).1
        #expect(plain == [.delegate(to: "sofia", role: "risk_reviewer", start: nil, until: Day("2026-11-27")!)])
        // Recorded: the form closes onto the list, which the reload refreshes.
        let (done, after) = Fixture.run(s, [.delegationRecorded("delegated to Sofia Brandt")])
        #expect(done.modal == .delegations(DelegationsList()))
        #expect(after == [.reload])
        #expect(done.message?.text == "delegated to Sofia Brandt")
    }

    /// Each rule of `gateboard delegate`, refused in the form with the input kept; nothing sent.
    @Test(arguments: [
        ("-3d", "", "would already be over"),
        ("+5d", "2026-11-20", "cannot start in the past"),
        ("+5d", "+9d", "after it ends"),
        ("soon", "", "is not a date"),
    ])
    func badDaysAreRefusedInTheForm(until: String, from: String, reason: String) throws {
        let (s, effects) = Fixture.run(Self.typed(Self.form(Self.state()), until: until, from: from), [.key(.enter)])
        #expect(effects.isEmpty)
        let f = try openForm(s)
        #expect(f.error?.contains(reason) == true, "\(String(describing: f.error))")
        #expect(f.value("Until") == until && !f.submitted)
    }

    @Test func overlappingAndCircularDelegationsAreRefusedInTheForm() throws {
        let overlap = Self.state(Self.board([Self.delegation("d1", "omar", "sofia", from: 3, until: 8)]))
        var f = try openForm(Fixture.run(Self.typed(Self.form(overlap), until: "+5d"), [.key(.enter)]).0)
        #expect(f.error?.contains("already delegates risk reviewer to Sofia Brandt") == true, "\(String(describing: f.error))")
        let circular = Self.state(Self.board([Self.delegation("d2", "sofia", "omar", from: 0, until: 8)]))
        f = try openForm(Fixture.run(Self.typed(Self.form(circular), until: "+5d"), [.key(.enter)]).0)
        #expect(f.error?.contains("a circular delegation: Omar Haddad → Sofia Brandt → Omar Haddad") == true, "\(String(describing: f.error))")
        // After the other one's days: accepted.
        let later = Fixture.run(Self.typed(Self.form(circular), until: "+12d", from: "+9d"), [.key(.enter)]).1
        #expect(later.count == 1)
    }

    /// Opened, then a live reload brings a delegation recorded elsewhere that overlaps: the
    /// submit is refused in the form; the store's own refusal after submit keeps it open too.
    @Test func aRefusalAfterALiveReloadOrFromTheStoreKeepsTheForm() throws {
        var s = Self.typed(Self.form(Self.state()), until: "+5d")
        s = Fixture.run(s, [.boardLoaded(Self.board([Self.delegation("d9", "omar", "sofia", from: 1, until: 3)]))]).0
        var (after, effects) = Fixture.run(s, [.key(.enter)])
        #expect(effects.isEmpty)
        #expect(try openForm(after).error?.contains("overlaps") == true)
        // Sofia no longer a risk reviewer after a reload: refused in the form, not sent.
        var board = Self.board()
        board.policy.people[board.policy.people.count - 1].roles = []
        after = Fixture.run(Self.typed(Self.form(Self.state()), until: "+5d"), [.boardLoaded(board)]).0
        (after, effects) = Fixture.run(after, [.key(.enter)])
        #expect(effects.isEmpty)
        #expect(try openForm(after).error?.contains("not allowed the role") == true)
        // Sent, then refused by the store under its lock: the form stays with the reason.
        s = Fixture.run(Self.typed(Self.form(Self.state()), until: "+5d"), [.key(.enter)]).0
        after = Fixture.run(s, [.refused(Refusal(.delegationOverlap, "Omar Haddad already delegates risk reviewer"))]).0
        let f = try openForm(after)
        #expect(!f.submitted && f.error == "refused: Omar Haddad already delegates risk reviewer" && f.value("Until") == "+5d")
    }

    @Test func cancellingAsksFirstAndOnlyYours() {
        let board = Self.board([Self.delegation("d1", "omar", "sofia", from: 0, until: 9),
                                Self.delegation("d2", "sofia", "omar", from: 20, until: 25)])
        let s = Fixture.run(Self.state(board), Fixture.keys("D")).0
        var (after, effects) = Fixture.run(s, Fixture.keys("c"))
        #expect(after.modal == .confirmCancelDelegation(board.policy.delegations.all[0]))
        #expect(render(after).text.contains("Cancel this delegation?"))
        (after, effects) = Fixture.run(after, Fixture.keys("y"))
        #expect(effects == [.cancelDelegation("d1")])
        // Any other key keeps it.
        (after, effects) = Fixture.run(s, Fixture.keys("cn"))
        #expect(effects.isEmpty && after.message?.text == "delegation not cancelled")
        // A delegation received is not yours to cancel.
        (after, effects) = Fixture.run(s, Fixture.keys("jc"))
        #expect(effects.isEmpty && after.modal == .delegations(DelegationsList(index: 1)))
        #expect(after.message?.text == "cancel is unavailable: only Sofia Brandt, who gave it, may cancel it")
    }

    /// Confirming a cancel that another terminal made meanwhile (the live reload brought it):
    /// nothing is sent, the status line says why.
    @Test func aCancelMadeMootByALiveReloadIsNotSent() {
        let d1 = Self.delegation("d1", "omar", "sofia", from: 0, until: 9)
        var s = Fixture.run(Self.state(Self.board([d1])), Fixture.keys("Dc")).0
        var gone = d1
        gone.cancelledAt = Fixture.daysAgo(0.01)
        s = Fixture.run(s, [.boardLoaded(Self.board([gone]))]).0
        let (after, effects) = Fixture.run(s, Fixture.keys("y"))
        #expect(effects.isEmpty)
        #expect(after.message?.text == "refused: that delegation is no longer in force or to come (ended, or cancelled meanwhile): nothing to cancel")
        #expect(!render(after).text.contains("→ Sofia Brandt"))
    }
}
