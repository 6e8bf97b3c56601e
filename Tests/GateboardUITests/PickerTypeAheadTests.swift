import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15, triage: type-ahead in pickers, each person shown with what they hold on the use case.
@Suite struct PickerTypeAheadTests {
    static func escalate() -> AppState {
        var s = Fixture.state(width: 120, height: 40, actor: "omar")
        s.select(id: "UC-0001")
        return Fixture.run(s, Fixture.keys("x")).0
    }

    static func picker(_ s: AppState) -> Picker? {
        if case .picker(let p) = s.modal { return p }
        return nil
    }

    @Test func typingNarrowsAndBackspaceWidens() throws {
        var s = Self.escalate()
        let all = try #require(Self.picker(s)?.shown.map(\.value))
        #expect(all.count > 1 && !all.contains("omar"))
        s = Fixture.run(s, Fixture.keys("pri")).0
        #expect(Self.picker(s)?.shown.map(\.value) == ["priya"])
        #expect(render(s).text.contains("\u{203A} pri  1 of \(all.count)"))
        // Enter picks what is shown, whatever its place in the whole list.
        let form = Fixture.run(s, [.key(.enter)]).0
        guard case .form(let f) = form.modal else { Issue.record("no form"); return }
        #expect(f.purpose == .escalate("priya"))
        for _ in 0..<3 { s = Fixture.run(s, [.key(.backspace)]).0 }
        #expect(Self.picker(s)?.shown.map(\.value) == all)
        // Nothing matches: Enter does nothing and says why; the picker stays.
        let (none, effects) = Fixture.run(s, Fixture.keys("zzz") + [.key(.enter)])
        #expect(effects.isEmpty && Self.picker(none) != nil && none.message?.text.contains("Backspace widens") == true)
    }

    @Test func theArrowsChooseAndLettersNoLongerMove() throws {
        var s = Fixture.run(Self.escalate(), [.key(.down)]).0
        let second = try #require(Self.picker(s)?.shown[1].value)
        #expect(Self.picker(s)?.chosen?.value == second)
        // j and k are letters of names now: typed, not moves.
        s = Fixture.run(s, Fixture.keys("k")).0
        #expect(Self.picker(s)?.query == "k")
        #expect(Self.picker(s)?.shown.allSatisfy { ($0.label + $0.value + $0.detail).lowercased().contains("k") } == true)
    }

    @Test func eachPersonSaysWhatTheyHoldOnThisUseCase() {
        let screen = render(Self.escalate()).text
        let ana = screen.components(separatedBy: "\n").first { $0.contains("Ana Souza") && $0.contains("holds") } ?? ""
        #expect(ana.contains("product") && ana.contains("holds Business owner"), "\(ana)")
        let kenji = screen.components(separatedBy: "\n").first { $0.contains("山田 健二") && $0.contains("holds") } ?? ""
        #expect(kenji.contains("holds Operations owner, Stop-ship authority"), "\(kenji)")
        // Typing a role finds who holds it.
        let s = Fixture.run(Self.escalate(), Fixture.keys("business")).0
        #expect(Self.picker(s)?.shown.map(\.value) == ["ana"])
        // On a use case where someone holds nothing, it says so.
        var t = Fixture.state(actor: "omar")
        t.select(id: "UC-0003")
        #expect(render(Fixture.run(t, Fixture.keys("x")).0).text.contains("holds nothing here"))
    }
}
