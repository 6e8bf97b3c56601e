import Foundation
import GateboardCore

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// Triage, stand-up and inbox: opening them, moving in them, keeping them current.
extension AppState {
    mutating func openView(_ v: View) -> [Effect] {
        queue = nil
        marked = []
        switch v {
        case .board: return []
        case .log: return selectedUseCase.map { [.loadLog($0.id)] } ?? []
        case .triage:
            queue = filtered(Queue.triage(self))
            syncQueueSelection()
            return [.loadTriageHistory]
        case .inbox:
            guard let actor else {
                message = .init(kind: .error, text: "read-only: the inbox is personal; set GATEBOARD_USER or use --as PERSON")
                return []
            }
            let all = Queue.inbox(self, person: actor)
            inboxCount = all.rows.count
            queue = filtered(all)
            syncQueueSelection()
            // The work windows, so the inbox offers only approvals that approve would accept.
            return [.loadRoleHistories(actor)]
        case .standup:
            standupCount = nil
            return [loadStandup]
        case .report:
            return [.loadReport]
        }
    }

    /// After a reload: recompute the open list, keeping the selected entry.
    mutating func refreshQueue(_ effects: inout [Effect]) {
        if let actor, inboxCount != nil {
            refreshInbox()
            effects.append(.loadRoleHistories(actor))
        }
        switch view {
        case .triage:
            refreshTriage()
            effects.append(.loadTriageHistory)
        case .standup: effects.append(loadStandup)
        case .report: effects.append(.loadReport)
        default: break
        }
    }

    /// Recomputes the triage list, keeping the selected entry; an entry resolved elsewhere
    /// leaves the list, and its mark with it.
    mutating func refreshTriage() {
        guard view == .triage else { return }
        keepIndex(into: Queue.triage(self))
        marked.formIntersection(queue?.rows.map(\.id) ?? [])
    }

    /// The list under the filter (`/` filters the current view, whichever it is) and, in the
    /// stand-up, the summary count chosen with Tab.
    func filtered(_ q: Queue) -> Queue {
        var q = q
        q.filter(to: listMatches(q.view))
        return q
    }

    /// The use cases the filter shows; nil without a filter.
    var filterMatches: Set<UseCaseID>? {
        filter.isEmpty ? nil : Set(columns.joined().map { board.useCases[$0].id })
    }

    /// Recomputes the inbox (and its count), keeping the selected entry.
    mutating func refreshInbox() {
        guard let actor, inboxCount != nil else { return }
        let q = Queue.inbox(self, person: actor)
        inboxCount = q.rows.count
        if view == .inbox { keepIndex(into: q) }
    }

    mutating func keepIndex(into new: Queue) {
        var q = filtered(new)
        if let old = queue, let id = old.rows[safe: old.index]?.id {
            q.index = q.rows.firstIndex { $0.id == id } ?? min(old.index, max(0, q.rows.count - 1))
        }
        queue = q
        syncQueueSelection()
    }

    /// The board selection follows the list (the action keys act on the list's entry, `target`).
    /// The filter stays: the list shows only what it matches.
    mutating func syncQueueSelection() {
        guard let q = queue, let row = q.rows[safe: q.index] else { return }
        select(id: row.id)
    }

    mutating func moveInQueue(_ key: Key) {
        guard var q = queue, !q.rows.isEmpty else { return }
        let page = max(1, height / 4)
        switch key {
        case .char("j"), .down: q.index = min(q.rows.count - 1, q.index + 1)
        case .char("k"), .up: q.index = max(0, q.index - 1)
        case .char("g"), .home: q.index = 0
        case .char("G"), .end: q.index = q.rows.count - 1
        case .pageDown: q.index = min(q.rows.count - 1, q.index + page)
        case .pageUp: q.index = max(0, q.index - page)
        default: return
        }
        queue = q
        syncQueueSelection()
    }

    /// `]` / `[`: the next / previous row that changed since the last stand-up, wrapping.
    mutating func jumpToChange(forward: Bool) {
        guard var q = queue, q.rows.contains(where: \.changed) else {
            message = .init(kind: .info, text: "nothing changed since the last stand-up")
            return
        }
        let n = q.rows.count
        for step in 1...n {
            let i = ((forward ? q.index + step : q.index - step) % n + n) % n
            if q.rows[i].changed { q.index = i; break }
        }
        queue = q
        detailScroll = 0
        syncQueueSelection()
    }

    /// Why a stand-up may not be marked held again: one mark per stand-up, and a stand-up is
    /// a day's (UTC). Nil when it may.
    public static func secondMark(previous: Date?, now: Date) -> String? {
        guard let previous, Day(containing: previous) == Day(containing: now) else { return nil }
        return "the stand-up was already marked held today at \(UseCaseText.date(previous).suffix(5)) UTC: one mark per stand-up"
    }

    /// Stand-up walk keys: n/p next/previous, s stage/owner order, m mark the stand-up held.
    mutating func handleStandupKey(_ key: Key) -> [Effect]? {
        switch key {
        case .char("n"): moveInQueue(.down); detailScroll = 0; return []
        case .char("p"): moveInQueue(.up); detailScroll = 0; return []
        case .char("]"), .char("["):
            jumpToChange(forward: key == .char("]"))
            return []
        case .char("s"):
            standupOrder = standupOrder == .stage ? .owner : .stage
            return [loadStandup]
        case .tab, .backTab:
            chooseStandupCount(forward: key == .tab)
            return []
        case .escape where standupCount != nil && !showingDetail:
            standupCount = nil
            relistStandup()
            message = .init(kind: .info, text: "every use case again")
            return []
        case .char("S"):
            openSinceForm()
            return []
        case .char("m"):
            guard actor != nil else {
                message = .init(kind: .error, text: "read-only: set GATEBOARD_USER or use --as PERSON to mark the stand-up")
                return []
            }
            if let reason = Self.secondMark(previous: lastStandupMark, now: now) {
                message = .init(kind: .error, text: reason)
                return []
            }
            modal = .confirmMark(previous: lastStandupMark)
            return []
        default: return nil
        }
    }
}
