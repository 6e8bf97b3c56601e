/// The keys that act on the highlighted use case: each opens a form, a picker or a
/// confirmation, and nothing is recorded until it is submitted. The one list the reducer
/// dispatches on, the status line checks and the `?` overlay describes.
public enum ActionKey: Character, CaseIterable, Sendable {
    case approve = "a", reject = "r", advance = ">", returnStage = "<", owner = "o", evidence = "e"
    case waive = "w", comment = "c", halt = "!", new = "n", escalate = "x", park = "p", retire = "d", edit = "E"
    /// Risk screening (issue 19): re-ask the questions (`gateboard screen`); accept a tier below
    /// the proposal (`gateboard tier-override`).
    case screen = "A", tierOverride = "T"
    /// Not governed actions: look at or copy an evidence or artifact reference (read-only too).
    case view = "v", copy = "y"

    /// What the key does, as the help and the status line say it.
    public var what: String {
        switch self {
        case .approve: "approve (optional comment)"
        case .reject: "reject (comment required)"
        case .advance: "advance (shows the blockers when blocked)"
        case .returnStage: "return to an earlier stage"
        case .owner: "assign an owner: role, then person"
        case .evidence: "add evidence or an attestation"
        case .waive: "waive a control (reason and expiry)"
        case .comment: "comment"
        case .halt: "halt / resume (stop-ship)"
        case .new: "new use case"
        case .escalate: "escalate to a person"
        case .park: "park with a review date"
        case .retire: "retire"
        case .edit: "edit problem, metric or title in $EDITOR"
        case .screen: "screen again: the risk screening walked from the recorded answers (gateboard screen)"
        case .tierOverride: "accept a tier below the screening proposal, with a reason (tier-override)"
        case .view: "open an evidence or artifact reference: $PAGER for a file, $BROWSER for a URL"
        case .copy: "copy an evidence or artifact reference (OSC 52; also shown)"
        }
    }

    /// One word for the status line: "approve", "owner".
    public var verb: String {
        switch self {
        case .approve: "approve"
        case .reject: "reject"
        case .advance: "advance"
        case .returnStage: "return"
        case .owner: "owner"
        case .evidence: "evidence"
        case .waive: "waive"
        case .comment: "comment"
        case .halt: "halt"
        case .new: "new"
        case .escalate: "escalate"
        case .park: "park"
        case .retire: "retire"
        case .edit: "edit"
        case .screen: "screen"
        case .tierOverride: "tier-override"
        case .view: "view"
        case .copy: "copy"
        }
    }

    /// Keys whose action the engine can judge with one decision (they open a form directly).
    public var opensForm: Bool {
        switch self {
        case .approve, .reject, .comment, .halt, .park, .retire, .advance, .new, .screen, .tierOverride: true
        case .returnStage, .owner, .evidence, .waive, .escalate, .edit, .view, .copy: false
        }
    }

    /// The action keys a view offers: the stand-up walks with n and p, the report acts on nothing.
    public static func offered(in view: AppState.View) -> [ActionKey] {
        switch view {
        case .report: []
        case .standup: allCases.filter { $0 != .new && $0 != .park }
        default: allCases
        }
    }
}
