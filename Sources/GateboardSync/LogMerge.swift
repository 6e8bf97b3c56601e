import Foundation
import GateboardCore

/// Merges the three versions of one audit log (base, ours, theirs — any may be missing)
/// into one re-chained log and its rebuilt use case. Used by both the merge driver and
/// `sync`, so a plain `git merge` and `gateboard sync` produce the same bytes.
public struct LogMerge: Sendable {
    public var log: ChainedLog
    public var conflicts: [MergeConflict]

    public init(base: Data?, ours: Data?, theirs: Data?, path: String) throws(SyncError) {
        let b = try base.map { d throws(SyncError) in try StoreBridge.decodeLog(d, path: "\(path) (base)") }
        let o = try StoreBridge.decodeLog(ours ?? Data(), path: "\(path) (ours)")
        let t = try StoreBridge.decodeLog(theirs ?? Data(), path: "\(path) (theirs)")
        let merged: MergedHistory
        do { merged = try HistoryMerge.merge(base: b, ours: o, theirs: t) } catch {
            throw SyncError.unresolvedConflict(files: [path], detail: error.description)
        }
        log = try ChainedLog(events: merged.events)
        conflicts = merged.conflicts
    }
}
