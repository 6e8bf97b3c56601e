import Foundation
@testable import GateboardCore

/// A small cast and a use case builder on top of `Policy.standard`.
enum Fx {
    static let people: [Person] = [
        Person(id: "alex", name: "Alex Morgan", function: "product", roles: ["business_owner"]),
        Person(id: "sam", name: "Sam Lee", function: "engineering", roles: ["technical_owner"]),
        Person(id: "priya", name: "Priya Raman", function: "risk", roles: ["risk_reviewer"]),
        Person(id: "omar", name: "Omar Haddad", function: "risk", roles: ["risk_reviewer", "change_approver"]),
        Person(id: "chen", name: "Chen Wu", function: "engineering", roles: ["change_approver"]),
        Person(id: "kim", name: "Kim Park", function: "operations", roles: ["ops_owner", "stop_ship"]),
        Person(id: "dana", name: "Dana Okafor", function: "product", roles: ["business_owner", "technical_owner"]),
        Person(id: "zoe", name: "Zoe Quinn", function: "product", roles: []),
    ]
    static let policy = Policy.standard(name: "Test board", people: people)
    static let now = date("2026-11-26T12:00:00Z")

    static func date(_ text: String) -> Date { Timestamp.parse(text)! }
    static func day(_ text: String) -> Day { Day(text)! }
    static func daysAgo(_ n: Double) -> Date { now.addingTimeInterval(-n * 86_400) }

    static let fullOwners: [RoleID: PersonID] = [
        "business_owner": "alex", "technical_owner": "sam", "risk_reviewer": "priya",
        "change_approver": "chen", "ops_owner": "kim", "stop_ship": "kim",
    ]

    static func useCase(stage: StageID = "scoped", tier: TierID = "medium", owners: [RoleID: PersonID] = [:],
                        problem: String = "", metric: String = "", enteredDaysAgo: Double = 2,
                        submittedBy: PersonID? = "sam", artifacts: [String: String] = [:]) -> UseCase {
        UseCase(id: "UC-0007", title: "KYC document verification", problem: problem, metric: metric, tier: tier,
                stage: stage, stageEnteredAt: daysAgo(enteredDaysAgo), submittedBy: submittedBy,
                createdAt: daysAgo(100), createdBy: "sam", owners: owners, artifacts: artifacts)
    }

    /// A use case whose every control up to and including `stage`'s gate is met, approvals aside.
    static func ready(stage: StageID, tier: TierID = "medium") -> UseCase {
        var uc = useCase(stage: stage, tier: tier, owners: fullOwners, problem: "Manual KYC checks take 20 minutes",
                         metric: "Median review time under 5 minutes per file", artifacts: ["prompt": "prompts/kyc@v3", "model": "gpt-x@2026-10"])
        for c in ["spec-reference", "data-protection-assessment", "eval-report", "bias-evaluation", "rollback-plan",
                  "monitoring-plan", "exception-runbook"] {
            uc.controls[c] = ControlState(evidence: [Evidence(ref: "docs/\(c).md", by: "sam", at: daysAgo(3))])
        }
        uc.controls["human-oversight"] = ControlState(attestations: [Attestation(by: "priya", at: daysAgo(3))])
        return uc
    }

    static func approval(_ person: PersonID, _ role: RoleID, on uc: UseCase, daysAgo n: Double = 1) -> Approval {
        Approval(person: person, role: role, at: daysAgo(n), digest: uc.materialDigest, basis: uc.materialBasis)
    }

    static func messages(_ uc: UseCase, policy: Policy = Fx.policy, now: Date = Fx.now) -> [String] {
        GateEngine.evaluate(uc, policy: policy, now: now).blockers.map(\.message)
    }
}

/// Builds a use case and its audit log through real decisions, at chosen times.
struct Recorder {
    var uc: UseCase
    var events: [AuditEvent]
    let policy: Policy

    init(id: UseCaseID, title: String = "Support ticket triage", tier: TierID = "medium", problem: String = "",
         metric: String = "", by actor: PersonID = "alex", at: Date, policy: Policy = Fx.policy) throws {
        self.policy = policy
        let (verb, d) = try ActionDecider.decide(.create(title: title, tier: tier, problem: problem, metric: metric),
                                                 on: nil, actor: actor, policy: policy, now: at)
        let e = AuditEvent(seq: 1, id: "\(id)-1", at: at, actor: actor, osUser: "t", action: verb, useCase: id, details: d)
        uc = try UseCase.created(by: e)
        uc.audit.seq = 1
        events = [e]
    }

    mutating func act(_ action: Action, as actor: PersonID, at: Date) throws {
        let (verb, d) = try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: at)
        record(verb, d, as: actor, at: at)
    }

    /// Records an event without a decision (history the policy would not allow today).
    mutating func record(_ verb: EventAction, _ d: EventDetails, as actor: PersonID, at: Date) {
        let seq = uc.audit.seq + 1
        let e = AuditEvent(seq: seq, id: "\(uc.id)-\(seq)", at: at, actor: actor, osUser: "t", action: verb, useCase: uc.id, details: d)
        uc = try! uc.applying(e)
        uc.audit.seq = seq
        events.append(e)
    }

    /// Owners, problem and metric: ready to leave scoped.
    mutating func scopeFully(at: Date) throws {
        try act(.assign(role: "business_owner", person: "alex"), as: "alex", at: at)
        try act(.assign(role: "technical_owner", person: "sam"), as: "alex", at: at)
        try act(.edit(title: nil, problem: "Tickets wait 2 days for routing", metric: "Routing time under 1 hour for 90% of tickets",
                      tier: nil, artifacts: ["prompt": "prompts/triage@v1"]), as: "alex", at: at)
    }
}
