import Foundation
import GateboardCore

/// Board ids and text in words for plain output, always escaped for the terminal.
package struct BoardWords {
    var policy: Policy

    package func e(_ text: String) -> String { TerminalSafe.escape(text) }

    package func person(_ id: PersonID) -> String {
        guard let p = policy.person(id) else { return e(id) }
        return e(p.name)
    }

    package func personWithID(_ id: PersonID) -> String {
        guard let p = policy.person(id) else { return e(id) + " (not in people)" }
        return "\(e(p.name)) (\(e(p.id)))"
    }

    package func stage(_ id: StageID) -> String {
        policy.stage(id).map { e($0.name) } ?? e(id)
    }

    package func role(_ id: RoleID) -> String {
        policy.role(id).map { e($0.name) } ?? e(id)
    }

    func control(_ id: ControlID) -> String {
        policy.control(id).map { e($0.title) } ?? e(id)
    }

    func tier(_ id: TierID) -> String {
        policy.tier(id).map { "\(e(id)) (\(e($0.name)))" } ?? e(id)
    }

    package static func day(_ date: Date) -> String { Day(containing: date).description }

    static func days(_ n: Int) -> String { n == 1 ? "1 day" : "\(n) days" }

    /// "12d/14" in tables; "12d" without SLA.
    package static func clockCell(_ c: StageClock) -> String {
        c.slaDays.map { "\(c.daysInStage)d/\($0)" } ?? "\(c.daysInStage)d"
    }

    package static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    package init(policy: Policy) {
        self.policy = policy
    }
}
