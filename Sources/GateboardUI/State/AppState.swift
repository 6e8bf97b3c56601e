import Foundation
import GateboardCore

/// The whole TUI as a value. `reduce` is the only thing that changes it; views only read it.
public struct AppState: Sendable {
    public enum View: Int, Sendable, CaseIterable {
        case board = 1, triage, standup, log, inbox, report
        /// Triage, stand-up and inbox show a list whose highlighted entry is the target.
        public var hasQueue: Bool { self == .triage || self == .standup || self == .inbox }
        public var title: String {
            switch self {
            case .board: "Board"
            case .triage: "Triage"
            case .standup: "Stand-up"
            case .log: "Log"
            case .inbox: "Inbox"
            case .report: "Report"
            }
        }
    }
    public enum Focus: Int, Sendable, CaseIterable {
        case board, owners, gate, activity
        public var title: String {
            switch self {
            case .board: "Board"
            case .owners: "Owners"
            case .gate: "Gate"
            case .activity: "Activity"
            }
        }
    }
    public struct Message: Equatable, Sendable {
        public enum Kind: Sendable { case info, error }
        public var kind: Kind
        public var text: String
    }

    public private(set) var board: Board
    public private(set) var index: BoardIndex
    /// Indices into `board.useCases`, one array per active stage, filter applied.
    public private(set) var columns: [[Int]]
    public var actor: PersonID?
    public var width: Int
    public var height: Int
    public var now: Date
    public var glyphs: Glyphs
    public let gates: GateCache

    public var view: View = .board
    /// `L` chose the board's columns (`.wide`) or its list (`.narrow`); nil: the width decides.
    public var boardMode: Layout.Mode?
    /// `+` / `_`: how the board and the panes share the height.
    public var screenMode: Layout.ScreenMode = .normal
    public var focus: Focus = .board
    /// Enter: the selected use case's full detail over the board.
    public var showingDetail = false
    public var detailScroll = 0
    public var paneScroll: [Focus: Int] = [:]

    public private(set) var filter = ""
    public var filterInput: TextInput?

    public var selectedColumn = 0
    public var selectedRows: [Int]
    public var scrolls: [Int]
    /// Narrow layout: scroll of the single grouped list, in rows.
    public var listScroll = 0

    /// Select this use case once the next board arrives (a new use case, a moved card).
    public var pendingSelection: UseCaseID?

    public var modal: Modal?
    /// Lines the `?` overlay is scrolled by (it is longer than a small terminal).
    public var helpScroll = 0
    public var message: Message?

    /// Triage, stand-up or inbox list, when one of those views is open.
    public var queue: Queue?
    public var standupOrder: StandupOrder = .stage
    /// The stand-up's `S`: changes since this time; nil: since the last stand-up.
    public var standupSince: Date?
    /// The stand-up's summary count chosen with Tab: the list shows only its rows.
    public var standupCount: StandupCount?
    /// The last stand-up report, to re-list it when a count is chosen.
    public var standupReport: StandupReport?
    /// When a stand-up was last marked held, as the loop last read it (or this session marked it).
    public var lastStandupMark: Date?
    /// Triage's `t`: the list grouped by template (as `triage --by template`), worst first
    /// within each group.
    public var triageByTemplate = false
    /// Triage entries marked with space; `o` `x` `p` `d` `c` then act on all of them.
    public var marked: Set<UseCaseID> = []
    /// The early audit history triage's `risk_not_engaged` judges (`Triage.needsHistory`),
    /// loaded by the loop when triage opens and on reload; nil until then.
    public var triageHistory: [AuditEvent]?
    /// The work windows of the use cases the actor may be asked to approve (`RoleHistory`),
    /// loaded by the loop with the inbox; empty until then.
    public var roleHistories: [UseCaseID: RoleHistory] = [:]
    /// The edits made after the actor's void approvals (`ApprovalChange`), loaded with the
    /// work windows; empty until then.
    public var approvalEdits: [UseCaseID: [AuditEvent]] = [:]
    /// "N need you" in the header, once the inbox has been computed.
    public var inboxCount: Int?
    /// Local board changes and commits not yet on the git remote (`UnsyncedActions.total`);
    /// nil when the board is not in a git repository. Set by the loop on load, reload and
    /// after each action, never per key.
    public var unsynced: Int?
    /// Signed decisions: where your signing key comes from ("ssh-agent", "demo key keys/omar"),
    /// or nil when none is available. Set by the loop at start; shown in the header when the
    /// policy's `signing:` is on.
    public var signingKey: String?

    public var activity: (id: UseCaseID, events: [AuditEvent])?
    public var log: (id: UseCaseID, events: [AuditEvent])?
    /// Signed decisions: the verdict on each event of one use case's log, by `seq` (nil, or
    /// another use case's, until the loop has judged it: no marks then).
    public var signatures: (id: UseCaseID, bySeq: [Int: SignatureVerdict])?
    public var logScroll = 0
    /// The portfolio report (`6`), computed by the loop from the audit logs when the view opens
    /// and after each reload while it is open; nil until then.
    public var report: PortfolioReport?
    public var reportScroll = 0

    public init(board: Board, actor: PersonID?, width: Int, height: Int, now: Date, glyphs: Glyphs = .unicode,
                gates: GateCache = GateCache()) {
        self.board = board
        self.index = BoardIndex(board: board)
        self.columns = index.columns(filter: "")
        self.actor = actor
        self.width = width
        self.height = height
        self.now = now
        self.glyphs = glyphs
        self.gates = gates
        self.selectedRows = Array(repeating: 0, count: columns.count)
        self.scrolls = Array(repeating: 0, count: columns.count)
        if columns.indices.contains(0), columns[0].isEmpty, let first = columns.firstIndex(where: { !$0.isEmpty }) {
            selectedColumn = first
        }
    }

    // MARK: - Derived

    public var policy: Policy { board.policy }

    public var selectedUseCase: UseCase? {
        guard columns.indices.contains(selectedColumn) else { return nil }
        let col = columns[selectedColumn]
        let row = selectedRows[selectedColumn]
        guard col.indices.contains(row) else { return nil }
        return board.useCases[col[row]]
    }

    /// The use case shown highlighted, the one every action key, `Enter` and the form titles
    /// act on: in triage, stand-up and inbox the list's highlighted entry (nil while the list is
    /// empty or loading), elsewhere the selected card. The board selection follows the list
    /// (`syncQueueSelection`), but the list's row decides, so a reload or an action that moves
    /// the board selection can never make a key act on another use case than the one shown.
    public var target: UseCase? {
        guard view.hasQueue else { return selectedUseCase }
        guard let q = queue, q.view == view, let row = q.rows[safe: q.index] else { return nil }
        if let uc = selectedUseCase, uc.id == row.id { return uc }
        return board.useCase(row.id)
    }

    public func gate(_ uc: UseCase) -> GateCache.Entry { gates.entry(for: uc, policy: board.policy, now: now) }

    public var actorName: String? {
        guard let actor else { return nil }
        return board.policy.person(actor)?.name ?? actor
    }

    /// Whether a form holds typed text that quitting would lose.
    public var hasUnsavedInput: Bool {
        if case .form(let f) = modal { return f.hasUnsavedInput }
        return false
    }

    // MARK: - Changes that keep derived data consistent

    /// A new board (reload or after an action): columns rebuilt, selection kept by id.
    public mutating func replaceBoard(_ new: Board) {
        let keep = selectedUseCase?.id
        board = new
        index = BoardIndex(board: new)
        gates.invalidate()
        rebuildColumns(keeping: keep)
    }

    public mutating func setFilter(_ text: String) {
        let keep = selectedUseCase?.id
        filter = text
        rebuildColumns(keeping: keep)
        // The open list (triage, stand-up, inbox) is filtered too, keeping its entry if shown.
        if var q = queue {
            q.filter(to: listMatches(q.view))
            queue = q
            syncQueueSelection()
        }
    }

    /// The board's columns under the filter (`FilterQuery`).
    func filteredColumns() -> [[Int]] {
        let query = FilterQuery(filter)
        if query.isPlain { return index.columns(filter: filter) }
        return index.columns(words: query.words) { i in query.matches(board.useCases[i], state: self) }
    }

    mutating func rebuildColumns(keeping id: UseCaseID?) {
        columns = filteredColumns()
        if selectedRows.count != columns.count {
            selectedRows = Array(repeating: 0, count: columns.count)
            scrolls = Array(repeating: 0, count: columns.count)
        }
        if let id, select(id: id) { return }
        for c in columns.indices {
            selectedRows[c] = min(selectedRows[c], max(0, columns[c].count - 1))
        }
        selectedColumn = min(selectedColumn, max(0, columns.count - 1))
        if columns.indices.contains(selectedColumn), columns[selectedColumn].isEmpty,
           let c = columns.firstIndex(where: { !$0.isEmpty }) {
            selectedColumn = c
        }
    }

    /// Selects the use case with this id if it is shown. Returns whether it was found.
    @discardableResult
    public mutating func select(id: UseCaseID) -> Bool {
        for (c, col) in columns.enumerated() {
            if let r = col.firstIndex(where: { board.useCases[$0].id == id }) {
                selectedColumn = c
                selectedRows[c] = r
                return true
            }
        }
        return false
    }
}
