import Foundation
import Testing
@testable import GateboardCore

/// Issue 17: evidence bound to the content it had when added. Observed on read, it is ok,
/// drifted, missing or external; with `evidenceMustResolve` only evidence that still holds
/// what was added satisfies its control, and the blocker says why.
@Suite struct EvidenceContentCoreTests {
    static let blobA = ContentBindingCoreTests.blobA
    static let blobB = ContentBindingCoreTests.blobB

    func withReport(hash: String?, current: String?) -> UseCase {
        var uc = Fx.useCase(stage: "implementation")
        var e = Evidence(ref: "evals/UC-0002/report.html", by: Fx.people[0].id, at: Fx.date("2026-11-16T09:00:00Z"), hash: hash)
        e.current = ObservedContent(current)
        uc.controls["eval-report"] = ControlState(evidence: [e])
        return uc
    }

    @Test func statesAndWords() {
        let name = Fx.people[0].name
        let ok = withReport(hash: Self.blobA, current: Self.blobA).controls["eval-report"]!.evidence[0]
        #expect(ok.contentState == .ok && ok.resolves && ok.mark(Fx.policy) == nil)
        let drifted = withReport(hash: Self.blobA, current: Self.blobB).controls["eval-report"]!.evidence[0]
        #expect(drifted.contentState == .drifted && !drifted.resolves)
        #expect(drifted.mark(Fx.policy) == "changed since \(name) added it on 2026-11-16")
        #expect(drifted.problem(Fx.policy) == "evals/UC-0002/report.html changed since \(name) added it on 2026-11-16 (blob 3f2a1c9 → 9b0d4e1)")
        let gone = withReport(hash: Self.blobA, current: ContentBinding.missing).controls["eval-report"]!.evidence[0]
        #expect(gone.contentState == .missing && gone.mark(Fx.policy) == "missing")
        #expect(withReport(hash: nil, current: nil).controls["eval-report"]!.evidence[0].contentState == .external)
        // Not looked at: as recorded.
        #expect(withReport(hash: Self.blobA, current: nil).controls["eval-report"]!.evidence[0].resolves)
        // The observation is never part of equality (nor of the file).
        #expect(withReport(hash: Self.blobA, current: Self.blobB) == withReport(hash: Self.blobA, current: nil))
    }

    @Test func evidenceMustResolveDecidesTheControl() {
        let control = Fx.policy.control("eval-report")!
        let strict = Fx.policy
        #expect(strict.evidenceMustResolve, "the standard policy, as init writes it")
        var laxPolicy = Fx.policy
        laxPolicy.evidenceMustResolve = false
        let drifted = withReport(hash: Self.blobA, current: Self.blobB)
        let lax = ControlCheck.check(control, drifted, policy: laxPolicy)
        #expect(lax.satisfied)
        #expect(lax.detail.contains("evals/UC-0002/report.html (changed since"), "\(lax.detail)")
        let blocked = ControlCheck.check(control, drifted, policy: strict)
        #expect(!blocked.satisfied)
        #expect(blocked.blocker?.kind == .evidence)
        #expect(blocked.detail.contains("no longer resolves: evals/UC-0002/report.html changed since"), "\(blocked.detail)")
        #expect(ControlCheck.check(control, withReport(hash: Self.blobA, current: Self.blobA), policy: strict).satisfied)
        #expect(ControlCheck.check(control, withReport(hash: nil, current: nil), policy: strict).satisfied)
        // One item that resolves is enough.
        var both = drifted
        both.controls["eval-report"]!.evidence.append(Evidence(ref: "https://x.example/r", by: Fx.people[0].id, at: Fx.now))
        #expect(ControlCheck.check(control, both, policy: strict).satisfied)
    }

    @Test func observingSetsOnlyLocalEvidence() {
        var uc = withReport(hash: Self.blobA, current: nil)
        uc.controls["monitoring-plan"] = ControlState(evidence: [Evidence(ref: "https://x.example", by: "a", at: Fx.now)])
        let seen = uc.observingEvidence { ref, recorded in
            #expect(ref == "evals/UC-0002/report.html" && recorded == Self.blobA)
            return Self.blobB
        }
        #expect(seen.controls["eval-report"]!.evidence[0].current.id == Self.blobB)
        #expect(seen.controls["monitoring-plan"]!.evidence[0].current.id == nil)
        #expect(uc.hasEvidenceContent && !Fx.useCase().hasEvidenceContent)
    }

    @Test func addingTheSameReferenceIsNewsOnlyWithOtherContent() throws {
        let uc = withReport(hash: Self.blobA, current: nil)
        let owner = Fx.people.first { $0.roles.contains("technical_owner") }!.id
        var withOwner = uc
        withOwner.owners["technical_owner"] = owner
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.evidence(control: "eval-report", ref: "evals/UC-0002/report.html", note: nil, hash: Self.blobA),
                                     on: withOwner, actor: owner, policy: Fx.policy, now: Fx.now)
        }
        let (_, d) = try ActionDecider.decide(.evidence(control: "eval-report", ref: "evals/UC-0002/report.html", note: nil, hash: Self.blobB),
                                              on: withOwner, actor: owner, policy: Fx.policy, now: Fx.now)
        #expect(d.digest == Self.blobB)
        #expect(throws: Refusal.self) {
            try ActionDecider.decide(.evidence(control: "eval-report", ref: "x.md", note: nil, hash: "nope"),
                                     on: withOwner, actor: owner, policy: Fx.policy, now: Fx.now)
        }
    }
}
