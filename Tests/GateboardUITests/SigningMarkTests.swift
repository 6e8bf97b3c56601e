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
}
