import Foundation
import GateboardCore
@testable import GateboardUI

/// A small board with every kind of card, a fixed "now", and a deterministic stand-in for the
/// gate engine so these view tests do not change when the engine's wording does.
enum Fixture {
    static let now = Timestamp.parse("2026-11-26T12:00:00Z")!
    static func daysAgo(_ d: Double) -> Date { now.addingTimeInterval(-d * 86_400) }

    static let policy: Policy = {
        let sla: [String: [TierID: Int]] = [
            "scoped": ["low": 21, "medium": 14, "high": 14], "specification": ["low": 30, "medium": 21, "high": 21],
            "implementation": ["low": 60, "medium": 45, "high": 45], "checkpoint": ["low": 10, "medium": 7, "high": 7],
            "release": ["low": 10, "medium": 7, "high": 5],
        ]
        let stages = [
            Stage(id: "scoped", name: "Scoped problem", ownerRole: "business_owner", sla: sla["scoped"]!),
            Stage(id: "specification", name: "Specification", ownerRole: "technical_owner", sla: sla["specification"]!),
            Stage(id: "implementation", name: "Implementation", ownerRole: "technical_owner", sla: sla["implementation"]!),
            Stage(id: "checkpoint", name: "Checkpoint review", ownerRole: "risk_reviewer", sla: sla["checkpoint"]!),
            Stage(id: "release", name: "Governed release", ownerRole: "change_approver", sla: sla["release"]!),
            Stage(id: "production", name: "Live production", ownerRole: "ops_owner"),
            Stage(id: "retired", name: "Retired", ownerRole: "business_owner", terminal: true),
        ]
        let roles = [Role(id: "business_owner", name: "Business owner"), Role(id: "technical_owner", name: "Technical owner"),
                     Role(id: "risk_reviewer", name: "Risk reviewer"), Role(id: "change_approver", name: "Change approver"),
                     Role(id: "ops_owner", name: "Operations owner"), Role(id: "stop_ship", name: "Stop-ship authority")]
        let people = [
            Person(id: "ana", name: "Ana Souza", function: "product", roles: ["business_owner"]),
            Person(id: "priya", name: "Priya Raman", function: "engineering", roles: ["technical_owner"]),
            Person(id: "omar", name: "Omar Haddad", function: "risk", roles: ["risk_reviewer", "change_approver"]),
            Person(id: "kenji", name: "山田 健二", function: "operations", roles: ["ops_owner", "stop_ship"]),
        ]
        let controls = [
            Control(id: "business-owner-named", title: "Business owner named", kind: .owner, waivable: false, role: "business_owner"),
            Control(id: "technical-owner-named", title: "Technical owner named", kind: .owner, waivable: false, role: "technical_owner"),
            Control(id: "problem-statement", title: "Problem statement", kind: .field, waivable: false, field: "problem"),
            Control(id: "success-metric", title: "Operational success metric", kind: .field, waivable: false, field: "metric"),
            Control(id: "spec-reference", title: "Specification document", kind: .evidence, role: "technical_owner"),
            Control(id: "eval-report", title: "Evaluation report", kind: .evidence, role: "technical_owner"),
            Control(id: "rollback-plan", title: "Rollback plan", kind: .evidence, role: "technical_owner"),
            Control(id: "ops-owner-named", title: "Operations owner named", kind: .owner, waivable: false, role: "ops_owner"),
            Control(id: "human-oversight", title: "Human oversight attested", kind: .attestation, role: "risk_reviewer"),
            Control(id: "stop-ship-named", title: "Stop-ship authority named", kind: .owner, waivable: false, role: "stop_ship"),
        ]
        let gates = [
            Gate(from: "scoped", base: GateRequirements(controls: ["business-owner-named", "technical-owner-named", "problem-statement", "success-metric"])),
            Gate(from: "specification", base: GateRequirements(controls: ["spec-reference"], approvals: [ApprovalRule(role: "risk_reviewer")])),
            Gate(from: "implementation", base: GateRequirements(controls: ["eval-report", "rollback-plan", "ops-owner-named"])),
            Gate(from: "checkpoint", base: GateRequirements(approvals: [ApprovalRule(role: "risk_reviewer"), ApprovalRule(role: "business_owner")]),
                 tiers: ["high": GateRequirements(controls: ["human-oversight"])]),
            Gate(from: "release", base: GateRequirements(controls: ["stop-ship-named"], approvals: [ApprovalRule(role: "change_approver")])),
        ]
        return Policy(name: "Claims AI portfolio", stages: stages, roles: roles,
                      tiers: [RiskTier(id: "low", name: "Low risk"), RiskTier(id: "medium", name: "Medium risk"), RiskTier(id: "high", name: "High risk")],
                      people: people, controls: controls, gates: gates,
                      waivers: WaiverRules(approverRole: "risk_reviewer", maxDays: ["low": 90, "medium": 60, "high": 30]))
    }()

    static func uc(_ n: Int, _ title: String, _ tier: TierID, _ stage: StageID, days: Double,
                   owners: [RoleID: PersonID] = [:], problem: String = "A real problem", metric: String = "",
                   evidence: [ControlID] = [], approvals: [(PersonID, RoleID)] = [], halted: Bool = false, parked: Bool = false,
                   waivers: [ControlID] = []) -> UseCase {
        var u = UseCase(id: String(format: "UC-%04d", n), title: title, problem: problem, metric: metric, tier: tier,
                        stage: stage, stageEnteredAt: daysAgo(days), submittedBy: "priya", createdAt: daysAgo(days + 30),
                        createdBy: "ana", owners: owners)
        for c in evidence { u.controls[c] = ControlState(evidence: [Evidence(ref: "docs/\(c).md", by: "priya", at: daysAgo(1))]) }
        u.approvals = approvals.map { Approval(person: $0.0, role: $0.1, at: daysAgo(1), digest: u.materialDigest, basis: u.materialBasis) }
        u.waivers = waivers.map { Waiver(control: $0, by: "omar", reason: "vendor report due", at: daysAgo(2), until: Day("2026-12-20")!) }
        if halted { u.halted = Halt(by: "kenji", at: daysAgo(3), reason: "drift in refusal rate") }
        if parked { u.parked = Park(by: "ana", at: daysAgo(4), reason: "budget freeze", review: Day("2027-01-15")!) }
        return u
    }

    static let full: [RoleID: PersonID] = ["business_owner": "ana", "technical_owner": "priya", "risk_reviewer": "omar",
                                          "ops_owner": "kenji", "stop_ship": "kenji", "change_approver": "omar"]

    static let board = Board(policy: policy, useCases: [
        uc(1, "Claims triage assistant", "high", "checkpoint", days: 9, owners: full, metric: "handle time -20%",
           approvals: [("omar", "risk_reviewer")]),
        uc(2, "Fraud signal summariser for adjusters", "medium", "implementation", days: 12,
           owners: ["business_owner": "ana", "technical_owner": "priya"], metric: "precision 0.9", evidence: ["eval-report"]),
        uc(3, "Broker email classifier", "low", "scoped", days: 3, owners: ["business_owner": "ana"]),
        uc(4, "Subrogation letter drafting 📄", "medium", "specification", days: 18, owners: ["business_owner": "ana", "technical_owner": "priya"],
           metric: "letters/day"),
        uc(5, "保険金請求の要約 (Japanese claims summary)", "high", "release", days: 2, owners: full, metric: "accuracy",
           evidence: [], approvals: [("omar", "change_approver")]),
        uc(6, "Call-centre QA scoring", "low", "production", days: 40, owners: full, metric: "QA coverage", halted: true),
        uc(7, "Title with \u{1B}[31mescape\u{1B}[0m and\ttab", "medium", "scoped", days: 20, owners: [:], problem: ""),
        uc(8, "Medical records extraction", "high", "implementation", days: 50, owners: full, metric: "F1", parked: true,
           waivers: ["rollback-plan"]),
        uc(9, "Reserve estimation copilot", "medium", "specification", days: 2, owners: ["business_owner": "ana", "technical_owner": "priya"],
           evidence: ["spec-reference"], approvals: [("omar", "risk_reviewer")]),
        uc(10, "Policy wording Q&A", "low", "production", days: 120, owners: full, metric: "deflection 30%"),
        uc(11, "Retired pilot", "low", "retired", days: 5, owners: full),
    ])

    /// A deterministic stand-in for `GateEngine.evaluate`.
    static let evaluate: GateCache.Evaluate = { uc, policy, now in
        let next = policy.nextStage(after: uc.stage)?.id
        guard let gate = policy.gate(leaving: uc.stage) else {
            return GateEvaluation(from: uc.stage, to: next, passed: false, blockers: [], items: [])
        }
        let req = gate.requirements(for: uc.tier)
        var items: [GateItem] = []
        var blockers: [Blocker] = []
        for id in req.controls {
            let c = policy.control(id)!
            if let w = uc.waivers.first(where: { $0.control == id }) {
                items.append(GateItem(title: c.title, status: .waived, detail: "waived until \(w.until) by \(w.by)", control: id))
                continue
            }
            let ok: Bool
            var detail: String
            switch c.kind {
            case .owner: ok = uc.owners[c.role!] != nil; detail = ok ? "named: \(uc.owners[c.role!]!)" : "no \(c.role!) named"
            case .field: ok = !(c.field == "problem" ? uc.problem : uc.metric).isEmpty; detail = ok ? "filled in" : "\(c.field!) is empty"
            default:
                let ev = uc.controls[id]?.evidence ?? []
                ok = !ev.isEmpty; detail = ok ? "evidence: \(ev[0].ref)" : "no evidence"
            }
            items.append(GateItem(title: c.title, status: ok ? .satisfied : .missing, detail: detail, control: id))
            if !ok { blockers.append(Blocker(kind: c.kind == .owner ? .owner : .evidence, message: "\(c.title): \(detail)", control: id)) }
        }
        for rule in req.approvals {
            let n = uc.approvals.filter { $0.role == rule.role }.count
            let name = policy.role(rule.role)!.name
            let ok = n >= rule.quorum
            items.append(GateItem(title: "Approval by \(name)", status: ok ? .satisfied : .missing,
                                  detail: "\(n) of \(rule.quorum)", role: rule.role))
            if !ok { blockers.append(Blocker(kind: .approval, message: "approval by \(name): \(n) of \(rule.quorum)", role: rule.role)) }
        }
        if uc.halted != nil { blockers.append(Blocker(kind: .halted, message: "halted")) }
        return GateEvaluation(from: uc.stage, to: next, passed: blockers.isEmpty, blockers: blockers, items: items)
    }

    static let clock: GateCache.Clock = { uc, policy, now in
        let days = Timestamp.wholeDays(from: uc.stageEnteredAt, to: now)
        let sla = policy.stage(uc.stage)?.sla[uc.tier]
        let stalled = sla.map { days > $0 } ?? false
        let stalling = sla.map { !stalled && Double(days) >= 0.8 * Double($0) } ?? false
        return StageClock(daysInStage: days, slaDays: sla, stalled: stalled, stalling: stalling)
    }

    static func state(width: Int = 120, height: Int = 40, actor: PersonID? = "omar", glyphs: Glyphs = .unicode,
                      board: Board = Fixture.board) -> AppState {
        AppState(board: board, actor: actor, width: width, height: height, now: now, glyphs: glyphs,
                 gates: GateCache(evaluate: evaluate, clock: clock))
    }

    static let activity: [AuditEvent] = [
        AuditEvent(seq: 1, id: "e1", at: daysAgo(39), actor: "ana", osUser: "ana", action: .create, useCase: "UC-0001",
                   details: EventDetails(title: "Claims triage assistant", tier: "high", stage: "scoped")),
        AuditEvent(seq: 2, id: "e2", at: daysAgo(9), actor: "priya", osUser: "priya", action: .advance, useCase: "UC-0001",
                   details: EventDetails(from: "implementation", to: "checkpoint")),
        AuditEvent(seq: 3, id: "e3", at: daysAgo(1), actor: "omar", osUser: "omar", action: .approve, useCase: "UC-0001",
                   details: EventDetails(role: "risk_reviewer", comment: "evals look solid")),
    ]

    /// Drives the reducer with messages; returns the final state and every effect asked for.
    static func run(_ state: AppState, _ msgs: [Msg]) -> (AppState, [Effect]) {
        var s = state
        var all: [Effect] = []
        for m in msgs {
            let (n, e) = reduce(s, m)
            s = n
            all += e
        }
        return (s, all)
    }

    static func keys(_ text: String) -> [Msg] { text.map { .key(.char($0)) } }
}

extension Fixture {
    /// The board after `actor` performed `action` on `id`, decided and applied as the store
    /// would (what the loop's reload then brings back).
    static func acted(_ board: Board, _ action: Action, on id: UseCaseID, as actor: PersonID) throws -> Board {
        var board = board
        let i = board.useCases.firstIndex { $0.id == id }!
        let (verb, details) = try ActionDecider.decide(action, on: board.useCases[i], actor: actor, policy: board.policy, now: now)
        let event = AuditEvent(seq: 100, id: "test-\(id)", at: now, actor: actor, osUser: actor,
                               action: verb, useCase: id, details: details)
        board.useCases[i] = try board.useCases[i].applying(event)
        return board
    }
}

extension Fixture {
    /// `board` with `person` named for `role` on `id`.
    static func withOwner(_ id: UseCaseID, _ role: RoleID, _ person: PersonID, board: Board = Fixture.board) -> Board {
        var board = board
        let i = board.useCases.firstIndex { $0.id == id }!
        board.useCases[i].owners[role] = person
        return board
    }
}
