import Foundation
import GateboardCore

/// Board-level events (`audit/_board.jsonl`), such as a stand-up held: chained like a use
/// case's log, with `useCase` set to `_board`.
extension BoardStore {
    public static let boardLogID = BoardLayout.boardLogID

    /// Appends one board event under the board lock. `action` is e.g. `.standup`.
    @discardableResult
    public func appendBoardEvent(_ action: EventAction, details: EventDetails, actor: PersonID, osUser: String, now: Date) throws -> AuditEvent {
        try appendBoardEvent(action, actor: actor, osUser: osUser, now: now) { _ in details }
    }

    /// The same, with the details decided under the lock from the policy as it stands then
    /// (delegations included): a refusal there writes nothing.
    func appendBoardEvent(_ action: EventAction, actor: PersonID, osUser: String, now: Date,
                          decide: (Policy) throws -> EventDetails) throws -> AuditEvent {
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        try ensureDirectories()
        let log = boardLog
        var (tail, completeBytes, torn) = try log.lastLines(1)
        if !torn.isEmpty {
            _ = try log.setAside(torn: torn, completeBytes: completeBytes, files: files, now: now)
        }
        // Read after a torn tail is set aside: the delegations as the whole log records them.
        let policy = try loadPolicyAndDigest(fromFileOnly: true).policy
        guard policy.person(actor) != nil else {
            throw Refusal(.unknownPerson, "unknown person \(actor): not among the people in the board's policy")
        }
        if action == .delegate || action == .delegateCancel, log.exists() {
            // Judged against every delegation recorded: a log that does not hold gives none.
            let problems = LogCheck.board(try log.readAll(), display: log.display).problems
            if !problems.isEmpty {
                throw BoardInvalid(problems + [Diagnostic(path: log.display, message: "the board log does not hold, so no delegation builds on it; run gateboard verify")])
            }
        }
        let details = try decide(policy)
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
        try signIfRequired(&event, origin: SignedPayload.boardOrigin, policy: policy)
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
