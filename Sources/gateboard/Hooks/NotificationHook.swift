import Foundation
import GateboardCore
import GateboardStore

/// After an action lands: the user's notification hook, if they configured one (locally: never
/// from the board's files), gets one JSON object on stdin — the event, the use case's summary,
/// and whose inbox gained or lost what. The action is already recorded and reported; the hook
/// can only add a note (stderr, or the TUI's status line).
enum NotificationHook {
    /// The configured hook, or nil (none configured); a broken config.yaml is a note, never a
    /// failure of the action.
    static func configured(environment: [String: String], board: String) -> (path: String, timeout: Int)?? {
        do {
            let config = try LocalConfig.load(environment: environment, gitDirectory: board)
            guard let path = config.hookPath(environment: environment) else { return .some(nil) }
            return (path, config.hookTimeout ?? LocalConfig.defaultHookTimeout)
        } catch {
            Stderr.write("note: notification hook not run: \(error)")
            return nil
        }
    }

    /// The hook's input: one JSON object on one line.
    static func payload(event: AuditEvent, before: UseCase?, after: UseCase, policy: Policy, now: Date, board: String) -> Data {
        let changes = InboxChanges.between(before: before, after: after, policy: policy, now: now)
        let gate = GateEngine.evaluate(after, policy: policy, now: now)
        return payload(event: event, useCase: .init(id: after.id, title: after.title, stage: after.stage, tier: after.tier,
                                                    owners: after.owners,
                                                    gate: .init(to: gate.to, passed: gate.passed, blockers: gate.blockers.map(\.message)),
                                                    halted: after.halted != nil, parked: after.parked != nil),
                       changes: changes, policy: policy, board: board)
    }

    /// A board event's input (a delegation, its cancellation): no `useCase`; `notify` says
    /// whose inbox it changed over the whole board — the delegate gains the delegator's waiting
    /// approvals, and loses them on a cancel. `before` is the policy the action was decided on;
    /// the board is read again for the policy after.
    static func boardPayload(event: AuditEvent, people: [PersonID], before: Policy, store: BoardStore, now: Date) throws -> Data {
        let after = try store.load()
        let changes = InboxChanges.between(before: before, after: after.policy, people: people, useCases: after.useCases, now: now)
        return payload(event: event, useCase: nil, changes: changes, policy: after.policy, board: store.root.path)
    }

    static func payload(event: AuditEvent, useCase: HookPayloadJSON.Summary?, changes: [InboxChange], policy: Policy, board: String) -> Data {
        let value = HookPayloadJSON(
            version: 1,
            board: .init(name: policy.name, path: board),
            event: EventJSON(event),
            useCase: useCase,
            notify: changes.map {
                .init(person: $0.person, name: policy.person($0.person)?.name ?? $0.person, change: $0.kind.rawValue,
                      need: $0.need.rawValue, useCase: $0.useCase, message: $0.message)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }

    /// Runs the hook for one landed action; the note to show when it failed, else nil.
    static func run(event: AuditEvent, before: UseCase?, after: UseCase, policy: Policy, now: Date, board: String,
                    environment: [String: String]) -> String? {
        guard let found = configured(environment: environment, board: board) else { return nil }
        guard let (path, timeout) = found else { return nil }
        let input = payload(event: event, before: before, after: after, policy: policy, now: now, board: board)
        return HookRunner.run(path, input: input, timeout: timeout, environment: Self.environment(environment, event: event, board: board))
            .note(hook: path)
    }

    /// Runs the hook for a landed board event (`boardPayload`); the board is read only when a
    /// hook is configured. The note to show when it failed, else nil.
    static func run(boardEvent event: AuditEvent, people: [PersonID], before: Policy, store: BoardStore, now: Date,
                    environment: [String: String]) -> String? {
        let board = store.root.path
        guard let found = configured(environment: environment, board: board), let (path, timeout) = found else { return nil }
        let input: Data
        do { input = try boardPayload(event: event, people: people, before: before, store: store, now: now) }
        catch { return "the notification hook \(path) was not run: the board could not be read (\(error)); the action is recorded" }
        return HookRunner.run(path, input: input, timeout: timeout, environment: Self.environment(environment, event: event, board: board))
            .note(hook: path)
    }

    /// The hook's environment: the user's, plus the board and the event.
    static func environment(_ environment: [String: String], event: AuditEvent, board: String) -> [String: String] {
        var env = environment
        env["GATEBOARD_BOARD"] = board
        env["GATEBOARD_HOOK_EVENT"] = event.action.rawValue
        env["GATEBOARD_HOOK_USE_CASE"] = event.useCase
        return env
    }
}

struct HookPayloadJSON: Encodable {
    struct BoardRef: Encodable {
        var name: String
        var path: String
    }
    struct Summary: Encodable {
        struct Gate: Encodable {
            var to: String?
            var passed: Bool
            var blockers: [String]
        }
        var id: String
        var title: String
        var stage: String
        var tier: String
        var owners: [String: String]
        var gate: Gate
        var halted: Bool
        var parked: Bool
    }
    struct Notify: Encodable {
        var person: String
        var name: String
        /// gained or lost.
        var change: String
        var need: String
        var useCase: String
        var message: String
    }
    var version: Int
    var board: BoardRef
    var event: EventJSON
    /// Absent for a board event (a delegation).
    var useCase: Summary?
    var notify: [Notify]
}
