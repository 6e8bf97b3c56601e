import Foundation
import GateboardCore

/// The full check of one use case's audit log, for callers outside the store (sync, the
/// merge driver, `verify --history`).
package struct LogCheck: Sendable {
    package var events: [AuditEvent]      // decoded events, oldest first
    package var problems: [Diagnostic]    // each with path (the display you passed) and 1-based line
    package var ok: Bool { problems.isEmpty }

    /// chain (seq 1..n, prev), useCase field, every event's `state` equal to the replayed body's
    /// SHA-256, no event dated before the one before it, torn last line reported.
    package static func full(_ bytes: [UInt8], display: String, useCase: String) -> LogCheck {
        let chain = ChainCheck.check(bytes, display: display, useCase: useCase)
        var problems = chain.problems
        let events = chain.events
        for i in events.indices.dropFirst() where events[i].at < events[i - 1].at {
            problems.append(Diagnostic(path: display, line: i + 1, message:
                "event \(i + 1) is dated \(Timestamp.format(events[i].at)), before the event before it (\(Timestamp.format(events[i - 1].at)))"))
        }
        if chain.problems.isEmpty, !events.isEmpty {
            do throws(ReplayError) {
                let steps = try UseCase.replaySteps(events)
                for (i, step) in steps.enumerated()
                where SHA256Hex.of(Data(UseCaseEmitter.body(step).utf8)) != events[i].state {
                    problems.append(Diagnostic(path: display, line: i + 1, message:
                        "event \(i + 1)'s recorded state is not the state replaying events 1–\(i + 1) produces"))
                }
            } catch {
                problems.append(Diagnostic(path: display, line: max(error.seq, 1), message: "replay fails: \(error.message)"))
            }
        }
        problems.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return LogCheck(events: events, problems: problems)
    }
}
