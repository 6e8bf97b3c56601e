import Foundation

/// Risk screening (`screening:` in the policy): an intake questionnaire whose answers propose
/// a use case's risk tier and add controls to its gates, each rule with its reason. The
/// answers are recorded on the use case (`create` and `screen` events); the proposal is
/// derived from them and the policy in force, never stored.
public struct Screening: Equatable, Sendable, Codable {
    public var questions: [ScreeningQuestion]
    public var rules: [ScreeningRule]
    /// The role whose holder may accept a tier below the proposal (`tier-override`).
    public var overrideRole: RoleID

    public init(questions: [ScreeningQuestion] = [], rules: [ScreeningRule] = [], overrideRole: RoleID = "risk_reviewer") {
        self.questions = questions
        self.rules = rules
        self.overrideRole = overrideRole
    }

    public var isEmpty: Bool { questions.isEmpty }
    public func question(_ id: String) -> ScreeningQuestion? { questions.first { $0.id == id } }
}

public enum ScreeningKind: String, Equatable, Sendable, Codable, CaseIterable {
    /// Answered `yes` or `no`.
    case yesno
    /// Answered by one choice's id.
    case choice
    /// Answered by any number of choice ids (none included).
    case multi
}

public struct ScreeningChoice: Equatable, Sendable, Codable {
    public var id: String
    public var text: String
    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

public struct ScreeningQuestion: Equatable, Sendable, Codable {
    public var id: String
    public var text: String
    public var kind: ScreeningKind
    /// For `choice` and `multi`; empty for `yesno`.
    public var choices: [ScreeningChoice]

    public init(id: String, text: String, kind: ScreeningKind, choices: [ScreeningChoice] = []) {
        self.id = id
        self.text = text
        self.kind = kind
        self.choices = choices
    }

    /// The values an answer may take: `yes`/`no`, or the choice ids.
    public var allowed: [String] { kind == .yesno ? ["yes", "no"] : choices.map(\.id) }
}

/// A rule: when every condition holds, it proposes at least `tier` and adds `controls` to the
/// gate leaving `gate`, and says why (`reason`).
public struct ScreeningRule: Equatable, Sendable, Codable {
    public var id: String
    /// Question id → the values any of which satisfies the condition (for `multi`: the answer
    /// includes one of them). Every condition must hold.
    public var when: [ScreeningCondition]
    public var tier: TierID?
    public var controls: [ControlID]
    /// The stage whose gate the controls are added to.
    public var gate: StageID?
    public var reason: String

    public init(id: String, when: [ScreeningCondition], tier: TierID? = nil, controls: [ControlID] = [],
                gate: StageID? = nil, reason: String) {
        self.id = id
        self.when = when
        self.tier = tier
        self.controls = controls
        self.gate = gate
        self.reason = reason
    }
}

public struct ScreeningCondition: Equatable, Sendable, Codable {
    public var question: String
    public var anyOf: [String]
    public init(question: String, anyOf: [String]) {
        self.question = question
        self.anyOf = anyOf
    }
}

/// Recorded answers: question id → value. A yes/no answer is `yes` or `no`, a choice answer
/// the choice's id, a multi answer its choice ids in the question's order joined by `,`
/// (empty when none applies). Empty: the use case was not screened.
public typealias ScreeningAnswers = [String: String]

/// An answer as given (a `--answers` file may hold a list for a multi question).
public enum ScreeningInput: Equatable, Sendable {
    case text(String)
    case list([String])
}

/// What the answers propose under the policy's rules.
public struct ScreeningProposal: Equatable, Sendable {
    public struct Finding: Equatable, Sendable {
        public var rule: String
        public var reason: String
        public var tier: TierID?
        public var controls: [ControlID]
        public var gate: StageID?

        /// What the rule does, in words: "tier high; vendor-assessment at the implementation gate".
        public var effect: String {
            var adds: [String] = []
            if let t = tier { adds.append("tier \(t)") }
            if !controls.isEmpty, let g = gate { adds.append("\(controls.joined(separator: ", ")) at the \(g) gate") }
            return adds.joined(separator: "; ")
        }
    }
    /// The highest tier any matching rule proposes (tiers are listed lowest first), nil when
    /// none proposes one.
    public var tier: TierID?
    /// Every rule that matched, in policy order.
    public var findings: [Finding]

    /// The reasons for the proposed tier (the matching rules that propose exactly it).
    public var tierReasons: [String] { findings.filter { $0.tier != nil && $0.tier == tier }.map(\.reason) }
}

/// A tier below the screening's proposal, accepted by the override role with a reason.
public struct TierOverride: Equatable, Sendable {
    public var by: PersonID
    public var at: Date
    public var reason: String
    /// The tier accepted, and the proposal it was below: the override stands while both are
    /// still so (a new tier or a new proposal needs a new override).
    public var tier: TierID
    public var proposed: TierID
    /// As `Approval.signature`: with signing on, an override whose signature does not count
    /// accepts nothing. Never written to the file; ignored by `==`.
    public var signature = SignatureMark(counts: true)
    public init(by: PersonID, at: Date, reason: String, tier: TierID, proposed: TierID) {
        self.by = by
        self.at = at
        self.reason = reason
        self.tier = tier
        self.proposed = proposed
    }
}

extension Screening {
    /// The answers checked against the questions: every question answered, no unknown
    /// question, every value among the question's choices. Refused with the first problem.
    public func validate(_ input: [String: ScreeningInput]) throws(Refusal) -> ScreeningAnswers {
        var out: ScreeningAnswers = [:]
        for id in input.keys.sorted() { out[id] = try answer(id, input[id]!) }
        let missing = self.missing(from: out)
        if !missing.isEmpty {
            throw Refusal(.invalidInput, "screening answers missing for " + missing.joined(separator: ", ")
                + ": answer every question (gateboard policy lists them)")
        }
        return out
    }

    /// One answer checked against its question: the value as recorded, or refused (an unknown
    /// question, a value outside its choices).
    public func answer(_ id: String, _ value: ScreeningInput) throws(Refusal) -> String {
        guard let q = question(id) else {
            throw Refusal(.invalidInput, "unknown screening question '\(TerminalSafe.escape(id))': "
                + (questions.isEmpty ? "the policy declares no screening questions" : "the questions are " + questions.map(\.id).joined(separator: ", ")))
        }
        return try normalise(q, value)
    }

    /// The questions these answers leave unanswered, in policy order.
    public func missing(from answers: ScreeningAnswers) -> [String] {
        questions.filter { answers[$0.id] == nil }.map(\.id)
    }

    func normalise(_ q: ScreeningQuestion, _ value: ScreeningInput) throws(Refusal) -> String {
        func bad(_ v: String) -> Refusal {
            Refusal(.invalidInput, "screening answer to \(q.id): '\(TerminalSafe.escape(v))' is not one of "
                + q.allowed.joined(separator: ", "))
        }
        switch (q.kind, value) {
        case (.yesno, .text(let v)), (.choice, .text(let v)):
            let v = v.trimmingCharacters(in: .whitespaces)
            let folded = q.kind == .yesno ? v.lowercased() : v
            guard q.allowed.contains(folded) else { throw bad(v) }
            return folded
        case (.multi, .text(let v)):
            let items = v.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try normalise(q, .list(items))
        case (.multi, .list(let items)):
            for v in items where !q.allowed.contains(v) { throw bad(v) }
            return q.choices.map(\.id).filter(items.contains).joined(separator: ",")
        case (_, .list):
            throw Refusal(.invalidInput, "screening answer to \(q.id): one value expected (\(q.allowed.joined(separator: ", "))), found a list")
        }
    }

    /// The choice ids (or yes/no) a recorded answer holds.
    public static func values(_ answer: String) -> [String] {
        answer.split(separator: ",").map(String.init)
    }

    /// Every rule whose conditions hold for these answers, and the highest tier they propose.
    /// Unscreened (no answers): no proposal.
    public func proposal(for answers: ScreeningAnswers, tiers: [RiskTier]) -> ScreeningProposal {
        guard !answers.isEmpty else { return ScreeningProposal(tier: nil, findings: []) }
        var findings: [ScreeningProposal.Finding] = []
        for rule in rules where rule.when.allSatisfy({ c in
            Self.values(answers[c.question] ?? "").contains { c.anyOf.contains($0) }
        }) {
            findings.append(.init(rule: rule.id, reason: rule.reason, tier: rule.tier, controls: rule.controls, gate: rule.gate))
        }
        let rank = { (t: TierID) in tiers.firstIndex { $0.id == t } ?? -1 }
        let tier = findings.compactMap(\.tier).max { rank($0) < rank($1) }
        return ScreeningProposal(tier: tier, findings: findings)
    }
}

extension Policy {
    /// What the use case's recorded answers propose under this policy.
    public func screeningProposal(_ uc: UseCase) -> ScreeningProposal {
        screening.proposal(for: uc.screening, tiers: tiers)
    }

    /// Whether `tier` ranks below `other` (tiers are listed lowest first).
    public func tier(_ tier: TierID, isBelow other: TierID) -> Bool {
        guard let a = tiers.firstIndex(where: { $0.id == tier }), let b = tiers.firstIndex(where: { $0.id == other }) else { return false }
        return a < b
    }

    /// The screening's standing on a use case: nil when its tier is at or above the proposal
    /// (or it was not screened), else the proposal it is below and whether a standing
    /// `tier-override` accepts that.
    public func tierShortfall(_ uc: UseCase) -> TierShortfall? {
        guard let proposed = screeningProposal(uc).tier, tier(uc.tier, isBelow: proposed) else { return nil }
        let accepted = uc.tierOverride.flatMap { o in o.tier == uc.tier && o.proposed == proposed && o.signature.counts ? o : nil }
        return TierShortfall(tier: uc.tier, proposed: proposed, override: accepted)
    }

    /// The controls screening rules add to the gate leaving `stage` for this use case.
    public func screeningControls(_ uc: UseCase, leaving stage: StageID) -> [ControlID] {
        guard !uc.screening.isEmpty else { return [] }
        var out: [ControlID] = []
        for f in screeningProposal(uc).findings where f.gate == stage {
            for c in f.controls where !out.contains(c) { out.append(c) }
        }
        return out
    }
}

public struct TierShortfall: Equatable, Sendable {
    public var tier: TierID
    public var proposed: TierID
    /// The override that accepts the lower tier, nil while none does.
    public var override: TierOverride?
    /// Whether the shortfall still needs a decision.
    public var open: Bool { override == nil }
}
