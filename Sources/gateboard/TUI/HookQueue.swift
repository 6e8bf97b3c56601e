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
        let env = NotificationHook.environment(environment, event: event, board: board)
        queue.async { [self] in
            guard let note = HookRunner.run(path, input: input, timeout: timeout, environment: env).note(hook: path) else { return }
            lock.lock()
            notes.append(note)
            lock.unlock()
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
