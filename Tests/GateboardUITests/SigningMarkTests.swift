import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// Issue 16: the header says the board is signed and whether your key is there to sign with.
@Suite struct SigningMarkTests {
    func header(_ s: AppState) -> String { String(render(s).text.split(separator: "\n")[0]) }

    @Test func shownOnlyWhenSigningIsOn() {
        #expect(!header(Fixture.state(width: 120, height: 40)).contains("signed"))   // signing off: nothing
        var board = Fixture.board
        board.policy.signing = .decisions
        var s = Fixture.state(width: 120, height: 40, board: board)
        #expect(header(s).contains("signed: no key · you: Omar Haddad"))
        s.signingKey = "ssh-agent"
        #expect(header(s).contains("signed · you: Omar Haddad"))
        #expect(!header(s).contains("no key"))
    }

    /// The log's verdicts, as the loop sends them: the create before signing, the advance
    /// signed, one forged (bad signature), one unsigned.
    static let events = Fixture.activity + [
        AuditEvent(seq: 4, id: "e4", at: Fixture.daysAgo(0), actor: "omar", osUser: "omar", action: .halt, useCase: "UC-0001",
                   details: EventDetails(reason: "wrong answers")),
    ]
    static let verdicts: [Int: SignatureVerdict] = [1: .beforeSigning, 2: .signed(fingerprint: "SHA256:x"), 3: .bad("forged"), 4: .unsigned]

    func signedState(_ glyphs: Glyphs = .unicode) -> AppState {
        var board = Fixture.board
        board.policy.signing = .decisions
        var s = Fixture.state(width: 140, height: 40, glyphs: glyphs, board: board)
        s.select(id: "UC-0001")
        return s
    }

    /// The Log view marks each event as `gateboard log` does (`SignatureVerdict.mark`), once
    /// the loop has judged the log; before that, and for another use case's verdicts, nothing.
    @Test func theLogViewMarksEachEvent() throws {
        var s = Fixture.run(signedState(), Fixture.keys("4") + [.logLoaded("UC-0001", Self.events)]).0
        #expect(!render(s).text.contains("✓ signed"))
        #expect(Fixture.run(s, [.signaturesLoaded("UC-0002", Self.verdicts)]).0.signatures?.id == "UC-0002")
        #expect(!render(Fixture.run(s, [.signaturesLoaded("UC-0002", Self.verdicts)]).0).text.contains("✓ signed"))
        s = Fixture.run(s, [.signaturesLoaded("UC-0001", Self.verdicts)]).0
        let lines = render(s).text.split(separator: "\n").map(String.init)
        func line(_ seq: Int) throws -> String { try #require(lines.first { $0.contains(String(format: "%4d ", seq) + "20") }) }
        #expect(try line(1).contains("create before signing"))
        #expect(try line(2).contains("advance ✓ signed"))
        #expect(try line(3).contains("✗ bad signature"))
        #expect(try line(4).contains("✗ unsigned"))
        // The words are log's, from one place.
        #expect(SignatureVerdict.bad("x").mark() == "✗ bad signature" && SignatureVerdict.notRequired.mark() == nil)
    }

    /// The Activity pane (newest first) carries the same marks; ASCII terminals get + and x.
    @Test func theActivityPaneMarksEachEvent() {
        let s = Fixture.run(signedState(), [.activityLoaded("UC-0001", Self.events), .signaturesLoaded("UC-0001", Self.verdicts)]).0
        let pane = PaneContent.activity(s.selectedUseCase!, state: s).map { $0.segments.map(\.text).joined() }
        #expect(pane.count == Self.events.count)
        #expect(pane.last?.contains("create before signing") == true)
        #expect(pane.contains { $0.contains("advance ✓ signed") })
        #expect(pane.contains { $0.contains("✗ bad signature") })
        let ascii = Fixture.run(signedState(.ascii), [.activityLoaded("UC-0001", Self.events), .signaturesLoaded("UC-0001", Self.verdicts)]).0
        let asciiPane = PaneContent.activity(ascii.selectedUseCase!, state: ascii).map { $0.segments.map(\.text).joined() }
        #expect(asciiPane.contains { $0.contains("advance + signed") } && asciiPane.contains { $0.contains("x bad signature") })
    }

    /// The loop's reload brings the use case back with its approval marked as not counting
    /// (the store's load judged a forged line): the Gate pane and the detail say so in
    /// `check`'s words, from the real engine, at once.
    @Test func aReloadedApprovalThatDoesNotCountIsShownSo() {
        var board = Fixture.board
        board.policy.signing = .decisions
        var s = AppState(board: board, actor: "omar", width: 200, height: 50, now: Fixture.now, glyphs: .unicode)
        s.select(id: "UC-0001")
        #expect(!render(s).text.contains("not counted"))
        var forged = board
        forged.useCases[0].approvals[0].signature = SignatureMark(counts: false, reason: "no valid signature")
        s = Fixture.run(s, [.boardLoaded(forged)]).0
        #expect(s.selectedUseCase?.id == "UC-0001")
        #expect(render(s).text.contains("approval by Omar Haddad not counted: no valid signature"), "\(render(s).text)")
        s = Fixture.run(s, [.key(.enter)]).0
        #expect(render(s).text.contains("VOID (not counted: no valid signature)"), "\(render(s).text)")
    }
}
