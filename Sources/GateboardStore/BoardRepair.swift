import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `repair` did to one use case file.
public struct RepairResult: Equatable, Sendable, CustomStringConvertible {
    public enum Change: String, Equatable, Sendable {
        /// The file was already exactly what its log produces.
        case unchanged
        /// The file was missing and was written from the log.
        case recreated
        /// The file differed from the log's state (edited outside gateboard, or behind the log
        /// after a plain `git pull`) and was rewritten from the log.
        case rebuilt
    }
    public var id: UseCaseID
    public var change: Change
    /// Events in the log.
    public var events: Int

    public var description: String {
        switch change {
        case .unchanged: "\(id): already the state its log records (\(events) events)"
        case .recreated: "\(id): recreated usecases/\(id).yaml from its log (\(events) events)"
        case .rebuilt: "\(id): rebuilt usecases/\(id).yaml from its log (\(events) events); what the file said that the log does not was discarded"
        }
    }
}

extension BoardStore {
    /// Re-derives use case files from their audit logs: the log is the truth and the file is
    /// derived, so a file that was deleted, or edited by hand, is rewritten as its log replays.
    /// Only a log that holds in full (`LogCheck`) is used; a damaged log is reported and
    /// nothing is written for it. An existing file whose anchor shows that the log has lost or
    /// rewritten lines since (an erased tail) is not rebuilt: it is the evidence. Records no event (the record
    /// itself is not changed). `ids` nil: every use case with a log.
    public func repair(_ ids: [UseCaseID]?, now: Date) throws -> [RepairResult] {
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        let targets: [UseCaseID]
        if let ids {
            targets = ids.map { $0.uppercased() }
        } else {
            targets = try directoryNames(auditDir).filter { $0.hasSuffix(".jsonl") }
                .map { String($0.dropLast(6)) }.filter(UseCaseParser.isValidID).sorted()
        }
        var results: [RepairResult] = []
        var problems: [Diagnostic] = []
        for id in targets {
            guard UseCaseParser.isValidID(id) else { throw StoreError.notFound(id) }
            let log = auditLog(id)
            guard log.exists() else {
                if ids != nil { throw StoreError.notFound(id) }
                continue
            }
            var st = stat()
            if board.lstat(useCasePath(id), &st) == 0, let why = BoardFileText.notRegular(st.st_mode) {
                problems.append(Diagnostic(path: useCasePath(id), message: "\(why): remove it, then repair again"))
                continue
            }
            let (_, completeBytes, torn) = try log.lastLines(1)
            if !torn.isEmpty { _ = try log.setAside(torn: torn, completeBytes: completeBytes, files: files, now: now) }
            let check = LogCheck.full(try log.readAll(), display: log.display, useCase: id)
            guard check.ok, var state = check.replayed else {
                problems += check.problems.isEmpty ? [Diagnostic(path: log.display, message: "no events")] : check.problems
                continue
            }
            let body = AuditChain.state(of: state).body
            state.audit = AuditAnchor(seq: check.events.count, head: check.lastLineHash!, bytes: check.lineEnds.last!)
            let text = body + Array(UseCaseEmitter.anchor(state.audit).utf8)
            let existing = BoardFileText.readBytes(board, path: useCasePath(id), display: useCasePath(id), limit: Int.max)
            let change: RepairResult.Change
            switch existing {
            case .success(let bytes) where bytes == text: change = .unchanged
            case .success(let bytes):
                // The file is evidence of what the log held when it was written: a log that has
                // lost or rewritten lines since is not the truth to rebuild from.
                if let why = Self.anchorContradicts(bytes, check: check) {
                    problems.append(Diagnostic(path: useCasePath(id), message: why))
                    continue
                }
                change = .rebuilt
            case .failure: change = board.lstat(useCasePath(id), &st) == 0 ? .rebuilt : .recreated
            }
            if change != .unchanged {
                try ensureDirectories()
                try files.replace(useCasePath(id), with: text)
            }
            results.append(RepairResult(id: id, change: change, events: check.events.count))
        }
        if !problems.isEmpty { throw RepairRefused(repaired: results, problems: problems) }
        return results
    }
}

extension BoardStore {
    /// Why a use case file's anchor says its log lost or rewrote lines (nil when the anchor
    /// names a line of the log, which is all `repair` needs to trust the log over the body).
    static func anchorContradicts(_ fileBytes: [UInt8], check: LogCheck) -> String? {
        let count = check.events.count
        guard let (_, anchorText) = UseCaseEmitter.split(fileBytes), let anchor = UseCaseEmitter.parseAnchor(anchorText) else {
            return "the file has no audit anchor as gateboard writes it, so nothing shows which log it was written from; not rebuilt (in a board kept in git, gateboard sync checks the log's history; otherwise remove the file, then repair)"
        }
        if anchor.seq > count || anchor.bytes > (check.lineEnds.last ?? 0) {
            return "the file records \(anchor.seq) events (\(anchor.bytes) bytes of log) but the log holds \(count) (\(check.lineEnds.last ?? 0) bytes): the log has lost events since; rebuilding would erase them. Restore the log (git checkout, a backup); not rebuilt"
        }
        guard anchor.seq >= 1, ChainCheck.matches(check.lineDigests[anchor.seq - 1], hex: anchor.head),
              check.lineEnds[anchor.seq - 1] == anchor.bytes else {
            return "the file's audit anchor (seq \(anchor.seq)) names no line of the log: the log was rewritten since the file was written; not rebuilt (in a board kept in git, gateboard sync checks the log's history before it rebuilds files)"
        }
        return nil
    }

    /// Use case files that are missing beside a log holding more than a creation: deleted,
    /// not an interrupted create, so the board says so instead of letting the use case vanish.
    func deletedUseCaseFiles(present names: [String]) throws -> [Diagnostic] {
        let have = Set(names)
        var out: [Diagnostic] = []
        for name in try directoryNames(auditDir) where name.hasSuffix(".jsonl") {
            let id = String(name.dropLast(6))
            guard UseCaseParser.isValidID(id), !have.contains(id + ".yaml") else { continue }
            let lines = (try? auditLog(id).lastLines(2).lines) ?? []
            if lines.count < 2 { continue }   // nothing recorded, or only the creation: an interrupted create
            out.append(Diagnostic(path: useCasePath(id), message:
                "missing, but audit/\(name) holds its history: the file was deleted (gateboard repair \(id) rebuilds it from the log)"))
        }
        return out
    }
}

/// Some logs do not hold: nothing was written for them (the others were repaired).
public struct RepairRefused: Error, Sendable, CustomStringConvertible {
    public var repaired: [RepairResult]
    public var problems: [Diagnostic]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
