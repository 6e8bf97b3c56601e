import Foundation
import GateboardCore

/// `gateboard report`: the portfolio in numbers and small text charts.
package struct PortfolioText {
    var report: PortfolioReport
    var policy: Policy
    var now: Date
    var total: Int

    private var w: BoardWords { BoardWords(policy: policy) }

    var headline: String {
        let retired = ReportChart.retired(report, policy: policy)
        return "\(BoardWords.plural(total, "use case")): \(report.inProduction) in production "
            + "(\(report.reachedProduction) ever reached it), \(report.inPilot) in pilot stages, \(retired) retired"
    }

    package func plain() -> String {
        var out = ["Portfolio — \(w.e(policy.name)) — \(Day(containing: now))", headline, ""]
        out.append("Use cases per stage")
        let top = report.stages.map(\.count).max() ?? 0
        var t = TextTable(["  STAGE", "N", ""], rightAligned: [1])
        for s in report.stages { t.add(["  " + w.e(s.name), "\(s.count)", ReportChart.bar(s.count, of: top)]) }
        out.append(t.render())

        out.append("")
        out.append("Pilots (not yet in production), by age since created: \(ReportChart.distribution(report.pilotAge))")
        var p = TextTable(["  ID", "STAGE", "AGE", "TITLE"], rightAligned: [2])
        for pilot in report.pilots.prefix(8) {
            p.add(["  " + w.e(pilot.id), w.e(pilot.stage), "\(pilot.days)d", TextFit.truncate(w.e(pilot.title), to: 50)])
        }
        if !report.pilots.isEmpty { out.append(p.render()) }
        if report.pilots.count > 8 { out.append("  … and \(report.pilots.count - 8) more") }

        out.append("")
        out.append("Days per stage (completed stays)")
        var d = TextTable(["  STAGE", "N", "MEDIAN", "P90"], rightAligned: [1, 2, 3])
        for s in report.stageDurations {
            let m = s.days.median.map(ReportChart.days) ?? "—"
            d.add(["  " + w.stage(s.stage), "\(s.days.count)", m, s.days.p90.map(String.init) ?? "—"])
        }
        out.append(d.render())
        out.append("  Scoped to production: \(ReportChart.distribution(report.scopedToProduction))")

        out.append("")
        out.append("Throughput per month")
        if let first = report.throughput.first, let last = report.throughput.last {
            out.append("  \(first.month) … \(last.month)")
            out.append("  created             \(ReportChart.sparkline(report.throughput.map(\.created)))  \(report.throughput.reduce(0) { $0 + $1.created })")
            out.append("  reached production  \(ReportChart.sparkline(report.throughput.map(\.reachedProduction)))  \(report.throughput.reduce(0) { $0 + $1.reachedProduction })")
            out.append("  retired             \(ReportChart.sparkline(report.throughput.map(\.retired)))  \(report.throughput.reduce(0) { $0 + $1.retired })")
        }

        out.append("")
        out.append("Blocked use cases by time waiting at their gate")
        let btop = report.blockerAgeing.map(\.count).max() ?? 0
        var b = TextTable(["  WAITING", "N", ""], rightAligned: [1])
        for a in report.blockerAgeing { b.add(["  " + a.label, "\(a.count)", ReportChart.bar(a.count, of: btop)]) }
        out.append(b.render())
        if !report.blockersByKind.isEmpty {
            out.append("  blockers by kind: " + report.blockersByKind.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", "))
        }

        out.append("")
        if report.waiversOpen.isEmpty {
            out.append("Waivers open: none")
        } else {
            out.append("Waivers open")
            for v in report.waiversOpen {
                out.append("  \(w.e(v.id))  \(w.e(v.control)) by \(w.person(v.by)) until \(v.until) (\(BoardWords.days(v.daysLeft)) left)")
            }
        }
        return out.joined(separator: "\n")
    }

    package func markdown() -> String {
        let md = Markdown.escape
        var out = ["# Portfolio — \(md(policy.name)), \(Day(containing: now))", "", headline, "",
                   "## Use cases per stage", "", "| Stage | Use cases |", "|---|---:|"]
        for s in report.stages { out.append("| \(md(s.name)) | \(s.count) |") }
        out += ["", "## Pilots", "", "Age since created: \(ReportChart.distribution(report.pilotAge)).", ""]
        for pilot in report.pilots { out.append("- **\(md(pilot.id))** \(md(pilot.title)) — \(md(pilot.stage)), \(pilot.days) days") }
        out += ["", "## Days per stage", "", "| Stage | Completed | Median | P90 |", "|---|---:|---:|---:|"]
        for s in report.stageDurations {
            let m = s.days.median.map { String(format: "%.1f", $0) } ?? "—"
            out.append("| \(md(w.stage(s.stage))) | \(s.days.count) | \(m) | \(s.days.p90.map(String.init) ?? "—") |")
        }
        out += ["", "Scoped to production: \(ReportChart.distribution(report.scopedToProduction)).", "",
                "## Throughput", "", "| Month | Created | Reached production | Retired |", "|---|---:|---:|---:|"]
        for m in report.throughput { out.append("| \(m.month) | \(m.created) | \(m.reachedProduction) | \(m.retired) |") }
        out += ["", "## Blocker ageing", ""]
        for a in report.blockerAgeing { out.append("- \(a.label): \(a.count)") }
        out += ["", "## Waivers open", ""]
        if report.waiversOpen.isEmpty { out.append("None.") }
        for v in report.waiversOpen {
            out.append("- **\(md(v.id))** \(md(v.control)) by \(md(w.person(v.by))) until \(v.until) (\(v.daysLeft) days left)")
        }
        return out.joined(separator: "\n")
    }

    package init(report: PortfolioReport, policy: Policy, now: Date, total: Int) {
        self.report = report
        self.policy = policy
        self.now = now
        self.total = total
    }
}
