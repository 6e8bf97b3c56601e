import Foundation
import Synchronization
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
    /// Checks every audit chain and every use case file against its last recorded hash.
    public func verify(progress: ((VerifyProgress) -> Void)? = nil) throws -> VerifyReport {
        var report = VerifyReport(problems: [], notes: [], useCases: 0, events: 0, bytes: 0)
        var ids = Set<String>()
        for name in try useCaseFileNames() where name.hasSuffix(".yaml") {
            let id = String(name.dropLast(5))
            if UseCaseParser.isValidID(id) { ids.insert(id) }
        }
        var total = 0
        for name in try directoryNames(auditDir) {
            if name.contains(".jsonl.torn-") {
                report.notes.append("audit/\(name): a torn line set aside after an interrupted write (kept for inspection)")
                continue
            }
            guard name.hasSuffix(".jsonl") else { continue }
            let id = String(name.dropLast(6))
            var st = stat()
            if lstat(auditDir + "/" + name, &st) == 0 { total += Int(st.st_size) }
            if UseCaseParser.isValidID(id) { ids.insert(id) }
        }
        // Use cases are independent: checked on every core in contiguous chunks, each into its
        // own report, merged in id order so the output is the same as a serial run.
        let done = Mutex<Int>(0)
        nonisolated(unsafe) let progress = progress
        let tick: (Int) -> Void = { n in
            done.withLock { d in
                d += n
                progress?(VerifyProgress(bytesDone: d, bytesTotal: total))
            }
        }
        let sorted = ids.sorted()
        let chunks = sorted.count < 64 ? 1 : min(max(1, ProcessInfo.processInfo.activeProcessorCount), 8) * 4
        var parts = [VerifyReport](repeating: VerifyReport(problems: [], notes: [], useCases: 0, events: 0, bytes: 0), count: chunks)
        parts.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            nonisolated(unsafe) let tick = tick
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                for id in sorted[(sorted.count * c / chunks)..<(sorted.count * (c + 1) / chunks)] {
                    verifyUseCase(id, into: &out[c], tick: tick)
                }
            }
        }
        for part in parts {
            report.problems += part.problems
            report.notes += part.notes
            report.useCases += part.useCases
            report.events += part.events
            report.bytes += part.bytes
        }
        let boardLog = AuditLog(path: boardLogPath, display: boardLogPath)
        if boardLog.exists() {
            let bytes = try boardLog.readAll()
            let check = ChainCheck.check(bytes, display: boardLog.display, useCase: Self.boardLogID, progress: tick)
            report.problems += check.problems
            report.events += check.events.count
            report.bytes += bytes.count
        }
        return report
    }

    /// One use case: first without parsing its YAML (the anchor read by hand; when the body's
    /// hash matches the state its log recorded and replaying the log reproduces it, the file is
    /// exactly what gateboard wrote). Anything amiss: checked again with the full parse, for
    /// located diagnostics.
    func verifyUseCase(_ id: UseCaseID, into report: inout VerifyReport, tick: @escaping (Int) -> Void) {
        var quick = VerifyReport(problems: [], notes: [], useCases: 0, events: 0, bytes: 0)
        if verifyUseCase(id, into: &quick, tick: tick, parse: false), quick.problems.isEmpty {
            report.problems += quick.problems
            report.notes += quick.notes
            report.useCases += quick.useCases
            report.events += quick.events
            report.bytes += quick.bytes
            return
        }
        _ = verifyUseCase(id, into: &report, tick: { _ in }, parse: true)
    }

    /// `parse: false` returns false when the anchor cannot be read by hand (the caller then
    /// parses the file).
    func verifyUseCase(_ id: UseCaseID, into report: inout VerifyReport, tick: @escaping (Int) -> Void, parse: Bool) -> Bool {
        report.useCases += 1
        let log = auditLog(id)
        let filePath = useCasePath(id)
        func problem(_ path: String, _ line: Int? = nil, _ m: String) {
            report.problems.append(Diagnostic(path: path, line: line, message: m))
        }
        guard log.exists() else {
            problem(filePath, nil, "no audit log (audit/\(id).jsonl): the use case's history is missing")
            return true
        }
        let bytes: [UInt8]
        do { bytes = try log.readAll() } catch {
            problem(log.display, nil, "\(error)")
            return true
        }
        report.bytes += bytes.count
        let chain = ChainCheck.check(bytes, display: log.display, useCase: id, progress: tick)
        report.problems += chain.problems
        report.events += chain.events.count
        // The use case file and its anchor.
        let fileBytes: [UInt8]
        switch BoardFileText.readBytes(path: filePath, display: filePath, limit: BoardFileText.useCaseLimit, followSymlinks: false) {
        case .failure(let d):
            var st = stat()
            if lstat(filePath, &st) != 0 && !chain.events.isEmpty && chain.problems.isEmpty {
                report.notes.append("\(id): the use case file is missing but its log holds \(chain.events.count) events (an interrupted create); the next action on it rolls it forward")
            } else {
                report.problems.append(d)
            }
            return true
        case .success(let b): fileBytes = b
        }
        let anchor: AuditAnchor
        if parse {
            switch BoardFileText.decode(fileBytes, display: filePath).flatMap({
                UseCaseParser.parse(text: $0, display: filePath, expectedID: id, policy: nil)
            }) {
            case .failure(let e):
                report.problems += e.diagnostics
                return true
            case .success(let uc): anchor = uc.audit
            }
        } else {
            guard let (_, text) = UseCaseEmitter.split(fileBytes), let a = Self.canonicalAnchor(text) else { return false }
            anchor = a
        }
        guard let (body, anchorText) = UseCaseEmitter.split(fileBytes) else {
            problem(filePath, nil, "no audit anchor at the end of the file: edited outside gateboard")
            return true
        }
        if !anchorText.elementsEqual(UseCaseEmitter.anchor(anchor).utf8) {
            problem(filePath, lineOf(body.count, in: fileBytes), "the audit anchor is not as gateboard writes it: edited outside gateboard")
        }
        let count = chain.events.count
        guard anchor.seq >= 1 else {
            problem(filePath, nil, "audit.seq is 0: the file claims no history")
            return true
        }
        if anchor.seq > count {
            problem(log.display, count + (chain.tornBytes > 0 ? 1 : 0),
                    "the log has \(count) events but \(id).yaml records \(anchor.seq): the newest events were removed")
            return true
        }
        let k = anchor.seq - 1
        if chain.lineHashes[k] != anchor.head {
            problem(log.display, anchor.seq, anchor.seq == count
                    ? "line \(anchor.seq), the newest event, was changed: it no longer matches audit.head in \(id).yaml"
                    : "line \(anchor.seq) does not match audit.head in \(id).yaml: it was changed, or lines were inserted or removed")
        } else if chain.lineEnds[k] != anchor.bytes {
            problem(log.display, anchor.seq, "the log's length at line \(anchor.seq) is \(chain.lineEnds[k]) bytes, \(id).yaml records \(anchor.bytes): lines were changed")
        }
        if anchor.seq < count {
            report.notes.append("\(id): \(count - anchor.seq) event\(count - anchor.seq == 1 ? "" : "s") after the use case file's anchor (an interrupted action); the next action on it rolls the file forward")
        }
        guard k < chain.events.count, chain.events.indices.contains(k) else { return true }
        let recorded = chain.events[k].state
        if SHA256Hex.of(bytes: body) != recorded {
            problem(filePath, nil, "\(id).yaml was edited outside gateboard since event \(anchor.seq) (its content no longer matches the state that event recorded)")
        }
        // The log must reproduce the state it recorded.
        guard chain.problems.isEmpty, chain.events.count == count else { return true }
        do throws(ReplayError) {
            var state = try UseCase.replay(Array(chain.events[...k]))
            state.audit = AuditAnchor()
            if SHA256Hex.of(bytes: Array(UseCaseEmitter.body(state).utf8)) != recorded {
                problem(log.display, anchor.seq, "replaying events 1–\(anchor.seq) does not reproduce the state event \(anchor.seq) recorded")
            }
        } catch {
            problem(log.display, error.seq, "replay fails: \(error.message)")
        }
        return true
    }

    /// The anchor exactly as the emitter writes it, read without YAML; nil for anything else.
    static func canonicalAnchor(_ text: ArraySlice<UInt8>) -> AuditAnchor? {
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count == 5, lines[0] == "audit:", lines[4].isEmpty,
              lines[1].hasPrefix("  seq: "), let seq = Int(lines[1].dropFirst(7)),
              lines[2].hasPrefix("  head: "), lines[3].hasPrefix("  bytes: "), let bytes = Int(lines[3].dropFirst(9)) else { return nil }
        let headText = String(lines[2].dropFirst(8))
        let head = headText == "\"\"" ? "" : headText
        guard head.isEmpty || (head.utf8.count == 64 && head.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        let anchor = AuditAnchor(seq: seq, head: head, bytes: bytes)
        return UseCaseEmitter.anchor(anchor).utf8.elementsEqual(text) ? anchor : nil
    }

    func lineOf(_ offset: Int, in bytes: [UInt8]) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
