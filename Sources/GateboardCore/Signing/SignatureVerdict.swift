import Foundation

/// What an event's signature proves, checked in process against the policy's keys.
public enum SignatureVerdict: Equatable, Sendable {
    /// Not signed, and signing does not require it.
    case notRequired
    /// Not signed, and recorded before the log's `signing` event (`gateboard signing on`): it
    /// keeps the meaning it had.
    case beforeSigning
    /// Signed by a key of its actor, valid at the event's time.
    case signed(fingerprint: String)
    /// Signing requires it and it carries none.
    case unsigned
    /// It carries a signature that proves nothing (why).
    case bad(String)

    /// Whether the event counts as its actor's decision.
    public var counts: Bool {
        switch self {
        case .notRequired, .signed, .beforeSigning: true
        case .unsigned, .bad: false
        }
    }
}

extension SignatureVerdict {
    /// The mark beside an event wherever events are listed (`gateboard log`, the TUI's Log
    /// view and Activity pane): `✓ signed`, `✗ unsigned`, `✗ bad signature`, `before signing`;
    /// nil when signing does not concern the event. The TUI passes its glyphs for the ticks.
    public func mark(ok: String = "✓", no: String = "✗") -> String? {
        switch self {
        case .signed: "\(ok) signed"
        case .unsigned: "\(no) unsigned"
        case .bad: "\(no) bad signature"
        case .beforeSigning: "before signing"
        case .notRequired: nil
        }
    }
}
