import Foundation
import GateboardCore
import GateboardStore
import GateboardSync
import GateboardTerminal
import GateboardUI

/// Opens the interactive board: load, render, read keys, reduce, perform effects, repeat.
enum TUIRunner {
    /// `actor` nil means read-only. `clock` gives "now" (GATEBOARD_NOW or the real time).
    /// Returns the process exit code.
    static func run(store: BoardStore, actor: PersonID?, osUser: String, clock: @escaping @Sendable () -> Date) throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        // Stamped before the read, so that a change made while it reads shows at the first tick.
        let stamps = BoardWatcher(root: store.root).stamps()
        // Judged on what is on disk, as the CLI's inbox and check judge it. The terminal and the
        // first screen are made from the board as recorded while its content is compared with
        // the disk, and made again from the board as observed when something drifted.
        let (recorded, settle) = try ContentRead.observedBoardAside(store: store)
        let terminal = try Terminal(mode: .screen, environment: environment)
        defer { terminal.restore() }
        var loop = TUILoop(store: store, terminal: terminal, actor: actor, osUser: osUser, clock: clock,
                           environment: environment, board: recorded)
        if let observed = settle() { loop.replaceBoard(observed) }
        loop.watcher.seen(stamps)
        loop.run()
        return 0
    }
}

/// The event loop. Keys are drained in bursts before a frame is drawn, the board directory is
/// polled about once a second, and every effect's result goes back through the reducer.
struct TUILoop {
    let store: BoardStore
    let terminal: Terminal
    let actor: PersonID?
    let osUser: String
    let clock: @Sendable () -> Date
    let environment: [String: String]
    var state: AppState
    var watcher: BoardWatcher
    var lastPoll = Date()
    /// When git was last asked for the unsynced count (load, reload, action, or while the mark
    /// shows, every 15 s — a push from another terminal changes no board file).
    var lastUnsyncedCheck = Date()
    var idleReturns = 0
    var firstFrameShown = false
    /// Triage's early history per use case, kept once it reaches the move into build: an
    /// append-only log never changes before that point, so it is read once per session.
    var triageHistory: [UseCaseID: [AuditEvent]] = [:]
    /// Notification hooks run off the loop; their failures are shown on the next tick.
    let hooks = HookQueue()

    init(store: BoardStore, terminal: Terminal, actor: PersonID?, osUser: String, clock: @escaping @Sendable () -> Date,
         environment: [String: String], board: Board) {
        self.store = store
        self.terminal = terminal
        self.actor = actor
        self.osUser = osUser
        self.clock = clock
        self.environment = environment
        self.watcher = BoardWatcher(root: store.root)
        self.state = TUILoop.state(board, actor: actor, terminal: terminal, now: clock(), environment: environment)
        if let signer = store.signer as? SSHKeygenSigner {
            if let actor, board.policy.signing != .off { state.signingKey = signer.source(actor: actor, policy: board.policy) }
            // A passphrase is asked for outside curses mode.
            store.signer = PromptingSigner(signer, terminal: terminal)
        }
    }

    /// Before the first frame: the board as observed replaces the one the state was made from
    /// (the signing key found for the actor stays: the policy is the same).
    mutating func replaceBoard(_ board: Board) {
        let key = state.signingKey
        state = TUILoop.state(board, actor: actor, terminal: terminal, now: clock(), environment: environment)
        state.signingKey = key
    }

    /// The state a session starts from, sized to the terminal.
    static func state(_ board: Board, actor: PersonID?, terminal: Terminal, now: Date, environment: [String: String]) -> AppState {
        AppState(board: board, actor: actor, width: terminal.width, height: terminal.height, now: now, glyphs: glyphs(environment))
    }

    /// Unicode frames when the locale (as set by `setlocale`) is UTF-8.
    static func glyphs(_ environment: [String: String]) -> Glyphs {
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" { return .unicode }
        return Glyphs.forLocale(environment)
    }

    mutating func run() {
        var pending: [Msg] = []
        pending.append(.unsyncedChecked(unsyncedCount()))
        if let id = state.selectedUseCase?.id { pending.append(contentsOf: perform(.loadActivity(id))) }
        while true {
            while !pending.isEmpty {
                let msg = pending.removeFirst()
                let (next, effects) = reduce(state, msg)
                state = next
                for e in effects {
                    if e == .quit { return }
                    // The report reads every audit log (its moves only): show the view (its last
                    // report, or "reading the audit logs…") before the wait, not a frozen old screen.
                    if e == .loadReport { terminal.draw(render(state)) }
                    pending.append(contentsOf: perform(e))
                }
            }
            terminal.draw(render(state))
            if !firstFrameShown {
                firstFrameShown = true
                pending.append(.firstFrameShown)
                continue
            }
            let asked = Date()
            if let key = terminal.readKey(timeoutMs: 250) {
                idleReturns = 0
                pending.append(.key(key))
                // Drain what is already typed (key repeat, fast typing) before the next frame.
                while pending.count < 64, let more = terminal.readKey(timeoutMs: 0) { pending.append(.key(more)) }
            } else if Date().timeIntervalSince(asked) < 0.01 {
                // No key but no wait either, again and again: the terminal is gone (hangup).
                idleReturns += 1
                if idleReturns > 200 { return }
            } else {
                idleReturns = 0
            }
            if Date().timeIntervalSince(lastPoll) >= 1 {
                lastPoll = Date()
                pending.append(.tick(clock()))
                pending.append(contentsOf: hooks.drain().map { .failed(TerminalSafe.escape($0)) })
                if let n = state.unsynced, n > 0, Date().timeIntervalSince(lastUnsyncedCheck) >= 15 {
                    pending.append(.unsyncedChecked(unsyncedCount()))
                }
                if watcher.changed() {
                    // Changed underneath (another process, a pull or a sync that merged logs): the
                    // early histories read before may have been rewritten.
                    triageHistory = [:]
                    pending.append(contentsOf: perform(.reload))
                }
            }
        }
    }

    /// Signed decisions: the marks of the Log view and the Activity pane (`signatureVerdicts`).
    func signatures(of id: UseCaseID, shown: [AuditEvent], log: [AuditEvent]? = nil) -> [Msg] {
        store.signatureVerdicts(for: id, shown: shown, log: log, policy: state.board.policy).map { [.signaturesLoaded(id, $0)] } ?? []
    }

    /// Board changes and commits not on the upstream yet; nil outside git (no mark).
    mutating func unsyncedCount() -> Int? {
        lastUnsyncedCheck = Date()
        return UnsyncedActions.of(board: store.root)?.total
    }

    /// With `autoCommit: true` in the policy, commits the action to git as the CLI's
    /// `ActionRunner` does; the note says why not when git could not (the action stays recorded).
    func autoCommitNotes() -> [String] {
        let policy = state.board.policy
        return AutoCommit.ifEnabled(autoCommit: policy.autoCommit, board: store.root, names: policy.personNames).map { [$0] } ?? []
    }

    /// Performs one effect and returns what the reducer should hear about it.
    mutating func perform(_ effect: Effect) -> [Msg] {
        switch effect {
        case .quit: return []
        case let .perform(action, id): return record(action, on: id)
        case let .performAll(action, ids): return recordAll(action, on: ids)
        case let .createThen(action, then): return recordThen(action, then: then)
        case .reload: return reload()
        case .loadActivity(let id):
            let recent = (try? store.recentEvents(for: id, count: 30)) ?? []
            return [.activityLoaded(id, recent)] + signatures(of: id, shown: recent)
        case .loadLog(let id):
            do {
                let log = try store.events(for: id)
                return [.logLoaded(id, log)] + signatures(of: id, shown: log, log: log)
            }
            catch { return [.failed("log of \(id): " + TerminalSafe.escape(String(describing: error)))] }
        case let .loadStandup(order, since): return attempt("stand-up") { try standup(order, since: since) }
        case .loadReport:
            return attempt("report") {
                let events = try store.events(for: state.board.useCases.map(\.id), only: PortfolioReport.actions)
                return [.reportLoaded(PortfolioReport.compute(state.board.useCases, policy: state.board.policy,
                                                              events: events, now: clock()))]
            }
        case .loadTriageHistory: return attempt("triage") { [.triageHistoryLoaded(try triageEvents())] }
        case .loadRoleHistories(let person):
            return attempt("inbox") {
                var histories: [UseCaseID: RoleHistory] = [:]
                var edits: [UseCaseID: [AuditEvent]] = [:]
                for uc in Inbox.approvalCandidates(for: person, useCases: state.board.useCases, policy: state.board.policy) {
                    histories[uc.id] = try store.roleHistory(of: uc)
                    // A renew says what changed since this person's approval: the log's tail after it.
                    let void = ApprovalCount.standings(uc, policy: state.board.policy, now: clock())
                        .filter { $0.void && $0.approval.person == person }.map(\.approval.at)
                    if let at = void.max() {
                        edits[uc.id] = try store.events(for: uc.id, since: at.addingTimeInterval(-1)).filter { $0.action == .edit }
                    }
                }
                return [.roleHistoriesLoaded(histories), .approvalEditsLoaded(edits)]
            }
        case .markStandup: return markStandup()
        case let .delegate(to, role, start, until): return delegate(to: to, role: role, start: start, until: until)
        case .cancelDelegation(let id): return cancelDelegation(id)
        case let .openEditor(id, field, text): return openEditor(id, field, text)
        case .openReference(let ref): return openReference(ref)
        case .copyReference(let ref): return [.notice(References.copy(ref, environment: environment))]
        }
    }

    static let readOnly = Msg.refused(Refusal(.readOnly, "read-only: set GATEBOARD_USER or use --as PERSON"))

    /// A read that may fail: its messages, or the failure named by `what`.
    func attempt(_ what: String, _ body: () throws -> [Msg]) -> [Msg] {
        do { return try body() }
        catch { return [.failed("\(what): " + TerminalSafe.escape(String(describing: error)))] }
    }

    /// One governed action through `BoardStore.perform`, as the CLI records it.
    func record(_ action: Action, on id: UseCaseID?) -> [Msg] {
        guard let actor else { return [Self.readOnly] }
        do {
            let now = clock()
            let action = try ContentInput.decided(action, on: id, store: store, policy: state.board.policy, now: now)
            let outcome = try store.perform(action, on: id, actor: actor, osUser: osUser, now: now)
            hooks.start(event: outcome.event, before: outcome.before, after: outcome.useCase,
                        policy: state.board.policy, now: now, board: store.root.path, environment: environment)
            var text = "\(outcome.event.action.rawValue) recorded on \(outcome.useCase.id)"
            let notes = outcome.notes + autoCommitNotes()
            if !notes.isEmpty { text += " — " + notes.joined(separator: "; ") }
            return [.performed(useCase: outcome.useCase.id, message: TerminalSafe.escape(text))]
        } catch let refusal as Refusal {
            return [.refused(refusal)]
        } catch {
            return [.failed(TerminalSafe.escape(String(describing: error)))]
        }
    }

    /// One governed action per marked use case, each under its own lock, re-read and decided
    /// afresh: a refusal for one does not stop the others.
    func recordAll(_ action: Action, on ids: [UseCaseID]) -> [Msg] {
        guard let actor else { return [Self.readOnly] }
        var result = BatchOutcome()
        for id in ids {
            do {
                let now = clock()
                let action = try ContentInput.decided(action, on: id, store: store, policy: state.board.policy, now: now)
                let outcome = try store.perform(action, on: id, actor: actor, osUser: osUser, now: now)
                hooks.start(event: outcome.event, before: outcome.before, after: outcome.useCase,
                            policy: state.board.policy, now: now, board: store.root.path, environment: environment)
                result.done.append(id)
                result.notes += outcome.notes.map { "\(id): \($0)" }
                // Auto-commit after each action, as the CLI does: one commit per audit event.
                for note in autoCommitNotes() where !result.notes.contains(note) { result.notes.append(note) }
            } catch let refusal as Refusal {
                var reason = refusal.message
                if !refusal.blockers.isEmpty { reason += " (" + refusal.blockers.map(\.message).joined(separator: "; ") + ")" }
                result.refused.append(.init(id: id, reason: reason))
            } catch {
                result.failed.append(.init(id: id, reason: String(describing: error)))
            }
        }
        return [.performedAll(result)]
    }

    mutating func reload() -> [Msg] {
        // Stamped before the read: a change made while it reads is still a change at the next tick.
        let stamps = watcher.stamps()
        do {
            let board = try ContentRead.observedBoard(store: store)
            watcher.seen(stamps)
            // A reload follows every action and every change on disk (a pull): the moment to
            // ask git what is not yet pushed, never on a key.
            return [.boardLoaded(board), .unsyncedChecked(unsyncedCount())]
        } catch {
            watcher.seen(stamps)
            return [.loadFailed(TerminalSafe.escape(String(describing: error)))]
        }
    }

    /// The stand-up report since `chosen` (the `S` key) or else since the last mark, with when
    /// that mark was.
    func standup(_ order: StandupOrder, since chosen: Date?) throws -> [Msg] {
        let now = clock()
        let last = try store.latestBoardEvent(.standup, notAfter: now)
        let since = chosen ?? Standup.defaultSince(boardEvents: last.map { [$0] } ?? [], now: now)
        let events = try StandupEvents.read(store, useCases: state.board.useCases, since: since)
        let report = Standup.report(state.board.useCases, policy: state.board.policy, events: events,
                                    since: since, now: now, order: order)
        return [.lastStandupMark(last?.at), .standupLoaded(report)]
    }

    /// The early history triage judges risk engagement from; a history complete up to the
    /// move into build is kept for the session (an append-only log never changes before it).
    mutating func triageEvents() throws -> [AuditEvent] {
        let policy = state.board.policy
        var events: [AuditEvent] = []
        for uc in state.board.useCases where Triage.needsHistory(uc, policy: policy) {
            if let known = triageHistory[uc.id] { events += known; continue }
            let read = try store.events(for: uc.id) { Triage.endsNeededHistory($0, policy: policy) }
            if let last = read.last, Triage.endsNeededHistory(last, policy: policy) { triageHistory[uc.id] = read }
            events += read
        }
        return events
    }

    func markStandup() -> [Msg] {
        guard let actor else { return [Self.readOnly] }
        do {
            // Asked again here: another terminal may have marked it since the view was read.
            let now = clock()
            if let reason = AppState.secondMark(previous: try store.latestBoardEvent(.standup, notAfter: now)?.at, now: now) {
                return [.refused(Refusal(.nothingToDo, reason))]
            }
            let e = try store.appendBoardEvent(.standup, details: EventDetails(), actor: actor, osUser: osUser, now: now)
            return [.standupMarked("stand-up marked held at \(Timestamp.format(e.at))")]
        } catch {
            return [.failed(TerminalSafe.escape(String(describing: error)))]
        }
    }

    /// `v`: the pager or browser on the reference, the screen suspended meanwhile.
    func openReference(_ ref: String) -> [Msg] {
        var plan: References.Plan
        var scratch: URL?
        defer { scratch.map { try? FileManager.default.removeItem(at: $0) } }
        do {
            // A file whose content changed since it was recorded is shown as the diff from the
            // recorded (approved, or added) content to the current one, in the pager.
            if let recorded = driftedRecording(ref) {
                let diff = try ContentDiff.of(ref: ref, recorded: recorded, observer: ContentObserver(board: store.root))
                guard diff.isDiff else { return [.failed(diff.text.trimmingCharacters(in: .newlines))] }
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-diff-\(UUID().uuidString).diff")
                try Data(diff.text.utf8).write(to: file)
                scratch = file
                plan = References.Plan(command: References.pager(environment), target: file.path)
            } else {
                plan = try References.plan(ref, board: store.root, environment: environment)
            }
        } catch { return [.failed(TerminalSafe.escape(String(describing: error)))] }
        terminal.suspend()
        defer { terminal.resume() }
        do {
            try References.run(plan)
            return [.notice("closed " + TerminalSafe.escape(ref) + (scratch == nil ? "" : " (the diff since it was recorded)"))]
        } catch {
            return [.failed(TerminalSafe.escape(String(describing: error)))]
        }
    }

    /// The recorded content id of `ref` on the selected use case when its file drifted (an
    /// artifact's, or an evidence item's), as observed on load.
    func driftedRecording(_ ref: String) -> String? {
        guard let uc = state.target else { return nil }
        if let c = state.board.content[uc.id]?.first(where: { $0.ref == ref && $0.state == .drifted }) { return c.recorded }
        return uc.evidenceItems.last { $0.evidence.ref == ref && $0.evidence.contentState == .drifted }?.evidence.hash
    }

    func openEditor(_ id: UseCaseID, _ field: EditableField, _ text: String) -> [Msg] {
        terminal.suspend()
        defer { terminal.resume() }
        do {
            let edited = try ExternalEditor.edit(text, id: id, field: field, environment: environment)
            return [.editorFinished(id, field: field, text: edited, error: nil)]
        } catch {
            return [.editorFinished(id, field: field, text: nil, error: TerminalSafe.escape(String(describing: error)))]
        }
    }
}
