import Foundation

/// Authorization and decisions: an action by an actor on a use case becomes one event to
/// record, or a `Refusal` with the reason. Pure. Who may do what is described on `Authority`.
///
/// Every decision produces details that `UseCase.applying` replays into the intended state:
/// `approve` carries the role it counts for, the digest and the basis of the use case at
/// that moment; moves carry `from` and `to`; `create` carries title, tier, stage (the first
/// stage), problem and metric.
public enum ActionDecider {
    /// `useCase` is nil only for `.create`. The returned details are recorded as one event by
    /// `actor` at `now`; for `.create` the store assigns the id.
    public static func decide(_ action: Action, on useCase: UseCase?, actor: PersonID, policy: Policy,
                              now: Date) throws(Refusal) -> (EventAction, EventDetails) {
        try FieldLimits.check(action)
        guard policy.person(actor) != nil else {
            throw Refusal(.unknownPerson, "unknown person \(actor): not among the people in the board's policy")
        }
        if case let .create(title, tier, problem, metric) = action {
            return try create(title: title, tier: tier, problem: problem, metric: metric, policy: policy)
        }
        guard let uc = useCase else { throw Refusal(.invalidInput, "\(action.verb) needs a use case") }
        if policy.stage(uc.stage)?.terminal == true {
            if case .comment = action {} else {
                throw Refusal(.retired, "\(uc.id) is \(Wording.lowerFirst(Wording.stage(uc.stage, policy))): only comments are allowed")
            }
        }
        let ctx = Context(uc: uc, actor: actor, policy: policy, now: now)
        switch action {
        case .create:
            throw Refusal(.invalidInput, "create takes no use case")
        case let .edit(title, problem, metric, tier, artifacts):
            return try ctx.edit(title: title, problem: problem, metric: metric, tier: tier, artifacts: artifacts)
        case let .assign(role, person):
            return try ctx.assign(role: role, person: person)
        case let .unassign(role):
            return try ctx.unassign(role: role)
        case let .evidence(control, ref, note):
            return try ctx.evidence(control: control, ref: ref, note: note)
        case let .attest(control, note):
            return try ctx.attest(control: control, note: note)
        case let .approve(comment):
            return try ctx.approve(comment: comment)
        case let .reject(comment):
            return try ctx.reject(comment: comment)
        case let .withdraw(comment):
            return try ctx.withdraw(comment: comment)
        case let .advance(comment):
            return try ctx.advance(comment: comment)
        case let .returnTo(stage, comment):
            return try ctx.returnTo(stage: stage, comment: comment)
        case let .waive(control, reason, until):
            return try ctx.waive(control: control, reason: reason, until: until)
        case let .halt(reason):
            return try ctx.halt(reason: reason)
        case let .resume(reason):
            return try ctx.resume(reason: reason)
        case let .change(kind, summary):
            return try ctx.change(kind: kind, summary: summary)
        case let .park(reason, review):
            return try ctx.park(reason: reason, review: review)
        case let .unpark(reason):
            return try ctx.unpark(reason: reason)
        case let .retire(reason):
            return try ctx.retire(reason: reason)
        case let .comment(text):
            let text = try Context.required(text, "a comment needs text")
            return (.comment, EventDetails(comment: text))
        case let .escalate(to, reason):
            return try ctx.escalate(to: to, reason: reason)
        case let .review(comment):
            return try ctx.review(comment: comment)
        case let .incident(a):
            return try ctx.incident(a)
        }
    }

    static func create(title: String, tier: TierID, problem: String, metric: String,
                       policy: Policy) throws(Refusal) -> (EventAction, EventDetails) {
        let title = try Context.required(title, "a use case needs a title")
        guard policy.tier(tier) != nil else {
            throw Refusal(.unknownTier, "unknown risk tier \(tier): the policy has " + policy.tiers.map(\.id).joined(separator: ", "))
        }
        guard let first = policy.activeStages.first else {
            throw Refusal(.unknownStage, "the policy defines no stage to start in")
        }
        return (.create, EventDetails(title: title, problem: problem, metric: metric, tier: tier, stage: first.id))
    }

    /// One decision's inputs, so each action's rules read as a short method.
    struct Context {
        let uc: UseCase
        let actor: PersonID
        let policy: Policy
        let now: Date

        var who: String { Wording.person(actor, policy) }
        var today: Day { Day(containing: now) }

        static func required(_ text: String, _ message: String) throws(Refusal) -> String {
            guard !Wording.isBlank(text) else { throw Refusal(.invalidInput, message) }
            return text
        }

        static func optional(_ text: String?) -> String? {
            guard let text, !Wording.isBlank(text) else { return nil }
            return text
        }

        func contributor(_ doing: String) throws(Refusal) {
            try Authority.requireContributor(actor, uc, policy: policy, doing: doing)
        }

        func knownControl(_ id: ControlID) throws(Refusal) -> Control {
            guard let c = policy.control(id) else {
                throw Refusal(.unknownControl, "unknown control \(id): see `gateboard policy` for the controls in force")
            }
            return c
        }

        func knownRole(_ id: RoleID) throws(Refusal) {
            guard policy.role(id) != nil else {
                throw Refusal(.unknownRole, "unknown role \(id): the policy has " + policy.roles.map(\.id).joined(separator: ", "))
            }
        }

        var stageWords: String { Wording.stage(uc.stage, policy) }
    }
}
