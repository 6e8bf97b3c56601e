/// The range every number in the policy must fall in, and the characters its ids may use.
/// The parser refuses anything outside these with a located diagnostic, so the engine, the
/// triage and the action decider only ever see values whose arithmetic cannot overflow
/// (the largest, 3,650 days, is ten years; a quorum of 100 is far beyond any board).
public enum PolicyRanges {
    /// `quorum` of an approval rule: how many approvals the role must give.
    public static let quorum = 1...100
    /// A stage's `sla` per tier, in days (0: the stage must be left the day it is entered).
    public static let slaDays = 0...3650
    /// `productionReviewDays` per tier: a live use case is reviewed at least this often.
    public static let productionReviewDays = 1...3650
    /// `waivers.maxDays` per tier (0: a waiver may run to the end of the day it is granted).
    public static let waiverMaxDays = 0...3650
    /// A gate's `approvalExpiryDays`.
    public static let approvalExpiryDays = 1...3650
    /// `triage.approvalWaitDays`, `triage.haltedDays`, `triage.waiverWarnDays`.
    public static let triageDays = 0...3650
    /// `triage.stallWarnFraction`: greater than 0, at most 1.
    public static let stallWarnFractionText = "greater than 0 and at most 1"
    public static func isStallWarnFraction(_ v: Double) -> Bool { v > 0 && v <= 1 }

    /// Longest id of a tier, role, stage, person or control.
    public static let idMaxLength = 64
    /// Ids of tiers, roles, stages, people and controls: ASCII only, so that no two ids can
    /// look alike (`priya` and `priуa` with a Cyrillic у): a letter or digit first, then
    /// letters, digits, `_`, `-` and `.`; at most 64 characters.
    public static let idRule = "ASCII letters, digits, '_', '-' and '.', starting with a letter or digit, at most 64 characters"

    public static func isValidID(_ id: String) -> Bool {
        let b = Array(id.utf8)
        guard !b.isEmpty, b.count <= idMaxLength, isAlnum(b[0]) else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x2E }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }
}
