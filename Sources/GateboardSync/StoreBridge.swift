import Foundation
import GateboardCore
import GateboardStore

/// The store's formats, as sync needs them: one audit line ↔ one event, and the use case
/// file's body (whose SHA-256 is an event's `state`). Everything sync writes goes through
/// these, so a merged board is byte-for-byte what the store itself would have written.
enum StoreBridge {
    /// The events of one audit log, oldest first. A torn (unterminated) last line is not an
    /// event: the store sets it aside on its next write, and a merge never builds on it.
    static func decodeLog(_ data: Data, path: String) throws(SyncError) -> [AuditEvent] {
        var events: [AuditEvent] = []
        var lineNumber = 0
        var start = data.startIndex
        while let nl = data[start...].firstIndex(of: 0x0A) {
            lineNumber += 1
            let line = data[start..<nl]
            start = data.index(after: nl)
            if line.isEmpty { continue }
            do {
                events.append(try AuditEventCodec.decode(Array(line)))
            } catch {
                throw SyncError.board("\(path):\(lineNumber): \(error)")
            }
        }
        return events
    }

    /// One line without its newline.
    static func encodeLine(_ event: AuditEvent) -> Data { Data(AuditEventCodec.encode(event)) }

    static func body(_ useCase: UseCase) -> String { UseCaseEmitter.body(useCase) }
    static func fileText(_ useCase: UseCase) -> String { UseCaseEmitter.text(useCase) }

    /// The hash a line is chained by (`prev` of the next event, `head` of the anchor): the
    /// SHA-256 of the line's bytes without its newline.
    static func lineHash(_ line: Data) -> String { AuditChain.hash(line) }
}

