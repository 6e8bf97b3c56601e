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
        let board = try store.load()
        let terminal = try Terminal(mode: .screen, environment: environment)
        defer { terminal.restore() }
        var loop = TUILoop(store: store, terminal: terminal, actor: actor, osUser: osUser, clock: clock,
                           environment: environment, board: board)
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
    /// Triage's early history per use case, kept once it reaches the move into build: an
    /// append-only log never changes before that point, so it is read once per session.
    var triageHistory: [UseCaseID: [AuditEvent]] = [:]

    init(store: BoardStore, terminal: Terminal, actor: PersonID?, osUser: String, clock: @escaping @Sendable () -> Date,
         environment: [String: String], board: Board) {
        self.store = store
        self.terminal = terminal
        self.actor = actor
        self.osUser = osUser
        self.clock = clock
        self.environment = environment
        self.watcher = BoardWatcher(root: store.root)
        self.state = AppState(board: board, actor: actor, width: terminal.width, height: terminal.height, now: clock(),
                              glyphs: TUILoop.glyphs(environment))
        if let actor, board.policy.signing != .off, let signer = store.signer as? SSHKeygenSigner {
            state.signingKey = signer.source(actor: actor, policy: board.policy)
        }
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
        case .quit:
            return []
        case let .perform(action, id):
            guard let actor else { return [.refused(Refusal(.readOnly, "read-only: set GATEBOARD_USER or use --as PERSON"))] }
            do {
                let outcome = try store.perform(action, on: id, actor: actor, osUser: osUser, now: clock())
                var text = "\(outcome.event.action.rawValue) recorded on \(outcome.useCase.id)"
                let notes = outcome.notes + autoCommitNotes()
                if !notes.isEmpty { text += " — " + notes.joined(separator: "; ") }
                return [.performed(useCase: outcome.useCase.id, message: TerminalSafe.escape(text))]
            } catch let refusal as Refusal {
                return [.refused(refusal)]
            } catch {
                return [.failed(TerminalSafe.escape(String(describing: error)))]
            }
        case let .performAll(action, ids):
            guard let actor else { return [.refused(Refusal(.readOnly, "read-only: set GATEBOARD_USER or use --as PERSON"))] }
            // One governed action per marked use case, each under its own lock, re-read and decided
            // afresh: a refusal for one does not stop the others.
            var result = BatchOutcome()
            for id in ids {
                do {
                    let outcome = try store.perform(action, on: id, actor: actor, osUser: osUser, now: clock())
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
        case .reload:
            do {
                let board = try store.load()
                watcher.refresh()
                // A reload follows every action and every change on disk (a pull): the moment to
                // ask git what is not yet pushed, never on a key.
                return [.boardLoaded(board), .unsyncedChecked(unsyncedCount())]
            } catch {
                watcher.refresh()
                return [.loadFailed(TerminalSafe.escape(String(describing: error)))]
            }
        case .loadActivity(let id):
            let events = (try? store.recentEvents(for: id, count: 30)) ?? []
            return [.activityLoaded(id, events)]
        case .loadLog(let id):
            do { return [.logLoaded(id, try store.events(for: id))] }
            catch { return [.failed("log of \(id): " + TerminalSafe.escape(String(describing: error)))] }
        case .loadStandup(let order):
            do {
                let now = clock()
                let since = Standup.defaultSince(boardEvents: try store.latestBoardEvent(.standup, notAfter: now).map { [$0] } ?? [],
                                                 now: now)
                let events = try StandupEvents.read(store, useCases: state.board.useCases, since: since)
                let report = Standup.report(state.board.useCases, policy: state.board.policy, events: events,
                                            since: since, now: now, order: order)
                return [.standupLoaded(report)]
            } catch {
                return [.failed("stand-up: " + TerminalSafe.escape(String(describing: error)))]
            }
        case .loadReport:
            do {
                let events = try store.events(for: state.board.useCases.map(\.id), only: PortfolioReport.actions)
                return [.reportLoaded(PortfolioReport.compute(state.board.useCases, policy: state.board.policy,
                                                              events: events, now: clock()))]
            } catch {
                return [.failed("report: " + TerminalSafe.escape(String(describing: error)))]
            }
        case .loadTriageHistory:
            do {
                let policy = state.board.policy
                var events: [AuditEvent] = []
                for uc in state.board.useCases where Triage.needsHistory(uc, policy: policy) {
                    if let known = triageHistory[uc.id] { events += known; continue }
                    let read = try store.events(for: uc.id) { Triage.endsNeededHistory($0, policy: policy) }
                    if let last = read.last, Triage.endsNeededHistory(last, policy: policy) { triageHistory[uc.id] = read }
                    events += read
                }
                return [.triageHistoryLoaded(events)]
            } catch {
                return [.failed("triage: " + TerminalSafe.escape(String(describing: error)))]
            }
        case .markStandup:
            guard let actor else { return [.refused(Refusal(.readOnly, "read-only: set GATEBOARD_USER or use --as PERSON"))] }
            do {
                let e = try store.appendBoardEvent(.standup, details: EventDetails(), actor: actor, osUser: osUser, now: clock())
                return [.standupMarked("stand-up marked held at \(Timestamp.format(e.at))")]
            } catch {
                return [.failed(TerminalSafe.escape(String(describing: error)))]
            }
        case let .openEditor(id, field, text):
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
}
