import Foundation
import GateboardCore
import GateboardStore

extension Policy {
    /// Person id → display name, for commit messages.
    package var personNames: [PersonID: String] {
        Dictionary(people.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

/// What an action did, for the user.
package struct ActionResult {
    var action: Action
    var outcome: ActionOutcome
    var after: UseCaseFacts
    var policy: Policy
    /// Notes from after the action (e.g. auto-commit could not commit).
    package var extraNotes: [String] = []

    /// The store's notes (one sentence per approval the action voided among them), then the
    /// notes from after the action.
    package var notes: [String] { outcome.notes + extraNotes }

    package var json: ActionResultJSON {
        let e = outcome.event
        var json = ActionResultJSON(
            ok: true, id: outcome.useCase.id, action: action.verb,
            event: .init(seq: e.seq, id: e.id, at: Timestamp.format(e.at), actor: e.actor, osUser: e.osUser),
            notes: notes, stage: outcome.useCase.stage,
            gate: .init(from: after.gate.from, to: after.gate.to, passed: after.gate.passed,
                        blockers: after.gate.blockers.map(BlockerJSON.init)),
            voidedApprovals: outcome.voidedApprovals.map { .init(person: $0.approval.person, role: $0.approval.role, reason: $0.reason) },
            incident: IncidentWords.isIncident(e.action) ? e.details.incident.map { IncidentRef.text(e.useCase, $0) } : nil)
        switch action {
        case .create, .screen, .tierOverride:
            if !policy.screening.isEmpty { json.screening = UseCaseScreeningJSON(outcome.useCase, policy: policy) }
        default: break
        }
        return json
    }

    package func text(words w: BoardWords) -> String {
        let uc = outcome.useCase
        let e = outcome.event
        var lines = ["\(w.e(uc.id)): \(EventText.summary(e, words: w)) — by \(w.person(e.actor)), event #\(e.seq)"]
        if case .create = action {
            lines = ["Created \(w.e(uc.id)): \(w.e(uc.title)) (\(w.e(uc.tier)), in \(w.stage(uc.stage)))"]
        }
        switch action {
        case .create, .screen, .tierOverride:
            lines += ScreeningText.proposalLines(uc, policy: policy, words: w).map { "  " + $0 }
        default: break
        }
        for n in notes { lines.append("  " + w.e(n)) }
        let g = after.gate
        if let to = g.to {
            let state = g.passed ? "passes" : "blocked by \(BoardWords.plural(g.blockers.count, "blocker"))"
            lines.append("  now in \(w.stage(uc.stage)); gate → \(w.e(to)) \(state)")
        } else {
            lines.append("  now in \(w.stage(uc.stage))")
        }
        return lines.joined(separator: "\n")
    }

    package init(action: Action, outcome: ActionOutcome, after: UseCaseFacts, policy: Policy, extraNotes: [String] = []) {
        self.action = action
        self.outcome = outcome
        self.after = after
        self.policy = policy
        self.extraNotes = extraNotes
    }
}

package struct ActionResultJSON: Encodable {
    struct EventRef: Encodable {
        var seq: Int
        var id: String
        var at: String
        var actor: String
        var osUser: String
    }
    struct GateJSON: Encodable {
        var from: String
        var to: String?
        var passed: Bool
        var blockers: [BlockerJSON]
    }
    struct VoidedJSON: Encodable {
        var person: String
        var role: String
        var reason: String?
    }
    var ok: Bool
    var id: String
    var action: String
    var event: EventRef
    var notes: [String]
    var stage: String
    var gate: GateJSON
    var voidedApprovals: [VoidedJSON]
    /// Incident actions: the incident's id (`UC-0001#I1`); absent otherwise.
    var incident: String? = nil
    /// `new`, `screen`, `tier-override`: the use case's screening (`UseCaseScreeningJSON`).
    var screening: UseCaseScreeningJSON? = nil
}
