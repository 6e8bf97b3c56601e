import Foundation
import GateboardCore

/// A list of use cases that need something (triage, stand-up walk, inbox): one row per
/// entry, the selected row's use case is the one the action keys act on.
public struct Queue: Sendable {
    public struct Row: Sendable {
        public var id: UseCaseID
        public var line: StyledLine
        public var details: [StyledLine]
        /// Stand-up: changed since the last stand-up (`]` and `[` jump between these).
        public var changed = false
    }
    public var view: AppState.View
    public var title: String
    public var summary: [StyledLine]
    /// The rows shown: `allRows` under the filter (`/`).
    public var rows: [Row]
    /// Every row, whatever the filter.
    public private(set) var allRows: [Row]
    public var index = 0
    public var empty: String

    init(view: AppState.View, title: String, summary: [StyledLine], rows: [Row], empty: String) {
        self.view = view
        self.title = title
        self.summary = summary
        self.rows = rows
        self.allRows = rows
        self.empty = empty
    }

    /// Shows the rows whose use case is in `ids` (nil: all), keeping the highlighted entry
    /// when it stays.
    mutating func filter(to ids: Set<UseCaseID>?) {
        let keep = rows[safe: index]?.id
        rows = ids.map { ids in allRows.filter { ids.contains($0.id) } } ?? allRows
        index = keep.flatMap { k in rows.firstIndex { $0.id == k } } ?? min(index, max(0, rows.count - 1))
    }

    /// Triage: everything that needs a decision, worst first (`Triage.rank`).
    static func triage(_ state: AppState) -> Queue {
        // Until the loop has read the early history, risk engagement is judged from the files.
        var entries = Triage.rank(state.board.useCases, policy: state.policy, events: state.triageHistory ?? [], now: state.now)
        let grouping = state.triageByTemplate ? TriageByTemplate(entries, state: state) : nil
        if let grouping { entries = grouping.ordered }
        let rows = entries.map { e in
            Row(id: e.id,
                line: StyledLine((grouping.map { [($0.badge(e.id), .badge)] } ?? []) + [("score " + String(format: "%3d ", e.severity), .danger), (e.id + " ", .bold),
                                  (TerminalSafe.escape(e.title), .normal),
                                  ("  \(e.stage) \(UseCaseText.tierBadge(e.tier)) \(e.daysInStage)d", .dim),
                                  ("  " + e.reasons.map { Self.words($0.code.rawValue) }.joined(separator: ", "), .warn)]),
                details: e.reasons.map { StyledLine([("    \(Self.words($0.code.rawValue)): ", .warn), (TerminalSafe.escape($0.message), .normal)]) })
        }
        return Queue(view: .triage, title: "Triage \(state.glyphs.bullet) \(entries.count) need a decision, "
                        + (grouping == nil ? "worst first" : "by template, worst first in each (t: one list)"),
                     summary: grouping?.summary ?? [], rows: rows, empty: "Nothing needs a decision.")
    }

    /// The inbox of the acting person (`Inbox.entries`).
    static func inbox(_ state: AppState, person: PersonID) -> Queue {
        let entries = Inbox.entries(for: person, useCases: state.board.useCases, policy: state.policy, now: state.now,
                                    histories: state.roleHistories)
        let rows = entries.map { e in
            Row(id: e.id,
                line: StyledLine([(TextFit.pad(Self.words(e.need.rawValue), to: 16), .badge), (e.id + " ", .bold),
                                  (TerminalSafe.escape(e.title) + "  ", .bold),
                                  // A renew says first what changed since your approval.
                                  (e.need == .renew ? state.board.useCase(e.id).flatMap { InboxWhy.changeSinceApproval($0, state: state) }.map { $0 + "  " } ?? "" : "", .warn),
                                  (TerminalSafe.escape(e.message), .normal),
                                  // The engine's message often says how long already ("waiting 9 days").
                                  (e.message.contains("waiting") ? "" : "  waiting \(e.waitingDays)d", .dim)]),
                details: InboxWhy.lines(e, state: state))
        }
        let name = state.actorName ?? person
        // Whose decisions this person holds by delegation now.
        let held = state.policy.delegations.held(by: person, at: state.now).map { d in
            StyledLine([(TerminalSafe.escape(state.policy.person(d.from)?.name ?? d.from) + "'s "
                         + TerminalSafe.escape((state.policy.role(d.role)?.name ?? d.role).lowercased()) + " approvals: ", .normal),
                        ("you until \(d.until)", .bold), (" (delegation from \(d.start))", .dim)])
        }
        return Queue(view: .inbox, title: "Inbox \(state.glyphs.bullet) \(TerminalSafe.escape(name)) \(state.glyphs.bullet) \(entries.count) need you",
                     summary: held, rows: rows, empty: "Nothing needs you.")
    }

    /// A code in words: "waiver_expiring" → "waiver expiring", "no_business_owner" → "no business owner".
    static func words(_ code: String) -> String { code.replacingOccurrences(of: "_", with: " ") }

    /// The stand-up walk from a computed report (the loop reads the audit logs for it).
    public static func standup(_ report: StandupReport, state: AppState) -> Queue {
        let summary = [summaryLine(report, state: state)]
        let rows = report.items.map { item in
            // A comment shows what was said, not only that someone commented.
            var details = item.changes.map { c in
                StyledLine([("    " + UseCaseText.date(c.at) + " ", .dim), (TerminalSafe.escape(c.message), .normal),
                            (c.kind == .comment ? c.text.map { ": \u{201C}" + TerminalSafe.escape($0) + "\u{201D}" } ?? "" : "", .bold)])
            }
            if details.isEmpty { details.append(StyledLine("    no change since the last stand-up", .dim)) }
            details += item.blockers.prefix(4).map { StyledLine([("    \(state.glyphs.blocked) ", .danger), (TerminalSafe.escape($0.message), .normal)]) }
            if !item.mustAct.isEmpty {
                details.append(StyledLine([("    must act: ", .dim),
                                           (item.mustAct.map { UseCaseText.person($0, state.policy) }.joined(separator: ", "), .bold)]))
            }
            let changed = !item.changes.isEmpty
            return Row(id: item.id,
                       line: StyledLine([(changed ? state.glyphs.marked + " " : "  ", .warn),
                                         (TextFit.pad(item.group, to: 18) + " ", .columnTitle), (item.id + " ", .bold),
                                         (TerminalSafe.escape(item.title), .normal),
                                         (item.newlyBlocked ? "  newly blocked" : "", .danger),
                                         ("  " + rowFacts(item, state: state), .dim)]),
                       details: details, changed: changed)
        }
        // The diff first: what changed since the last stand-up, then the rest, each in walk order.
        let ordered = rows.filter(\.changed) + rows.filter { !$0.changed }
        let changedCount = ordered.filter(\.changed).count
        let g = state.glyphs
        return Queue(view: .standup, title: "Stand-up \(g.bullet) \(changedCount) changed first (] [ jump) \(g.bullet) by \(report.order.rawValue) (s toggles) \(g.bullet) m marks held",
                     summary: summary, rows: ordered, empty: "No active use cases.")
    }

    /// "since 2026-11-24 09:30 (last)  forward 2  back 0 …": since the last stand-up or the
    /// date chosen with S, the count chosen with Tab highlighted.
    static func summaryLine(_ report: StandupReport, state: AppState) -> StyledLine {
        let s = report.summary
        let values: [StandupCount: Int] = [.movedForward: s.movedForward, .movedBack: s.movedBack, .newlyBlocked: s.newlyBlocked,
                                           .approvals: s.approvalsGiven, .waiversExpiring: s.waiversExpiring, .unowned: s.unowned]
        var line = StyledLine([("since " + UseCaseText.date(report.since) + (state.standupSince == nil ? " (last)  " : " (S)  "), .dim)])
        for count in StandupCount.allCases {
            line.append("\(count.rawValue) \(values[count] ?? 0)", count == state.standupCount ? .selected : .bold)
            line.append("  ", .normal)
        }
        if state.standupCount != nil { line.append("Esc: all", .dim) }
        return line
    }

    /// What changed in a few words, the blocker count and who must act: "approval, comment · ✗2 · Omar Haddad".
    static func rowFacts(_ item: StandupItem, state: AppState) -> String {
        var kinds: [String] = []
        for c in item.changes where !kinds.contains(words(c.kind.rawValue)) { kinds.append(words(c.kind.rawValue)) }
        var facts: [String] = []
        if !kinds.isEmpty { facts.append(kinds.prefix(3).joined(separator: ", ") + (kinds.count > 3 ? "…" : "")) }
        if !item.blockers.isEmpty { facts.append("\(state.glyphs.blocked)\(item.blockers.count)") }
        if let who = item.mustAct.first { facts.append(UseCaseText.person(who, state.policy)) }
        return facts.joined(separator: " \(state.glyphs.bullet) ")
    }
}
