import Foundation

extension UseCase {
    /// `monitor` events → state: the monitor's new level; a breach counts, and sets off its
    /// trigger (an incident opened in the same event, or a request left pending).
    static func applyMonitor(_ e: AuditEvent, to uc: inout UseCase) throws(ReplayError) {
        let d = e.details
        func need<T>(_ value: T?, _ name: String) throws(ReplayError) -> T {
            guard let value else { throw ReplayError(seq: e.seq, message: "monitor needs \(name)") }
            return value
        }
        let name = try need(d.monitor, "monitor")
        let level = try need(d.level, "level")
        let at = try need(d.sampleAt, "sampleAt")
        var s = uc.monitors[name] ?? MonitorStatus(level: .ok, since: at, value: nil)
        s.level = level
        s.since = at
        s.value = d.value
        if level == .breach { s.breaches += 1 }
        switch d.trigger {
        case .incident?:
            try openIncident(e, summary: try need(d.summary, "summary"), in: &uc)
        case let t?:
            s.pending = t
            s.pendingSince = e.at
        case nil:
            // Back to ok: a halt is no longer asked for.
            if level == .ok, s.pending == .haltRequest { s.pending = nil; s.pendingSince = nil }
        }
        uc.monitors[name] = s
    }

    /// A breach's pending request is settled by the act it asked for: the periodic review
    /// (`review`), a halt (`halt-request`), a model or data change (`retrain`).
    static func settleMonitorTriggers(_ e: AuditEvent, _ uc: inout UseCase) {
        let settled: BreachTrigger?
        switch e.action {
        case .review: settled = .review
        case .halt: settled = .haltRequest
        case .incidentOpen where e.details.halt == true: settled = .haltRequest
        case .change, .incidentResolve:
            settled = e.details.kind == .model || e.details.kind == .data ? .retrain : nil
        default: settled = nil
        }
        guard let settled else { return }
        for (name, s) in uc.monitors where s.pending == settled {
            uc.monitors[name]?.pending = nil
            uc.monitors[name]?.pendingSince = nil
        }
    }
}
