import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, "a board whose cards can be read": empty stages collapse into strips, the spare
/// height goes to the panes (`+` / `_` change how it is shared), column titles read alike.
@Suite struct BoardLayoutTests {
    /// The fixture without its checkpoint and release cards: two empty stages.
    static let gappy: Board = {
        var b = Fixture.board
        b.useCases.removeAll { $0.stage == "checkpoint" || $0.stage == "release" }
        return b
    }()

    /// How many columns of its title a card shows (the two title lines, the ellipsis not
    /// counted): a wide character (CJK) counts as the two it takes.
    static func shown(_ title: String, width: Int) -> Int {
        let (first, second) = CardView.titleLines(title, width: width, ellipsis: "\u{2026}")
        guard second.hasSuffix("\u{2026}") else { return DisplayWidth.of(title) }
        let brokeAtSpace = title.dropFirst(first.count).hasPrefix(" ")
            || (first.count < title.count && !title.hasPrefix(first + second.dropLast()))
        return DisplayWidth.of(String(title.prefix(first.count + (brokeAtSpace ? 1 : 0) + second.count - 1)))
    }

    @Test func emptyStagesCollapseAndTheCardsGetTheWidth() {
        let s = Fixture.state(width: 120, height: 40, board: Self.gappy)
        let l = s.layout
        #expect(l.strips == [3, 4], "checkpoint and release have no card")
        for c in l.columns.indices where !l.strips.contains(c) { #expect(l.columns[c].width >= 26, "column \(c): \(l.columns[c].width)") }
        #expect(l.columns.map(\.width).reduce(0, +) == 120)
        let screen = render(s).text
        #expect(!screen.contains("(empty)"))
        // Every card shows at least 30 characters of its title (or all of it).
        for (c, col) in s.columns.enumerated() {
            for i in col {
                let title = TerminalSafe.escape(s.board.useCases[i].title)
                #expect(Self.shown(title, width: l.columns[c].width - 2) >= min(30, DisplayWidth.of(title)), "\(title)")
            }
        }
    }

    @Test func everyCardShowsThirtyCharactersAt120x40() {
        let s = Fixture.state(width: 120, height: 40)
        for (c, col) in s.columns.enumerated() {
            for i in col {
                let title = TerminalSafe.escape(s.board.useCases[i].title)
                #expect(Self.shown(title, width: s.layout.columns[c].width - 2) >= min(30, DisplayWidth.of(title)), "\(title)")
            }
        }
    }

    @Test func theSpareHeightGoesToThePanesAndPlusAndUnderscoreShareIt() {
        var s = Fixture.state(width: 120, height: 40)
        let body = s.layout.body.height
        // Two cards at most in a stage: the board takes their 2 × 3 rows and its frame.
        #expect(s.layout.main.height == 2 * Layout.cardHeight + 2)
        #expect(s.layout.panes.allSatisfy { $0.height == body - s.layout.main.height })
        s = Fixture.run(s, Fixture.keys("+")).0
        #expect(s.screenMode == .half && s.layout.main.height == body - body / 2)
        s = Fixture.run(s, Fixture.keys("+")).0
        #expect(s.screenMode == .full && s.layout.main.height == body && s.layout.panes.isEmpty)
        #expect(!render(s).text.contains("Owners"))
        // Tab brings the panes back, focused.
        let tabbed = Fixture.run(s, [.key(.tab)]).0
        #expect(tabbed.screenMode == .normal && tabbed.focus == .owners)
        s = Fixture.run(s, Fixture.keys("+")).0
        #expect(s.screenMode == .normal)
        s = Fixture.run(s, Fixture.keys("_")).0
        #expect(s.screenMode == .full)
        // A busy board keeps at least two fifths for the panes.
        var busy = Fixture.board
        for n in 20..<30 { busy.useCases.append(Fixture.uc(n, "Filler \(n)", "low", "scoped", days: 1)) }
        let b = Fixture.state(width: 120, height: 40, board: busy).layout
        #expect(b.panes.first!.height == max(8, body * 2 / 5))
    }

    @Test func columnTitlesReadAlikeAtEveryWidth() {
        for width in stride(from: 100, through: 240, by: 10) {
            let s = Fixture.state(width: width, height: 40)
            let titles = BoardView.columnTitles(s, layout: s.layout)
            let names = zip(titles, s.index.stages).filter { $0.0.hasPrefix($0.1.name + " ") }.count
            #expect(names == 0 || names == titles.count, "\(width): \(titles)")
        }
    }
}
