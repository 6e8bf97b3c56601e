import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// 10,000 use cases: a keypress evaluates only the cards it shows (the gate cache), so the
/// cost of a frame does not grow with the board. Counts, not times, are asserted; the time
/// per key is printed for the record (the benchmark measures it properly).
@Suite struct LargeBoardTests {
    static let board: Board = {
        let stages = ["scoped", "specification", "implementation", "checkpoint", "release", "production"]
        let ucs = (1...10_000).map { n in
            Fixture.uc(n, "Synthetic use case number \(n) with a longer title", ["low", "medium", "high"][n % 3],
                       stages[n % stages.count], days: Double(n % 90), owners: n % 4 == 0 ? [:] : Fixture.full, metric: "m")
        }
        return Board(policy: Fixture.policy, useCases: ucs)
    }()

    @Test func keypressEvaluatesOnlyVisibleCards() {
        var s = Fixture.state(width: 120, height: 40, board: LargeBoardTests.board)
        _ = render(s)
        let perFrame = s.layout.cardsPerColumn * s.columns.count + 1
        #expect(s.gates.evaluations <= perFrame)
        var times: [Double] = []
        for key in Array(repeating: Key.char("j"), count: 50) + [.char("l"), .char("G"), .pageUp, .char("h"), .tab, .tab] {
            let before = s.gates.evaluations
            let t0 = Date()
            s = reduce(s, .key(key)).0
            _ = render(s)
            times.append(Date().timeIntervalSince(t0) * 1000)
            #expect(s.gates.evaluations - before <= perFrame, "key \(key) evaluated \(s.gates.evaluations - before) gates")
        }
        #expect(s.gates.evaluations < 1_000)                    // never the whole board
        times.sort()
        print("10k board, debug build: key→frame median \(times[times.count / 2]) ms, max \(times.last!) ms")
    }

    @Test func filterKeystrokesStayCheap() {
        var s = Fixture.state(width: 120, height: 40, board: LargeBoardTests.board)
        s = Fixture.run(s, Fixture.keys("/number 99")).0
        _ = render(s)
        #expect(s.columns.flatMap { $0 }.count == 111)          // 99, 990–999, 9900–9999
        #expect(s.gates.evaluations < 200)
        s = Fixture.run(s, [.key(.escape)]).0
        #expect(s.columns.flatMap { $0 }.count == 10_000)
    }

    @Test func narrowListOnTheLargeBoard() {
        var s = Fixture.state(width: 80, height: 24, board: LargeBoardTests.board)
        s = Fixture.run(s, Fixture.keys("G")).0
        let screen = render(s).text
        #expect(screen.contains("UC-9995"), "\(screen)")   // last production card (ids sorted)
        #expect(s.gates.evaluations < 100)
    }
}
