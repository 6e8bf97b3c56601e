import Foundation
import GateboardCore

/// What one action may write: a use case file no reader would refuse
/// (`BoardFileText.useCaseLimit`), and an audit line of bounded length. Checked once the
/// action's event and the file's new body are built, before anything is written, so an
/// action that would break the board for everyone is refused instead (`invalid_input`).
enum WriteLimits {
    /// The longest audit line an action writes (256 KiB, without its newline).
    static let auditLine = 256 << 10

    /// The anchor at its longest (the largest numbers, a full hash): the room kept after the body.
    static let anchorRoom = UseCaseEmitter.anchor(AuditAnchor(seq: Int.max, head: String(repeating: "f", count: 64),
                                                              bytes: Int.max)).utf8.count

    static func check(_ event: AuditEvent, body: [UInt8]) throws(Refusal) {
        let file = body.count + anchorRoom
        if file > BoardFileText.useCaseLimit {
            throw Refusal(.invalidInput, "this \(event.action.rawValue) would make usecases/\(event.useCase).yaml "
                + "\(FieldLimits.grouped(file)) bytes; the limit for a use case file is \(FieldLimits.grouped(BoardFileText.useCaseLimit)) "
                + "bytes (1 MiB) — nothing was recorded. Shorten the text (notes, references) or record it elsewhere and refer to it")
        }
        let line = AuditEventCodec.encode(event).count
        if line > auditLine {
            throw Refusal(.invalidInput, "this \(event.action.rawValue) would write an audit line of \(FieldLimits.grouped(line)) bytes; "
                + "the limit is \(FieldLimits.grouped(auditLine)) bytes (256 KiB) — nothing was recorded")
        }
    }
}
