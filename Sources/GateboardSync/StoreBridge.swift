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
        do { return try AuditChain.decode(Array(data), display: path) } catch {
            throw SyncError.board(error.description)
        }
    }

    /// One line without its newline.
    static func encodeLine(_ event: AuditEvent) -> Data { Data(AuditEventCodec.encode(event)) }

    static func body(_ useCase: UseCase) -> String { UseCaseEmitter.body(useCase) }
    /// The use case file's text, refused past the size every reader accepts: two histories
    /// each under the limit can merge into one over it, and a file no reader opens would
    /// break the board for everyone who pulls it. The store refuses such an action
    /// (`WriteLimits`); sync refuses such a merge, before anything is written.
    static func fileText(_ useCase: UseCase) throws(SyncError) -> String {
        let text = UseCaseEmitter.text(useCase)
        let size = text.utf8.count
        if size > BoardFileText.useCaseLimit {
            throw SyncError.board("the merged history of \(useCase.id) would make usecases/\(useCase.id).yaml "
                + "\(FieldLimits.grouped(size)) bytes; the limit for a use case file is \(FieldLimits.grouped(BoardFileText.useCaseLimit)) "
                + "bytes (1 MiB) — nothing was merged or written. Shorten the notes on one side (retire the use case "
                + "and open a new one, or record the long text elsewhere and refer to it), then sync again")
        }
        return text
    }

    /// The hash a line is chained by (`prev` of the next event, `head` of the anchor): the
    /// SHA-256 of the line's bytes without its newline.
    static func lineHash(_ line: Data) -> String { AuditChain.hash(line) }
}

