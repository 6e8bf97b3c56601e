import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// The header's mark for local board work not yet pushed (issue 7).
@Suite struct UnsyncedMarkTests {
    func header(_ s: AppState) -> String { String(render(s).text.split(separator: "\n")[0]) }

    @Test func shownOnlyWhenSomethingIsUnsynced() {
        var s = Fixture.state(width: 120, height: 40)
        #expect(!header(s).contains("unsynced"))                 // not in git: nothing
        s = Fixture.run(s, [.unsyncedChecked(0)]).0
        #expect(!header(s).contains("unsynced"))                 // in git, clean: nothing
        s = Fixture.run(s, [.unsyncedChecked(3)]).0
        #expect(header(s).contains("⇡3 unsynced · you: Omar Haddad"))
        s = Fixture.run(s, [.unsyncedChecked(nil)]).0
        #expect(!header(s).contains("unsynced"))
    }

    @Test func asciiGlyph() {
        let s = Fixture.run(Fixture.state(width: 120, height: 40, glyphs: .ascii), [.unsyncedChecked(2)]).0
        #expect(header(s).contains("^2 unsynced - you: Omar Haddad"))
    }

    @Test func keysNeverAskForIt() {
        // The count comes from the loop on load, reload and after actions; a key asks for nothing.
        let effects = Fixture.run(Fixture.state(), Fixture.keys("jjlk2j13")).1
        #expect(!effects.contains(.reload))
    }

    @Test func headerSnapshot() {
        var s = Fixture.run(Fixture.state(width: 100, height: 30), [.unsyncedChecked(4)]).0
        s.select(id: "UC-0001")
        Snapshot.check(render(s), "board-100x30-unsynced")
    }
}
