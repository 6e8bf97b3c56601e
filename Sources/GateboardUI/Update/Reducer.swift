import Foundation
import GateboardCore

/// The TUI's update function: `(state, msg) -> (state, effects)`. Pure: the loop performs the
/// effects (store actions, reloads, the editor) and feeds their results back as messages.
public func reduce(_ state: AppState, _ msg: Msg) -> (AppState, [Effect]) {
    var s = state
    let before = s.target?.id
    var effects = s.update(msg)
    s.followTarget(from: before, &effects)
    return (s, effects)
}

/// The reducer's steps, one per kind of message.
extension AppState {
    mutating func update(_ msg: Msg) -> [Effect] {
        switch msg {
        case .key(let key): return handle(key)
        case .tick(let date): now = date
        case .firstFrameShown:
            if let actor, inboxCount == nil {
                inboxCount = Inbox.entries(for: actor, useCases: board.useCases, policy: policy, now: now).count
                // Counted again over the work windows once they are read (after the first frame).
                return [.loadRoleHistories(actor)]
            }
        case .boardLoaded(let board): return boardLoaded(board)
        case .loadFailed(let why): message = .init(kind: .error, text: "board not reloaded: " + why)
        case let .performed(id, text): return performed(id, text)
        case .performedAll(let outcome): return performedAll(outcome)
        case .refused(let refusal): refused(refusal)
        case .failed(let why): if !answerSubmittedForm(error: why) { message = .init(kind: .error, text: why) }
        case .unsyncedChecked(let n): unsynced = n
        case let .activityLoaded(id, events): activity = (id, events)
        case let .signaturesLoaded(id, verdicts): signatures = (id, verdicts)
        case .standupLoaded(let report): standupLoaded(report)
        case .reportLoaded(let r):
            report = r
            clampReportScroll()
        case .triageHistoryLoaded(let events):
            triageHistory = events
            refreshTriage()
        case .roleHistoriesLoaded(let histories):
            roleHistories = histories
            refreshInbox()
        case .approvalEditsLoaded(let edits):
            approvalEdits = edits
            refreshInbox()
        case .lastStandupMark(let at): lastStandupMark = at
        case .notice(let text): message = .init(kind: .info, text: text)
        case .standupMarked(let text):
            lastStandupMark = now
            message = .init(kind: .info, text: text)
            return [loadStandup]
        case let .logLoaded(id, events):
            log = (id, events)
            logScroll = max(0, events.count - 1)
        case let .editorFinished(id, field, text, error): return editorFinished(id, field, text, error)
        case .delegationRecorded(let text): return delegationRecorded(text)
        }
        return []
    }

    /// A new target (a key moved, a reload, a list recomputed): panes back to the top, its
    /// activity (and log) asked for.
    mutating func followTarget(from before: UseCaseID?, _ effects: inout [Effect]) {
        guard let id = target?.id, id != before else { return }
        paneScroll = [:]
        detailScroll = 0
        if !effects.contains(.loadActivity(id)) { effects.append(.loadActivity(id)) }
        if view == .log { effects.append(.loadLog(id)) }
    }

    mutating func boardLoaded(_ board: Board) -> [Effect] {
        var effects: [Effect] = []
        replaceBoard(board)
        if let id = pendingSelection {
            pendingSelection = nil
            // The board follows what was just acted on; a list (triage, stand-up, inbox) keeps
            // its own highlighted entry, applied after this so the two never disagree.
            if !view.hasQueue, !select(id: id), !filter.isEmpty {
                // Not shown under the filter: clear it so the user sees what they just did.
                setFilter("")
                select(id: id)
            }
        }
        refreshQueue(&effects)
        ensureSelectionVisible()
        if let id = target?.id {
            effects.append(.loadActivity(id))
            if view == .log { effects.append(.loadLog(id)) }
        }
        return effects
    }

    mutating func performed(_ id: UseCaseID, _ text: String) -> [Effect] {
        _ = answerSubmittedForm(error: nil)
        gates.invalidate(id)
        pendingSelection = id
        message = .init(kind: .info, text: text)
        return [.reload]
    }

    mutating func performedAll(_ outcome: BatchOutcome) -> [Effect] {
        _ = answerSubmittedForm(error: nil)
        for id in outcome.done { gates.invalidate(id) }
        // What was done leaves the marks; what was refused or failed stays marked, to retry.
        marked.subtract(outcome.done)
        message = .init(kind: outcome.refused.isEmpty && outcome.failed.isEmpty ? .info : .error,
                        text: TerminalSafe.escape(outcome.summary))
        return [.reload]
    }

    mutating func refused(_ refusal: Refusal) {
        var text = "refused: " + refusal.message
        if !refusal.blockers.isEmpty {
            text += " (" + refusal.blockers.map(\.message).joined(separator: "; ") + ")"
        }
        if !answerSubmittedForm(error: TerminalSafe.escape(text)) { message = .init(kind: .error, text: text) }
    }

    mutating func standupLoaded(_ report: StandupReport) {
        let keep = queue?.view == .standup ? queue.flatMap { $0.rows[safe: $0.index]?.id } : nil
        standupReport = report
        var q = filtered(Queue.standup(report, state: self))
        if let keep, let i = q.rows.firstIndex(where: { $0.id == keep }) { q.index = i }
        queue = q
        syncQueueSelection()
    }

    mutating func editorFinished(_ id: UseCaseID, _ field: EditableField, _ text: String?, _ error: String?) -> [Effect] {
        if let error {
            message = .init(kind: .error, text: error)
            return []
        }
        guard let text else {
            message = .init(kind: .info, text: "\(field.label) of \(id) unchanged")
            return []
        }
        let action: Action = switch field {
        case .problem: .edit(title: nil, problem: text, metric: nil, tier: nil, artifacts: [:])
        case .metric: .edit(title: nil, problem: nil, metric: text, tier: nil, artifacts: [:])
        case .title: .edit(title: text, problem: nil, metric: nil, tier: nil, artifacts: [:])
        }
        return [.perform(action, on: id)]
    }
}

extension AppState {
    var layout: Layout {
        Layout(width: width, height: height, stageCount: columns.count, prefer: boardMode, cardCounts: columns.map(\.count),
               screen: screenMode)
    }

    mutating func handle(_ key: Key) -> [Effect] {
        if case .ctrl("c") = key { return [.quit] }
        if case let .resize(w, h) = key {
            width = w
            height = h
            ensureSelectionVisible()
            return []
        }
        if modal != nil { return handleModal(key) }
        if filterInput != nil { return handleFilter(key) }
        // A fresh key clears the last message.
        message = nil
        if case .mouse(let m) = key { return handleMouse(m) }
        // The walk's keys mean the same in its detail: n/p walk on, never "new" or "park".
        if view == .standup, let effects = handleStandupKey(key) { return effects }
        if view == .triage, !showingDetail, let effects = handleTriageKey(key) { return effects }
        if let effects = handleGlobal(key) { return effects }
        if showingDetail { return handleDetail(key) }
        switch view {
        case .log: return handleLog(key)
        case .report: return handleReport(key)
        case .board:
            if key == .char("L") { toggleBoardMode(); return [] }
            if key == .char("+") || key == .char("_") { cycleScreenMode(forward: key == .char("+")); return [] }
            if focus != .board, handlePaneScroll(key) { return [] }
            moveSelection(key)
            return []
        case .triage, .standup, .inbox:
            moveInQueue(key)
            return []
        }
    }

    /// Keys that mean the same in every view; nil when the key is not one of them.
    mutating func handleGlobal(_ key: Key) -> [Effect]? {
        switch key {
        case .char("q"): return [.quit]
        case .char("?"): modal = .help; helpScroll = 0; return []
        case .char("D"): openDelegations(); return []
        case .char(let c) where ("1"..."6").contains(c):
            let v = AppState.View(rawValue: Int(String(c))!)!
            view = v
            showingDetail = false
            return openView(v)
        case .char("/"):
            // Filters the view it is typed in (board, triage, stand-up, inbox).
            filterInput = TextInput(filter)
            return []
        case .escape:
            if showingDetail { showingDetail = false; return [] }
            if view != .board { view = .board; queue = nil; return [] }
            if focus != .board { focus = .board; return [] }
            if !filter.isEmpty { setFilter(""); ensureSelectionVisible(); message = .init(kind: .info, text: "filter cleared") }
            return []
        case .tab, .backTab:
            guard view == .board, !showingDetail else { return [] }
            // The panes are hidden on a full-screen board: Tab brings them back.
            if screenMode == .full { screenMode = .normal }
            let all = AppState.Focus.allCases
            let step = key == .tab ? 1 : all.count - 1
            focus = all[(focus.rawValue + step) % all.count]
            return []
        case .enter:
            guard view != .report, target != nil else { return [] }
            showingDetail = true
            detailScroll = 0
            return []
        // The report shows no use case to act on; the stand-up walks with n and p.
        case .char(let c) where ActionKey(rawValue: c).map(ActionKey.offered(in: view).contains) == true:
            return actionKey(c)
        default:
            return nil
        }
    }

    /// `+` / `_`: the next / previous screen mode (normal, half, full board).
    mutating func cycleScreenMode(forward: Bool) {
        let all = Layout.ScreenMode.allCases
        screenMode = all[(screenMode.rawValue + (forward ? 1 : all.count - 1)) % all.count]
        if screenMode == .full, focus != .board { focus = .board }
        ensureSelectionVisible()
        let words: [Layout.ScreenMode: String] = [.normal: "the board as high as its cards, the panes the rest",
                                                  .half: "the board on half the screen", .full: "the board on the whole screen"]
        message = .init(kind: .info, text: "screen: " + (words[screenMode] ?? "") + " (+ / _ change it)")
    }

    /// `L`: the board as columns or as one list, whatever the width (the width picks until then).
    mutating func toggleBoardMode() {
        boardMode = layout.mode == .wide ? .narrow : .wide
        ensureSelectionVisible()
        message = .init(kind: .info, text: boardMode == .wide ? "board: columns by stage (L for the list)" : "board: one list, whole titles (L for columns)")
    }

    mutating func handleFilter(_ key: Key) -> [Effect] {
        guard var input = filterInput else { return [] }
        switch key {
        case .enter:
            filterInput = nil
            message = .init(kind: .info, text: filter.isEmpty ? "no filter" : "filter: \(filter)")
        case .escape:
            filterInput = nil
            setFilter("")
        default:
            if input.handle(key) {
                filterInput = input
                setFilter(input.text)
            }
        }
        ensureSelectionVisible()
        return []
    }

    mutating func handleDetail(_ key: Key) -> [Effect] {
        defer {
            if let uc = target {
                let body = layout.body
                let count = DetailView.lines(uc, state: self, width: body.width - 2).count
                detailScroll = min(detailScroll, max(0, count - body.inner.height))
            }
        }
        switch key {
        case .char("j"), .down: detailScroll += 1
        case .char("k"), .up: detailScroll = max(0, detailScroll - 1)
        case .pageDown: detailScroll += max(1, height - 6)
        case .pageUp: detailScroll = max(0, detailScroll - max(1, height - 6))
        case .char("g"), .home: detailScroll = 0
        case .backspace, .char("h"), .left: showingDetail = false
        default: break
        }
        return []
    }

    mutating func handleLog(_ key: Key) -> [Effect] {
        let count = log?.events.count ?? 0
        switch key {
        case .char("j"), .down: logScroll = min(max(0, count - 1), logScroll + 1)
        case .char("k"), .up: logScroll = max(0, logScroll - 1)
        case .char("g"), .home: logScroll = 0
        case .char("G"), .end: logScroll = max(0, count - 1)
        case .pageDown: logScroll = min(max(0, count - 1), logScroll + max(1, height - 6))
        case .pageUp: logScroll = max(0, logScroll - max(1, height - 6))
        case .char("]"), .char("["): stepUseCase(forward: key == .char("]"))
        default: break
        }
        return []
    }

    /// `]` / `[` in the log: the next / previous use case the filter shows, in board order,
    /// wrapping (its log is then loaded, `followTarget`).
    mutating func stepUseCase(forward: Bool) {
        let order = columns.joined().map { board.useCases[$0].id }
        guard !order.isEmpty else {
            message = .init(kind: .info, text: filter.isEmpty ? "no use case" : "nothing matches /\(TerminalSafe.escape(filter)) (Esc clears)")
            return
        }
        let n = order.count
        let at = selectedUseCase.flatMap { uc in order.firstIndex(of: uc.id) } ?? (forward ? -1 : 0)
        select(id: order[((at + (forward ? 1 : -1)) % n + n) % n])
    }

    mutating func handleReport(_ key: Key) -> [Effect] {
        let page = max(1, height - 6)
        switch key {
        case .char("j"), .down: reportScroll += 1
        case .char("k"), .up: reportScroll = max(0, reportScroll - 1)
        case .char("g"), .home: reportScroll = 0
        case .char("G"), .end: reportScroll = Int.max / 2
        case .pageDown: reportScroll += page
        case .pageUp: reportScroll = max(0, reportScroll - page)
        case .char("R"): return [.loadReport]
        case .char(let c) where ActionKey(rawValue: c) != nil:
            message = .init(kind: .info, text: "the report acts on no use case: 1 board, 2 triage or 5 inbox to act")
        default: break
        }
        clampReportScroll()
        return []
    }

    /// Never past the last line, so `k` answers at once after many `j`s.
    mutating func clampReportScroll() {
        guard let report else { reportScroll = 0; return }
        let limit = ReportView.maxScroll(report, state: self, layout: layout)
        reportScroll = max(0, min(reportScroll, limit))
    }

    mutating func handlePaneScroll(_ key: Key) -> Bool {
        let cur = paneScroll[focus] ?? 0
        // Never past the last line, so `k` answers at once after many `j`s.
        var limit = 0
        if let uc = selectedUseCase {
            let l = layout
            let rows = l.mode == .wide ? (l.panes.first?.inner.height ?? 1) : (l.panes.first?.inner.height ?? 1)
            limit = max(0, PanesView.lines(focus, uc, state: self).count - rows)
        }
        switch key {
        case .char("j"), .down: paneScroll[focus] = min(limit, cur + 1)
        case .char("k"), .up: paneScroll[focus] = max(0, cur - 1)
        case .char("g"), .home: paneScroll[focus] = 0
        default: return false
        }
        return true
    }
}
