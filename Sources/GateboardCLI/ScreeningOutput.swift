import Foundation
import GateboardCore

/// Risk screening as `policy --json` shows it: `{overrideRole, questions: [{id, text, kind,
/// choices?}], rules: [{id, when, tier?, controls, gate?, reason}]}`.
package struct PolicyScreeningJSON: Encodable {
    struct ChoiceJSON: Encodable {
        var id: String
        var text: String
    }
    struct QuestionJSON: Encodable {
        var id: String
        var text: String
        var kind: String
        var choices: [ChoiceJSON]?
    }
    struct RuleJSON: Encodable {
        var id: String
        /// Question id → the answers any of which satisfies it; every question must be satisfied.
        var when: [String: [String]]
        var tier: String?
        var controls: [String]
        var gate: String?
        var reason: String
    }
    var overrideRole: String
    var questions: [QuestionJSON]
    var rules: [RuleJSON]

    package init(_ s: Screening) {
        overrideRole = s.overrideRole
        questions = s.questions.map { q in
            QuestionJSON(id: q.id, text: q.text, kind: q.kind.rawValue,
                         choices: q.kind == .yesno ? nil : q.choices.map { ChoiceJSON(id: $0.id, text: $0.text) })
        }
        rules = s.rules.map { r in
            RuleJSON(id: r.id, when: Dictionary(r.when.map { ($0.question, $0.anyOf) }, uniquingKeysWith: { a, _ in a }),
                     tier: r.tier, controls: r.controls, gate: r.gate, reason: r.reason)
        }
    }
}

/// A use case's screening in `show --json`: the answers as recorded, the proposal, each
/// matching rule with its reason, and whether the tier is below the proposal (and accepted).
package struct UseCaseScreeningJSON: Encodable {
    struct FindingJSON: Encodable {
        var rule: String
        var reason: String
        var tier: String?
        var controls: [String]
        var gate: String?
    }
    struct OverrideJSON: Encodable {
        var by: String
        var at: String
        var reason: String
        var tier: String
        var proposed: String
    }
    var screened: Bool
    var answers: [String: String]
    var proposedTier: String?
    var reasons: [FindingJSON]
    /// The tier is below the proposal; `accepted` when a standing tier override accepts it.
    var belowProposal: Bool
    var accepted: Bool
    var override: OverrideJSON?

    package init(_ uc: UseCase, policy: Policy) {
        let p = policy.screeningProposal(uc)
        screened = !uc.screening.isEmpty
        answers = uc.screening
        proposedTier = p.tier
        reasons = p.findings.map { FindingJSON(rule: $0.rule, reason: $0.reason, tier: $0.tier, controls: $0.controls, gate: $0.gate) }
        let shortfall = policy.tierShortfall(uc)
        belowProposal = shortfall != nil
        accepted = shortfall?.override != nil
        override = uc.tierOverride.map {
            OverrideJSON(by: $0.by, at: Timestamp.format($0.at), reason: $0.reason, tier: $0.tier, proposed: $0.proposed)
        }
    }
}

/// Risk screening as text: the `Screening` block of `show`, the lines `new` and `screen`
/// print, and the `policy` section.
package enum ScreeningText {
    /// The proposal and its reasons (and the override standing), for `new`, `screen` and `show`.
    package static func proposalLines(_ uc: UseCase, policy: Policy, words w: BoardWords) -> [String] {
        guard !policy.screening.isEmpty else { return [] }
        guard !uc.screening.isEmpty else {
            return ["screening: not screened (gateboard screen \(w.e(uc.id)) answers the questions)"]
        }
        let p = policy.screeningProposal(uc)
        var out = ["screening proposes " + (p.tier.map { "tier \(w.e($0))" } ?? "no minimum tier")]
        for f in p.findings {
            out.append("  · \(w.e(f.reason))" + (f.effect.isEmpty ? "" : " → " + w.e(f.effect)))
        }
        if let s = policy.tierShortfall(uc) {
            if let o = s.override {
                out.append("  tier \(w.e(s.tier)) below the proposal, accepted by \(w.person(o.by)) on \(BoardWords.day(o.at)): \(w.e(o.reason))")
            } else {
                out.append("  ✗ tier \(w.e(s.tier)) is below the proposal \(w.e(s.proposed)): raise it, or \(w.role(policy.screening.overrideRole).lowercased()) runs gateboard tier-override \(w.e(uc.id)) --reason …")
            }
        }
        return out
    }

    /// `show`: the answers and the proposal.
    package static func showLines(_ uc: UseCase, policy: Policy, words w: BoardWords) -> [String] {
        guard !policy.screening.isEmpty else { return [] }
        var out = ["", "Screening"]
        for q in policy.screening.questions {
            guard let a = uc.screening[q.id] else { continue }
            out.append("  \(w.e(q.text)) \(answerWords(a, q))")
        }
        out += proposalLines(uc, policy: policy, words: w).map { "  " + $0 }
        return out
    }

    /// An answer in words: `yes`, `no`, the choices' texts.
    package static func answerWords(_ answer: String, _ q: ScreeningQuestion) -> String {
        guard q.kind != .yesno else { return answer }
        let texts = Screening.values(answer).map { v in q.choices.first { $0.id == v }.map { "\($0.text) [\(v)]" } ?? v }
        return texts.isEmpty ? "(none)" : texts.map { TerminalSafe.escape($0) }.joined(separator: ", ")
    }

    /// `policy`: the questions and rules.
    package static func policyLines(_ s: Screening, words w: BoardWords) -> [String] {
        guard !s.isEmpty else { return [] }
        var out = ["", "Screening (a tier below the proposal needs a tier override by \(w.role(s.overrideRole).lowercased()))"]
        for q in s.questions {
            out.append("  \(w.e(q.id)) (\(q.kind.rawValue)): \(w.e(q.text))")
            for c in q.choices { out.append("      \(w.e(c.id)) — \(w.e(c.text))") }
        }
        out.append("  rules")
        for r in s.rules {
            let when = r.when.map { "\(w.e($0.question)) is \($0.anyOf.map(w.e).joined(separator: " or "))" }.joined(separator: " and ")
            var adds: [String] = []
            if let t = r.tier { adds.append("tier \(w.e(t))") }
            if !r.controls.isEmpty { adds.append("\(r.controls.map(w.e).joined(separator: ", ")) at the \(w.e(r.gate ?? "?")) gate") }
            out.append("    \(w.e(r.id)): when \(when) → \(adds.joined(separator: "; ")) — \(w.e(r.reason))")
        }
        return out
    }
}
