import Foundation

/// A person away (leave, travel) from `from` to `until`, both days included.
public struct AwayPeriod: Equatable, Sendable, Codable {
    public var person: PersonID
    public var from: Day
    public var until: Day
    public var note: String?

    public init(person: PersonID, from: Day, until: Day, note: String? = nil) {
        self.person = person
        self.from = from
        self.until = until
        self.note = note
    }

    public func covers(_ day: Day) -> Bool { from <= day && day <= until }
}

extension Policy {
    /// The away period covering `now` for a person (the one ending last), if any.
    public func away(_ person: PersonID, at now: Date) -> AwayPeriod? {
        let today = Day(containing: now)
        return away.filter { $0.person == person && $0.covers(today) }.max { $0.until < $1.until }
    }
}

extension Triage {
    /// `approver_away`: an approval the current gate still needs can only come from a named
    /// person (the rule does not take any holder of the role) who is away today (an `away:`
    /// period, or a delegation of theirs in force), and nobody delegated by them can give it.
    static func awayReasons(_ uc: UseCase, gate: GateEvaluation, policy: Policy, now: Date) -> [TriageReason] {
        guard !policy.away.isEmpty || !policy.delegations.isEmpty, uc.halted == nil,
              let req = ApprovalCount.requirements(uc, policy: policy) else { return [] }
        let rules = ApprovalCount.rules(req, policy: policy)
        var out: [TriageReason] = []
        var seen: Set<PersonID> = []
        for b in gate.blockers where b.kind == .approval {
            guard let role = b.role, let person = uc.owners[role], !seen.contains(person),
                  !rules.contains(where: { $0.role == role && $0.anyHolder }), let rule = rules.first(where: { $0.role == role }),
                  policy.isAway(person, at: now) else { continue }
            let delegated = policy.delegations.given(by: person, role: role, at: now)
            let why: String
            if let d = delegated {
                let e = ApprovalCount.eligibility(of: d.to, for: rule, requirements: req, uc, policy: policy, onBehalfOf: person)
                if e.isEligible { continue }
                why = "\(Wording.person(d.to, policy)), delegated, cannot give it: "
                    + (GateEngine.ineligibilityReason(e, person: d.to, rule: rule, uc: uc, policy: policy) ?? "not eligible on \(uc.id)")
            } else {
                why = "nobody is delegated to give it (gateboard delegate --as \(person) --to PERSON --until DAY --role \(role))"
            }
            let until = [policy.away(person, at: now)?.until, delegated?.until].compactMap { $0 }.max()
            seen.insert(person)
            out.append(TriageReason(code: .approverAway, message: "\(uc.stage) approval as \(Wording.role(role, policy)) waits on "
                + "\(Wording.person(person, policy)), away" + (until.map { " until \($0)" } ?? "") + "; " + why))
        }
        return out
    }
}
