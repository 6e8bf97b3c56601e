import Foundation
import GateboardCore
import GateboardStore

/// Use case files are derived: exactly the state their log produces, with the anchor of the
/// log's bytes. Sync never takes one as it comes: after a fast-forward it rebuilds every file
/// that came with it, and before committing it rebuilds files left behind their log (a plain
/// `git pull` that brought a log without its file).
struct Rederivation {
    var paths: BoardPaths
    private var git: GitRunner { paths.git }

    /// Rebuilds each use case's file from its log at `rev`; a file that differs is rewritten
    /// in the working tree and staged. The ids rewritten.
    func rebuild(_ ids: [UseCaseID], from rev: String) throws(SyncError) -> [UseCaseID] {
        var fixed: [UseCaseID] = []
        for id in ids {
            guard let log = try git.show(rev, paths.auditPath(id)) else { continue }
            let text = Data(try Self.fileText(forLog: log, path: paths.auditPath(id)).utf8)
            if try paths.read(paths.useCasePath(id)) == text { continue }
            try paths.write(text, to: paths.useCasePath(id))
            try git.check(["add", "--", paths.useCasePath(id)])
            fixed.append(id)
        }
        return fixed
    }

    /// Working-tree use case files behind their log, rebuilt from it when the log is
    /// verified: it passes the full check, and either it only grew since the file was
    /// written (the file's anchor names one of its lines), or it is the committed version
    /// and git's history shows it only ever grew (`HistoryCheck`; a merge re-chains a log, so
    /// a plain `git pull` that merged the log but kept one side's file leaves an anchor that
    /// names no line). A file whose log is not verified (cut short, a line rewritten) is left
    /// for `verify` to report: rebuilding it would launder the cut. The ids rewritten (not
    /// staged: the pending commit takes them).
    func rebuildStale() throws(SyncError) -> [UseCaseID] {
        let audit = paths.board.appendingPathComponent("audit")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: audit.path)) ?? []
        var fixed: [UseCaseID] = []
        for name in names.sorted() where name.hasSuffix(".jsonl") {
            let logPath = paths.prefix + BoardLayout.auditFolder + "/" + name
            guard let id = paths.useCaseID(forRepoPath: logPath),
                  let file = try paths.read(paths.useCasePath(id)) else { continue }
            // The common case costs a stat: the anchor's length is the log's (a same-length
            // edit is tampering for `verify` to find, not a file to rebuild).
            let size = (try? FileManager.default.attributesOfItem(atPath: paths.boardFile(logPath))[.size] as? Int) ?? nil
            if let size, Self.anchor(of: file)?.bytes == size { continue }
            guard let log = try paths.read(logPath) else { continue }
            let lines = HistoryCheck.lines(log)
            guard lines.torn == nil, let last = lines.complete.last else { continue }
            let current = UseCaseEmitter.anchor(AuditAnchor(seq: lines.complete.count, head: StoreBridge.lineHash(last), bytes: log.count))
            if file.suffix(current.utf8.count).elementsEqual(current.utf8) { continue }
            guard LogCheck.full(Array(log), display: logPath, useCase: id).ok else { continue }
            let grew = Self.anchor(of: file).map { anchor in
                anchor.seq >= 1 && anchor.seq < lines.complete.count
                    && StoreBridge.lineHash(lines.complete[anchor.seq - 1]) == anchor.head
                    && lines.complete[..<anchor.seq].reduce(0, { $0 + $1.count + 1 }) == anchor.bytes
            } ?? false
            if !grew {
                guard try git.show("HEAD", logPath) == log,
                      try HistoryCheck(paths: paths).run(["HEAD"], logs: [logPath]).ok else { continue }
            }
            try paths.write(Data(try Self.fileText(forLog: log, path: logPath).utf8), to: paths.useCasePath(id))
            fixed.append(id)
        }
        return fixed
    }

    /// The use case file a log produces: its replayed state, anchored at the log's end.
    static func fileText(forLog data: Data, path: String) throws(SyncError) -> String {
        let events = try StoreBridge.decodeLog(data, path: path)
        var useCase: UseCase
        do { useCase = try UseCase.replay(events) } catch {
            throw SyncError.board("\(path): the log does not replay: \(error)")
        }
        let lines = HistoryCheck.lines(data).complete
        useCase.audit = AuditAnchor(seq: events.count, head: lines.last.map(StoreBridge.lineHash) ?? "",
                                    bytes: lines.reduce(0) { $0 + $1.count + 1 })
        return try StoreBridge.fileText(useCase)
    }

    /// The anchor at the end of a use case file, in the exact form the store writes it.
    static func anchor(of file: Data) -> AuditAnchor? {
        let text = String(decoding: file.suffix(256), as: UTF8.self)
        guard let range = text.range(of: "\naudit:\n", options: .backwards) else { return nil }
        let lines = text[range.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == 4, lines[3].isEmpty, lines[0].hasPrefix("  seq: "), lines[1].hasPrefix("  head: "),
              lines[2].hasPrefix("  bytes: "), let seq = Int(lines[0].dropFirst(7)), let bytes = Int(lines[2].dropFirst(9)) else { return nil }
        return AuditAnchor(seq: seq, head: String(lines[1].dropFirst(8)), bytes: bytes)
    }

    /// The commit message for files rebuilt after a fast-forward.
    static func message(_ ids: [UseCaseID], source: String) -> String {
        "gateboard: rebuild \(ids.joined(separator: ", ")) from \(ids.count == 1 ? "its log" : "their logs")\n\n"
            + "The use case file\(ids.count == 1 ? "" : "s") received from \(source) did not hold the state "
            + "\(ids.count == 1 ? "its log produces" : "their logs produce"); use case files are derived from their logs.\n"
    }
}
