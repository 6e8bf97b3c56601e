import Foundation
import GateboardCore

/// The Report view (`6`): the portfolio's health from `PortfolioReport` — the numbers and
/// small charts of `gateboard report`, drawn in two framed columns on wide terminals (stages,
/// pilots and days per stage on the left; throughput, blocker ageing and waivers on the
/// right) and one column on narrow ones. `j`/`k` scroll both columns together.
public enum ReportView {
    /// Two columns from this body width up.
    static let twoColumnWidth = 110
    static let pilotsShown = 10

    static func draw(_ state: AppState, layout: Layout, into buf: inout ScreenBuffer) {
        let rect = layout.body
        let g = state.glyphs
        let title = "Report \(g.bullet) portfolio health \(g.bullet) \(TerminalSafe.escape(state.policy.name))"
        guard let report = state.report else {
            buf.box(rect, glyphs: g, style: .focusBorder, title: title)
            buf.put("reading the audit logs…", x: rect.x + 2, y: rect.y + 1, style: .dim)
            return
        }
        let (left, right) = columns(report, state: state, width: rect.width)
        if rect.width >= twoColumnWidth {
            let lw = rect.width / 2
            let l = Rect(x: rect.x, y: rect.y, width: lw, height: rect.height)
            let r = Rect(x: rect.x + lw, y: rect.y, width: rect.width - lw, height: rect.height)
            buf.box(l, glyphs: g, style: .focusBorder, title: title)
            buf.box(r, glyphs: g, style: .focusBorder, title: "Flow \(g.bullet) from the audit log")
            draw(left, in: l, scroll: state.reportScroll, into: &buf, glyphs: g)
            draw(right, in: r, scroll: state.reportScroll, into: &buf, glyphs: g)
        } else {
            buf.box(rect, glyphs: g, style: .focusBorder, title: title)
            draw(left + [StyledLine()] + right, in: rect, scroll: state.reportScroll, into: &buf, glyphs: g)
        }
    }

    /// The largest useful scroll: the longer column's last line at the bottom of the frame.
    static func maxScroll(_ report: PortfolioReport, state: AppState, layout: Layout) -> Int {
        let rect = layout.body
        let (left, right) = columns(report, state: state, width: rect.width)
        let lines = rect.width >= twoColumnWidth ? max(left.count, right.count) : left.count + 1 + right.count
        return max(0, lines - rect.inner.height)
    }

    private static func draw(_ lines: [StyledLine], in frame: Rect, scroll: Int, into buf: inout ScreenBuffer, glyphs: Glyphs) {
        // One column of margin inside the frame.
        let padded = lines.map { line in StyledLine([(" ", .normal)] + line.segments.map { ($0.text, $0.style) }) }
        buf.drawScrolled(padded, in: frame, scroll: scroll, glyphs: glyphs)
    }

    /// The left and right columns' lines for a body `width` columns wide.
    public static func columns(_ report: PortfolioReport, state: AppState, width: Int) -> (left: [StyledLine], right: [StyledLine]) {
        let g = state.glyphs
        let ascii = g != .unicode
        let policy = state.policy
        let e = TerminalSafe.escape
        let colWidth = width >= twoColumnWidth ? width / 2 : width
        let barWidth = max(4, min(30, colWidth - 34))

        var left: [StyledLine] = []
        let total = report.stages.reduce(0) { $0 + $1.count }
        left.append(StyledLine([("\(total) use cases: ", .bold), ("\(report.inProduction) in production", .ok),
                                (" (\(report.reachedProduction) ever reached it)", .normal)]))
        left.append(StyledLine([("\(report.inPilot) in pilot stages", report.inPilot > report.inProduction ? .warn : .normal),
                                (", \(ReportChart.retired(report, policy: policy)) retired", .normal)]))
        if report.backInReview > 0 {
            left.append(StyledLine("\(report.backInReview) live system(s) back in review", .dim))
        }
        left.append(StyledLine())
        left.append(StyledLine("Use cases per stage", .columnTitle))
        let top = report.stages.map(\.count).max() ?? 0
        let nameWidth = min(18, report.stages.map { DisplayWidth.of(e($0.name)) }.max() ?? 0)
        for s in report.stages {
            left.append(StyledLine([("  " + TextFit.pad(TextFit.truncate(e(s.name), to: nameWidth, ellipsis: g.ellipsis), to: nameWidth) + " ", .normal),
                                    (String(format: "%5d ", s.count), .bold),
                                    (ReportChart.bar(s.count, of: top, width: barWidth, ascii: ascii), .badge)]))
        }
        left.append(StyledLine())
        left.append(StyledLine([("Pilots ", .columnTitle), ("not yet in production, oldest first", .dim)]))
        left.append(StyledLine([("  age since created: ", .dim), (ReportChart.distribution(report.pilotAge), .bold)]))
        for p in report.pilots.prefix(pilotsShown) {
            left.append(StyledLine([(String(format: "  %5dd ", p.days), p.days > 90 ? .danger : .bold), (p.id + " ", .bold),
                                    (TextFit.pad(e(p.stage), to: 14) + " ", .dim), (e(p.title), .normal)]))
        }
        if report.pilots.count > pilotsShown {
            left.append(StyledLine("  \(g.ellipsis) and \(report.pilots.count - pilotsShown) more (gateboard report lists them all)", .dim))
        }
        left.append(StyledLine())
        left.append(StyledLine([("Days per stage ", .columnTitle), ("completed stays", .dim)]))
        left.append(StyledLine("  " + String(repeating: " ", count: 18) + "     n median    p90", .dim))
        let none = ascii ? "-" : "—"
        for s in report.stageDurations {
            let name = policy.stage(s.stage).map { e($0.name) } ?? e(s.stage)
            let m = s.days.median.map(ReportChart.days) ?? none
            left.append(StyledLine([("  " + TextFit.pad(TextFit.truncate(name, to: 18, ellipsis: g.ellipsis), to: 18), .normal),
                                    (String(format: " %5d ", s.days.count), .dim),
                                    (rightAligned(m, 6) + " ", .bold),
                                    (rightAligned(s.days.p90.map(String.init) ?? none, 6), .normal)]))
        }
        left.append(StyledLine([("  scoped to production: ", .dim), (ReportChart.distribution(report.scopedToProduction), .bold)]))

        var right: [StyledLine] = []
        right.append(StyledLine("Throughput per month", .columnTitle))
        if let first = report.throughput.first, let last = report.throughput.last {
            // The latest months that fit the column.
            let months = Array(report.throughput.suffix(max(1, colWidth - 34)))
            right.append(StyledLine("  \(months.first?.month ?? first.month) \(g.ellipsis) \(last.month)", .dim))
            for (label, values) in [("created", months.map(\.created)), ("reached production", months.map(\.reachedProduction)),
                                    ("retired", months.map(\.retired))] {
                right.append(StyledLine([("  " + TextFit.pad(label, to: 19), .normal),
                                         (ReportChart.sparkline(values, ascii: ascii), .badge),
                                         (String(format: " %4d", values.reduce(0, +)), .bold)]))
            }
        } else {
            right.append(StyledLine("  no events yet", .dim))
        }
        right.append(StyledLine())
        right.append(StyledLine([("Blocked ", .columnTitle), ("by time waiting at their gate", .dim)]))
        let btop = report.blockerAgeing.map(\.count).max() ?? 0
        for a in report.blockerAgeing {
            right.append(StyledLine([("  " + TextFit.pad(a.label, to: 13), .normal), (String(format: "%5d ", a.count), .bold),
                                     (ReportChart.bar(a.count, of: btop, width: barWidth, ascii: ascii),
                                      a.label.hasPrefix("over") ? .danger : .warn)]))
        }
        if !report.blockersByKind.isEmpty {
            let kinds = report.blockersByKind.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
            for (i, line) in TextFit.wrap(kinds, to: max(10, colWidth - 18)).enumerated() {
                right.append(StyledLine([(i == 0 ? "  by kind: " : "           ", .dim), (line, .normal)]))
            }
        }
        right.append(StyledLine())
        right.append(StyledLine([("Waivers open ", .columnTitle), ("soonest to expire first", .dim)]))
        if report.waiversOpen.isEmpty { right.append(StyledLine("  none", .ok)) }
        for v in report.waiversOpen {
            let by = policy.person(v.by).map { e($0.name) } ?? e(v.by)
            right.append(StyledLine([(String(format: "  %3dd ", v.daysLeft), v.daysLeft <= 7 ? .danger : .bold), (v.id + " ", .bold),
                                     (e(v.control), .normal), (" until \(v.until)", .bold), (" by \(by)", .dim)]))
        }
        right += ReportTemplates.lines(state)
        return (left, right)
    }

    private static func rightAligned(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) + text
    }
}
