import Foundation
import Testing
@testable import GateboardCore

/// `GateEngine.stableWindow`: the gate's answer is the same everywhere inside the window, so a
/// cached `GateSummary` can stand for an evaluation.
@Suite struct StableWindowTests {
    /// Use cases in every stage with waivers, approvals (some expiring) and production reviews.
    static func cases() -> [UseCase] {
        var out: [UseCase] = []
        var seed: UInt64 = 12345
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        for stage in ["specification", "implementation", "checkpoint", "release", "production"] {
            for tier in ["low", "medium", "high"] {
                for _ in 0..<6 {
                    var uc = Fx.ready(stage: stage, tier: tier)
                    if next(2) == 0 { uc.controls["eval-report"] = nil }
                    if next(2) == 0 { uc.controls["spec-reference"] = nil }
                    for c in ["eval-report", "spec-reference", "bias-evaluation"] where next(3) == 0 {
                        uc.controls[c] = nil
                        uc.waivers.append(Waiver(control: c, by: "priya", reason: "r", at: Fx.daysAgo(40),
                                                 until: Day(containing: Fx.daysAgo(Double(next(80) - 40)))))
                    }
                    for (p, r) in [("priya", "risk_reviewer"), ("alex", "business_owner"), ("chen", "change_approver")] where next(2) == 0 {
                        uc.approvals.append(Fx.approval(p, r, on: uc, daysAgo: Double(next(60)) + Double(next(24)) / 24))
                    }
                    if stage == "production" { uc.lastReviewAt = next(2) == 0 ? Fx.daysAgo(Double(next(200))) : nil }
                    uc.stageEnteredAt = Fx.daysAgo(Double(next(300)))
                    out.append(uc)
                }
            }
        }
        return out
    }

    @Test func theAnswerIsTheSameEverywhereInsideTheWindow() {
        let policy = Fx.policy
        var windowsWithBothEnds = 0
        for uc in Self.cases() {
            for offset in stride(from: -120.0, through: 120.0, by: 7.3) {
                let now = Fx.now.addingTimeInterval(offset * 86_400)
                let expected = GateEngine.evaluate(uc, policy: policy, now: now)
                let (from, until) = GateEngine.stableWindow(uc, policy: policy, now: now)
                if let from { #expect(from <= now) }
                if let until { #expect(until > now) }
                var probes: [Date] = []
                if let from { probes.append(from) } else { probes.append(now.addingTimeInterval(-400 * 86_400)) }
                if let until { probes.append(until.addingTimeInterval(-0.001)) } else { probes.append(now.addingTimeInterval(400 * 86_400)) }
                if from != nil && until != nil { windowsWithBothEnds += 1 }
                for p in probes {
                    #expect(GateEngine.evaluate(uc, policy: policy, now: p) == expected, "\(uc.stage) at \(p) vs \(now)")
                }
            }
        }
        #expect(windowsWithBothEnds > 20, "the cases exercise bounded windows")
    }

    @Test func aWaiverEndIsABoundary() {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["eval-report"] = nil
        uc.waivers = [Waiver(control: "eval-report", by: "priya", reason: "r", at: Fx.daysAgo(10), until: Fx.day("2026-11-30"))]
        let (from, until) = GateEngine.stableWindow(uc, policy: Fx.policy, now: Fx.now)
        #expect(from == nil)
        #expect(until == Fx.day("2026-11-30").end)
        let before = GateEngine.evaluate(uc, policy: Fx.policy, now: until!.addingTimeInterval(-1))
        let after = GateEngine.evaluate(uc, policy: Fx.policy, now: until!)
        #expect(before.blockers.count + 1 == after.blockers.count)
    }

    @Test func aSummaryHoldsOnlyInsideItsWindowAndUnderItsPolicy() {
        var uc = Fx.ready(stage: "implementation")
        uc.controls["eval-report"] = nil
        uc.waivers = [Waiver(control: "eval-report", by: "priya", reason: "r", at: Fx.daysAgo(10), until: Fx.day("2026-11-30"))]
        let s = GateSummary(uc, policy: Fx.policy, policyDigest: 7, now: Fx.now)
        #expect(s.holds(at: Fx.now, policyDigest: 7))
        #expect(!s.holds(at: Fx.now, policyDigest: 8))
        #expect(!s.holds(at: Fx.day("2026-11-30").end, policyDigest: 7))
        #expect(s.holds(at: Fx.date("2020-01-01T00:00:00Z"), policyDigest: 7))
        #expect(s.blockers == GateEngine.evaluate(uc, policy: Fx.policy, now: Fx.now).blockers.count)
    }
}
