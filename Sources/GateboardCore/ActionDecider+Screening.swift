import Foundation

/// Risk screening's decisions: the answers recorded at creation and by `screen`, and the
/// `tier-override` that accepts a tier below the screening's proposal.
extension ActionDecider {
    /// The answers as recorded (`create`, `screen`): checked against the policy's questions.
    /// None at creation: the use case is not screened (shown as such).
    static func screeningAnswers(_ answers: ScreeningAnswers, policy: Policy) throws(Refusal) -> ScreeningAnswers? {
        guard !answers.isEmpty else { return nil }
        return try policy.screening.validate(answers.mapValues { .text($0) })
    }
}

extension ActionDecider.Context {
    func screen(answers: ScreeningAnswers) throws(Refusal) -> (EventAction, EventDetails) {
        try contributor("screen")
        guard !policy.screening.isEmpty else {
            throw Refusal(.invalidInput, "the policy declares no screening questions (screening: in gateboard.yaml)")
        }
        guard let answers = try ActionDecider.screeningAnswers(answers, policy: policy) else {
            throw Refusal(.invalidInput, "screening needs an answer to every question: " + policy.screening.questions.map(\.id).joined(separator: ", "))
        }
        guard answers != uc.screening else {
            throw Refusal(.nothingToDo, "\(uc.id) already has these screening answers")
        }
        var d = EventDetails()
        d.answers = answers
        return (.screen, d)
    }

    func tierOverride(reason: String) throws(Refusal) -> (EventAction, EventDetails) {
        let reason = try Self.required(reason, "a tier override needs a reason")
        guard let shortfall = policy.tierShortfall(uc) else {
            throw Refusal(.nothingToDo, "\(uc.id)'s tier \(uc.tier) is not below its screening's proposal: no override needed")
        }
        guard shortfall.open else {
            throw Refusal(.nothingToDo, "the tier \(uc.tier) of \(uc.id) is already accepted below the proposed \(shortfall.proposed)")
        }
        let role = policy.screening.overrideRole
        let roleWords = Wording.role(role, policy)
        guard policy.person(actor)?.roles.contains(role) == true else {
            throw Refusal(.notAllowedRole, "\(who) cannot accept a tier below the screening's proposal: only a \(roleWords) can")
        }
        if let named = uc.owners[role], named != actor {
            throw Refusal(.notAllowedRole, "\(who) cannot accept the tier of \(uc.id): its \(roleWords) is \(Wording.person(named, policy))")
        }
        var d = EventDetails(reason: reason)
        d.tier = uc.tier
        d.proposed = shortfall.proposed
        return (.tierOverride, d)
    }
}

extension GateEngine {
    /// A tier below the screening's proposal blocks every gate until the tier is raised or
    /// the override role accepts it (`tier-override`).
    static func screeningBlocker(_ uc: UseCase, policy: Policy) -> Blocker? {
        guard let s = policy.tierShortfall(uc), s.open else { return nil }
        let why = policy.screeningProposal(uc).tierReasons.joined(separator: "; ")
        let role = policy.screening.overrideRole
        return Blocker(kind: .screening, message: "tier \(s.tier) is below the screening's proposal \(s.proposed)"
            + (why.isEmpty ? "" : " (\(why))") + ": raise the tier, or \(Wording.aRole(role, policy)) accepts it (tier-override)",
            role: role)
    }
}

extension Triage {
    /// `tier_below_screening`: the tier is below the screening's proposal with no override.
    static func screeningReasons(_ uc: UseCase, policy: Policy) -> [TriageReason] {
        guard let s = policy.tierShortfall(uc), s.open else { return [] }
        return [TriageReason(code: .tierBelowScreening,
                             message: "tier \(s.tier) below the screening's proposal \(s.proposed): needs a tier override by \(Wording.aRole(policy.screening.overrideRole, policy)) or a higher tier")]
    }
}
