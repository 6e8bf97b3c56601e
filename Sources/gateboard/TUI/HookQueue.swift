import Foundation
import GateboardCore
import GateboardStore

/// The TUI runs the notification hook off the event loop (the board never waits on it); a
/// failure comes back as a note the loop shows in the status line on its next tick. Hooks still
/// queued when the board is closed are not run.
final class HookQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var notes: [String] = []
    /// One hook at a time, in the order the actions landed (a batch does not start dozens).
    private let queue = DispatchQueue(label: "gateboard.hooks")

    /// Starts the hook for one landed action, if one is configured.
    func start(event: AuditEvent, before: UseCase?, after: UseCase, policy: Policy, now: Date, board: String,
               environment: [String: String]) {
        guard case let .some(.some((path, timeout))) = NotificationHook.configured(environment: environment, board: board)
        else { return }
        let input = NotificationHook.payload(event: event, before: before, after: after, policy: policy, now: now, board: board)
        enqueue(path: path, timeout: timeout, input: input, env: NotificationHook.environment(environment, event: event, board: board))
    }

    /// Starts the hook for a landed board event (a delegation or its cancellation), if one is
    /// configured: the board is read for its input only then.
    func start(boardEvent event: AuditEvent, people: [PersonID], before: Policy, store: BoardStore, now: Date,
               environment: [String: String]) {
        let board = store.root.path
        guard case let .some(.some((path, timeout))) = NotificationHook.configured(environment: environment, board: board)
        else { return }
        do {
            let input = try NotificationHook.boardPayload(event: event, people: people, before: before, store: store, now: now)
            enqueue(path: path, timeout: timeout, input: input, env: NotificationHook.environment(environment, event: event, board: board))
        } catch {
            note("the notification hook \(path) was not run: the board could not be read (\(error)); the action is recorded")
        }
    }

    private func note(_ text: String) {
        lock.lock()
        notes.append(text)
        lock.unlock()
    }

    private func enqueue(path: String, timeout: Int, input: Data, env: [String: String]) {
        queue.async { [self] in
            guard let text = HookRunner.run(path, input: input, timeout: timeout, environment: env).note(hook: path) else { return }
            note(text)
        }
    }

    /// The failures noted since the last call.
    func drain() -> [String] {
        lock.lock()
        defer { lock.unlock() }
        let out = notes
        notes = []
        return out
    }
}
