import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `verify` found: every problem with its file and line, plus notes that are not
/// problems (an interrupted action the next write will roll forward, set-aside torn lines).
public struct VerifyReport: Equatable, Sendable {
    public var problems: [Diagnostic]
    public var notes: [String]
    public var useCases: Int
    public var events: Int
    public var bytes: Int
    /// True only when nothing is wrong.
    public var ok: Bool { problems.isEmpty }
}

/// Bytes of audit log checked so far, of the total.
public struct VerifyProgress: Equatable, Sendable {
    public var bytesDone: Int
    public var bytesTotal: Int
}

extension BoardStore {
    /// Checks every audit log in full (`LogCheck`: chain, time order, every event's recorded
    /// state against the replay) and every use case file against the state its anchor's event recorded.
    public func verify(progress: ((VerifyProgress) -> Void)? = nil) throws -> VerifyReport {
        var report = VerifyReport(problems: symlinkProblems(), notes: [], useCases: 0, events: 0, bytes: 0)
        // Signed decisions: every signature checked against the policy's keys (an unreadable
        // policy is reported by validate; the chains are still checked).
        let policy = try? loadPolicyAndDigest(fromFileOnly: true).policy
        var ids = Set<String>()
        // A folder that is a link is reported above and not read through.
        func listed(_ names: () throws -> [String]) throws -> [String] {
            do { return try names() } catch where !report.problems.isEmpty { return [] }
        }
        for name in try listed({ try useCaseFileNames() }) where name.hasSuffix(".yaml") {
            let id = String(name.dropLast(5))
            if UseCaseParser.isValidID(id) { ids.insert(id) }
        }
        var total = 0
        for name in try listed({ try directoryNames(auditDir) }) {
            if name.contains(".jsonl.torn-") {
                report.notes.append("audit/\(name): a torn line set aside after an interrupted write (kept for inspection)")
                continue
            }
            guard name.hasSuffix(".jsonl") else { continue }
            let id = String(name.dropLast(6))
            var st = stat()
            if board.lstat(auditDir + "/" + name, &st) == 0 { total += Int(st.st_size) }
            if UseCaseParser.isValidID(id) { ids.insert(id) }
        }
        // Use cases are independent: check them on every core, then merge in id order.
        let sorted = ids.sorted()
        let counter = ProgressCounter(total: total, progress: progress)
        let tick: @Sendable (Int) -> Void = { counter.add($0) }
        let parts = ParallelWork.map(count: sorted.count) { k in
            var part = VerifyReport(problems: [], notes: [], useCases: 0, events: 0, bytes: 0)
            self.verifyUseCase(sorted[k], into: &part, tick: tick, policy: policy)
            return part
        }
        for part in parts {
            report.problems += part.problems
            report.notes += part.notes
            report.useCases += part.useCases
            report.events += part.events
            report.bytes += part.bytes
        }
        let boardLog = self.boardLog
        if boardLog.exists() {
            let bytes: [UInt8]
            do { bytes = try boardLog.readAll() } catch {
                // A link (reported above) or a FIFO in its place: a problem, not a failure to verify.
                if !report.problems.contains(where: { $0.path == boardLog.path }) {
                    report.problems.append(Diagnostic(path: boardLog.display, message: "\(error)"))
                }
                return report
            }
            let check = LogCheck.board(bytes, display: boardLog.display)
            tick(bytes.count)
            report.problems += check.problems
            if let policy { report.problems += SignatureCheck.check(check.events, policy: policy, display: boardLog.display).problems }
            report.events += check.events.count
            report.bytes += bytes.count
        }
        return report
    }

    func verifyUseCase(_ id: UseCaseID, into report: inout VerifyReport, tick: @escaping (Int) -> Void, policy: Policy? = nil) {
        report.useCases += 1
        let log = auditLog(id)
        let filePath = useCasePath(id)
        func problem(_ path: String, _ line: Int? = nil, _ m: String) {
            report.problems.append(Diagnostic(path: path, line: line, message: m))
        }
        let bytes: [UInt8]
        do {
            guard let whole = try log.readWhole() else {
                problem(filePath, nil, "no audit log (audit/\(id).jsonl): the use case's history is missing")
                return
            }
            bytes = whole
        } catch {
            problem(log.display, nil, "\(error)")
            return
        }
        report.bytes += bytes.count
        // The use case file first: its anchor names the one line whose recorded state matters.
        let file = BoardFileText.readBytes(board, path: filePath, display: filePath, limit: BoardFileText.useCaseLimit)
        var parts: (body: ArraySlice<UInt8>, anchor: ArraySlice<UInt8>)?
        var parsedAnchor: AuditAnchor?
        if case .success(let b) = file, let split = UseCaseEmitter.split(b) {
            parts = split
            parsedAnchor = UseCaseEmitter.parseAnchor(split.anchor)
        }
        // Every line: the chain, time order, and each event's recorded state against the replay.
        let chain = bytes.withUnsafeBytes { LogCheck.full(raw: $0, display: log.display, useCase: id, progress: tick) }
        report.problems += chain.problems
        if let policy {
            report.problems += SignatureCheck.check(chain.events, policy: policy, display: log.display).problems
            let uncovered = Self.uncoveredDecisions(chain.events, policy: policy, display: log.display)
            report.problems += uncovered.problems
            report.notes += uncovered.notes
        }
        report.events += chain.events.count
        // The use case file and its anchor.
        let fileBytes: [UInt8]
        switch file {
        case .failure(let d):
            var st = stat()
            let missing = board.lstat(filePath, &st) != 0
            if missing && chain.events.count == 1 && chain.events[0].action == .create && chain.problems.isEmpty {
                report.notes.append("\(id): the use case file is missing but its log holds its creation (an interrupted create); the next action on it rolls it forward")
            } else if missing && bytes.isEmpty {
                // A create killed between creating the log and writing its first line: nothing
                // was recorded (the next create takes the following id).
                report.notes.append("\(id): an empty audit log and no use case file (a create interrupted before it recorded anything)")
            } else if missing {
                problem(filePath, nil, "the use case file is missing but its log holds \(chain.events.count) events: it was deleted (gateboard repair \(id) rebuilds it from the log)")
            } else {
                report.problems.append(d)
            }
            return
        case .success(let b): fileBytes = b
        }
        // No YAML parse needed: the body is checked by its hash, the anchor by its exact form.
        guard let (body, _) = parts else {
            problem(filePath, nil, "no audit anchor at the end of the file: edited outside gateboard")
            return
        }
        guard let anchor = parsedAnchor else {
            problem(filePath, lineOf(body.count, in: fileBytes), "the audit anchor is not as gateboard writes it: edited outside gateboard")
            return
        }
        let count = chain.events.count
        guard anchor.seq >= 1 else {
            problem(filePath, nil, "audit.seq is 0: the file claims no history")
            return
        }
        if anchor.seq > count {
            problem(log.display, count + (chain.tornBytes > 0 ? 1 : 0),
                    "the log has \(count) events but \(id).yaml records \(anchor.seq): the newest events were removed")
            return
        }
        let k = anchor.seq - 1
        if !ChainCheck.matches(chain.lineDigests[k], hex: anchor.head) {
            problem(log.display, anchor.seq, anchor.seq == count
                    ? "line \(anchor.seq), the newest event, was changed: it no longer matches audit.head in \(id).yaml"
                    : "line \(anchor.seq) does not match audit.head in \(id).yaml: it was changed, or lines were inserted or removed")
        } else if chain.lineEnds[k] != anchor.bytes {
            problem(log.display, anchor.seq, "the log's length at line \(anchor.seq) is \(chain.lineEnds[k]) bytes, \(id).yaml records \(anchor.bytes): lines were changed")
        }
        if anchor.seq < count {
            report.notes.append("\(id): \(count - anchor.seq) event\(count - anchor.seq == 1 ? "" : "s") after the use case file's anchor (an interrupted action); the next action on it rolls the file forward")
        }
        guard k < chain.events.count, chain.events.indices.contains(k) else { return }
        let recorded = chain.events[k].state
        if SHA256Hex.of(bytes: body) != recorded {
            problem(filePath, nil, "\(id).yaml was edited outside gateboard since event \(anchor.seq) (its content no longer matches the state that event recorded)")
        }
    }

    func lineOf(_ offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}

/// Progress shared by the verifying threads: one lock, callbacks in order of bytes done.
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let progress: ((VerifyProgress) -> Void)?

    init(total: Int, progress: ((VerifyProgress) -> Void)?) {
        self.total = total
        self.progress = progress
    }

    func add(_ n: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += n
        progress?(VerifyProgress(bytesDone: done, bytesTotal: total))
    }
}

/// A value on the heap: keeps large values out of arrays and dictionaries of small ones.
final class Boxed<T: Sendable>: Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
