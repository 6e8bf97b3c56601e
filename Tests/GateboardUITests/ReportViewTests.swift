import Foundation
@testable import GateboardCore
import Testing
@testable import GateboardUI

/// The Report view (`6`): opening it asks the loop for the report, it scrolls and never acts.
@Suite struct ReportViewTests {
    /// A report with known numbers (not computed), so the screen changes only when the view does.
    static let report: PortfolioReport = {
        func month(_ m: String, _ c: Int, _ p: Int, _ r: Int) -> PortfolioReport.Month {
            .init(month: m, created: c, reachedProduction: p, retired: r)
        }
        let policy = Fixture.policy
        return PortfolioReport(
            stages: policy.stages.map { s in
                .init(stage: s.id, name: s.name, count: ["scoped": 2, "specification": 2, "implementation": 2, "checkpoint": 1,
                                                          "release": 1, "production": 2, "retired": 1][s.id] ?? 0)
            },
            reachedProduction: 3, inProduction: 2, inPilot: 8, backInReview: 0,
            pilots: [.init(id: "UC-0007", title: "Title with \u{1B}[31mescape", stage: "scoped", days: 140),
                     .init(id: "UC-0008", title: "Medical records extraction", stage: "implementation", days: 75),
                     .init(id: "UC-0004", title: "Subrogation letter drafting 📄", stage: "specification", days: 31)],
            pilotAge: DayDistribution([140, 75, 31]),
            stageDurations: policy.stages.filter { !$0.terminal }.map { s in
                .init(stage: s.id, days: DayDistribution(s.id == "scoped" ? [3, 9, 14] : s.id == "implementation" ? [40, 61] : []))
            },
            scopedToProduction: DayDistribution([97, 120, 160]),
            throughput: [month("2026-08", 3, 0, 0), month("2026-09", 4, 1, 0), month("2026-10", 2, 1, 1), month("2026-11", 2, 1, 0)],
            blockerAgeing: [.init(label: "0-7 days", count: 2), .init(label: "8-30 days", count: 3),
                            .init(label: "31-90 days", count: 1), .init(label: "over 90 days", count: 0)],
            blockersByKind: [.init(kind: .owner, count: 2), .init(kind: .evidence, count: 4), .init(kind: .approval, count: 3)],
            waiversOpen: [.init(id: "UC-0008", control: "rollback-plan", by: "omar", until: Day(year: 2026, month: 12, day: 1), daysLeft: 5)])
    }()

    func opened(width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode) -> AppState {
        var s = Fixture.state(width: width, height: height, glyphs: glyphs)
        s = Fixture.run(s, Fixture.keys("6")).0
        return Fixture.run(s, [.reportLoaded(Self.report)]).0
    }

    @Test func sixOpensTheReportAndAsksForIt() {
        let (s, effects) = Fixture.run(Fixture.state(), Fixture.keys("6"))
        #expect(s.view == .report)
        #expect(effects == [.loadReport])
        #expect(render(s).text.contains("reading the audit logs…"))
        #expect(render(s).text.contains(" 6 Report "))
    }

    @Test func wideTwoColumns() {
        Snapshot.check(render(opened()), "report-120x40")
    }

    @Test func narrowOneColumnAsciiScrolled() {
        var s = opened(width: 80, height: 24, glyphs: .ascii)
        s = Fixture.run(s, Fixture.keys("jjj")).0
        #expect(s.reportScroll == 3)
        Snapshot.check(render(s), "report-80x24-ascii-scrolled")
    }

    @Test func scrollingStopsAtTheLastLine() {
        var s = opened(width: 80, height: 24)
        s = Fixture.run(s, Fixture.keys("G")).0
        let bottom = s.reportScroll
        #expect(bottom > 0)
        #expect(render(s).text.contains("rollback-plan until 2026-12-01 by Omar Haddad"))
        s = Fixture.run(s, Fixture.keys("jjjj")).0
        #expect(s.reportScroll == bottom)
        s = Fixture.run(s, Fixture.keys("k")).0
        #expect(s.reportScroll == bottom - 1)
        s = Fixture.run(s, Fixture.keys("g")).0
        #expect(s.reportScroll == 0)
        // Two columns on a wide terminal: everything fits, nothing to scroll.
        #expect(Fixture.run(opened(), Fixture.keys("G")).0.reportScroll == 0)
    }

    @Test func actionKeysAndEnterDoNothingHere() {
        let s = opened()
        for key in ["a", "r", ">", "c", "n", "d"] {
            let (after, effects) = Fixture.run(s, Fixture.keys(key))
            #expect(effects.isEmpty, "\(key)")
            #expect(after.modal == nil, "\(key)")
            #expect(after.message?.text.contains("acts on no use case") == true, "\(key)")
        }
        let (entered, effects) = Fixture.run(s, [.key(.enter)])
        #expect(!entered.showingDetail)
        #expect(effects.isEmpty)
    }

    @Test func recomputedOnReloadAndOnR() {
        let s = opened()
        #expect(Fixture.run(s, [.boardLoaded(Fixture.board)]).1.contains(.loadReport))
        #expect(Fixture.run(s, Fixture.keys("R")).1 == [.loadReport])
        // Not while another view is open.
        let board = Fixture.run(s, [.key(.escape)]).0
        #expect(board.view == .board)
        #expect(!Fixture.run(board, [.boardLoaded(Fixture.board)]).1.contains(.loadReport))
    }

    @Test func escapesTextFromTheBoard() {
        let text = render(opened()).text
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("^[[31mescape"))
    }

    @Test func helpListsTheReportKeys() {
        let s = Fixture.run(opened(), Fixture.keys("?")).0
        let text = render(s).text
        #expect(text.contains("recompute from the audit logs"))
    }
}
