import GateboardCore

/// The `D` overlay: the delegations the acting person gave or received that have not ended
/// (every such delegation on the board when read-only). Only the highlight is kept: the rows
/// are read from the policy each time, so a live reload (a cancel in another terminal) shows
/// at once and a key never acts on a delegation that is gone.
public struct DelegationsList: Equatable, Sendable {
    public var index = 0
    public init(index: Int = 0) { self.index = index }
}

extension AppState {
    /// The rows of the `D` overlay.
    public var delegationRows: [Delegation] { policy.delegations.current(for: actor, at: now) }

    /// The highlighted row, the index clamped to the rows there are now.
    func highlightedDelegation(_ list: DelegationsList) -> Delegation? {
        let rows = delegationRows
        return rows.isEmpty ? nil : rows[max(0, min(list.index, rows.count - 1))]
    }
}
