import GateboardCore

/// Keys while the New-use-case form walks the risk screening: ↑/↓ (j/k) move, a digit picks
/// that option, y/n answer a yes/no question, Space ticks a choice of a multi question, Enter
/// answers and goes on, ←/Backspace goes back a step; on the summary Enter creates.
extension AppState {
    mutating func handleScreeningWalk(_ key: Key, _ form: Form) -> [Effect] {
        var f = form
        // A form that is only its walk (`A`) shows the summary when back from a refusal.
        guard var w = f.walk, let step = w.step ?? (f.isWalkOnly ? w.questions.count : nil) else { return [] }
        w.step = step
        if w.isSummary {
            switch key {
            case .enter:
                w.reviewed = true
                w.step = nil
                f.walk = w
                return submit(f)
            case .left, .char("h"), .backspace: w.go(to: step - 1)
            default: break
            }
            f.walk = w
            modal = .form(f)
            return []
        }
        guard let q = w.question else { return [] }
        let count = ScreeningWalk.options(q).count
        switch key {
        case .char("j"), .down: w.cursor = min(count - 1, w.cursor + 1)
        case .char("k"), .up: w.cursor = max(0, w.cursor - 1)
        case .left, .char("h"), .backspace: w.go(to: step == 0 ? (f.isWalkOnly ? 0 : nil) : step - 1)
        case .char(" "):
            if q.kind == .multi {
                if w.picked.contains(w.cursor) { w.picked.remove(w.cursor) } else { w.picked.insert(w.cursor) }
            } else {
                w.answerAndNext()
            }
        case .char("y") where q.kind == .yesno: w.cursor = 0; w.answerAndNext()
        case .char("n") where q.kind == .yesno: w.cursor = 1; w.answerAndNext()
        case .char(let c) where c.wholeNumberValue.map { $0 >= 1 && $0 <= count } == true:
            w.cursor = c.wholeNumberValue! - 1
            if q.kind == .multi {
                if w.picked.contains(w.cursor) { w.picked.remove(w.cursor) } else { w.picked.insert(w.cursor) }
            } else {
                w.answerAndNext()
            }
        case .enter, .right, .char("l"): w.answerAndNext()
        default: break
        }
        f.walk = w
        f.error = nil
        modal = .form(f)
        return []
    }

    /// The summary's lines: the proposed tier and each matching rule's reason, and what a tier
    /// below the proposal will need.
    func screeningSummary(_ f: Form) -> [String] {
        guard let w = f.walk else { return [] }
        let tier = f.isWalkOnly ? (f.subject.flatMap { board.useCase($0)?.tier } ?? "") : f.value("Tier")
        let p = policy.screening.proposal(for: w.answers, tiers: policy.tiers)
        var out = ["Screening proposes " + (p.tier.map { "tier \($0)" } ?? "no minimum tier")]
        for finding in p.findings {
            out.append("· \(finding.reason)" + (finding.effect.isEmpty ? "" : " → " + finding.effect))
        }
        if let proposed = p.tier, policy.tier(tier, isBelow: proposed) {
            out.append("✗ tier \(tier) is below \(proposed): the gate stays blocked until \((policy.role(policy.screening.overrideRole)?.name ?? policy.screening.overrideRole).lowercased()) accepts it (tier-override) or the tier is raised")
        } else {
            out.append("tier \(tier) is at or above the proposal")
        }
        return out.map(TerminalSafe.escape)
    }
}
