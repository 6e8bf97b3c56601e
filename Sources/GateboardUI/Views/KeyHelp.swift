/// Every key, per view, for the `?` overlay; and the few most useful ones for the status line.
public enum KeyHelp {
    public typealias Entry = (keys: String, what: String)

    static let move: [Entry] = [
        ("h j k l / arrows", "move between stages and use cases"),
        ("g / G", "first / last use case"),
        ("PgUp / PgDn", "a page up / down"),
        ("Tab / Shift-Tab", "focus board, Owners, Gate, Activity"),
        ("L", "columns by stage or one list with whole titles, at any width"),
        ("+ / _", "screen mode: the board as high as its cards (the panes get the rest), half the screen, all of it"),
        ("Enter", "full detail of the use case"),
        ("Esc", "back; clear the filter"),
        ("mouse", "click a card to select it; the wheel scrolls"),
    ]
    /// The action keys, from `ActionKey` (the set the reducer dispatches on).
    static func actions(in view: AppState.View) -> [Entry] {
        ActionKey.offered(in: view).map { (String($0.rawValue), $0.what) }
    }
    static let views: [Entry] = [
        ("1 2 3 4 5 6", "board, triage, stand-up, log, inbox, report"),
        ("/", "filter this view: words in id, title or owner, me, stalled, tier:high, stage:checkpoint; Enter keeps it across views, Esc clears"),
        ("D", "delegations you gave and received (n delegate while away, c cancel one of yours)"),
        ("?", "this help (j/k scroll it)"),
        ("q", "quit (asks only if a form has unsaved input)"),
        ("Ctrl-C", "quit at once"),
    ]
    static let form: [Entry] = [
        ("Tab / Shift-Tab", "next / previous field"),
        ("← → Home End", "move the cursor; ←/→ change a choice"),
        ("Backspace Delete", "delete before / at the cursor"),
        ("Ctrl-U / Ctrl-K", "delete to start / end"),
        ("Enter", "submit (a refusal stays in the form with your input)"),
        ("Esc", "cancel"),
        // The New-use-case form's risk screening (`ScreeningWalkKeys`).
        ("Enter (New use case)", "first walks the risk screening, one step per question, then shows the proposed tier and its reasons; Enter there creates"),
        ("Enter (Screen, A)", "the same walk from the answers recorded; Enter on the result records them (a refusal is shown there)"),
        ("↑ ↓ / j k", "screening: move between the options"),
        ("1-9 / y n", "screening: pick that option (y / n answer a yes/no question) and go on"),
        ("Space", "screening: tick or untick an option of a several-choice question (Enter goes on)"),
        ("← / Backspace", "screening: back a step, the answer kept (from the first question, to the fields)"),
    ]
    /// In a picker (a role, a person, a stage, a control, a reference).
    static let picker: [Entry] = [
        ("letters", "narrow the list to what holds them (a name, a role held, a function)"),
        ("Backspace", "widen it again"),
        ("\u{2191} \u{2193} Home End", "choose"),
        ("Enter", "pick the highlighted choice"),
        ("Esc", "cancel"),
    ]
    /// In the `D` overlay (`DelegationKeys`).
    static let delegations: [Entry] = [
        ("j k / arrows", "move in the list"),
        ("n", "delegate while away: pick the delegate (letters narrow), then the last day (+14d, fri), an optional first day and the role"),
        ("c", "cancel the highlighted delegation (yours only; asks first)"),
        ("Esc / D", "close"),
    ]
    static let list: [Entry] = [
        ("j k / arrows", "move in the list"),
        ("g / G", "first / last entry"),
        ("PgUp / PgDn", "a page up / down"),
        ("Enter", "full detail"),
    ]

    /// The keymap of a view: what the `?` overlay shows and docs/keys.md documents (a test
    /// checks both against this and against what each key does in the reducer).
    public static func sections(for view: AppState.View) -> [(String, [Entry])] {
        switch view {
        case .board:
            return [("Board", move), ("Actions on the selected use case", actions(in: .board)), ("Views", views)]
        case .log:
            return [("Log", [("j k / arrows", "scroll the events"), ("g / G", "first / last"), ("PgUp / PgDn", "a page up / down"),
                             ("] / [", "the log of the next / previous use case (of those / matches)"),
                             ("Enter", "full detail"), ("Esc", "back to the board")]),
                    ("Actions on the use case whose log this is", actions(in: .log)), ("Views", views)]
        case .triage:
            return [("Triage", list + [("space", "mark / unmark the entry (and move on)"),
                                       ("t", "group by template, as triage --by template (again: one list, worst first)"),
                                       ("Esc", "clear the marks; then back to the board")]),
                    ("On every marked entry at once (else the highlighted one)",
                     [("o", "assign the missing owner"), ("x", "escalate to a person, with reason"),
                      ("p", "park with a review date"), ("d", "retire with a reason"), ("c", "comment / nudge")]),
                    ("Also on the highlighted entry", actions(in: .triage).filter { !["o", "x", "p", "d", "c"].contains($0.keys) }),
                    ("Views", views)]
        case .standup:
            return [("Stand-up", [("n p / j k", "next / previous use case (also in its detail)"),
                                  ("] / [", "next / previous use case that changed since the last stand-up"), ("g / G", "first / last"),
                                  ("PgUp / PgDn", "a page up / down"), ("s", "order by stage or by owner"),
                                  ("Tab / Shift-Tab", "only the use cases behind the next / previous summary count (forward, newly blocked…)"),
                                  ("S", "changes since a date: 2026-11-20, -1w, -14d, yesterday, fri (empty: the last stand-up)"),
                                  ("m", "mark the stand-up held (asks first; once a day)"), ("Enter", "full detail"),
                                  ("Esc", "every use case again after Tab; else back to the board")]),
                    ("Actions on the highlighted use case (n and p walk here)", actions(in: .standup)), ("Views", views)]
        case .inbox:
            return [("Inbox", list + [("Esc", "back to the board")]),
                    ("Actions on the highlighted entry", actions(in: .inbox)), ("Views", views)]
        case .report:
            return [("Report", [("j k / arrows", "scroll"), ("PgUp / PgDn", "a page up / down"), ("g / G", "top / bottom"),
                                ("R", "recompute from the audit logs"), ("Esc", "back to the board"),
                                (ActionKey.allCases.map { String($0.rawValue) }.joined(separator: " "),
                                 "act on nothing here: the status line says where to act (1, 2 or 5)")]),
                    ("Views", views)]
        }
    }

    public static func sections(for state: AppState) -> [(String, [Entry])] {
        if case .form = state.modal { return [("Form", form)] }
        if case .picker = state.modal { return [("Picker", picker)] }
        return sections(for: state.view)
    }

    /// Short hints for the status line.
    public static func hints(for state: AppState) -> [Entry] {
        if let m = state.modal {
            switch m {
            case .form: return [("Enter", "submit"), ("Esc", "cancel"), ("Tab", "next field")]
            case .picker: return [("type", "narrow"), ("\u{2191}/\u{2193}", "choose"), ("Enter", "pick"), ("Esc", "cancel")]
            case .help, .blockers: return [("Esc", "close")]
            case .confirmQuit: return [("y", "quit and discard"), ("any key", "back to the form")]
            case .confirmMark: return [("y", "mark held"), ("any key", "cancel")]
            case .delegations: return [("j/k", "move"), ("n", "new delegation"), ("c", "cancel yours"), ("Esc", "close")]
            case .confirmCancelDelegation: return [("y", "cancel the delegation"), ("any key", "keep it")]
            }
        }
        if state.filterInput != nil { return [("Enter", "keep filter"), ("Esc", "clear")] }
        if state.showingDetail { return [("j/k", "scroll"), ("Esc", "back"), ("a/r/>/c", "act"), ("?", "help")] }
        switch state.view {
        case .board:
            if state.focus != .board { return [("j/k", "scroll \(state.focus.title)"), ("Tab", "next pane"), ("Esc", "board"), ("?", "help")] }
            return [("hjkl", "move"), ("Enter", "detail"), ("/", "filter"), ("a", "approve"), (">", "advance"),
                    ("o", "owner"), ("c", "comment"), ("?", "help"), ("q", "quit")]
        case .log: return [("j/k", "scroll"), ("]/[", "next use case"), ("/", "filter"), ("Esc", "board"), ("?", "help")]
        case .triage:
            if !state.marked.isEmpty {
                return [("o x p d c", "owner, escalate, park, retire, comment: on the \(state.marked.count) marked"),
                        ("space", "mark/unmark"), ("Esc", "clear marks"), ("?", "help")]
            }
            return [("j/k", "move"), ("space", "mark"), ("o", "owner"), ("x", "escalate"), ("p", "park"), ("d", "retire"), ("c", "comment"), ("Enter", "detail"), ("?", "help")]
        case .standup:
            return [("n/p", "next/prev"), ("]/[", "changed"), ("Tab", "a count's rows"), ("S", "since"), ("s", "order"), ("m", "mark held"),
                    ("Enter", "detail"), ("?", "help")]
        case .inbox: return [("j/k", "move"), ("a", "approve"), ("r", "reject"), ("e", "evidence"), ("Enter", "detail"), ("?", "help")]
        case .report: return [("j/k", "scroll"), ("R", "recompute"), ("Esc", "board"), ("?", "help")]
        }
    }
}
