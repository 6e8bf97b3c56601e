import Foundation
import GateboardCore
import GateboardStore
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
    var idleReturns = 0

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
    }

    /// Unicode frames when the locale (as set by `setlocale`) is UTF-8.
    static func glyphs(_ environment: [String: String]) -> Glyphs {
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" { return .unicode }
        return Glyphs.forLocale(environment)
    }

    mutating func run() {
        var pending: [Msg] = []
        if let id = state.selectedUseCase?.id { pending.append(contentsOf: perform(.loadActivity(id))) }
        while true {
            while !pending.isEmpty {
                let msg = pending.removeFirst()
                let (next, effects) = reduce(state, msg)
                state = next
                for e in effects {
                    if e == .quit { return }
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
                if watcher.changed() { pending.append(contentsOf: perform(.reload)) }
            }
        }
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
                if !outcome.notes.isEmpty { text += " — " + outcome.notes.joined(separator: "; ") }
                return [.performed(useCase: outcome.useCase.id, message: TerminalSafe.escape(text))]
            } catch let refusal as Refusal {
                return [.refused(refusal)]
            } catch {
                return [.failed(TerminalSafe.escape(String(describing: error)))]
            }
        case .reload:
            do {
                let board = try store.load()
                watcher.refresh()
                return [.boardLoaded(board)]
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
                let since = Standup.defaultSince(boardEvents: try store.boardEvents(), now: now)
                // The report compares with the state at `since`, so it needs whole histories.
                var events: [AuditEvent] = []
                for uc in state.board.useCases { events += try store.events(for: uc.id) }
                let report = Standup.report(state.board.useCases, policy: state.board.policy, events: events,
                                            since: since, now: now, order: order)
                return [.standupLoaded(report)]
            } catch {
                return [.failed("stand-up: " + TerminalSafe.escape(String(describing: error)))]
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
