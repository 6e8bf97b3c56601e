import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 15: `/` filters the Log view too, with the same terms as everywhere: the log shown is
/// of a use case the filter matches, and `]` `[` walk the matching ones.
@Suite struct LogFilterTests {
    @Test func theFilterPicksWhoseLogAndBracketsWalkTheMatches() {
        var s = Fixture.state(width: 120, height: 30)
        s.select(id: "UC-0003")                                  // low tier
        s = Fixture.run(s, Fixture.keys("4")).0
        let high = Set(Fixture.board.useCases.filter { $0.tier == "high" && $0.stage != "retired" }.map(\.id))
        var effects: [Effect]
        (s, effects) = Fixture.run(s, Fixture.keys("/tier:high") + [.key(.enter)])
        let first = s.selectedUseCase?.id ?? ""
        #expect(high.contains(first) && effects.contains(.loadLog(first)), "\(first) \(effects)")
        s = Fixture.run(s, [.logLoaded(first, [])]).0
        #expect(render(s).text.contains("/tier:high: \(high.count) match"), "\(render(s).text)")
        var seen: [UseCaseID] = [first]
        for _ in 0..<high.count {
            (s, effects) = Fixture.run(s, Fixture.keys("]"))
            let id = s.selectedUseCase?.id ?? ""
            #expect(high.contains(id) && effects.contains(.loadLog(id)), "\(id)")
            seen.append(id)
        }
        #expect(Set(seen) == high && seen.last == first, "] walks every match and wraps: \(seen)")
        (s, _) = Fixture.run(s, Fixture.keys("["))
        #expect(s.selectedUseCase?.id == seen[seen.count - 2])
        // The same words as everywhere: an owner's name, me.
        let mine = Fixture.run(s, [.key(.escape)] + Fixture.keys("4/") + [.key(.ctrl("u"))] + Fixture.keys("me") + [.key(.enter)]).0
        #expect(mine.selectedUseCase.map { $0.owners.values.contains("omar") } == true)
        let none = Fixture.run(s, Fixture.keys("/") + [.key(.ctrl("u"))] + Fixture.keys("zzzz") + [.key(.enter)]).0
        #expect(render(none).text.contains("nothing matches /zzzz (Esc clears)"))
    }
}
