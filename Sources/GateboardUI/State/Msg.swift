import Foundation
import GateboardCore

/// Everything the reducer reacts to: keys, and the results of effects the loop performed.
public enum Msg: Sendable {
    case key(Key)
    /// Time passed (the loop's clock); evaluations depend on "now".
    case tick(Date)
    /// A fresh board from disk (start, live reload, after an action).
    case boardLoaded(Board)
    /// The board could not be read: shown in the status line, the last good board stays.
    case loadFailed(String)
    /// An action was recorded. `message` says what happened.
    case performed(useCase: UseCaseID, message: String)
    /// The policy said no; nothing changed.
    case refused(Refusal)
    /// The file system or a lock failed.
    case failed(String)
    case activityLoaded(UseCaseID, [AuditEvent])
    case logLoaded(UseCaseID, [AuditEvent])
    case standupLoaded(StandupReport)
    /// A stand-up was marked held.
    case standupMarked(String)
    /// `$EDITOR` returned: the new text, or nil when unchanged or the editor failed.
    case editorFinished(UseCaseID, field: EditableField, text: String?, error: String?)
}

/// Work the reducer asks the loop to do. The loop performs it and reports back with a `Msg`.
public enum Effect: Equatable, Sendable {
    /// Through `BoardStore.perform` — the same code path as the CLI. `on` is nil for `.create`.
    case perform(Action, on: UseCaseID?)
    case reload
    case loadActivity(UseCaseID)
    case loadLog(UseCaseID)
    /// Read the audit logs and compute the stand-up report (`Standup.report`) in this order.
    case loadStandup(StandupOrder)
    /// Record that a stand-up was held (a board event).
    case markStandup
    /// Suspend the screen, run `$EDITOR` on `text`, report `editorFinished`.
    case openEditor(UseCaseID, field: EditableField, text: String)
    case quit
}

/// Text of a use case that `E` edits in `$EDITOR`.
public enum EditableField: String, Equatable, Sendable, CaseIterable {
    case problem, metric, title
    public var label: String {
        switch self {
        case .problem: "Problem statement"
        case .metric: "Success metric"
        case .title: "Title"
        }
    }
}
