import Foundation

/// Replays a merged order, applying the conflict rules to events only one side knew.
struct ConflictResolver {
    let ours: Set<String>
    let theirs: Set<String>
    /// The stage each event was made in, from its own side's history.
    let context: [String: HistoryMerge.MadeIn]
    let events: [AuditEvent]

    // Who set what in the merged replay so far (event ids).
    private var stageSetter = ""
    private var haltSetter: String?
    private var resumeSetter: String?
    private var parkSetter: String?
    private var unparkSetter: String?
    private var approvalBy: [PersonID: String] = [:]
    private var rejectionBy: [PersonID: String] = [:]
    private var roleSetter: [RoleID: String] = [:]

    /// Skipped event → the event that prevailed over it, for this merge's findings.
    private var winnerOf: [String: String] = [:]

    init(ours: Set<String>, theirs: Set<String>, context: [String: HistoryMerge.MadeIn], events: [AuditEvent]) {
        self.ours = ours
        self.theirs = theirs
        self.context = context
        self.events = events
    }

    /// The history of the one side that holds `e`; nil when both (or neither) hold it — an
    /// event both sides knew was already judged against both.
    private func history(of e: AuditEvent) -> Set<String>? {
        switch (ours.contains(e.id), theirs.contains(e.id)) {
        case (true, false): ours
        case (false, true): theirs
        default: nil
        }
    }

    private struct Finding {
        var rule: ConflictRule
        var prevailing: String
        /// The event whose effect is skipped: the event being checked, unless named.
        var skipped: String? = nil
        var explanation: String
        /// The checked event itself still applies (the skipped one is an earlier event).
        var applyEvent = false

        init(rule: ConflictRule, prevailing: String, skipped: String? = nil, explanation: String, applyEvent: Bool = false) {
            self.rule = rule
            self.prevailing = prevailing
            self.skipped = skipped
            self.explanation = explanation
            self.applyEvent = applyEvent
        }
    }

    mutating func resolve() throws(MergeError) -> ([AuditEvent], [MergeConflict]) {
        guard let first = events.first else { throw .empty }
        let byID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var skipped = ConflictRecord.skippedIDs(in: events)
        var uc: UseCase
        do { uc = try UseCase.created(by: first) } catch { throw .unreplayable(side: "the merged", error) }
        stageSetter = first.id
        var output = [first]
        var conflicts: [MergeConflict] = []
        for e in events.dropFirst() {
            output.append(e)
            if skipped.contains(e.id) { continue }
            if let side = history(of: e), let found = check(e, in: uc, side: side, events: byID),
               let winner = byID[found.prevailing], let loser = byID[found.skipped ?? e.id] {
                let record = ConflictRecord.event(rule: found.rule, prevailing: winner, skipped: loser,
                                                  stage: uc.stage, explanation: found.explanation)
                skipped.insert(loser.id)
                winnerOf[loser.id] = winner.id
                // Already recorded by an earlier merge of the same histories: keep it once.
                if byID[record.id] == nil {
                    output.append(record)
                    conflicts.append(MergeConflict(rule: found.rule, useCase: e.useCase, prevailing: winner.id,
                                                   skipped: loser.id, explanation: found.explanation, event: record))
                }
                if !found.applyEvent { continue }
            }
            let before = uc
            do { uc = try uc.applying(e) } catch { throw .unreplayable(side: "the merged", error) }
            track(e, before: before, after: uc)
        }
        return (output, conflicts)
    }

    private func check(_ e: AuditEvent, in uc: UseCase, side: Set<String>,
                       events byID: [String: AuditEvent]) -> Finding? {
        let d = e.details
        func unknown(_ id: String?) -> String? {
            guard let id, !side.contains(id) else { return nil }
            return id
        }
        func who(_ id: String) -> String { byID[id].map { $0.actor } ?? "?" }
        switch e.action {
        case .advance, .return, .change, .retire:
            let from = d.from ?? context[e.id]?.stage ?? uc.stage
            if e.action == .advance, uc.halted != nil, let halt = unknown(haltSetter) {
                return Finding(rule: .advanceWhileHalted, prevailing: halt, skipped: e.id,
                               explanation: "\(e.actor) advanced \(e.useCase) from \(from) while \(who(halt)) had halted it "
                                   + "(\(uc.halted?.reason ?? "")); the halt stands, the advance is kept without effect")
            }
            if from == uc.stage {
                // The move stands; a rejection of the gate it leaves, given where the mover
                // could not see it, is reported (the move clears it as always).
                let unseen = uc.rejections.compactMap { r in unknown(rejectionBy[r.person]).map { (r, $0) } }
                guard let (rejection, id) = unseen.min(by: { $0.1 < $1.1 }) else { return nil }
                return Finding(rule: .moveOverRejection, prevailing: e.id, skipped: id,
                               explanation: "\(e.actor) moved \(e.useCase) out of \(from) while \(rejection.person) rejected "
                                   + "that gate (\"\(rejection.comment)\"); the move stands, the rejection stays in the history", applyEvent: true)
            }
            // Moved by the other side, or this side's own earlier move did not prevail.
            guard let winner = unknown(stageSetter) ?? context[e.id].flatMap({ winnerOf[$0.setter] }) else { return nil }
            let to = d.to ?? "?"
            if to == uc.stage {
                return Finding(rule: .duplicateMove, prevailing: winner,
                               explanation: "\(e.actor) moved \(e.useCase) from \(from) to \(to), where it already is "
                                   + "(\(who(winner))'s action came first); \(e.actor)'s \(e.action.rawValue) is kept without effect")
            }
            return Finding(rule: .divergentMove, prevailing: winner,
                           explanation: "\(e.actor) moved \(e.useCase) from \(from) to \(to), but it is in \(uc.stage) "
                               + "(\(who(winner))'s action came first); the earlier action stands, \(e.actor)'s \(e.action.rawValue) is kept without effect")
        case .approve, .reject, .withdraw:
            let stage = d.stage ?? context[e.id]?.stage ?? uc.stage
            if stage != uc.stage, let winner = unknown(stageSetter) {
                return Finding(rule: .staleGate, prevailing: winner,
                               explanation: "\(e.actor)'s \(e.action.rawValue) was for the \(stage) gate, which \(who(winner)) "
                                   + "had already left for \(uc.stage); it is kept without effect")
            }
            if stage != uc.stage, let ownMove = context[e.id]?.setter, let winner = winnerOf[ownMove] {
                return Finding(rule: .staleGate, prevailing: winner,
                               explanation: "\(e.actor)'s \(e.action.rawValue) was for the \(stage) gate, which \(e.useCase) "
                                   + "never reached once \(who(winner))'s action prevailed; it is kept without effect")
            }
            if e.action == .approve, let winner = unknown(approvalBy[e.actor]) {
                return Finding(rule: .duplicateApproval, prevailing: winner,
                               explanation: "\(e.actor) approved the \(uc.stage) gate of \(e.useCase) on both sides; "
                                   + "the earlier approval stands")
            }
        case .waive:
            guard let control = d.control else { return nil }
            let satisfying = events.first { x in
                (x.action == .evidence || x.action == .attest) && x.details.control == control
                    && !side.contains(x.id) && (ours.contains(x.id) != theirs.contains(x.id))
            }
            if let x = satisfying {
                return Finding(rule: .waiverForSatisfiedControl, prevailing: x.id,
                               explanation: "\(e.actor) waived \(control) while \(x.actor) satisfied it "
                                   + "(\(x.action.rawValue)); the \(x.action.rawValue) stands, the waiver is kept without effect")
            }
        case .halt:
            if uc.halted != nil, let winner = unknown(haltSetter) {
                return Finding(rule: .duplicateHalt, prevailing: winner,
                               explanation: "\(e.actor) halted \(e.useCase), already halted by \(who(winner)); the earlier halt stands")
            }
        case .resume:
            if uc.halted == nil, let winner = unknown(resumeSetter) {
                return Finding(rule: .duplicateResume, prevailing: winner,
                               explanation: "\(e.actor) resumed \(e.useCase), already resumed by \(who(winner)); the earlier resume stands")
            }
        case .park:
            if uc.parked != nil, let winner = unknown(parkSetter) {
                return Finding(rule: .duplicatePark, prevailing: winner,
                               explanation: "\(e.actor) parked \(e.useCase), already parked by \(who(winner)); the earlier park stands")
            }
        case .unpark:
            if uc.parked == nil, let winner = unknown(unparkSetter) {
                return Finding(rule: .duplicateUnpark, prevailing: winner,
                               explanation: "\(e.actor) unparked \(e.useCase), already unparked by \(who(winner)); the earlier unpark stands")
            }
        case .assign, .unassign:
            guard let role = d.role else { return nil }
            let wanted = e.action == .assign ? d.person : nil
            if uc.owners[role] != wanted, let winner = unknown(roleSetter[role]) {
                let now = uc.owners[role] ?? "nobody"
                return Finding(rule: .concurrentAssign, prevailing: winner,
                               explanation: "\(e.actor) set \(role) to \(wanted ?? "nobody") while \(who(winner)) set it to "
                                   + "\(now); the earlier assignment stands")
            }
        default:
            break
        }
        return nil
    }

    private mutating func track(_ e: AuditEvent, before: UseCase, after: UseCase) {
        if e.isStageMove {
            stageSetter = e.id
            approvalBy = [:]
            rejectionBy = [:]
        }
        switch e.action {
        case .approve: approvalBy[e.actor] = e.id; rejectionBy[e.actor] = nil
        case .reject: rejectionBy[e.actor] = e.id; approvalBy[e.actor] = nil
        case .withdraw: rejectionBy[e.actor] = nil
        case .halt: haltSetter = e.id; resumeSetter = nil
        case .resume: if before.halted != nil { resumeSetter = e.id; haltSetter = nil }
        case .park: parkSetter = e.id; unparkSetter = nil
        case .unpark, .retire: if before.parked != nil { unparkSetter = e.id; parkSetter = nil }
        case .assign, .unassign: if let role = e.details.role { roleSetter[role] = e.id }
        default: break
        }
    }
}
