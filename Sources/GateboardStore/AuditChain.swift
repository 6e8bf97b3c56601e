import Foundation
import GateboardCore

/// The one place chained audit lines are made and read back, for every writer: an action
/// (`BoardTransaction`), a board event (`BoardEvents`), a merge (sync's `ChainedLog` and the
/// merge driver) and the bench's generator. A line is `AuditEventCodec.encode(event)`; it is
/// chained by `prev` = SHA-256 of the previous line's bytes (64 zeros for the first), and a
/// use case event's `state` is the SHA-256 of the body it produced. Checking a chain is
/// `ChainCheck` (the chain alone) and `LogCheck` (the whole record).
package enum AuditChain {
    /// The hash a line is chained by: `prev` of the next event, `head` of the anchor.
    package static func hash(_ line: some ContiguousBytes) -> String { SHA256Hex.of(bytes: line) }

    /// `prev` for the event after the line whose hash is `head` ("" or nil: the first event).
    package static func prev(after head: String?) -> String {
        guard let head, !head.isEmpty else { return SHA256Hex.zero }
        return head
    }

    /// The recorded state of a use case: the SHA-256 of its file's body (anchor left out).
    package static func state(of useCase: UseCase) -> (body: [UInt8], hash: String) {
        var uc = useCase
        uc.audit = AuditAnchor()
        let body = Array(UseCaseEmitter.body(uc).utf8)
        return (body, SHA256Hex.of(bytes: body))
    }

    /// Events written as one log from seq 1: each renumbered and chained to the line before;
    /// `state` is left as given. For logs without use case state (`audit/_board.jsonl`).
    package static func chain(_ input: [AuditEvent]) -> (bytes: [UInt8], events: [AuditEvent], head: String) {
        var bytes: [UInt8] = []
        var events: [AuditEvent] = []
        events.reserveCapacity(input.count)
        var prev = SHA256Hex.zero
        for (i, e) in input.enumerated() {
            var e = e
            e.seq = i + 1
            e.prev = prev
            let line = AuditEventCodec.encode(e)
            prev = hash(line)
            bytes += line
            bytes.append(0x0A)
            events.append(e)
        }
        return (bytes, events, prev)
    }

    /// A use case's events written as its log from seq 1, each `state` recomputed from the
    /// replay (conflict skips honoured), and the use case they produce with its anchor filled in.
    package static func chainUseCase(_ input: [AuditEvent]) throws(ReplayError) -> (bytes: [UInt8], events: [AuditEvent], useCase: UseCase) {
        let steps = try UseCase.replaySteps(input)
        var withStates = input
        for i in withStates.indices { withStates[i].state = state(of: steps[i]).hash }
        let (bytes, events, head) = chain(withStates)
        var uc = steps.last!
        uc.audit = AuditAnchor(seq: events.count, head: head, bytes: bytes.count)
        return (bytes, events, uc)
    }

    /// Every complete line of a log as an event, oldest first; a torn last line (no newline)
    /// is not an event and is left out. An unreadable line throws, naming `display:line`.
    package static func decode(_ bytes: [UInt8], display: String) throws(BoardInvalid) -> [AuditEvent] {
        let result: Result<[AuditEvent], BoardInvalid> = bytes.withUnsafeBytes { raw in
            var out: [AuditEvent] = []
            for (n, range) in AuditLog.splitLines(raw).lines.enumerated() where !range.isEmpty {
                do { out.append(try AuditEventCodec.decode(UnsafeRawBufferPointer(rebasing: raw[range]))) } catch {
                    return .failure(BoardInvalid([Diagnostic(path: display, line: n + 1, message: "\(error)")]))
                }
            }
            return .success(out)
        }
        return try result.get()
    }
}
