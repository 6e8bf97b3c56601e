import Foundation

/// Triage reasons for live use cases. Weights (the fixed part of a reason's score; the age
/// bonus of one point per two days past the threshold, at most 30, is added as for every
/// reason):
///
/// - `incident_open` 20, plus 40 / 25 / 10 / 0 for severity 1 / 2 / 3 / 4 (one reason per
///   open incident: a severity-1 scores 60, more than a halt);
/// - `incident_overdue` 30: past its time to acknowledge or to resolve (days past that time);
/// - `report_due` 35: a serious incident not yet reported to the authority (days past the
///   deadline once it has passed; listed from the day it is opened, the deadline counting down);
/// - `monitor_breach` 25 per monitor in breach;
/// - `monitoring_silent` 15 per monitor without a sample for longer than `staleAfterDays`
///   (days past that); never reported while halted;
/// - `no_monitors` 20: in production, its tier's way into production requires monitors (a
///   `monitors-defined` control) and the policy gives it none.
extension Triage {
    public static let incidentSeverityExtra = [1: 40, 2: 25, 3: 10, 4: 0]

    public static func operationsReasons(_ uc: UseCase, policy: Policy, now: Date, latest: [String: LatestSample]) -> [TriageReason] {
        var out: [TriageReason] = []
        for i in uc.openIncidents {
            let ref = i.id(on: uc.id)
            out.append(TriageReason(code: .incidentOpen, message: "incident \(ref) open, severity \(i.severity): \(i.summary)",
                                    extra: incidentSeverityExtra[i.severity] ?? 0))
            if i.ackOverdue(at: now) {
                out.append(TriageReason(code: .incidentOverdue, message: "incident \(ref) not acknowledged, due \(Timestamp.format(i.ackDue))",
                                        daysPast: Timestamp.wholeDays(from: i.ackDue, to: now)))
            } else if i.resolveOverdue(at: now) {
                out.append(TriageReason(code: .incidentOverdue, message: "incident \(ref) not resolved, due \(Timestamp.format(i.resolveDue))",
                                        daysPast: Timestamp.wholeDays(from: i.resolveDue, to: now)))
            }
        }
        for i in uc.incidents where i.serious != nil && i.reportedAt == nil {
            guard let due = i.reportDue else { continue }
            let ref = i.id(on: uc.id)
            if now >= due {
                out.append(TriageReason(code: .reportDue, message: "serious incident \(ref) not reported; the report was due \(Timestamp.format(due))",
                                        daysPast: Timestamp.wholeDays(from: due, to: now)))
            } else {
                let left = Wording.calendarDays(from: Day(containing: now), to: Day(containing: due))
                out.append(TriageReason(code: .reportDue, message: "serious incident \(ref): report to the authority by \(Timestamp.format(due)) (\(Wording.days(max(left, 0))) left)"))
            }
        }
        guard uc.stage == policy.productionStage else { return out }
        let rules = policy.monitors(for: uc)
        if rules.isEmpty {
            if MonitorsControl.required(for: uc, policy: policy) {
                out.append(TriageReason(code: .noMonitors, message: "live without the monitors its tier requires: the policy declares none for it"))
            }
            return out
        }
        for m in rules {
            let level = SignalDecider.level(m, on: uc, latest: latest[m.name], now: now)
            if level == .breach {
                let v = uc.monitors[m.name]?.value.map { " at \(MonitorNumber.text($0))" } ?? ""
                out.append(TriageReason(code: .monitorBreach, message: "monitor \(m.name) in breach\(v) (\(m.direction.rawValue) \(MonitorNumber.text(m.breach)))"))
            } else if level == .silent, uc.halted == nil {
                let newest = [latest[m.name]?.at, uc.monitors[m.name]?.since].compactMap { $0 }.max()
                let since = newest ?? uc.stageEnteredAt
                let stale = since.addingTimeInterval(Double(m.staleAfterDays) * 86400)
                out.append(TriageReason(code: .monitoringSilent, message: newest == nil
                    ? "monitor \(m.name) has never reported (silent after \(Wording.days(m.staleAfterDays)))"
                    : "monitor \(m.name) silent since \(Wording.day(newest!)) (expected every \(Wording.days(m.staleAfterDays)))",
                    daysPast: Timestamp.wholeDays(from: stale, to: now)))
            }
        }
        return out
    }
}

/// The `monitors-defined` control: satisfied when the policy declares production monitors for
/// the use case (by its tier or by its id), not by a link to a monitoring plan.
public enum MonitorsControl {
    /// Whether the gate into production requires monitors for this use case's tier.
    public static func required(for uc: UseCase, policy: Policy) -> Bool {
        guard let prod = policy.productionStage, let i = policy.stageIndex(prod), i > 0,
              let gate = policy.gate(leaving: policy.stages[i - 1].id) else { return false }
        return gate.requirements(for: uc.tier).controls.contains { policy.control($0)?.kind == .monitors }
    }
}
