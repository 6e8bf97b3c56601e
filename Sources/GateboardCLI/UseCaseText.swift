import Foundation
import GateboardCore

/// `gateboard show`: one use case in full, for a person reading a terminal.
package struct UseCaseText {
    var facts: UseCaseFacts
    var policy: Policy
    var recent: [AuditEvent] = []
    /// The latest monitoring samples kept for it.
    package var latest: [String: LatestSample] = [:]
    /// Each artifact compared with the disk (`ContentRead`); empty: shown as recorded.
    package var content: [ContentCheck] = []

    private var words: BoardWords { BoardWords(policy: policy) }

    package func render() -> String {
        let uc = facts.useCase
        let w = words
        var out: [String] = []
        out.append("\(w.e(uc.id))  \(w.e(uc.title))")
        out.append("")
        var stageLine = "\(w.stage(uc.stage)) (\(w.e(uc.stage))) for \(BoardWords.days(facts.clock.daysInStage))"
        if let sla = facts.clock.slaDays { stageLine += " of \(sla)" }
        if facts.clock.stalled { stageLine += " — STALLED" } else if facts.clock.stalling { stageLine += " — stalling" }
        var fields: [(String, String)] = [
            ("Stage", stageLine),
            ("Tier", w.tier(uc.tier)),
            ("Created", "\(BoardWords.day(uc.createdAt)) by \(w.person(uc.createdBy))"),
        ]
        if let h = uc.halted {
            fields.append(("HALTED", "since \(BoardWords.day(h.at)) by \(w.person(h.by)): \(w.e(h.reason))"))
        }
        if let p = uc.parked {
            let overdue = facts.now >= p.review.end ? " (review overdue)" : ""
            fields.append(("Parked", "by \(w.person(p.by)) on \(BoardWords.day(p.at)), review \(p.review)\(overdue): \(w.e(p.reason))"))
        }
        if let r = uc.lastReviewAt { fields.append(("Reviewed", BoardWords.day(r))) }
        out.append(contentsOf: aligned(fields))
        out.append("")
        out.append("Problem")
        out.append(indent(uc.problem.isEmpty ? "(none yet)" : TerminalSafe.escapeKeepingNewlines(uc.problem)))
        out.append("Success metric")
        out.append(indent(uc.metric.isEmpty ? "(none yet)" : TerminalSafe.escapeKeepingNewlines(uc.metric)))
        out.append(contentsOf: InventoryText.lines(uc, policy: policy, words: w))
        out.append("")
        out.append("Owners")
        out.append(contentsOf: aligned(policy.roles.map { role in
            (role.name, uc.owners[role.id].map(w.personWithID) ?? "— none named")
        }, indent: "  "))
        if !uc.artifacts.isEmpty {
            out.append("")
            out.append("Artifacts (material digest \(uc.materialDigest.prefix(12)))")
            out.append(contentsOf: aligned(artifactRows(), indent: "  "))
        }
        out.append(contentsOf: ScreeningText.showLines(uc, policy: policy, words: w))
        let evidence = evidenceRows()
        if !evidence.isEmpty {
            out.append("")
            out.append("Evidence")
            out.append(contentsOf: aligned(evidence, indent: "  "))
        }
        out.append("")
        out.append(contentsOf: gateLines())
        if !facts.approvals.isEmpty || !uc.rejections.isEmpty {
            out.append("")
            out.append("Approvals on this gate")
            for a in facts.approvals {
                var line = "  \(w.e(Delegations.decider(a.approval.person, for: a.approval.onBehalfOf, delegation: a.approval.delegation, w.policy))) "
                    + "as \(w.role(a.approval.role).lowercased()), \(BoardWords.day(a.approval.at))"
                if let c = a.approval.comment, !c.isEmpty { line += ": \"\(w.e(c))\"" }
                line += a.void ? " — VOID: \(w.e(a.reason ?? "void"))" : " — counts"
                out.append(line)
            }
            for r in uc.rejections {
                out.append("  \(w.e(Delegations.decider(r.person, for: r.onBehalfOf, delegation: r.delegation, w.policy))) REJECTED as \(w.role(r.role).lowercased()), \(BoardWords.day(r.at)): \"\(w.e(r.comment))\"")
            }
        }
        if !uc.waivers.isEmpty {
            out.append("")
            out.append("Waivers")
            for wv in uc.waivers {
                let left = Timestamp.wholeDays(from: facts.now, to: wv.until.end)
                let state = facts.now >= wv.until.end ? "EXPIRED \(wv.until)" : "until \(wv.until) (\(BoardWords.days(left)) left)"
                out.append("  \(w.control(wv.control)) [\(w.e(wv.control))] waived by \(w.person(wv.by)) \(state): \(w.e(wv.reason))")
            }
        }
        out.append(contentsOf: MonitorText.lines(uc, policy: policy, latest: latest, now: facts.now, words: w))
        out.append(contentsOf: IncidentText.lines(uc, now: facts.now, words: w))
        if !uc.escalations.isEmpty {
            out.append("")
            out.append("Escalations")
            for x in uc.escalations {
                out.append("  to \(w.person(x.to)) by \(w.person(x.by)), \(BoardWords.day(x.at)): \(w.e(x.reason))")
            }
        }
        out.append("")
        out.append(contentsOf: pathLines())
        if !recent.isEmpty {
            out.append("")
            out.append("Recent activity")
            out.append(contentsOf: recent.map { "  " + EventText.line($0, words: w, showUseCase: false, showOSUser: false) })
        }
        return out.joined(separator: "\n")
    }

    /// The gate for leaving the current stage: each requirement and each blocker.
    package func gateLines() -> [String] {
        let w = words
        let g = facts.gate
        guard let to = g.to else {
            if policy.stage(g.from)?.terminal == true { return ["Gate: none (retired)"] }
            var head = "\(w.stage(g.from)): no further gate"
            if let due = GateEngine.reviewDue(facts.useCase, policy: policy) {
                head += "; periodic review due \(BoardWords.day(due))"
            }
            head += g.blockers.isEmpty ? " — OK" : " — NEEDS ATTENTION (\(BoardWords.plural(g.blockers.count, "blocker")))"
            return [head] + g.blockers.map { "  ✗ \(w.e($0.message))" }
        }
        var out = ["Gate \(w.e(g.from)) → \(w.e(to)): " + (g.passed ? "PASSES" : "BLOCKED (\(BoardWords.plural(g.blockers.count, "blocker")))")]
        for item in g.items {
            let mark: String
            switch item.status {
            case .satisfied: mark = "✓"
            case .waived: mark = "~"
            case .missing, .void, .rejected: mark = "✗"
            }
            out.append("  \(mark) \(w.e(item.title))" + (item.detail.isEmpty ? "" : " — \(w.e(item.detail))"))
        }
        let listed = Set(g.items.filter { $0.status != .satisfied && $0.status != .waived }.map(\.detail))
        let unlisted = g.blockers.filter { !listed.contains($0.message) }
        if !unlisted.isEmpty {
            if !g.items.isEmpty { out.append("  Blockers:") }
            out.append(contentsOf: unlisted.map { "  ✗ \(w.e($0.message))" })
        }
        return out
    }

    func pathLines() -> [String] {
        let w = words
        guard !facts.path.isEmpty else {
            if facts.useCase.stage == policy.productionStage { return ["Path to production: live"] }
            if policy.stage(facts.useCase.stage)?.terminal == true { return ["Path to production: retired"] }
            return ["Path to production: nothing more needed"]
        }
        var out = ["Path to production"]
        for step in facts.path {
            let needs = step.needs.isEmpty ? "nothing more" : BoardWords.plural(step.needs.count, "item")
            out.append("  \(w.stage(step.from)) → \(w.stage(step.to)): \(needs)")
            out.append(contentsOf: step.needs.map { "    - \(w.e($0.message))" })
        }
        return out
    }

    private func aligned(_ pairs: [(String, String)], indent: String = "") -> [String] {
        let width = pairs.map { DisplayWidth.of($0.0) }.max() ?? 0
        return pairs.map { indent + $0.0 + String(repeating: " ", count: width - DisplayWidth.of($0.0) + 2) + $0.1 }
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    package init(facts: UseCaseFacts, policy: Policy, recent: [AuditEvent] = [], latest: [String: LatestSample] = [:]) {
        self.facts = facts
        self.policy = policy
        self.recent = recent
        self.latest = latest
    }
}
