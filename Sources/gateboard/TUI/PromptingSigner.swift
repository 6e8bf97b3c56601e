import Foundation
import GateboardCore
import GateboardStore
import GateboardTerminal

/// Signs for the TUI (signed decisions). With an agent or an unprotected key nothing shows.
/// A key protected by a passphrase, and no agent holding it: the screen leaves curses mode,
/// says why, lets `ssh-keygen -Y sign` ask for the passphrase on the terminal, and comes back.
/// A wrong passphrase is a refusal like any other, shown in the still-open form.
///
/// Called only from the loop's thread (an action is performed there), which owns the terminal.
final class PromptingSigner: EventSigner, @unchecked Sendable {
    let inner: SSHKeygenSigner
    let terminal: Terminal

    init(_ inner: SSHKeygenSigner, terminal: Terminal) {
        self.inner = inner
        self.terminal = terminal
    }

    func sign(_ payload: [UInt8], actor: PersonID, policy: Policy) throws -> [UInt8] {
        guard inner.asksPassphrase(actor: actor, policy: policy) else { return try inner.sign(payload, actor: actor, policy: policy) }
        terminal.suspend()
        defer { terminal.resume() }
        let name = TerminalSafe.escape(policy.person(actor)?.name ?? actor)
        let text = "\nSigning as \(name): this board's decisions are signed, and your key needs its passphrase.\n"
            + "(ssh-add the key to ssh-agent and the board will not ask again.)\n"
        FileHandle.standardOutput.write(Data(text.utf8))
        return try inner.sign(payload, actor: actor, policy: policy)
    }
}
