import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Whole screens compared with golden files in Snapshots/. Set GATEBOARD_UPDATE_SNAPSHOTS=1
/// to rewrite them (in the source tree); a missing golden fails.
enum Snapshot {
    static let sourceDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = buffer.text + "\n"
        let file = sourceDir.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["GATEBOARD_UPDATE_SNAPSHOTS"] == "1" {
            // An update run never passes a screen that changed: it rewrites the golden file and
            // says so; the run after it (without the variable) is the one that can pass.
            guard (try? String(contentsOf: file, encoding: .utf8)) != text else { return }
            do {
                try text.write(to: file, atomically: true, encoding: .utf8)
                Issue.record("snapshot \(name) rewritten: review it (git diff), then run again without GATEBOARD_UPDATE_SNAPSHOTS",
                             sourceLocation: sourceLocation)
            } catch {
                Issue.record("cannot write \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        // Bundled copy first (the declared resource), else the source tree.
        let bundled = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Snapshots")
        guard let golden = (bundled.flatMap { try? String(contentsOf: $0, encoding: .utf8) })
                ?? (try? String(contentsOf: file, encoding: .utf8)) else {
            Issue.record("missing golden \(file.path); run with GATEBOARD_UPDATE_SNAPSHOTS=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if golden != text {
            let g = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let t = text.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(g, t).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(g.count, t.count)
            Issue.record("""
                snapshot \(name) differs at line \(first + 1)
                expected: \(first < g.count ? String(g[first]) : "<end>")
                actual:   \(first < t.count ? String(t[first]) : "<end>")
                whole screen:
                \(text)
                """, sourceLocation: sourceLocation)
        }
    }
}

@Suite struct SnapshotTests {
    func loaded(_ s: AppState) -> AppState {
        Fixture.run(s, [.activityLoaded("UC-0001", Fixture.activity)]).0
    }

    @Test func board120x40() {
        var s = loaded(Fixture.state(width: 120, height: 40))
        s.select(id: "UC-0001")
        Snapshot.check(render(s), "board-120x40")
    }

    @Test func board80x24Narrow() {
        var s = loaded(Fixture.state(width: 80, height: 24))
        s.select(id: "UC-0001")
        s = Fixture.run(s, [.key(.resize(width: 80, height: 24))]).0
        Snapshot.check(render(s), "board-80x24")
    }

    @Test func narrowActivityPane() {
        var s = loaded(Fixture.state(width: 90, height: 30))
        s.select(id: "UC-0001")
        s = Fixture.run(s, [.key(.tab), .key(.tab), .key(.tab)]).0
        Snapshot.check(render(s), "narrow-90x30-activity")
    }

    @Test func tooSmall() {
        Snapshot.check(render(Fixture.state(width: 59, height: 16)), "too-small-59x16")
    }

    @Test func asciiMonochrome() {
        var s = loaded(Fixture.state(width: 120, height: 40, actor: nil, glyphs: .ascii))
        s.select(id: "UC-0001")
        Snapshot.check(render(s), "board-120x40-ascii-readonly")
    }

    @Test func detail() {
        var s = loaded(Fixture.state(width: 100, height: 40))
        s.select(id: "UC-0001")
        s = Fixture.run(s, [.key(.enter)]).0
        Snapshot.check(render(s), "detail-100x40")
    }

    @Test func help() {
        let s = Fixture.run(Fixture.state(width: 120, height: 40), Fixture.keys("?")).0
        Snapshot.check(render(s), "help-120x40")
    }

    @Test func approveForm() {
        // Omar is UC-0004's named risk reviewer: the engine would take his approval.
        var s = Fixture.state(width: 120, height: 40, board: Fixture.withOwner("UC-0004", "risk_reviewer", "omar"))
        s.select(id: "UC-0004")
        s = Fixture.run(s, Fixture.keys("a") + Fixture.keys("ok to ship")).0
        Snapshot.check(render(s), "approve-form-120x40")
    }
}

@Suite struct ListViewSnapshotTests {
    @Test func triage() {
        let s = Fixture.run(Fixture.state(width: 120, height: 40), Fixture.keys("2")).0
        Snapshot.check(render(s), "triage-120x40")
    }

    @Test func inbox() {
        let s = Fixture.run(Fixture.state(width: 100, height: 30, actor: "ana"), Fixture.keys("5")).0
        Snapshot.check(render(s), "inbox-100x30")
    }

    @Test func log() {
        var s = Fixture.state(width: 100, height: 24)
        s.select(id: "UC-0001")
        s = Fixture.run(s, Fixture.keys("4") + [.logLoaded("UC-0001", Fixture.activity)]).0
        Snapshot.check(render(s), "log-100x24")
    }

    @Test func blockers() {
        var s = Fixture.state(width: 100, height: 30)
        s.select(id: "UC-0007")
        s = Fixture.run(s, Fixture.keys(">")).0
        Snapshot.check(render(s), "blockers-100x30")
    }
}

/// Issue 15: every view at the three sizes people use — 80×24, 120×40 and 200×50.
@Suite struct SizeSnapshotTests {
    static let sizes = [(80, 24), (120, 40), (200, 50)]

    func state(_ w: Int, _ h: Int, actor: PersonID? = "omar") -> AppState {
        var s = Fixture.state(width: w, height: h, actor: actor)
        s.select(id: "UC-0001")
        return Fixture.run(s, [.activityLoaded("UC-0001", Fixture.activity)]).0
    }

    @Test func board() {
        for (w, h) in Self.sizes { Snapshot.check(render(state(w, h)), "sizes-board-\(w)x\(h)") }
    }

    @Test func triage() {
        for (w, h) in Self.sizes { Snapshot.check(render(Fixture.run(state(w, h), Fixture.keys("2 ")).0), "sizes-triage-\(w)x\(h)") }
    }

    @Test func standup() {
        for (w, h) in Self.sizes {
            let s = DefectTests.standup(state(w, h))
            Snapshot.check(render(s), "sizes-standup-\(w)x\(h)")
        }
    }

    @Test func inbox() {
        for (w, h) in Self.sizes { Snapshot.check(render(Fixture.run(state(w, h, actor: "ana"), Fixture.keys("5")).0), "sizes-inbox-\(w)x\(h)") }
    }

    @Test func help() {
        for (w, h) in Self.sizes { Snapshot.check(render(Fixture.run(state(w, h), Fixture.keys("?")).0), "sizes-help-\(w)x\(h)") }
    }

    @Test func approveForm() {
        for (w, h) in Self.sizes {
            var s = Fixture.state(width: w, height: h, board: Fixture.withOwner("UC-0004", "risk_reviewer", "omar"))
            s.select(id: "UC-0004")
            Snapshot.check(render(Fixture.run(s, Fixture.keys("a")).0), "sizes-approve-\(w)x\(h)")
        }
    }
}
