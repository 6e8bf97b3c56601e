import Foundation

/// Inbox needs of live use cases:
/// - `incident` for the incident's owner: acknowledge it (until acknowledged), resolve it, and
///   report it when serious (each with its deadline);
/// - `halt_request` for the stop-ship authority (the use case's named one, else every holder of
///   the policy's stop-ship role) while a breach's halt request is pending and it is not halted;
/// - `retrain` for the technical owner while a breach's retraining is pending;
/// - `review` for the production owner when a breach made the periodic review due now.
extension Inbox {
    static func operationsCandidates(_ uc: UseCase, policy: Policy) -> Set<PersonID> {
        var people = Set(uc.openIncidents.map(\.owner))
        if uc.monitors.values.contains(where: { $0.pending == .haltRequest }), uc.owners["stop_ship"] == nil,
           uc.owners[policy.stopShipRole] == nil {
            for p in policy.people where p.roles.contains(policy.stopShipRole) { people.insert(p.id) }
        }
        return people
    }

    static func operationsNeeds(for person: PersonID, on uc: UseCase, policy: Policy, now: Date) -> [(InboxNeed, Date, String)] {
        var out: [(InboxNeed, Date, String)] = []
        for i in uc.incidents where i.owner == person && (i.isOpen || (i.serious != nil && i.reportedAt == nil)) {
            let ref = i.id(on: uc.id)
            func due(_ d: Date) -> String { now > d ? "OVERDUE since \(Timestamp.format(d))" : "due \(Timestamp.format(d))" }
            var parts: [String] = []
            if i.isOpen { parts.append(i.isAcked ? "resolve it (\(due(i.resolveDue)))" : "acknowledge it (\(due(i.ackDue)))") }
            if let r = i.reportDue, i.reportedAt == nil { parts.append("report it to the authority (\(due(r)))") }
            out.append((.incident, i.openedAt, "incident \(ref), severity \(i.severity): \(i.summary) — " + parts.joined(separator: "; ")))
        }
        let pending = uc.monitors.keys.sorted().compactMap { name -> (String, MonitorStatus)? in
            guard let s = uc.monitors[name], s.pending != nil else { return nil }
            return (name, s)
        }
        for (name, s) in pending {
            let since = s.pendingSince ?? s.since
            switch s.pending {
            case .haltRequest?:
                guard uc.halted == nil, Authority.hasStopShipAuthority(person, uc, policy: policy),
                      uc.owners["stop_ship"] == nil || uc.owners["stop_ship"] == person else { continue }
                out.append((.haltRequest, since, "monitor \(name) breached: halt requested (only you can halt it)"))
            case .retrain?:
                guard uc.owners[Roles.technical] == person else { continue }
                out.append((.retrain, since, "monitor \(name) breached: retrain — return it with a model or data change (gateboard change --kind model|data)"))
            case .review?:
                guard let stage = policy.stage(uc.stage), uc.owners[stage.ownerRole] == person, uc.stage == policy.productionStage else { continue }
                out.append((.review, since, "monitor \(name) breached: the periodic review is due now"))
            case .incident?, nil:
                continue
            }
        }
        return out
    }
}
