import Foundation
import GateboardCore

/// What one row of `list` shows: the gate in brief (from the cache while it holds) and the
/// stage clock (computed: it moves with every second).
package struct ListRow {
    package var row: UseCaseRow
    package var gate: GateSummary
    package var clock: StageClock
    /// A local artifact's content differs from what was recorded (set by the caller, which reads the disk).
    package var drift = false

    package init(_ row: UseCaseRow, policy: Policy, now: Date) {
        self.row = row
        // loadRows always attaches a summary; a row without one has no valid policy behind it.
        gate = row.gate ?? GateSummary(passed: false, blockers: 0, to: nil, from: nil, until: nil, policyDigest: 0)
        clock = GateEngine.clock(row, policy: policy, now: now)
    }
}

extension ListRowJSON {
    /// The row as `list --json` prints it.
    package init(_ f: ListRow) {
        self.init(id: f.row.id, title: f.row.title, stage: f.row.stage, tier: f.row.tier,
                  daysInStage: f.clock.daysInStage, slaDays: f.clock.slaDays, stalled: f.clock.stalled,
                  stalling: f.clock.stalling, blockers: f.gate.blockers, owners: f.row.owners,
                  halted: f.row.halted, parked: f.row.parked)
        drift = f.drift
        notCounted = f.gate.notCounted
    }
}
