import GateboardCore

/// The board's file names, defined once: the store reads and writes by them, and sync
/// (`BoardPaths`) maps them to repository paths by them.
public enum BoardLayout {
    public static let policyFile = "gateboard.yaml"
    public static let useCasesFolder = "usecases"
    public static let auditFolder = "audit"
    /// The board-level log's use case id (`audit/_board.jsonl`).
    public static let boardLogID = "_board"

    /// `usecases/UC-0007.yaml`, relative to the board.
    public static func useCaseFile(_ id: UseCaseID) -> String { useCasesFolder + "/" + id + ".yaml" }
    /// `audit/UC-0007.jsonl`, relative to the board.
    public static func auditFile(_ id: String) -> String { auditFolder + "/" + id + ".jsonl" }
    /// `audit/_board.jsonl`, relative to the board.
    public static var boardLogFile: String { auditFile(boardLogID) }

    /// The use case a board-relative path names (`usecases/UC-0007.yaml` or
    /// `audit/UC-0007.jsonl`); nil for anything else, the board log included.
    public static func useCaseID(forBoardPath rel: String) -> UseCaseID? {
        for (dir, ext) in [(auditFolder + "/", ".jsonl"), (useCasesFolder + "/", ".yaml")] where rel.hasPrefix(dir) && rel.hasSuffix(ext) {
            let name = String(rel.dropFirst(dir.count).dropLast(ext.count))
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("_") else { return nil }
            return name
        }
        return nil
    }
}
