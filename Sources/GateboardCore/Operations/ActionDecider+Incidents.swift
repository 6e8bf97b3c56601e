import Foundation

/// `gateboard incident …` before the policy has judged it.
public enum IncidentAction: Equatable, Sendable {
    /// `owner` nil: the use case's operations owner (else the person opening it).
    case open(severity: Int, summary: String, serious: SeriousKind?, halt: Bool, owner: PersonID?)
    case ack(number: Int, note: String?)
    case note(number: Int, text: String)
    case assign(number: Int, person: PersonID)
    case resolve(number: Int, rootCause: String, action: String, change: ChangeKind?)
    case report(number: Int, ref: String)
    case review(number: Int, note: String)

    public var verb: String {
        switch self {
        case .open: "open"
        case .ack: "ack"
        case .note: "note"
        case .assign: "assign"
        case .resolve: "resolve"
        case .report: "report"
        case .review: "review"
        }
    }

    /// The incident acted on (nil for `open`).
    public var number: Int? {
        switch self {
        case .open: nil
        case let .ack(n, _), let .note(n, _), let .assign(n, _), let .resolve(n, _, _, _), let .report(n, _), let .review(n, _): n
        }
    }

    /// Its free texts with their names, for `FieldLimits`.
    var texts: [(String?, String)] {
        switch self {
        case let .open(_, summary, _, _, _): [(summary, "summary")]
        case let .ack(_, note): [(note, "note")]
        case let .note(_, text): [(text, "note")]
        case .assign: []
        case let .resolve(_, rootCause, action, _): [(rootCause, "root cause"), (action, "corrective action")]
        case let .report(_, ref): [(ref, "report reference")]
        case let .review(_, note): [(note, "note")]
        }
    }
}

/// Who may do what with incidents:
/// - **open**: contributors of the use case, its stop-ship authority, or a `function: service`
///   person (a monitoring job); only on a use case in production. Opening with `--halt` (or at
///   severity 1 when the policy sets `incidents.haltOnSeverity1`) halts it in the same event —
///   and only the stop-ship authority halts: anyone else's `--halt` is refused, and a required
///   halt they cannot make becomes a halt request in the stop-ship authority's inbox.
/// - **ack, resolve, report, assign**: the incident's owner, the use case's operations owner,
///   or the stop-ship authority.
/// - **note**: those, or any contributor.
/// - **review** (the post-incident review attestation): contributors or the stop-ship
///   authority, but not the person who resolved it, and only once it is resolved.
/// - **resume** of a use case halted by an incident needs that incident resolved and reviewed;
///   no resume while any severity-1 incident is open.
extension ActionDecider.Context {
    func incident(_ a: IncidentAction) throws(Refusal) -> (EventAction, EventDetails) {
        if case let .open(severity, summary, serious, halt, owner) = a {
            return try openIncident(severity: severity, summary: summary, serious: serious, halt: halt, owner: owner)
        }
        let number = a.number ?? 0
        guard let i = uc.incident(number) else {
            let known = uc.incidents.isEmpty ? "it has none" : "it has #I1…#I\(uc.incidents.count)"
            throw Refusal(.unknownIncident, "\(uc.id) has no incident #I\(number): \(known)")
        }
        let ref = i.id(on: uc.id)
        var d = EventDetails()
        d.incident = number
        d.openedAt = i.openedAt
        switch a {
        case .open:
            throw Refusal(.invalidInput, "unreachable")
        case let .ack(_, note):
            try incidentResponder(i, "acknowledge")
            guard i.isOpen else { throw Refusal(.nothingToDo, "\(ref) is already resolved") }
            if let at = i.ackedAt, let by = i.ackedBy {
                throw Refusal(.nothingToDo, "\(ref) was already acknowledged by \(Wording.person(by, policy)) on \(Wording.day(at))")
            }
            d.note = Self.optional(note)
            return (.incidentAck, d)
        case let .note(_, text):
            if !isIncidentResponder(i) { try contributor("add a note to an incident of") }
            d.note = try Self.required(text, "an incident note needs text")
            return (.incidentNote, d)
        case let .assign(_, person):
            try incidentResponder(i, "reassign")
            guard i.isOpen else { throw Refusal(.nothingToDo, "\(ref) is already resolved") }
            guard policy.person(person) != nil else {
                throw Refusal(.unknownPerson, "unknown person \(person): not among the people in the board's policy")
            }
            guard person != i.owner else { throw Refusal(.nothingToDo, "\(Wording.person(person, policy)) already owns \(ref)") }
            d.person = person
            return (.incidentAssign, d)
        case let .resolve(_, rootCause, action, change):
            try incidentResponder(i, "resolve")
            if let at = i.resolvedAt, let by = i.resolvedBy {
                throw Refusal(.nothingToDo, "\(ref) is already resolved (by \(Wording.person(by, policy)) on \(Wording.day(at)))")
            }
            d.rootCause = try Self.required(rootCause, "resolving an incident needs a root cause (--root-cause)")
            d.correctiveAction = try Self.required(action, "resolving an incident needs the corrective action (--action)")
            if let kind = change {
                guard uc.stage == policy.productionStage else {
                    throw Refusal(.notInProduction, "\(uc.id) is in \(stageWords), not live: a corrective change routes only a production use case")
                }
                guard let target = policy.changeRouting[kind], let stage = policy.stage(target), !stage.terminal else {
                    throw Refusal(.invalidTarget, "the policy names no stage that a \(kind.rawValue) change goes back to")
                }
                d.kind = kind
                d.from = uc.stage
                d.to = target
            }
            return (.incidentResolve, d)
        case let .report(_, reportRef):
            try incidentResponder(i, "report")
            guard i.serious != nil else {
                throw Refusal(.invalidInput, "\(ref) is not a serious incident: there is no report to record")
            }
            if let at = i.reportedAt {
                throw Refusal(.nothingToDo, "\(ref) was already reported on \(Wording.day(at)) (\(i.reportRef ?? ""))")
            }
            d.ref = try Self.required(reportRef, "recording a report needs its reference (--ref)")
            return (.incidentReport, d)
        case let .review(_, note):
            if !Authority.hasStopShipAuthority(actor, uc, policy: policy) { try contributor("review an incident of") }
            guard let resolver = i.resolvedBy else {
                throw Refusal(.incidentOpen, "\(ref) is not resolved yet: the post-incident review follows the root cause")
            }
            if let at = i.reviewedAt {
                throw Refusal(.nothingToDo, "\(ref) was already reviewed on \(Wording.day(at))")
            }
            guard resolver != actor else {
                throw Refusal(.separationOfDuties, "\(who) resolved \(ref): the post-incident review is someone else's")
            }
            d.note = try Self.required(note, "a post-incident review needs a note (--note)")
            return (.incidentReview, d)
        }
    }

    func openIncident(severity: Int, summary: String, serious: SeriousKind?, halt: Bool,
                      owner: PersonID?) throws(Refusal) -> (EventAction, EventDetails) {
        guard IncidentRules.severities.contains(severity) else {
            throw Refusal(.invalidInput, "severity \(severity) is not 1, 2, 3 or 4 (1 is the most severe)")
        }
        guard uc.stage == policy.productionStage else {
            throw Refusal(.notInProduction, "\(uc.id) is in \(stageWords), not live: incidents are opened on production use cases")
        }
        let stopShip = Authority.hasStopShipAuthority(actor, uc, policy: policy)
        if !stopShip && policy.person(actor)?.function != "service" { try contributor("open an incident on") }
        let summary = try Self.required(summary, "an incident needs a summary (--summary)")
        if halt && !stopShip { try self.stopShip("halt") }
        let rules = policy.incidents
        var d = EventDetails(summary: summary)
        d.incident = uc.incidents.count + 1
        d.severity = severity
        let assigned = owner ?? uc.owners[Roles.ops] ?? actor
        guard policy.person(assigned) != nil else {
            throw Refusal(.unknownPerson, "unknown person \(assigned): not among the people in the board's policy")
        }
        d.person = assigned
        d.ackDue = rules.ackDue(severity, from: now)
        d.resolveDue = rules.resolveDue(severity, from: now)
        if let serious {
            d.serious = serious
            d.reportDue = rules.reportDue(serious, from: now)
        }
        // Only the stop-ship authority halts; one already halted stays halted as it was.
        if (halt || (severity == 1 && rules.haltOnSeverity1)) && stopShip && uc.halted == nil { d.halt = true }
        return (.incidentOpen, d)
    }

    func isIncidentResponder(_ i: Incident) -> Bool {
        actor == i.owner || uc.owners[Roles.ops] == actor || Authority.hasStopShipAuthority(actor, uc, policy: policy)
    }

    func incidentResponder(_ i: Incident, _ verb: String) throws(Refusal) {
        guard isIncidentResponder(i) else {
            throw Refusal(.notAllowedRole, "\(who) cannot \(verb) \(i.id(on: uc.id)): only its owner \(Wording.person(i.owner, policy)), "
                + "the operations owner of \(uc.id) or its stop-ship authority can")
        }
    }

    /// Resume waits for the incident that caused the halt (root cause and post-incident
    /// review), and for every open severity-1 incident.
    func incidentsAllowResume() throws(Refusal) {
        if let n = uc.halted?.incident, let i = uc.incident(n) {
            let ref = i.id(on: uc.id)
            guard i.rootCause != nil else {
                throw Refusal(.incidentOpen, "\(uc.id) was halted by \(ref), which has no root cause yet: resolve it first (gateboard incident resolve \(ref) --root-cause … --action …)")
            }
            guard i.reviewedAt != nil else {
                throw Refusal(.incidentOpen, "\(uc.id) was halted by \(ref), which has no post-incident review yet (gateboard incident review \(ref) --note …)")
            }
        }
        if let open = uc.incidents.first(where: { $0.isOpen && $0.severity == 1 }) {
            throw Refusal(.incidentOpen, "\(uc.id) has an open severity-1 incident, \(open.id(on: uc.id)): resolve it before resuming")
        }
    }
}
