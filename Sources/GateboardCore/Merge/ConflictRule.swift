/// The documented, deterministic rules for merging two histories of one use case. Common
/// principle: events are ordered by time (then id); when two clones acted concurrently and
/// the later action was decided against a state the earlier one had already changed, the
/// earlier action prevails and the later one stays in the history without effect.
public enum ConflictRule: String, Equatable, Sendable, CaseIterable {
    /// Both sides moved the use case (advance, return, change, retire) out of the same stage
    /// to different stages: the earlier move stands; the later one is skipped.
    case divergentMove = "divergent_move"
    /// Both sides made the same move (same from, same to): the earlier one stands (it set
    /// when the stage was entered and by whom); the later one is skipped.
    case duplicateMove = "duplicate_move"
    /// One side advanced the use case while the other side had halted it (stop-ship): the
    /// halt stands; the advance is skipped.
    case advanceWhileHalted = "advance_while_halted"
    /// One side moved the use case on while the other side rejected the gate it left: the
    /// move stands (the rejection no longer blocks anything once the gate is left); the
    /// rejection is reported and stays in the history.
    case moveOverRejection = "move_over_rejection"
    /// An approval, rejection or withdrawal given at a gate the use case had already left
    /// through the other side's move: skipped (approvals never carry over to another gate).
    case staleGate = "stale_gate"
    /// The same person approved the same gate on both sides: the earlier approval stands.
    case duplicateApproval = "duplicate_approval"
    /// A waiver granted on one side for a control the other side satisfied (evidence or
    /// attestation): the real evidence stands; the waiver is skipped.
    case waiverForSatisfiedControl = "waiver_satisfied"
    /// Both sides halted the use case: the earlier halt (its reason and author) stands.
    case duplicateHalt = "duplicate_halt"
    /// Both sides resumed the same halt: the earlier resume stands.
    case duplicateResume = "duplicate_resume"
    /// Both sides parked the use case: the earlier park (reason, review date) stands.
    case duplicatePark = "duplicate_park"
    /// Both sides unparked the same park: the earlier unpark stands.
    case duplicateUnpark = "duplicate_unpark"
    /// Both sides named an owner (or removed one) for the same role with different results:
    /// the earlier assignment stands; the later one is skipped.
    case concurrentAssign = "concurrent_assign"

    /// One line for the README and `--help`.
    public var summary: String {
        switch self {
        case .divergentMove: "both sides moved the use case from the same stage to different stages: the earlier move stands"
        case .duplicateMove: "both sides made the same move: the earlier one stands"
        case .advanceWhileHalted: "an advance made while the other side had halted the use case: the halt stands, the advance has no effect"
        case .moveOverRejection: "a move out of a gate the other side rejected: the move stands, the rejection is reported"
        case .staleGate: "an approval, rejection or withdrawal for a gate the other side already left: no effect"
        case .duplicateApproval: "the same person approved the same gate on both sides: the earlier approval stands"
        case .waiverForSatisfiedControl: "a waiver for a control the other side satisfied: the evidence stands, the waiver has no effect"
        case .duplicateHalt: "both sides halted: the earlier halt stands"
        case .duplicateResume: "both sides resumed the same halt: the earlier resume stands"
        case .duplicatePark: "both sides parked: the earlier park stands"
        case .duplicateUnpark: "both sides unparked: the earlier unpark stands"
        case .concurrentAssign: "both sides set the same role to different people: the earlier assignment stands"
        }
    }
}
