import Foundation
import GateboardCore

/// Everything the reducer reacts to: keys, and the results of effects the loop performed.
public enum Msg: Sendable {
    case key(Key)
    /// Time passed (the loop's clock); evaluations depend on "now".
    case tick(Date)
    /// The first frame is on screen: compute what the header counts ("N need you"), so it
    /// shows from the start without delaying the first frame.
    case firstFrameShown
    /// A fresh board from disk (start, live reload, after an action).
    case boardLoaded(Board)
    /// The board could not be read: shown in the status line, the last good board stays.
    case loadFailed(String)
    /// An action was recorded. `message` says what happened.
    case performed(useCase: UseCaseID, message: String)
    /// One action performed on each marked use case (triage): what was done, what was not.
    case performedAll(BatchOutcome)
    /// The policy said no; nothing changed.
    case refused(Refusal)
    /// The file system or a lock failed.
    case failed(String)
    /// Unsynced local board work (git), nil outside a git repository.
    case unsyncedChecked(Int?)
    case activityLoaded(UseCaseID, [AuditEvent])
    case logLoaded(UseCaseID, [AuditEvent])
    /// Signed decisions: each event's verdict in a use case's log, by `seq`, judged by the
    /// loop as `gateboard log` judges it (`SignatureCheck.verdicts`); the Log view and the
    /// Activity pane mark their events with it.
    case signaturesLoaded(UseCaseID, [Int: SignatureVerdict])
    case standupLoaded(StandupReport)
    /// The portfolio report (`Effect.loadReport`).
    case reportLoaded(PortfolioReport)
    /// The early audit history triage needs (`Effect.loadTriageHistory`).
    case triageHistoryLoaded([AuditEvent])
    /// The work windows the inbox judges approvals over (`Effect.loadRoleHistories`).
    case roleHistoriesLoaded([UseCaseID: RoleHistory])
    /// The edits made after the acting person's void approvals (`Effect.loadRoleHistories`),
    /// per use case: a renew entry says what changed since their approval (`ApprovalChange`).
    case approvalEditsLoaded([UseCaseID: [AuditEvent]])
    /// A stand-up was marked held.
    case standupMarked(String)
    /// When a stand-up was last marked held (the board log's latest `standup` event), read
    /// with the stand-up report; nil when never.
    case lastStandupMark(Date?)
    /// Something the loop did that is worth a line in the status line (a copy, a pager closed).
    case notice(String)
    /// A delegation was recorded or cancelled (a board event): what happened.
    case delegationRecorded(String)
    /// `$EDITOR` returned: the new text, or nil when unchanged or the editor failed.
    case editorFinished(UseCaseID, field: EditableField, text: String?, error: String?)
}

/// Work the reducer asks the loop to do. The loop performs it and reports back with a `Msg`.
public enum Effect: Equatable, Sendable {
    /// Through `BoardStore.perform` — the same code path as the CLI. `on` is nil for `.create`.
    case perform(Action, on: UseCaseID?)
    /// The same action on each of these use cases, one governed `perform` each, in this order;
    /// reported back as one `performedAll`.
    case performAll(Action, on: [UseCaseID])
    /// Create, then these on the new use case (a template's fields and owners), each governed;
    /// reported back as one `performed`.
    case createThen(Action, then: [Action])
    case reload
    case loadActivity(UseCaseID)
    case loadLog(UseCaseID)
    /// Read the audit logs and compute the stand-up report (`Standup.report`) in this order,
    /// since this time (the stand-up's `S`), or since the last stand-up when nil.
    case loadStandup(StandupOrder, since: Date?)
    /// Read the audit logs and compute the portfolio report (`PortfolioReport.compute`),
    /// report `reportLoaded`.
    case loadReport
    /// Read the start of the logs triage judges risk engagement from (`Triage.needsHistory`),
    /// report `triageHistoryLoaded`.
    case loadTriageHistory
    /// Read the work window (`RoleHistory`) of each use case this person may be asked to
    /// approve (`Inbox.approvalCandidates`), report `roleHistoriesLoaded`: the inbox then asks
    /// only for approvals that would be accepted; and the edits made after this person's void
    /// approvals, reported `approvalEditsLoaded`.
    case loadRoleHistories(PersonID)
    /// Record that a stand-up was held (a board event).
    case markStandup
    /// `gateboard delegate --to … --until … [--from …] --role …` as the acting person; reported
    /// back as `delegationRecorded`, or `refused` (the form stays open with the reason).
    case delegate(to: PersonID, role: RoleID, start: Day?, until: Day)
    /// `gateboard delegate --cancel` of exactly the delegation recorded by this event.
    case cancelDelegation(String)
    /// Suspend the screen, run `$EDITOR` on `text`, report `editorFinished`.
    case openEditor(UseCaseID, field: EditableField, text: String)
    /// `v`: suspend the screen and open the reference ($PAGER for a local file, $BROWSER for a
    /// URL), then restore it.
    case openReference(String)
    /// `y`: put the reference on the clipboard (OSC 52) and say so with the reference shown.
    case copyReference(String)
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

/// The result of one action performed on several marked use cases.
public struct BatchOutcome: Equatable, Sendable {
    public struct Failure: Equatable, Sendable {
        public var id: UseCaseID
        public var reason: String
        public init(id: UseCaseID, reason: String) { self.id = id; self.reason = reason }
    }
    /// Use cases the action was recorded on.
    public var done: [UseCaseID]
    /// Refused by the policy, with the reason.
    public var refused: [Failure]
    /// Not recorded because the file system or the lock failed.
    public var failed: [Failure]
    /// Notes of the recorded actions (e.g. approvals voided, git not committed).
    public var notes: [String]

    public init(done: [UseCaseID] = [], refused: [Failure] = [], failed: [Failure] = [], notes: [String] = []) {
        self.done = done
        self.refused = refused
        self.failed = failed
        self.notes = notes
    }

    /// "3 done, 1 refused: UC-0004: <reason>".
    public var summary: String {
        var parts = ["\(done.count) done"]
        if !refused.isEmpty {
            parts.append("\(refused.count) refused: " + refused.map { "\($0.id): \($0.reason)" }.joined(separator: "; "))
        }
        if !failed.isEmpty {
            parts.append("\(failed.count) failed: " + failed.map { "\($0.id): \($0.reason)" }.joined(separator: "; "))
        }
        var text = parts.joined(separator: ", ")
        if !notes.isEmpty { text += " \u{2014} " + notes.joined(separator: "; ") }
        return text
    }
}
