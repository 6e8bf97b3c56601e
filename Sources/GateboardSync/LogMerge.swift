import Foundation
import GateboardCore

/// Merges two versions of one audit log (either may be missing) into one re-chained log
/// and its rebuilt use case. Used by the merge driver, `sync` and `verify --history`, so a
/// plain `git merge` and `gateboard sync` produce the same bytes, and git can witness them.
///
/// The merge is a function of the two sides alone. The merge base adds nothing: both sides
/// are checked to extend it (`HistoryCheck`) before anything is merged, so every event it
/// had is on both sides; and a result that depends only on the merge commit's two parents is
/// one `verify --history` can recompute from the commit itself, criss-cross merges included.
public struct LogMerge: Sendable {
    public var log: ChainedLog
    public var conflicts: [MergeConflict]

    public init(ours: Data?, theirs: Data?, path: String) throws(SyncError) {
        let o = try StoreBridge.decodeLog(ours ?? Data(), path: "\(path) (ours)")
        let t = try StoreBridge.decodeLog(theirs ?? Data(), path: "\(path) (theirs)")
        let merged: MergedHistory
        do { merged = try HistoryMerge.merge(ours: o, theirs: t) } catch {
            throw SyncError.unresolvedConflict(files: [path], detail: error.description)
        }
        log = try ChainedLog(events: merged.events)
        conflicts = merged.conflicts
    }
}
