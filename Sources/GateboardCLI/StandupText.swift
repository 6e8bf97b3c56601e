import Foundation
import GateboardCore

/// The stand-up as text for the terminal, or as minutes in Markdown.
package struct StandupText {
    var report: StandupReport
    var policy: Policy

    private var w: BoardWords { BoardWords(policy: policy) }

    private var summaryLine: String {
        let s = report.summary
        return "\(s.movedForward) moved forward, \(s.movedBack) moved back, \(s.newlyBlocked) newly blocked, "
            + "\(BoardWords.plural(s.approvalsGiven, "approval")) given, \(BoardWords.plural(s.waiversExpiring, "waiver")) expiring, "
            + "\(s.unowned) with nobody accountable"
    }

    private var window: String {
        "since \(Timestamp.format(report.since)) (\(BoardWords.days(Timestamp.wholeDays(from: report.since, to: report.now))) ago)"
    }

    package func plain() -> String {
        var out = ["Stand-up — \(w.e(policy.name)) — changes \(window)", summaryLine]
        var group: String?
        for item in report.items {
            if item.group != group {
                group = item.group
                out.append("")
                out.append("== \(w.e(item.group))")
            }
            var head = "\(w.e(item.id))  \(w.e(item.title))"
            if item.newlyBlocked { head += "  [newly blocked]" }
            out.append(head)
            if item.changes.isEmpty && item.blockers.isEmpty {
                out.append("    no change; gate passes")
                continue
            }
            for c in item.changes {
                out.append("    \(BoardWords.day(c.at))  \(w.e(c.message))" + (c.text.map { ": \"\(w.e($0))\"" } ?? ""))
            }
            if item.changes.isEmpty { out.append("    no change") }
            for b in item.blockers { out.append("    ✗ \(w.e(b.message))") }
            if !item.mustAct.isEmpty {
                out.append("    next: " + item.mustAct.map(w.person).joined(separator: ", "))
            }
        }
        if !report.mustAct.isEmpty {
            out.append("")
            out.append("Who must act")
            var t = TextTable(["  PERSON", "USE CASES"])
            for m in report.mustAct { t.add(["  " + w.person(m.person), m.ids.map(w.e).joined(separator: ", ")]) }
            out.append(t.render())
        }
        return out.joined(separator: "\n")
    }

    package func markdown() -> String {
        let md = Markdown.escape
        var out = ["# Stand-up — \(md(policy.name)), \(Day(containing: report.now))", "",
                   "Changes \(md(window)).", "", "**\(summaryLine)**", ""]
        let changed = report.items.filter { !$0.changes.isEmpty }
        out.append("## What changed")
        out.append("")
        if changed.isEmpty { out.append("Nothing changed.") }
        for item in changed {
            out.append("- **\(md(item.id))** \(md(item.title))")
            for c in item.changes {
                out.append("  - \(BoardWords.day(c.at)): \(md(c.message))" + (c.text.map { " — \"\(md($0))\"" } ?? ""))
            }
        }
        out.append("")
        out.append("## Blocked")
        out.append("")
        if report.blocked.isEmpty { out.append("Nothing is blocked.") }
        for item in report.blocked {
            let flag = item.newlyBlocked ? " *(newly blocked)*" : ""
            out.append("- **\(md(item.id))** \(md(item.title)) — \(md(w.stage(item.stage)))\(flag)")
            for b in item.blockers { out.append("  - \(md(b.message))") }
        }
        out.append("")
        out.append("## Who must act")
        out.append("")
        if report.mustAct.isEmpty { out.append("Nobody.") }
        for m in report.mustAct {
            out.append("- \(md(w.person(m.person))): " + m.ids.map(md).joined(separator: ", "))
        }
        return out.joined(separator: "\n")
    }

    package init(report: StandupReport, policy: Policy) {
        self.report = report
        self.policy = policy
    }
}
