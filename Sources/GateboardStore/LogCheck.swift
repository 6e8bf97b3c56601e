import Crypto
import Foundation
import GateboardCore

/// The whole check of one use case's audit log, from its bytes alone: what `verify` runs on
/// every log, what an action runs before it builds on a log, and what sync runs on every
/// incoming log before it merges. The log is the truth and the use case file is derived, so
/// this is where "the record holds" is decided:
///
/// - the chain (`ChainCheck`): every line an event of this use case, numbered 1, 2, 3…, each
///   carrying the SHA-256 of the line before it; a torn last line is reported;
/// - time: no event is dated before the event before it (dates are only as honest as the
///   clock, but a clock set back, or lines reordered, show here);
/// - every event's recorded `state` is the SHA-256 of the use case body that replaying the
///   events up to it produces, conflict skips honoured. Not only the last: a forged line in
///   the middle, or an appended `conflict` event that would retroactively skip an earlier
///   decision, changes the replayed state of a line whose recorded state stays as it was.
package struct LogCheck: Sendable {
    /// Decoded events, oldest first (a line that is no event is left out and reported).
    package var events: [AuditEvent] = []
    /// Each with the display path given and the 1-based line; at most about a hundred.
    package var problems: [Diagnostic] = []
    /// SHA-256 of each line without its newline, and the offset just past each line's newline.
    package var lineDigests: [SHA256.Digest] = []
    package var lineEnds: [Int] = []
    /// Bytes after the last newline (a torn write).
    package var tornBytes = 0
    /// The use case the events replay to (anchor empty), when the whole log holds.
    package var replayed: UseCase?

    package var ok: Bool { problems.isEmpty }

    /// `lastLineHash` in hex: what the next `prev` and the file's `audit.head` hold.
    package var lastLineHash: String? { lineDigests.last.map(ChainCheck.hex) }

    package static func full(_ bytes: [UInt8], display: String, useCase: String) -> LogCheck {
        bytes.withUnsafeBytes { full(raw: $0, display: display, useCase: useCase) }
    }

    static func full(raw: UnsafeRawBufferPointer, display: String, useCase: String,
                     progress: ((Int) -> Void)? = nil) -> LogCheck {
        let chain = ChainCheck.check(raw: raw, display: display, useCase: useCase, keepStateOf: nil, progress: progress)
        var c = LogCheck(events: chain.events, problems: chain.problems, lineDigests: chain.lineDigests,
                         lineEnds: chain.lineEnds, tornBytes: chain.tornBytes)
        // Lines that are no event were reported; the checks below need every line's event.
        let complete = chain.events.count == chain.lineDigests.count
        c.problems += timeOrder(chain.events, display: display, numbered: complete)
        guard complete, !chain.events.isEmpty else { return c }
        c.checkStates(display: display)
        return c
    }

    /// The board log (`audit/_board.jsonl`, stand-ups): the chain and time order; its events
    /// record no use case state.
    package static func board(_ bytes: [UInt8], display: String) -> LogCheck {
        bytes.withUnsafeBytes { raw in
            let chain = ChainCheck.check(raw: raw, display: display, useCase: BoardStore.boardLogID)
            var c = LogCheck(events: chain.events, problems: chain.problems, lineDigests: chain.lineDigests,
                             lineEnds: chain.lineEnds, tornBytes: chain.tornBytes)
            c.problems += timeOrder(chain.events, display: display, numbered: chain.events.count == chain.lineDigests.count)
            return c
        }
    }

    /// Events dated before the event before them.
    static func timeOrder(_ events: [AuditEvent], display: String, numbered: Bool) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for i in events.indices.dropFirst() where events[i].at < events[i - 1].at {
            let line = numbered ? i + 1 : nil
            out.append(Diagnostic(path: display, line: line, message:
                "event \(events[i].seq) is dated \(Timestamp.format(events[i].at)), before the event before it (\(Timestamp.format(events[i - 1].at))): events out of order (a clock set back, or lines reordered)"))
            if out.count >= 20 { break }
        }
        return out
    }

    /// Replays the events one by one and compares each recorded `state` with the hash of the
    /// body the replay reached. Stops at the first failure of replay itself.
    private mutating func checkStates(display: String) {
        let skipped = ConflictRecord.skippedIDs(in: events)
        var uc: UseCase
        do { uc = try UseCase.created(by: events[0]) } catch {
            problems.append(Diagnostic(path: display, line: 1, message: "replay fails: \(error.message)"))
            return
        }
        var first: Int?
        var later = 0
        var previousMatched = false
        for i in events.indices {
            var unchanged = i > 0
            if i > 0, !skipped.contains(events[i].id) {
                let before = uc
                do { try uc.apply(events[i]) } catch {
                    problems.append(Diagnostic(path: display, line: i + 1, message: "replay fails: \(error.message)"))
                    return
                }
                unchanged = uc == before
            }
            let recorded = events[i].state
            let matches: Bool
            if unchanged && previousMatched && recorded == events[i - 1].state {
                // The event left the use case as it was (a comment): its recorded state must be
                // the previous one, which was just checked. No body to emit and hash again.
                matches = true
            } else {
                // Hashed in place and compared digit by digit: no copy of the body, no hex string.
                var body = UseCaseEmitter.body(uc)
                matches = body.withUTF8 { ChainCheck.matches(SHA256.hash(data: UnsafeRawBufferPointer($0)), hex: recorded) }
            }
            previousMatched = matches
            if !matches {
                if first == nil {
                    first = i
                    problems.append(Diagnostic(path: display, line: i + 1, message:
                        "event \(events[i].seq) records a state that replaying events 1–\(i + 1) does not produce: the line was forged or edited, or a later event (such as a conflict) was added to change what it did"))
                } else {
                    later += 1
                }
            }
        }
        // Once the replay has left the record, every later state differs too: said once.
        if let first, later > 0 {
            problems.append(Diagnostic(path: display, line: first + 1, message:
                "and \(later) later event\(later == 1 ? "" : "s")' recorded states differ from the replay as well"))
        }
        if problems.isEmpty { replayed = uc }
    }
}
