/// Every key, per view, for the `?` overlay; and the few most useful ones for the status line.
public enum KeyHelp {
    public typealias Entry = (keys: String, what: String)

    static let move: [Entry] = [
        ("h j k l / arrows", "move between stages and use cases"),
        ("g / G", "first / last use case"),
        ("PgUp / PgDn", "a page up / down"),
        ("Tab / Shift-Tab", "focus board, Owners, Gate, Activity"),
        ("Enter", "full detail of the use case"),
        ("Esc", "back; clear the filter"),
        ("/", "filter by id, title or owner (live); Enter keeps, Esc clears"),
        ("mouse", "click a card to select it; the wheel scrolls"),
    ]
    static let actions: [Entry] = [
        ("a", "approve (optional comment)"),
        ("r", "reject (comment required)"),
        (">", "advance (shows the blockers when blocked)"),
        ("<", "return to an earlier stage"),
        ("o", "assign an owner: role, then person"),
        ("e", "add evidence or an attestation"),
        ("w", "waive a control (reason and expiry)"),
        ("c", "comment"),
        ("!", "halt / resume (stop-ship)"),
        ("n", "new use case"),
        ("x", "escalate to a person"),
        ("p", "park with a review date"),
        ("d", "retire"),
        ("E", "edit problem, metric or title in $EDITOR"),
    ]
    static let views: [Entry] = [
        ("1 2 3 4 5 6", "board, triage, stand-up, log, inbox, report"),
        ("?", "this help"),
        ("q", "quit (asks only if a form has unsaved input)"),
        ("Ctrl-C", "quit at once"),
    ]
    static let form: [Entry] = [
        ("Tab / Shift-Tab", "next / previous field"),
        ("← → Home End", "move the cursor; ←/→ change a choice"),
        ("Backspace Delete", "delete before / at the cursor"),
        ("Ctrl-U / Ctrl-K", "delete to start / end"),
        ("Enter", "submit"),
        ("Esc", "cancel"),
    ]

    public static func sections(for state: AppState) -> [(String, [Entry])] {
        if case .form = state.modal { return [("Form", form)] }
        switch state.view {
        case .board:
            return [("Board", move), ("Actions on the selected use case", actions), ("Views", views)]
        case .log:
            return [("Log", [("j k / arrows", "scroll the events"), ("g / G", "first / last"),
                             ("Enter", "full detail"), ("Esc", "back to the board")]),
                    ("Views", views)]
        case .triage:
            return [("Triage", [("j k / arrows", "move in the list"), ("Enter", "full detail"),
                                ("space", "mark / unmark the entry (and move on)"),
                                ("Esc", "clear the marks; then back to the board")]),
                    ("Decide without leaving the list (on every marked entry, else the selected one)",
                     [("o", "assign the missing owner"), ("x", "escalate to a person, with reason"),
                     ("p", "park with a review date"), ("d", "retire with a reason"), ("c", "comment / nudge")]),
                    ("Also", actions.filter { ["a", "r", ">", "e", "w", "!"].contains($0.keys) }), ("Views", views)]
        case .standup:
            return [("Stand-up", [("n p / j k", "next / previous use case"), ("s", "order by stage or by owner"),
                                  ("m", "mark the stand-up held (a board event)"), ("Enter", "full detail"), ("Esc", "back to the board")]),
                    // n and p walk the list here: new and park are on the board and in triage.
                    ("Actions on the current use case", actions.filter { $0.keys != "n" && $0.keys != "p" }), ("Views", views)]
        case .inbox:
            return [("Inbox", [("j k / arrows", "move in the list"), ("a", "approve"), ("r", "reject"), ("e", "add evidence"),
                               ("Enter", "full detail with evidence and the material digest"), ("Esc", "back to the board")]),
                    ("Views", views)]
        case .report:
            return [("Report", [("j k / arrows", "scroll"), ("PgUp / PgDn", "a page up / down"), ("g / G", "top / bottom"),
                                ("R", "recompute from the audit logs"), ("Esc", "back to the board")]),
                    ("Views", views)]
        }
    }

    /// Short hints for the status line.
    public static func hints(for state: AppState) -> [Entry] {
        if let m = state.modal {
            switch m {
            case .form: return [("Enter", "submit"), ("Esc", "cancel"), ("Tab", "next field")]
            case .picker: return [("j/k", "choose"), ("Enter", "pick"), ("Esc", "cancel")]
            case .help, .blockers: return [("Esc", "close")]
            case .confirmQuit: return [("y", "quit and discard"), ("any key", "back to the form")]
            case .confirmMark: return [("y", "mark held"), ("any key", "cancel")]
            }
        }
        if state.filterInput != nil { return [("Enter", "keep filter"), ("Esc", "clear")] }
        if state.showingDetail { return [("j/k", "scroll"), ("Esc", "back"), ("a/r/>/c", "act"), ("?", "help")] }
        switch state.view {
        case .board:
            if state.focus != .board { return [("j/k", "scroll \(state.focus.title)"), ("Tab", "next pane"), ("Esc", "board"), ("?", "help")] }
            return [("hjkl", "move"), ("Enter", "detail"), ("/", "filter"), ("a", "approve"), (">", "advance"),
                    ("o", "owner"), ("c", "comment"), ("?", "help"), ("q", "quit")]
        case .log: return [("j/k", "scroll"), ("Esc", "board"), ("?", "help")]
        case .triage:
            if !state.marked.isEmpty {
                return [("o x p d c", "owner, escalate, park, retire, comment: on the \(state.marked.count) marked"),
                        ("space", "mark/unmark"), ("Esc", "clear marks"), ("?", "help")]
            }
            return [("j/k", "move"), ("space", "mark"), ("o", "owner"), ("x", "escalate"), ("p", "park"), ("d", "retire"), ("c", "comment"), ("Enter", "detail"), ("?", "help")]
        case .standup: return [("n/p", "next/prev"), ("s", "order"), ("m", "mark held"), ("Enter", "detail"), ("?", "help")]
        case .inbox: return [("j/k", "move"), ("a", "approve"), ("r", "reject"), ("e", "evidence"), ("Enter", "detail"), ("?", "help")]
        case .report: return [("j/k", "scroll"), ("R", "recompute"), ("Esc", "board"), ("?", "help")]
        }
    }
}
