import Foundation

/// One thing that happened since the last stand-up, from the audit log.
public struct StandupChange: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case created
        case movedForward = "moved_forward"
        case movedBack = "moved_back"
        case retired, approval, rejection, withdrawal, waiver, comment, evidence, attestation, owner, edit
        case halted, resumed, parked, unparked, escalation, review, other
        case incidentOpened = "incident_opened", incidentResolved = "incident_resolved", incident
        case breach, recovery, monitor
    }
    /// The use case.
    public var id: UseCaseID
    public var event: String
    /// The event's sequence number in the use case's log.
    public var seq: Int
    public var action: EventAction
    public var kind: Kind
    public var actor: PersonID
    public var at: Date
    public var from: StageID?
    public var to: StageID?
    public var role: RoleID?
    public var control: ControlID?
    public var person: PersonID?
    /// The comment, reason or summary recorded with the event.
    public var text: String?
    /// In words: "Alex Morgan moved it from Implementation to Checkpoint review".
    public var message: String
}

public struct StandupSummary: Equatable, Sendable {
    public var movedForward: Int
    public var movedBack: Int
    /// Use cases blocked now that were not blocked (or did not exist) at `since`.
    public var newlyBlocked: Int
    public var approvalsGiven: Int
    /// Waivers still valid that expire within `triage.waiverWarnDays`.
    public var waiversExpiring: Int
    /// Active use cases with nobody named for the role accountable for their stage.
    public var unowned: Int
    /// The use cases behind each count, in walk order (the TUI shows them when a count is chosen).
    public var ids: [StandupCount: [UseCaseID]] = [:]
}

/// One of the stand-up summary's counts, in the order the summary says them.
public enum StandupCount: String, CaseIterable, Sendable {
    case movedForward = "forward", movedBack = "back", newlyBlocked = "newly blocked", approvals
    case waiversExpiring = "waivers expiring", unowned
}

public struct StandupItem: Equatable, Sendable {
    public var id: UseCaseID
    public var title: String
    public var stage: StageID
    /// The heading it is grouped under: the stage's name, or the accountable owner's name.
    public var group: String
    public var changes: [StandupChange]
    public var blockers: [Blocker]
    public var newlyBlocked: Bool
    /// The people who must act next, most urgent first.
    public var mustAct: [PersonID]
}

public struct MustAct: Equatable, Sendable {
    public var person: PersonID
    public var ids: [UseCaseID]
}

public enum StandupOrder: String, Equatable, Sendable, CaseIterable {
    case stage, owner
}

public struct StandupReport: Equatable, Sendable {
    public var since: Date
    public var now: Date
    public var order: StandupOrder
    public var summary: StandupSummary
    /// Every change in the window, oldest first.
    public var changes: [StandupChange]
    /// Every active use case (and any retired in the window), in walk order.
    public var items: [StandupItem]
    /// Those of `items` whose gate does not pass.
    public var blocked: [StandupItem]
    /// Who must act, the busiest first.
    public var mustAct: [MustAct]
}

/// The stand-up: what changed since the last one, what blocks, who must act next.
public enum Standup {
    /// The last time a stand-up was marked held (a `standup` event on the board log), else
    /// 24 hours before `now`.
    public static func defaultSince(boardEvents: [AuditEvent], now: Date) -> Date {
        boardEvents.filter { $0.action == .standup && $0.at <= now }.map(\.at).max() ?? now.addingTimeInterval(-86_400)
    }

    /// `events`: the use cases' audit events (any order; board events are ignored). Changes
    /// are events with `since < at <= now`. A use case with no event after `since` needs none
    /// of its history (its state then is its state now), so a caller may pass whole logs only
    /// for the use cases that changed and nothing for the rest (`BoardStore.events(for:since:)`
    /// tells which changed without reading whole logs).
    public static func report(_ useCases: [UseCase], policy: Policy, events: [AuditEvent], since: Date, now: Date,
                              order: StandupOrder = .stage) -> StandupReport {
        let byCase = Dictionary(grouping: events.filter { $0.action != .standup }, by: \.useCase)
            .mapValues { $0.sorted { $0.seq < $1.seq } }
        let inbox = Inbox.all(useCases: useCases, policy: policy, now: now)
        var actors: [UseCaseID: [PersonID]] = [:]
        for box in inbox {
            for id in Set(box.entries.map(\.id)) { actors[id, default: []].append(box.person) }
        }
        var items: [StandupItem] = []
        for uc in useCases {
            let log = byCase[uc.id] ?? []
            let changes = log.filter { $0.at > since && $0.at <= now }.map { change($0, policy: policy) }
            let terminal = policy.stage(uc.stage)?.terminal ?? false
            if terminal && changes.isEmpty { continue }
            let gate = GateEngine.evaluate(uc, policy: policy, now: now)
            let blocked = !terminal && !gate.passed
            let mustAct = actors[uc.id] ?? []
            items.append(StandupItem(id: uc.id, title: uc.title, stage: uc.stage,
                                     group: group(uc, mustAct: mustAct, policy: policy, order: order),
                                     changes: changes, blockers: terminal ? [] : gate.blockers,
                                     newlyBlocked: blocked && !wasBlocked(log, current: uc, at: since, policy: policy),
                                     mustAct: mustAct))
        }
        items.sort { a, b in
            let ka = sortKey(a, policy: policy, order: order), kb = sortKey(b, policy: policy, order: order)
            return ka.0 != kb.0 ? ka.0 < kb.0 : (ka.1 != kb.1 ? ka.1 < kb.1 : a.id < b.id)
        }
        let changes = items.flatMap(\.changes).sorted { ($0.at, $0.id, $0.seq) < ($1.at, $1.id, $1.seq) }
        let active = useCases.filter { policy.stage($0.stage).map { !$0.terminal } ?? false }
        func expiringWaivers(_ uc: UseCase) -> [Waiver] {
            uc.waivers.filter { w in
                ControlCheck.waiver(for: w.control, uc) == w && ControlCheck.isValid(w, now: now)
                    && Wording.calendarDays(from: Day(containing: now), to: w.until) <= policy.triage.waiverWarnDays
            }
        }
        let expiring = active.flatMap(expiringWaivers)
        let unowned = active.filter { uc in policy.stage(uc.stage).map { uc.owners[$0.ownerRole] == nil } ?? true }
        var summary = StandupSummary(
            movedForward: changes.filter { $0.kind == .movedForward }.count,
            movedBack: changes.filter { $0.kind == .movedBack }.count,
            newlyBlocked: items.filter(\.newlyBlocked).count,
            approvalsGiven: changes.filter { $0.kind == .approval }.count,
            waiversExpiring: expiring.count,
            unowned: unowned.count)
        // The rows behind each count, in walk order.
        func ids(_ keep: Set<UseCaseID>) -> [UseCaseID] { items.map(\.id).filter(keep.contains) }
        func changed(_ kind: StandupChange.Kind) -> [UseCaseID] { ids(Set(changes.filter { $0.kind == kind }.map(\.id))) }
        summary.ids = [.movedForward: changed(.movedForward), .movedBack: changed(.movedBack),
                       .newlyBlocked: items.filter(\.newlyBlocked).map(\.id), .approvals: changed(.approval),
                       .waiversExpiring: ids(Set(active.filter { !expiringWaivers($0).isEmpty }.map(\.id))),
                       .unowned: ids(Set(unowned.map(\.id)))]
        let blocked = items.filter { !$0.blockers.isEmpty }
        let must = inbox.map { MustAct(person: $0.person, ids: Array(Set($0.entries.map(\.id))).sorted()) }
        return StandupReport(since: since, now: now, order: order, summary: summary, changes: changes, items: items,
                             blocked: blocked, mustAct: must)
    }

    /// Whether the use case's gate was blocked at `date`, judged by replaying its events up
    /// to then. With no event after `date` its state then is `current` (a replay gives the same
    /// use case), judged at `date`. A use case that did not exist yet counts as not blocked;
    /// one whose history cannot be replayed counts as blocked (so it is not reported as newly
    /// blocked).
    static func wasBlocked(_ log: [AuditEvent], current: UseCase, at date: Date, policy: Policy) -> Bool {
        if !log.contains(where: { $0.at > date }) {
            if policy.stage(current.stage)?.terminal == true { return false }
            return !GateEngine.evaluate(current, policy: policy, now: date).passed
        }
        let before = log.filter { $0.at <= date }
        // Created after `date`: it did not exist then. A log without its creation is only a
        // tail: its state at `date` is unknown.
        guard !before.isEmpty else { return log.sorted { $0.seq < $1.seq }.first?.action != .create }
        guard let uc = try? UseCase.replay(before) else { return true }
        if policy.stage(uc.stage)?.terminal == true { return false }
        return !GateEngine.evaluate(uc, policy: policy, now: date).passed
    }

    /// By owner, a use case goes under the first person who must act on it (`mustAct`, the
    /// same list its "must act" line shows), so the heading and that line cannot disagree;
    /// when nobody must act, under its stage's accountable owner; else "Nobody accountable".
    static func group(_ uc: UseCase, mustAct: [PersonID], policy: Policy, order: StandupOrder) -> String {
        switch order {
        case .stage:
            return Wording.stage(uc.stage, policy)
        case .owner:
            if let first = mustAct.first { return Wording.person(first, policy) }
            guard let role = policy.stage(uc.stage)?.ownerRole, let p = uc.owners[role] else { return "Nobody accountable" }
            return Wording.person(p, policy)
        }
    }

    static func sortKey(_ item: StandupItem, policy: Policy, order: StandupOrder) -> (String, Int) {
        let stageIndex = policy.stageIndex(item.stage) ?? Int.max
        switch order {
        case .stage:
            return (String(format: "%06d", stageIndex), 0)
        case .owner:
            // People alphabetically, "Nobody accountable" last; within a person by stage.
            return (item.group == "Nobody accountable" ? "\u{10FFFF}" : item.group, stageIndex)
        }
    }

    public static func change(_ e: AuditEvent, policy: Policy) -> StandupChange {
        let who = Wording.person(e.actor, policy)
        let d = e.details
        let fromTo = "from \(Wording.stage(d.from ?? "?", policy)) to \(Wording.stage(d.to ?? "?", policy))"
        let kind: StandupChange.Kind
        let message: String
        var text: String? = d.comment ?? d.reason ?? d.summary
        switch e.action {
        case .create:
            kind = .created; message = "\(who) created it in \(Wording.stage(d.stage ?? "?", policy))"; text = d.title
        case .advance:
            kind = .movedForward; message = "\(who) moved it \(fromTo)"
        case .return:
            kind = .movedBack; message = "\(who) sent it back \(fromTo)"
        case .change:
            kind = .movedBack
            message = "\(who) recorded a \(d.kind?.rawValue ?? "live") change, sending it back \(fromTo)"
        case .retire:
            kind = .retired; message = "\(who) retired it"
        case .approve:
            kind = .approval; message = "\(who) approved as \(Wording.role(d.role ?? "?", policy))"
        case .reject:
            kind = .rejection; message = "\(who) rejected as \(Wording.role(d.role ?? "?", policy))"
        case .withdraw:
            kind = .withdrawal; message = "\(who) withdrew their rejection"
        case .waive:
            kind = .waiver; message = "\(who) waived \(d.control ?? "?") until \(d.until?.description ?? "?")"
        case .comment:
            kind = .comment; message = "\(who) commented"
        case .evidence:
            kind = .evidence; message = "\(who) added evidence for \(d.control ?? "?"): \(d.ref ?? "")"; text = d.note
        case .attest:
            kind = .attestation; message = "\(who) attested \(d.control ?? "?")"; text = d.note
        case .assign:
            kind = .owner
            let role = Wording.role(d.role ?? "?", policy)
            message = d.person == e.actor ? "\(who) took the role of \(role)"
                : "\(who) named \(Wording.person(d.person ?? "?", policy)) as \(role)"
        case .unassign:
            kind = .owner; message = "\(who) unassigned the \(Wording.role(d.role ?? "?", policy))"
        case .edit:
            kind = .edit
            var fields: [String] = []
            if d.title != nil { fields.append("title") }
            if d.problem != nil { fields.append("problem") }
            if d.metric != nil { fields.append("metric") }
            if d.tier != nil { fields.append("risk tier") }
            fields += (d.artifacts ?? [:]).keys.sorted()
            if let t = d.template { fields.append("template \(t)") }
            fields += (d.fields ?? [:]).keys.sorted()
            message = "\(who) edited " + (fields.isEmpty ? "it" : Wording.list(fields))
        case .halt:
            kind = .halted; message = "\(who) halted it"
        case .resume:
            kind = .resumed; message = "\(who) resumed it"
        case .park:
            kind = .parked; message = "\(who) parked it until \(d.review?.description ?? "?")"
        case .unpark:
            kind = .unparked; message = "\(who) unparked it"
        case .escalate:
            kind = .escalation; message = "\(who) escalated it to \(Wording.person(d.person ?? "?", policy))"
        case .review:
            kind = .review; message = "\(who) recorded the periodic review"
        case .conflict, .standup, .signing, .delegate, .delegateCancel:
            kind = .other; message = "\(who): \(e.action.rawValue)"
        case .incidentOpen, .incidentAck, .incidentNote, .incidentAssign, .incidentResolve, .incidentReport, .incidentReview:
            kind = e.action == .incidentOpen ? .incidentOpened : e.action == .incidentResolve ? .incidentResolved : .incident
            message = "\(who) " + IncidentWords.phrase(e) { Wording.person($0, policy) }
            text = IncidentWords.text(e)
        case .monitor:
            kind = e.details.level == .breach ? .breach : e.details.level == .ok ? .recovery : .monitor
            message = MonitorWords.phrase(e)
            text = nil
        case .screen:
            kind = .edit; message = "\(who) answered the risk screening again"
        case .tierOverride:
            kind = .edit; message = "\(who) accepted tier \(d.tier ?? "?") below the screening's proposal \(d.proposed ?? "?")"
        }
        return StandupChange(id: e.useCase, event: e.id, seq: e.seq, action: e.action, kind: kind, actor: e.actor, at: e.at,
                             from: d.from, to: d.to, role: d.role, control: d.control, person: d.person, text: text,
                             message: message)
    }
}
