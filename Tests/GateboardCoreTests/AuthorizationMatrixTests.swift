import Foundation
import Testing
@testable import GateboardCore

/// "Nobody through": every person (and a stranger) tries every guarded action on use cases in
/// many states. Whatever the decider allows must satisfy the rules stated here independently
/// of its code — approvals only by an eligible, independent holder of an approving role on a
/// running use case; waivers only by an independent waiver approver, for a waivable control,
/// within the tier's limit; halt and resume only with stop-ship authority; assignments only
/// of a role the person may hold and without breaking separation of duties; advances only
/// through a passing gate. The matrix must also let some of each through (so it can fail).
@Suite struct AuthorizationMatrixTests {
    static let policy = Fx.policy
    static let actors = Fx.people.map(\.id) + ["mallory"]

    static var states: [(String, UseCase)] {
        var out: [(String, UseCase)] = []
        let scoped = Fx.useCase(owners: ["business_owner": "alex", "technical_owner": "sam"],
                                problem: "Tickets wait", metric: "Under an hour")
        out.append(("scoped", scoped))
        out.append(("scoped, no owners", Fx.useCase()))
        for stage in ["specification", "implementation", "checkpoint", "release", "production"] {
            for tier in ["low", "high"] {
                var uc = Fx.ready(stage: stage, tier: tier)
                out.append(("\(stage) \(tier)", uc))
                uc.submittedBy = "priya"
                out.append(("\(stage) \(tier) submitted by priya", uc))
                var halted = Fx.ready(stage: stage, tier: tier)
                halted.halted = Halt(by: "kim", at: Fx.daysAgo(1), reason: "bad outputs")
                out.append(("\(stage) \(tier) halted", halted))
                var approved = Fx.ready(stage: stage, tier: tier)
                approved.approvals = [Fx.approval("priya", "risk_reviewer", on: approved)]
                out.append(("\(stage) \(tier) approved by priya", approved))
                var dana = Fx.ready(stage: stage, tier: tier)
                dana.owners["technical_owner"] = "dana"
                dana.owners["business_owner"] = "omar"
                out.append(("\(stage) \(tier) with dana and omar as owners", dana))
                var missing = Fx.ready(stage: stage, tier: tier)
                missing.controls["eval-report"] = nil
                missing.controls["rollback-plan"] = nil
                missing.owners["ops_owner"] = nil
                out.append(("\(stage) \(tier) missing evidence", missing))
            }
        }
        var parked = scoped
        parked.parked = Park(by: "alex", at: Fx.daysAgo(1), reason: "budget", review: Fx.day("2026-12-20"))
        out.append(("parked", parked))
        return out
    }

    static var actions: [Action] {
        var out: [Action] = [.approve(comment: nil), .reject(comment: "no"), .advance(comment: nil),
                             .halt(reason: "stop"), .resume(reason: "fixed")]
        let today = Day(containing: Fx.now)
        for control in policy.controls.map(\.id) {
            for days in [10, 45, 200] { out.append(.waive(control: control, reason: "pilot", until: today.adding(days: days))) }
        }
        for role in policy.roles.map(\.id) {
            for person in actors { out.append(.assign(role: role, person: person)) }
        }
        return out
    }

    /// Why an allowed decision breaks the rules, or nil.
    static func violation(_ action: Action, _ details: EventDetails, on uc: UseCase, by actor: PersonID) -> String? {
        guard let person = policy.person(actor) else { return "a stranger was let through" }
        let owned = Set(uc.owners.filter { $0.value == actor }.keys)
        func separated(_ role: RoleID, from roles: Set<RoleID>) -> Bool {
            policy.separationOfDuties.contains { ($0.a == role && roles.contains($0.b)) || ($0.b == role && roles.contains($0.a)) }
        }
        switch action {
        case .approve:
            if uc.halted != nil { return "approved while halted" }
            guard let req = ApprovalCount.requirements(uc, policy: policy) else { return "approved where there is no gate" }
            guard let role = details.role, let rule = ApprovalCount.rules(req, policy: policy).first(where: { $0.role == role }) else {
                return "approved for a role the gate does not ask for (\(details.role ?? "none"))"
            }
            if !person.roles.contains(role) { return "approved as \(role) without holding it" }
            if !rule.anyHolder && uc.owners[role] != actor { return "approved as \(role), which names someone else" }
            if req.noSelfApproval && uc.submittedBy == actor { return "approved their own submission" }
            if !owned.isDisjoint(with: req.excludedApproverRoles) { return "approved as an excluded owner \(owned)" }
            if separated(role, from: owned.subtracting([role])) { return "approved as \(role) while holding a separated role \(owned)" }
        case .waive(let control, _, let until):
            if !person.roles.contains(policy.waivers.approverRole) { return "waived without the waiver approver role" }
            if !owned.isEmpty || uc.submittedBy == actor { return "waived controls of their own work" }
            guard let c = policy.controls.first(where: { $0.id == control }) else { return "waived an unknown control" }
            if c.kind == .approval || !c.waivable || policy.waivers.neverWaive.contains(control) { return "waived unwaivable \(control)" }
            guard let max = policy.waivers.maxDays[uc.tier] else { return "waived where the tier allows none" }
            if until > Day(containing: Fx.now).adding(days: max) { return "waiver past the \(max)-day limit" }
        case .halt, .resume:
            let authority = person.roles.contains(policy.stopShipRole) || uc.owners[policy.stopShipRole] == actor
            if !authority { return "\(action.verb) without stop-ship authority" }
        case .assign(let role, let assignee):
            guard let p = policy.person(assignee) else { return "assigned a stranger" }
            if !p.roles.contains(role) { return "assigned \(assignee) a role they may not hold" }
            let theirs = Set(uc.owners.filter { $0.value == assignee && $0.key != role }.keys)
            if separated(role, from: theirs) { return "assignment breaks separation of duties (\(theirs) + \(role))" }
        case .advance:
            if uc.halted != nil || uc.parked != nil { return "advanced while halted or parked" }
            if !GateEngine.evaluate(uc, policy: policy, now: Fx.now).passed { return "advanced through a blocked gate" }
        default:
            break
        }
        return nil
    }

    @Test func nobodyGetsThroughWhoShouldNot() {
        var allowed: [String: Int] = [:], refused = 0, tried = 0
        var violations: [String] = []
        let actions = Self.actions
        for (name, uc) in Self.states {
            for action in actions {
                for actor in Self.actors {
                    tried += 1
                    do {
                        let (_, details) = try ActionDecider.decide(action, on: uc, actor: actor, policy: Self.policy, now: Fx.now)
                        allowed[action.verb, default: 0] += 1
                        if let why = Self.violation(action, details, on: uc, by: actor) {
                            violations.append("\(name): \(actor) \(action): \(why)")
                        }
                    } catch {
                        refused += 1
                    }
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.count) decisions let someone through:\n\(violations.prefix(15).joined(separator: "\n"))")
        // The matrix is not vacuous: each kind of action is sometimes allowed.
        for verb in ["approve", "advance", "halt", "resume", "waive", "assign"] {
            #expect(allowed[verb, default: 0] > 0, "\(verb) was never allowed")
        }
        print("authorization: \(tried) decisions (\(Self.states.count) states × \(actions.count) actions × \(Self.actors.count) people); \(allowed.values.reduce(0, +)) allowed, each within the rules; \(refused) refused")
    }
}
