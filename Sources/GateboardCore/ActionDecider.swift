import Foundation

/// Authorization and decisions: an action by an actor on a use case becomes one event to
/// record, or a `Refusal` with the reason. Pure.
/// PLACEHOLDER signatures — the engine work replaces the bodies.
public enum ActionDecider {
    /// `useCase` is nil only for `.create`. The returned details are recorded as one event by
    /// `actor` at `now`; for `.create` the store assigns the id.
    public static func decide(_ action: Action, on useCase: UseCase?, actor: PersonID, policy: Policy,
                              now: Date) throws(Refusal) -> (EventAction, EventDetails) {
        throw Refusal(.invalidInput, "not implemented")
    }
}
