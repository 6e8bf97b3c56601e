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
    ///
    /// `history` is the use case's work window (`RoleHistory`): who held which role and who
    /// submitted work since the work being decided on was submitted. Approve, reject, waive
    /// and advance judge separation of duties and self-approval over it; without it they see
    /// the present moment only (`needsHistory` says which actions want it).
    public static func decide(_ action: Action, on useCase: UseCase?, actor: PersonID, policy: Policy,
                              now: Date, history: RoleHistory? = nil) throws(Refusal) -> (EventAction, EventDetails) {
        try FieldLimits.check(action)
        guard policy.person(actor) != nil else {
            throw Refusal(.unknownPerson, "unknown person \(actor): not among the people in the board's policy")
        }
        try requirePlainNames(action)
        if case let .create(title, tier, problem, metric, answers) = action {
            var (event, details) = try create(title: title, tier: tier, problem: problem, metric: metric, policy: policy)
            details.answers = try screeningAnswers(answers, policy: policy)
            return (event, details)
        }
        guard let uc = useCase else { throw Refusal(.invalidInput, "\(action.verb) needs a use case") }
        if policy.stage(uc.stage)?.terminal == true {
            if case .comment = action {} else {
                throw Refusal(.retired, "\(uc.id) is \(Wording.lowerFirst(Wording.stage(uc.stage, policy))): only comments are allowed")
            }
        }
        let ctx = Context(uc: uc, actor: actor, policy: policy, now: now, history: history)
        switch action {
        case .create:
            throw Refusal(.invalidInput, "create takes no use case")
        case let .edit(title, problem, metric, tier, artifacts):
            return try ctx.edit(title: title, problem: problem, metric: metric, tier: tier, artifacts: artifacts)
        case let .assign(role, person):
            return try ctx.assign(role: role, person: person)
        case let .unassign(role):
            return try ctx.unassign(role: role)
        case let .evidence(control, ref, note, hash):
            return try ctx.evidence(control: control, ref: ref, note: note, hash: hash)
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
        case let .screen(answers):
            return try ctx.screen(answers: answers)
        case let .tierOverride(reason):
            return try ctx.tierOverride(reason: reason)
        case let .setFields(assignments, template):
            return try ctx.setFields(assignments, template: template)
        }
    }

    /// Whether deciding `action` on `uc` judges separation of duties or self-approval over the
    /// work window, and so wants the use case's `RoleHistory`: approve, reject and waive always;
    /// advance when there are approvals to count.
    public static func needsHistory(_ action: Action, on uc: UseCase) -> Bool {
        switch action {
        case .approve, .reject, .waive: true
        case .advance: !uc.approvals.isEmpty
        default: false
        }
    }

    /// The names, references and ids an action would record, refused when one holds a
    /// control, invisible or bidirectional character (`PlainText`), naming the field.
    static func requirePlainNames(_ action: Action) throws(Refusal) {
        switch action {
        case let .create(_, tier, _, _, _):
            try PlainText.require(tier, field: "the risk tier")
        case let .edit(_, _, _, tier, artifacts):
            if let tier { try PlainText.require(tier, field: "the risk tier") }
            for name in artifacts.keys.sorted() {
                try PlainText.require(name, field: "an artifact name")
                try PlainText.require(artifacts[name]!.trimmingCharacters(in: .whitespacesAndNewlines),
                                      field: "the reference of artifact \(name)")
            }
        case let .assign(role, person):
            try PlainText.require(role, field: "the role")
            try PlainText.require(person, field: "the person")
        case let .unassign(role):
            try PlainText.require(role, field: "the role")
        case let .evidence(control, ref, _, _):
            try PlainText.require(control, field: "the control")
            try PlainText.require(ref, field: "the evidence reference")
        case let .attest(control, _), let .waive(control, _, _):
            try PlainText.require(control, field: "the control")
        case let .returnTo(stage, _):
            try PlainText.require(stage, field: "the stage")
        case let .escalate(person, _):
            try PlainText.require(person, field: "the person")
        case let .incident(.assign(_, person)), let .incident(.open(_, _, _, _, person?)):
            try PlainText.require(person, field: "the person")
        case let .incident(.report(_, ref)):
            try PlainText.require(ref, field: "the report reference")
        case let .setFields(assignments, template):
            for a in assignments { try PlainText.require(a.name, field: "a field name") }
            if let template { try PlainText.require(template, field: "the template") }
        case .approve, .reject, .withdraw, .advance, .halt, .resume, .change, .park, .unpark, .retire, .comment, .review, .incident,
             .screen, .tierOverride:
            break
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
        var history: RoleHistory? = nil

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
