import Foundation
import GateboardCore

/// Board-level events (`audit/_board.jsonl`), such as a stand-up held: chained like a use
/// case's log, with `useCase` set to `_board`.
extension BoardStore {
    public static let boardLogID = BoardLayout.boardLogID

    /// Appends one board event under the board lock. `action` is e.g. `.standup`.
    @discardableResult
    public func appendBoardEvent(_ action: EventAction, details: EventDetails, actor: PersonID, osUser: String, now: Date) throws -> AuditEvent {
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        try ensureDirectories()
        let log = boardLog
        var (tail, completeBytes, torn) = try log.lastLines(1)
        if !torn.isEmpty {
            _ = try log.setAside(torn: torn, completeBytes: completeBytes, files: files, now: now)
        }
        var seq = 0
        var prev = SHA256Hex.zero
        if let last = tail.last {
            let lastEvent: AuditEvent
            do { lastEvent = try AuditEventCodec.decode(Array(last)) } catch {
                throw BoardInvalid([Diagnostic(path: log.display, message: "the last board event is unreadable (\(error)); run gateboard verify")])
            }
            seq = lastEvent.seq
            prev = AuditChain.hash(last)
            try Self.checkOrder(now: now, after: lastEvent.at, in: BoardLayout.boardLogFile)
        }
        tail = []
        var event = AuditEvent(seq: seq + 1, id: UUID().uuidString.lowercased(), at: now, actor: actor, osUser: osUser,
                               action: action, useCase: Self.boardLogID, details: details, state: "", prev: prev,
                               realAt: realClockBeside(now))
        try signIfRequired(&event, origin: SignedPayload.boardOrigin, policy: try loadPolicyAndDigest(fromFileOnly: true).policy)
        _ = try log.append(AuditEventCodec.encode(event), files: files, expectedSize: completeBytes)
        return event
    }

    /// Board events, oldest first; `count` limits to the newest ones (read from the end).
    public func boardEvents(count: Int? = nil) throws -> [AuditEvent] {
        let log = boardLog
        guard log.exists() else { return [] }
        let lines: [ArraySlice<UInt8>]
        if let count {
            lines = try log.lastLines(count).lines
        } else {
            let bytes = try log.readAll()
            lines = bytes.withUnsafeBytes { raw in AuditLog.splitLines(raw).lines.map { bytes[$0] } }
        }
        return try lines.map { line in
            do { return try AuditEventCodec.decode(Array(line)) } catch {
                throw BoardInvalid([Diagnostic(path: log.display, message: "unreadable board event: \(error)")])
            }
        }
    }
}
