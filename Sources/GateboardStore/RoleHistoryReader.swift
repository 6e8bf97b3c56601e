import Foundation
import GateboardCore

extension BoardStore {
    /// The use case's work window (`RoleHistory`): who held which role on it and who submitted
    /// work, from the earlier of its entry into the current stage and the first time its
    /// material was what it is now, up to now. The material's history is read forwards, decoding
    /// only its create, edit and conflict lines; roles and submissions backwards from the end,
    /// stopping once the window's start is passed and the holder at that start of every role
    /// reassigned in the window is known. Lines of other actions (comments, evidence,
    /// approvals…) are skipped by their first bytes, never decoded. `uc` is the state at the end
    /// of the log (its owners now). nil when the log holds no event.
    public func roleHistory(of uc: UseCase) throws -> RoleHistory? {
        let log = auditLog(uc.id)
        // Where the current material first existed: an artifact changed and changed back does
        // not start a new window. Only create, edit and conflict lines are decoded.
        let material = try events(in: log, wanted: Set(RoleHistory.materialActions.map { Array($0.rawValue.utf8) }),
                                  actions: RoleHistory.materialActions)
        var builder = RoleHistory.Builder(useCase: uc.id, owners: uc.owners,
                                          materialSince: RoleHistory.firstAppearance(of: uc.materialBasis, in: material))
        let prefix = Array(#"{"action":""#.utf8)
        let wanted = Set(RoleHistory.Builder.actions.map { Array($0.rawValue.utf8) })
        try log.walkBackwards { line in
            if line.starts(with: prefix), let end = line.dropFirst(prefix.count).firstIndex(of: UInt8(ascii: "\"")),
               !wanted.contains(Array(line[(line.startIndex + prefix.count)..<end])) {
                return true
            }
            return builder.take(try Self.decode(line, log: log))
        }
        return builder.result()
    }
}
