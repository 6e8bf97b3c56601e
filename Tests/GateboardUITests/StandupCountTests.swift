import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, the stand-up: its summary counts lead to their rows, `S` asks from when, and the
/// Why pane is as high as what it says.
@Suite struct StandupCountTests {
    static func advance(_ id: UseCaseID, _ seq: Int) -> AuditEvent {
        AuditEvent(seq: seq, id: "a\(seq)", at: Fixture.daysAgo(0.5), actor: "priya", osUser: "priya", action: .advance,
                   useCase: id, details: EventDetails(from: "specification", to: "implementation"))
    }

    static func opened(width: Int = 160, height: Int = 40) -> AppState {
        let report = Standup.report(Fixture.board.useCases, policy: Fixture.policy, events: [advance("UC-0004", 9)],
                                    since: Fixture.daysAgo(1), now: Fixture.now)
        return Fixture.run(Fixture.state(width: width, height: height), Fixture.keys("3") + [.standupLoaded(report)]).0
    }

    @Test func theReportSaysWhichUseCasesEachCountIs() {
        let report = Standup.report(Fixture.board.useCases, policy: Fixture.policy, events: [Self.advance("UC-0004", 9)],
                                    since: Fixture.daysAgo(1), now: Fixture.now)
        #expect(report.summary.ids[.movedForward] == ["UC-0004"])
        #expect(report.summary.ids[.movedBack] == [])
        #expect(report.summary.ids[.unowned]?.count == report.summary.unowned)
        #expect(report.summary.ids[.newlyBlocked]?.count == report.summary.newlyBlocked)
        #expect((report.summary.ids[.unowned] ?? []).allSatisfy { id in
            let uc = Fixture.board.useCase(id)!
            return uc.owners[Fixture.policy.stage(uc.stage)!.ownerRole] == nil
        })
    }

    @Test func tabShowsTheRowsBehindACountAndEscShowsAllAgain() throws {
        var s = Self.opened()
        let all = try #require(s.queue?.rows.count)
        let counts = StandupCount.allCases.filter { !(s.standupReport?.summary.ids[$0] ?? []).isEmpty }
        #expect(counts.first == .movedForward)
        s = Fixture.run(s, [.key(.tab)]).0
        #expect(s.standupCount == .movedForward)
        #expect(s.queue?.rows.map(\.id) == ["UC-0004"])
        #expect(s.target?.id == "UC-0004", "the action keys follow the row shown")
        let screen = render(s).text
        #expect(screen.contains("forward: 1 shown"), "\(screen)")
        // Tab walks the counts with rows, then back to every row; Shift-Tab goes the other way.
        for _ in counts.dropFirst() { s = Fixture.run(s, [.key(.tab)]).0 }
        #expect(s.standupCount == counts.last)
        s = Fixture.run(s, [.key(.tab)]).0
        #expect(s.standupCount == nil && s.queue?.rows.count == all)
        s = Fixture.run(s, [.key(.backTab)]).0
        #expect(s.standupCount == counts.last)
        // Esc shows every row again and stays in the stand-up; a second Esc leaves it.
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.view == .standup && s.standupCount == nil && s.queue?.rows.count == all)
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.view == .board)
    }

    @Test func aCountStaysChosenAcrossAReloadAndCombinesWithTheFilter() {
        var s = Fixture.run(Self.opened(), [.key(.tab)]).0
        let report = s.standupReport!
        s = Fixture.run(s, [.standupLoaded(report)]).0
        #expect(s.queue?.rows.map(\.id) == ["UC-0004"])
        s = Fixture.run(s, Fixture.keys("/UC-0001") + [.key(.enter)]).0
        #expect(s.queue?.rows.isEmpty == true)
    }

    @Test func sinceAsksForADateAndLoadsTheStandupFromIt() {
        func since(_ text: String) -> (AppState, [Effect]) {
            Fixture.run(Self.opened(), Fixture.keys("S") + Fixture.keys(text) + [.key(.enter)])
        }
        let today = Day(containing: Fixture.now)            // 2026-11-26, a Thursday
        #expect(since("2026-11-20").1 == [.loadStandup(.stage, since: Day("2026-11-20")!.start)])
        #expect(since("-1w").1 == [.loadStandup(.stage, since: today.adding(days: -7).start)])
        #expect(since("-14d").1 == [.loadStandup(.stage, since: today.adding(days: -14).start)])
        #expect(since("yesterday").1 == [.loadStandup(.stage, since: today.adding(days: -1).start)])
        #expect(since("fri").1 == [.loadStandup(.stage, since: Day("2026-11-20")!.start)], "the last Friday")
        #expect(since("thu").1 == [.loadStandup(.stage, since: Day("2026-11-19")!.start)], "a week ago, not today")
        #expect(since("2026-11-25T09:30:00Z").1 == [.loadStandup(.stage, since: Timestamp.parse("2026-11-25T09:30:00Z")!)])
        let (s, _) = since("-1w")
        #expect(s.standupSince == today.adding(days: -7).start && s.modal == nil)
        // The order key keeps the date; an empty date goes back to the last stand-up.
        #expect(Fixture.run(s, Fixture.keys("s")).1 == [.loadStandup(.owner, since: today.adding(days: -7).start)])
        let back = Fixture.run(s, Fixture.keys("S") + [.key(.ctrl("u")), .key(.enter)])
        #expect(back.1 == [.loadStandup(.stage, since: nil)] && back.0.standupSince == nil)
    }

    @Test func aDateThatIsNoneOrLaterThanNowStaysInTheForm() {
        for (text, why) in [("+14d", "is after now"), ("next week", "is not a date"), ("2026-13-01", "is not a date")] {
            let (s, effects) = Fixture.run(Self.opened(), Fixture.keys("S") + Fixture.keys(text) + [.key(.enter)])
            #expect(effects.isEmpty, "\(text)")
            guard case .form(let f) = s.modal else { Issue.record("\(text): the form closed"); continue }
            #expect(f.fields[0].value == text && (f.error ?? "").contains(why), "\(text): \(f.error ?? "")")
        }
    }

    @Test func theWhyPaneIsAsHighAsItsContent() throws {
        let s = Self.opened(width: 160, height: 40)
        let row = try #require(s.queue?.rows[safe: s.queue!.index])
        let lines = render(s).text.components(separatedBy: "\n")
        let top = try #require(lines.firstIndex { $0.contains("Why \u{00B7} \(row.id)") })
        let bottom = try #require(lines.indices.dropFirst(top + 1).first { lines[$0].hasPrefix("\u{2514}") })
        #expect(bottom - top - 1 == row.details.count, "the Why pane holds its \(row.details.count) lines and no more")
    }
}
