import GateboardCore

/// `gateboard policy` as text: what a risk officer reads to know what is enforced.
package struct PolicyText {
    var policy: Policy

    package func render() -> String {
        let p = policy
        let w = BoardWords(policy: p)
        var out: [String] = ["Policy: \(w.e(p.name)) (schema \(p.schema))", ""]

        out.append("Stages")
        var stages = TextTable(["ID", "NAME", "OWNER ROLE", "SLA (days by tier)"])
        for s in p.stages {
            let sla = s.terminal ? "terminal" : (s.sla.isEmpty ? "—" : p.tiers.compactMap { t in s.sla[t.id].map { "\(w.e(t.id)) \($0)" } }.joined(separator: ", "))
            stages.add([w.e(s.id), w.e(s.name), w.e(s.ownerRole), sla])
        }
        out.append(indent(stages.render()))

        out.append("")
        out.append("Gates")
        for g in p.gates {
            let to = p.nextStage(after: g.from).map { w.e($0.id) } ?? "?"
            out.append("  \(w.e(g.from)) → \(to)")
            out.append(contentsOf: requirementLines(g.base, words: w, indent: "    "))
            for t in p.tiers {
                guard let extra = g.tiers[t.id] else { continue }
                out.append("    \(w.e(t.id)) tier adds:")
                out.append(contentsOf: requirementLines(extra, words: w, indent: "      "))
            }
        }
        if let prod = p.productionStage {
            let review = p.tiers.compactMap { t in p.productionReviewDays[t.id].map { "\(w.e(t.id)) every \($0) days" } }
            if !review.isEmpty { out.append("  \(w.e(prod)): periodic review — " + review.joined(separator: ", ")) }
        }

        out.append(contentsOf: operationsLines(words: w))

        out.append("")
        out.append("Controls")
        var controls = TextTable(["ID", "KIND", "WAIVABLE", "TITLE", "REFERENCES"])
        for c in p.controls {
            let waivable = c.waivable && !p.waivers.neverWaive.contains(c.id)
            controls.add([w.e(c.id), c.kind.rawValue, waivable ? "yes" : "no", w.e(c.title),
                          c.references.map(w.e).joined(separator: "; ")])
        }
        out.append(indent(controls.render()))

        out.append("")
        out.append("People")
        var people = TextTable(["ID", "NAME", "FUNCTION", "ROLES", "LOGIN"])
        for person in p.people {
            people.add([w.e(person.id), w.e(person.name), w.e(person.function),
                        person.roles.map(w.e).joined(separator: ", "), person.login.map(w.e) ?? "—"])
        }
        out.append(indent(people.render()))

        out.append("")
        out.append("Waivers: granted by \(w.role(p.waivers.approverRole).lowercased()); longest "
                   + p.tiers.compactMap { t in p.waivers.maxDays[t.id].map { "\(w.e(t.id)) \($0) days" } }.joined(separator: ", "))
        let never = p.controls.filter { !$0.waivable || p.waivers.neverWaive.contains($0.id) }.map { w.e($0.id) }
        if !never.isEmpty { out.append("  never waived: " + never.joined(separator: ", ")) }
        out.append("Evidence: " + (p.evidenceMustResolve
            ? "must resolve (a local file changed or gone since it was added no longer satisfies its control)"
            : "a local file changed or gone since it was added is marked, and still counts"))
        if !p.separationOfDuties.isEmpty {
            out.append("Separation of duties: " + p.separationOfDuties.map { "\(w.e($0.a)) ≠ \(w.e($0.b))" }.joined(separator: ", "))
        }
        out.append("Stop-ship: \(w.role(p.stopShipRole).lowercased()) may halt and resume")
        if !p.changeRouting.isEmpty {
            out.append("Live changes go back to: "
                       + ChangeKind.allCases.compactMap { k in p.changeRouting[k].map { "\(k.rawValue) → \(w.e($0))" } }.joined(separator: ", "))
        }
        out.append(contentsOf: InventoryText.policyLines(p, words: w))
        if !p.away.isEmpty {
            out.append("Away: " + p.away.map { a in
                "\(w.person(a.person)) \(a.from) to \(a.until)" + (a.note.map { " (\(w.e($0)))" } ?? "")
            }.joined(separator: "; "))
        }
        out += ScreeningText.policyLines(p.screening, words: w)
        return out.joined(separator: "\n")
    }

    /// The production monitors (for tiers and for named use cases) and the incident rules, as
    /// `policy --json` gives them under `monitors` and `incidents`.
    private func operationsLines(words w: BoardWords) -> [String] {
        let p = policy
        var out: [String] = [""]
        if p.monitors.isEmpty {
            out.append("Monitors: none declared")
        } else {
            out.append("Monitors")
            var table = TextTable(["NAME", "FOR", "DIRECTION", "WARN", "BREACH", "SILENT AFTER", "ON BREACH"])
            for m in p.monitors {
                var scope: [String] = []
                if !m.tiers.isEmpty { scope.append("tier " + m.tiers.map(w.e).joined(separator: ", ")) }
                if !m.useCases.isEmpty { scope.append(m.useCases.map(w.e).joined(separator: ", ")) }
                let trigger = m.onBreach == .incident ? "incident (severity \(m.severity))" : m.onBreach.rawValue
                table.add([w.e(m.name), scope.joined(separator: "; "), m.direction.rawValue,
                           MonitorNumber.text(m.warn), MonitorNumber.text(m.breach), "\(m.staleAfterDays) days", trigger])
            }
            out.append(indent(table.render()))
        }
        let r = p.incidents
        out.append("")
        out.append("Incidents")
        var times = TextTable(["SEVERITY", "ACKNOWLEDGE WITHIN", "RESOLVE WITHIN"])
        for s in IncidentRules.severities {
            times.add(["\(s)", "\(r.ackHours[s] ?? IncidentRules.defaultAckHours[s] ?? 24) h",
                       "\(r.resolveHours[s] ?? IncidentRules.defaultResolveHours[s] ?? 720) h"])
        }
        out.append(indent(times.render()))
        out.append("  serious incidents reported within " + SeriousKind.allCases.map { "\(r.reportDays[$0] ?? IncidentRules.defaultReportDays[$0] ?? 15) days (\($0.rawValue))" }.joined(separator: ", "))
        out.append(r.haltOnSeverity1
            ? "  severity 1 requires a halt by the \(w.role(p.stopShipRole).lowercased())"
            : "  severity 1 does not require a halt")
        return out
    }

    private func requirementLines(_ r: GateRequirements, words w: BoardWords, indent: String) -> [String] {
        var out: [String] = []
        for c in r.controls { out.append("\(indent)control   \(w.e(c)) — \(w.control(c))") }
        for a in r.approvals {
            var s = "\(indent)approval  \(w.e(a.role))"
            if a.quorum > 1 { s += " ×\(a.quorum)" }
            s += a.anyHolder ? " (any holder of the role)" : " (the named owner)"
            if let c = a.control { s += " — \(w.control(c))" }
            out.append(s)
        }
        var rules: [String] = []
        if r.distinctApprovers { rules.append("distinct approvers") }
        if r.noSelfApproval { rules.append("no self-approval") }
        if !r.excludedApproverRoles.isEmpty { rules.append("not by " + r.excludedApproverRoles.map(w.e).joined(separator: ", ")) }
        if r.anyRejectionBlocks { rules.append("any rejection blocks") }
        if let d = r.approvalExpiryDays { rules.append("approvals expire after \(d) days") }
        if !rules.isEmpty { out.append("\(indent)rules     " + rules.joined(separator: "; ")) }
        return out
    }

    private func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    package init(policy: Policy) {
        self.policy = policy
    }
}
