import Foundation
import GateboardCore

/// Reading audit logs from the end: the stand-up, triage and activity panes need only the
/// newest events, and a log only grows, so they never read a whole log to show its tail.
extension AuditLog {
    /// Visits the complete lines from the newest back, reading the file backwards in chunks of
    /// `chunk` bytes; `visit` returns false to stop. A torn last line (no newline) is skipped.
    func walkBackwards(chunk: Int = 64 * 1024, _ visit: (ArraySlice<UInt8>) throws -> Bool) throws {
        var end = try size()
        // Bytes of the line that ends where the last read began (its newline already seen).
        var rest: [UInt8] = []
        var sawTerminator = false
        while end > 0 {
            let start = max(0, end - max(1, chunk))
            var data = try read(offset: start, count: end - start)
            data += rest
            end = start
            if !sawTerminator {
                guard let nl = data.lastIndex(of: 0x0A) else {
                    rest = data          // all torn so far: keep looking for the last newline
                    continue
                }
                data.removeSubrange(nl...)
                sawTerminator = true
            }
            var e = data.count
            while let nl = data[..<e].lastIndex(of: 0x0A) {
                if nl + 1 < e, try !visit(data[(nl + 1)..<e]) { return }
                e = nl
            }
            rest = Array(data[..<e])
        }
        // The file's first line.
        if sawTerminator, !rest.isEmpty { _ = try visit(rest[...]) }
    }
}

extension BoardStore {
    /// A use case's events after `since` (oldest first), read backwards from the end of its
    /// log chunk by chunk and stopping at the first event at or before `since`: the cost is
    /// the tail, not the log. An event is "after" when `at > since`, as `Standup.report` counts.
    public func events(for id: UseCaseID, since: Date) throws -> [AuditEvent] {
        let log = auditLog(id.uppercased())
        return try Self.eventsBackwards(log, since: since)
    }

    /// The newest board event (`audit/_board.jsonl`) of this kind at or before `notAfter`,
    /// read backwards from the end of the log.
    public func latestBoardEvent(_ action: EventAction, notAfter: Date) throws -> AuditEvent? {
        let log = boardLog
        var found: AuditEvent?
        try log.walkBackwards { line in
            let e = try Self.decode(line, log: log)
            if e.action == action && e.at <= notAfter { found = e; return false }
            return true
        }
        return found
    }

    /// A use case's first events (oldest first), read forwards in chunks and stopping after the
    /// first event for which `through` is true (included): for questions about the early
    /// history (was risk engaged before build?) without reading the rest of the log.
    public func events(for id: UseCaseID, through stop: (AuditEvent) -> Bool) throws -> [AuditEvent] {
        try Self.eventsForwards(auditLog(id.uppercased()), through: stop)
    }

    static func eventsForwards(_ log: AuditLog, chunk: Int = 64 * 1024, through stop: (AuditEvent) -> Bool) throws -> [AuditEvent] {
        let total = try log.size()
        var out: [AuditEvent] = []
        var offset = 0
        var carry: [UInt8] = []
        while offset < total {
            let data = carry + (try log.read(offset: offset, count: min(max(1, chunk), total - offset)))
            offset += data.count - carry.count
            var start = 0
            while let nl = data[start...].firstIndex(of: 0x0A) {
                if nl > start {
                    let e = try decode(data[start..<nl], log: log)
                    out.append(e)
                    if stop(e) { return out }
                }
                start = nl + 1
            }
            carry = Array(data[start...])   // a line cut by the chunk (or a torn last line)
        }
        return out
    }

    static func eventsBackwards(_ log: AuditLog, since: Date, chunk: Int = 64 * 1024) throws -> [AuditEvent] {
        var newestFirst: [AuditEvent] = []
        try log.walkBackwards(chunk: chunk) { line in
            let e = try decode(line, log: log)
            guard e.at > since else { return false }
            newestFirst.append(e)
            return true
        }
        return newestFirst.reversed()
    }

    static func decode(_ line: ArraySlice<UInt8>, log: AuditLog) throws -> AuditEvent {
        do { return try AuditEventCodec.decode(Array(line)) } catch {
            throw BoardInvalid([Diagnostic(path: log.display, message: "an event near the end: \(error)")])
        }
    }
}

extension BoardStore {
    /// The events of these actions only, of each use case in turn (oldest first per use case),
    /// the logs read on every core. Lines are written with `action` as their first key, so a
    /// line of another action is skipped by its first bytes, never decoded; a line that does
    /// not start that way is decoded and judged by its action. For the portfolio report,
    /// which needs a use case's moves, not its million comments.
    public func events(for ids: [UseCaseID], only actions: Set<EventAction>) throws -> [AuditEvent] {
        let wanted = Set(actions.map { Array($0.rawValue.utf8) })
        let slots = ConcurrentSlots<Result<[AuditEvent], Error>>(count: ids.count)
        let read: @Sendable (Int) -> Void = { [self] i in
            slots.set(i, Result { try self.events(in: self.auditLog(ids[i].uppercased()), wanted: wanted, actions: actions) })
        }
        if ids.count >= 16 {
            let next = ProgressCounter(total: 0, progress: nil)
            DispatchQueue.concurrentPerform(iterations: max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))) { _ in
                while true {
                    let i = next.take()
                    guard i < ids.count else { return }
                    read(i)
                }
            }
        } else {
            for i in ids.indices { read(i) }
        }
        var out: [AuditEvent] = []
        for i in ids.indices {
            var result: Result<[AuditEvent], Error> = .success([])
            slots.update(i) { swap(&result, &$0) }
            out += try result.get()
        }
        return out
    }

    private func events(in log: AuditLog, wanted: Set<[UInt8]>, actions: Set<EventAction>) throws -> [AuditEvent] {
        let prefix = Array(#"{"action":""#.utf8)
        let bytes = try log.readAll()
        return try bytes.withUnsafeBytes { raw in
            let (lines, _) = AuditLog.splitLines(raw)
            var out: [AuditEvent] = []
            for (n, range) in lines.enumerated() {
                let line = UnsafeRawBufferPointer(rebasing: raw[range])
                if line.starts(with: prefix), let end = line[prefix.count...].firstIndex(of: UInt8(ascii: "\"")),
                   !wanted.contains(Array(line[prefix.count..<end])) {
                    continue
                }
                let e: AuditEvent
                do { e = try AuditEventCodec.decode(line) } catch {
                    throw BoardInvalid([Diagnostic(path: log.display, line: n + 1, message: "\(error)")])
                }
                if actions.contains(e.action) { out.append(e) }
            }
            return out
        }
    }
}
