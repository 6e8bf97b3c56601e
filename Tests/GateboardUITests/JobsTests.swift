import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, "the jobs, made good": the smaller things a daily user meets in triage, the
/// inbox, the stand-up and the forms.
@Suite struct JobsTests {
    @Test func marksSurviveAnAllRefusedBulkAction() {
        var s = Fixture.run(Fixture.state(actor: "omar"), Fixture.keys("2  ")).0
        let marked = s.markedTargets
        #expect(marked.count == 2)
        s = Fixture.run(s, Fixture.keys("c") + Fixture.keys("nudge") + [.key(.enter)]).0
        s = Fixture.run(s, [.performedAll(BatchOutcome(refused: marked.map { .init(id: $0, reason: "no") }))]).0
        #expect(s.marked == Set(marked), "nothing was done: the marks stay to retry")
        s = Fixture.run(s, [.performedAll(BatchOutcome(done: [marked[0]], refused: [.init(id: marked[1], reason: "no")]))]).0
        #expect(s.marked == [marked[1]], "what was done leaves the marks, the refused one stays")
    }

    @Test func inboxRowsShowTheTitleAndWordsNotCodes() {
        let s = Fixture.run(Fixture.state(width: 200, height: 50, actor: "ana"), Fixture.keys("5")).0
        let screen = render(s).text
        #expect(!screen.contains("_"), "no snake_case in the inbox:\n\(screen)")
        let row = screen.components(separatedBy: "\n").first { $0.contains("UC-0001") } ?? ""
        #expect(row.contains("Claims triage assistant"), "\(row)")
        #expect(!(row.contains("waiting 9 days") && row.contains("9d")), "the wait is said once: \(row)")
    }

    @Test func theHeaderCountsWhatNeedsYouFromTheStart() {
        let s = Fixture.run(Fixture.state(actor: "ana"), [.firstFrameShown]).0
        let n = Inbox.entries(for: "ana", useCases: s.board.useCases, policy: s.policy, now: Fixture.now).count
        #expect(n > 0)
        #expect(render(s).text.contains("\(n) need you"), "\(render(s).text.prefix(200))")
    }

    @Test func triageLabelsTheScoreAndSaysReasonsInWords() {
        let s = Fixture.run(Fixture.state(width: 200, height: 50), Fixture.keys("2")).0
        let screen = render(s).text
        #expect(screen.contains("score "))
        let list = screen.components(separatedBy: "Why \u{00B7}").first ?? ""
        #expect(!list.contains("_"), "reasons in words:\n\(list)")
    }

    @Test func standupWhyShowsWhatACommentSaid() {
        let comment = AuditEvent(seq: 4, id: "e4", at: Fixture.daysAgo(0.5), actor: "ana", osUser: "ana", action: .comment,
                                 useCase: "UC-0003", details: EventDetails(comment: "Priya can take the tech owner role"))
        let report = Standup.report(Fixture.board.useCases, policy: Fixture.policy, events: [comment],
                                    since: Fixture.daysAgo(1), now: Fixture.now)
        var s = Fixture.run(Fixture.state(), Fixture.keys("3") + [.standupLoaded(report)]).0
        let row = s.queue?.rows.firstIndex { $0.id == "UC-0003" } ?? 0
        s.queue?.index = row
        #expect(render(s).text.contains("Priya can take the tech owner role"), "\(render(s).text)")
    }

    @Test func formsTakeRelativeDates() throws {
        func park(_ review: String) -> (AppState, [Effect]) {
            var s = Fixture.state(actor: "ana")
            s.select(id: "UC-0003")
            return Fixture.run(s, Fixture.keys("p") + Fixture.keys("budget") + [.key(.tab)] + Fixture.keys(review) + [.key(.enter)])
        }
        let today = Day(containing: Fixture.now)                    // 2026-11-26, a Thursday
        #expect(park("+14d").1 == [.perform(.park(reason: "budget", review: today.adding(days: 14)), on: "UC-0003")])
        #expect(park("+2w").1 == [.perform(.park(reason: "budget", review: today.adding(days: 14)), on: "UC-0003")])
        #expect(park("fri").1 == [.perform(.park(reason: "budget", review: Day("2026-11-27")!), on: "UC-0003")])
        #expect(park("thu").1 == [.perform(.park(reason: "budget", review: Day("2026-12-03")!), on: "UC-0003")])
        let (bad, effects) = park("+2x")
        #expect(effects.isEmpty)
        #expect(render(bad).text.contains("is not a date (YYYY-MM-DD, +14d, +2w or fri)"))
    }
}

extension JobsTests {
    /// Stand-up as a diff: what changed since the last stand-up is marked and listed first,
    /// says in words what changed, its blockers and who must act; ] and [ jump between changes.
    @Test func standupListsChangesFirstAndJumpsBetweenThem() throws {
        func comment(_ id: UseCaseID, _ seq: Int) -> AuditEvent {
            AuditEvent(seq: seq, id: "c\(seq)", at: Fixture.daysAgo(0.5), actor: "ana", osUser: "ana", action: .comment,
                       useCase: id, details: EventDetails(comment: "looked at it"))
        }
        let report = Standup.report(Fixture.board.useCases, policy: Fixture.policy,
                                    events: [comment("UC-0005", 7), comment("UC-0002", 8)],
                                    since: Fixture.daysAgo(1), now: Fixture.now)
        var s = Fixture.run(Fixture.state(width: 160, height: 40), Fixture.keys("3") + [.standupLoaded(report)]).0
        let rows = try #require(s.queue?.rows)
        #expect(Set(rows.prefix(2).map(\.id)) == ["UC-0002", "UC-0005"], "changed first: \(rows.map(\.id))")
        #expect(rows.prefix(2).allSatisfy(\.changed) && !rows.dropFirst(2).contains(where: \.changed))
        let screen = render(s).text
        let line = screen.components(separatedBy: "\n").first { $0.contains("UC-0002") } ?? ""
        #expect(line.contains("\u{25CF}") && line.contains("comment"), "marked, with what changed: \(line)")
        #expect(line.contains("\u{2717}"), "its blocker count: \(line)")
        #expect(screen.contains("2 changed first"))
        // ] from the top goes to the second change, again wraps to the first; [ goes back.
        s = Fixture.run(s, Fixture.keys("]")).0
        #expect(s.queue?.index == 1)
        s = Fixture.run(s, Fixture.keys("]")).0
        #expect(s.queue?.index == 0)
        s = Fixture.run(s, Fixture.keys("G[")).0
        #expect(s.queue?.index == 1)
    }
}

extension JobsTests {
    /// `/` understands me, stalled, tier:, stage: and owner names, in any view, all terms at once.
    @Test func filterTerms() {
        func shown(_ filter: String, actor: PersonID = "omar") -> Set<UseCaseID> {
            let s = Fixture.run(Fixture.state(actor: actor), Fixture.keys("/" + filter) + [.key(.enter)]).0
            return Set(s.columns.joined().map { s.board.useCases[$0].id })
        }
        let all = Fixture.board.useCases.filter { $0.stage != "retired" }
        #expect(shown("tier:high") == Set(all.filter { $0.tier == "high" }.map(\.id)))
        #expect(shown("stage:check") == ["UC-0001"])
        #expect(shown("me") == Set(all.filter { $0.owners.values.contains("omar") }.map(\.id)))
        #expect(shown("me", actor: "priya").isSuperset(of: ["UC-0002", "UC-0004"]))
        // Stalled past the SLA: UC-0001 (9 days, SLA 7), UC-0007 (20, SLA 14), UC-0004 (18 of 21: not yet).
        let stalled = shown("stalled")
        #expect(stalled.contains("UC-0001") && stalled.contains("UC-0007") && !stalled.contains("UC-0004"), "\(stalled)")
        #expect(shown("stalled tier:high") == stalled.filter { id in all.first { $0.id == id }?.tier == "high" })
        #expect(shown("tier:medium priya") == Set(all.filter { $0.tier == "medium" && $0.owners.values.contains("priya") }.map(\.id)))
        // The triage list follows the same filter.
        let triage = Fixture.run(Fixture.state(), Fixture.keys("2/tier:high") + [.key(.enter)]).0
        #expect(!(triage.queue?.rows.isEmpty ?? true))
        #expect(triage.queue?.rows.allSatisfy { id in all.first { $0.id == id.id }?.tier == "high" } == true)
    }
}

extension JobsTests {
    /// L switches the board between columns and the list at any width.
    @Test func boardAndListSwitchAtAnyWidth() {
        var wide = Fixture.state(width: 120, height: 40)
        wide.select(id: "UC-0002")
        #expect(wide.layout.mode == .wide)
        #expect(!render(wide).text.contains("Fraud signal summariser for adjusters"), "a column cuts the title")
        wide = Fixture.run(wide, Fixture.keys("L")).0
        #expect(wide.layout.mode == .narrow)
        #expect(render(wide).text.contains("Fraud signal summariser for adjusters"), "the list shows whole titles")
        #expect(wide.selectedUseCase?.id == "UC-0002")
        var narrow = Fixture.run(Fixture.state(width: 80, height: 24), Fixture.keys("L")).0
        #expect(narrow.layout.mode == .wide)
        narrow = Fixture.run(narrow, Fixture.keys("L")).0
        #expect(narrow.layout.mode == .narrow)
    }
}

extension JobsTests {
    /// v opens and y copies an evidence or artifact reference of the highlighted use case,
    /// read-only too; several are offered in a picker, the gate's evidence first.
    @Test func viewAndCopyReferences() throws {
        var s = Fixture.state(actor: nil, board: InboxWhyTests.board())
        s.select(id: "UC-0001")
        var (after, effects) = Fixture.run(s, Fixture.keys("v"))
        guard case .picker(let p) = after.modal else { Issue.record("no picker"); return }
        #expect(p.title.hasPrefix("Open a reference of UC-0001"))
        #expect(p.options.map(\.detail) == ["s3://evals/claims-triage-v3.html", "docs/eval-addendum.md", "claims-triage-v3", "prompts/triage.md"])
        (after, effects) = Fixture.run(after, [.key(.enter)])
        #expect(effects == [.openReference("s3://evals/claims-triage-v3.html")] && after.modal == nil)
        effects = Fixture.run(s, Fixture.keys("y") + [.key(.down), .key(.enter)]).1
        #expect(effects == [.copyReference("docs/eval-addendum.md")])
        // One reference: no picker.
        s.select(id: "UC-0009")
        #expect(Fixture.run(s, Fixture.keys("v")).1 == [.openReference("docs/spec-reference.md")])
        // None: says so.
        s.select(id: "UC-0003")
        after = Fixture.run(s, Fixture.keys("v")).0
        #expect(after.modal == nil && after.message?.text.contains("no evidence or artifact reference") == true)
    }
}

extension JobsTests {
    /// Tier badges have distinct colours; marks on a card are never cut (the words go first).
    @Test func tierBadgesAreDistinctAndMarksAreNeverCut() throws {
        let s = Fixture.state(width: 120, height: 40)
        let buf = render(s)
        func badgeStyle(_ badge: String, near id: UseCaseID) -> Style? {
            let lines = buf.text.components(separatedBy: "\n")
            guard let y = lines.firstIndex(where: { $0.contains(id) }) else { return nil }
            // The card's id and marks share a line.
            for x in 0..<buf.width where buf[x, y].grapheme == "[" && buf[x + 1, y].grapheme == badge {
                return buf[x, y].style
            }
            return nil
        }
        let high = try #require(badgeStyle("H", near: "UC-0008"))
        let medium = try #require(badgeStyle("M", near: "UC-0002"))
        let low = try #require(badgeStyle("L", near: "UC-0003"))
        #expect(Set([high, medium, low]).count == 3, "\(high) \(medium) \(low)")
        // UC-0008 is high, 50 days in, blocked, stalled, parked: at 120 columns its marks fit
        // only compact, and every mark is there whole; no card's marks are cut.
        let lines = buf.text.components(separatedBy: "\n")
        let row = try #require(lines.first { $0.contains("UC-0008") })
        #expect(row.contains("UC-0008 [H]") && row.contains("\u{2016}") && row.contains("\u{203C}"), "\(row)")
        for id in s.board.useCases.map(\.id) {
            guard let line = lines.first(where: { $0.contains(id + " [") }) else { continue }
            let card = line.components(separatedBy: id).last?.prefix { $0 != "\u{2502}" } ?? ""
            #expect(!card.contains("\u{2026}"), "\(id)'s marks are cut: \(card)")
        }
        // Every card shows at least 30 columns of its title (or all of it) at 120×40.
        for uc in s.board.useCases where uc.stage != "retired" {
            let title = TerminalSafe.escape(uc.title)
            let (a, b) = CardView.titleLines(title, width: 18, ellipsis: "\u{2026}")
            let shown = (a + " " + b).replacingOccurrences(of: "\u{2026}", with: "")
            // Counted in columns: a wide character is two.
            #expect(DisplayWidth.of(shown) >= min(30, DisplayWidth.of(title)), "\(uc.id): \(shown)")
        }
        for uc in s.board.useCases {
            let m = CardView.marks(uc, state: s, fitting: 18)
            let text = m.segments.map(\.text).joined()
            #expect(m.width <= 18 || !text.contains("stalled"), "\(uc.id): \(text)")
        }
    }
}
