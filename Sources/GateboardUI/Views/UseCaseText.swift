import Foundation
import GateboardCore

/// Pure model-to-text functions shared by cards, panes and the full detail.
enum UseCaseText {
    /// `[H]` for high, `[M]` medium, `[L]` low (first letter of the tier id).
    static func tierBadge(_ tier: TierID) -> String {
        "[" + (tier.first.map { String($0).uppercased() } ?? "?") + "]"
    }

    /// A distinct colour per tier: the policy's first tier low, its last high, any between middle.
    static func tierStyle(_ tier: TierID, _ policy: Policy) -> Style {
        guard let i = policy.tiers.firstIndex(where: { $0.id == tier }) else { return .badge }
        if i == policy.tiers.count - 1 && i > 0 { return .tierHigh }
        return i == 0 ? .tierLow : .tierMiddle
    }

    /// The roles that matter for a stage: its owner role and every role its gate names.
    static func roles(of stage: Stage, tier: TierID, policy: Policy) -> [RoleID] {
        var out = [stage.ownerRole]
        if let gate = policy.gate(leaving: stage.id) {
            let req = gate.requirements(for: tier)
            for c in req.controls {
                if let r = policy.control(c)?.role, policy.control(c)?.kind == .owner || policy.control(c)?.kind == .approval {
                    out.append(r)
                }
            }
            for a in req.approvals { out.append(a.role) }
        }
        var seen = Set<RoleID>()
        return out.filter { seen.insert($0).inserted }
    }

    static func person(_ id: PersonID, _ policy: Policy) -> String {
        TerminalSafe.escape(policy.person(id)?.name ?? id)
    }

    static func date(_ d: Date) -> String {
        let t = Timestamp.format(d)           // 2026-11-26T15:04:05Z
        return String(t.prefix(10)) + " " + String(t.dropFirst(11).prefix(5))
    }

    /// Signed decisions: the event's mark as `gateboard log` prints it (`SignatureVerdict.mark`),
    /// styled, once the loop has judged the use case's log; nil when there is nothing to mark.
    /// Drawn after the action, where a narrow pane does not cut it off.
    static func signatureMark(_ e: AuditEvent, in id: UseCaseID, state: AppState) -> (String, Style)? {
        guard let s = state.signatures, s.id == id, let verdict = s.bySeq[e.seq],
              let mark = verdict.mark(ok: state.glyphs.ready, no: state.glyphs.blocked) else { return nil }
        return (mark + " ", verdict == .beforeSigning ? .dim : verdict.counts ? .ok : .danger)
    }

    /// One audit event in words: "approve — looks good", "advance scoped → specification".
    static func summary(_ e: AuditEvent, policy: Policy, arrow: String) -> String {
        let d = e.details
        var parts: [String] = []
        switch e.action {
        case .advance, .return, .change, .retire:
            if let from = d.from, let to = d.to { parts.append("\(from) \(arrow) \(to)") }
            else if let to = d.to { parts.append("\(arrow) \(to)") }
        case .assign:
            if let r = d.role, let p = d.person { parts.append("\(policy.role(r)?.name ?? r): \(person(p, policy))") }
        case .unassign:
            if let r = d.role { parts.append(policy.role(r)?.name ?? r) }
        case .evidence, .attest, .waive:
            if let c = d.control { parts.append(c) }
            if let r = d.ref { parts.append(r) }
            if let u = d.until { parts.append("until \(u)") }
        case .escalate:
            if let p = d.person { parts.append("to \(person(p, policy))") }
        case .park:
            if let r = d.review { parts.append("review \(r)") }
        case .approve, .reject:
            if let p = d.onBehalfOf { parts.append(Delegations.decider("", for: p, delegation: d.delegation, policy).dropFirst().description) }
        case .create:
            if let t = d.title { parts.append(t) }
        case .edit:
            let fields = [d.title.map { _ in "title" }, d.problem.map { _ in "problem" }, d.metric.map { _ in "metric" },
                          d.tier.map { "tier \($0)" }, d.template.map { "template \($0)" }].compactMap { $0 } + (d.artifacts ?? [:]).keys.sorted()
                + (d.fields ?? [:]).keys.sorted()
            parts.append(fields.joined(separator: ", "))
        default:
            break
        }
        for text in [d.comment, d.reason, d.summary, d.note] {
            if let t = text, !t.isEmpty { parts.append(t) }
        }
        return TerminalSafe.escape(parts.joined(separator: " — "))
    }

    /// The gate summary: "ready to advance", "blocked: 3", or why there is no gate.
    static func gateSummary(_ e: GateEvaluation, uc: UseCase) -> (String, Style) {
        if e.passed { return (e.to == nil ? "no forward gate" : "ready to advance", .ok) }
        if e.blockers.isEmpty && e.to == nil { return ("no forward gate", .dim) }
        return ("blocked: \(e.blockers.count)", .danger)
    }
}
