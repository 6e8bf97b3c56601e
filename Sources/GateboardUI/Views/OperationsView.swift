import Foundation
import GateboardCore

/// Production operations on the board: a live card's monitor state (the worst of ok / warn /
/// breach / silent) and its open incidents; the detail's monitors (last recorded value, when,
/// thresholds) and incident timeline. Kept apart from the views it is drawn into. The board
/// judges silence from the recorded transitions (the latest samples file is the CLI's).
enum OperationsView {
    static func cardMarks(_ uc: UseCase, state: AppState) -> [(String, Style)] {
        var out: [(String, Style)] = []
        if uc.stage == state.policy.productionStage {
            let levels = state.policy.monitors(for: uc).map { SignalDecider.level($0, on: uc, latest: nil, now: state.now) }
            if let worst = [MonitorLevel.breach, .warn, .silent, .ok].first(where: levels.contains) {
                let style: Style = switch worst {
                case .breach: .danger
                case .warn: .warn
                case .silent: .dim
                case .ok: .ok
                }
                out.append((" mon:\(worst.rawValue)", style))
            }
        }
        let open = uc.openIncidents
        if !open.isEmpty {
            let worst = open.map(\.severity).min() ?? 4
            out.append((" inc:\(open.count) sev\(worst)", worst <= 2 ? .halted : .warn))
        }
        return out
    }

    static func detailLines(_ uc: UseCase, state: AppState) -> [StyledLine] {
        var lines: [StyledLine] = []
        let rules = state.policy.monitors(for: uc)
        if uc.stage == state.policy.productionStage, !rules.isEmpty {
            lines.append(StyledLine("Monitors", .bold))
            for m in rules {
                let level = SignalDecider.level(m, on: uc, latest: nil, now: state.now)
                let s = uc.monitors[m.name]
                let style: Style = level == .breach ? .danger : level == .warn ? .warn : level == .silent ? .dim : .ok
                var rest = s?.value.map { " \(MonitorNumber.text($0))" } ?? ""
                if let at = s?.since { rest += " since \(UseCaseText.date(at))" }
                rest += "  (\(m.direction.rawValue) warn \(MonitorNumber.text(m.warn)) breach \(MonitorNumber.text(m.breach)))"
                if let p = s?.pending { rest += "  \(p.rawValue) pending" }
                lines.append(StyledLine([("  \(TerminalSafe.escape(m.name)) ", .normal), (level.rawValue, style), (TerminalSafe.escape(rest), .dim)]))
            }
        }
        for i in uc.incidents.reversed() {
            let state_ = !i.isOpen ? "resolved" : i.isAcked ? "acknowledged" : "OPEN"
            lines.append(StyledLine([("\(i.id(on: uc.id)) sev\(i.severity) \(state_)", i.isOpen ? .danger : .dim),
                                     (" " + TerminalSafe.escape(i.summary), .normal)]))
            var timeline: [(Date, String)] = [(i.openedAt, "opened by \(UseCaseText.person(i.openedBy, state.policy))")]
            if let a = i.ackedAt { timeline.append((a, "acknowledged")) }
            for n in i.notes { timeline.append((n.at, TerminalSafe.escape(n.text))) }
            if let r = i.resolvedAt { timeline.append((r, "resolved: " + TerminalSafe.escape(i.rootCause ?? ""))) }
            if let r = i.reportDue, i.reportedAt == nil { timeline.append((r, "report due")) }
            if let r = i.reviewedAt { timeline.append((r, "post-incident review")) }
            for (at, text) in timeline.sorted(by: { $0.0 < $1.0 }) {
                lines.append(StyledLine("    \(UseCaseText.date(at))  \(text)", .dim))
            }
        }
        return lines
    }
}
