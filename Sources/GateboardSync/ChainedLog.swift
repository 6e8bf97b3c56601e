import Foundation
import GateboardCore
import GateboardStore

/// A use case's events written out as the store writes them (`AuditChain.chainUseCase`):
/// `seq` from 1, each event's `state` = SHA-256 of the use case body it produced (conflict
/// skips honoured), `prev` = the hash of the line before, and the use case with its anchor.
public struct ChainedLog: Sendable {
    /// The log's bytes, one line per event, each ending in a newline.
    public var data: Data
    public var events: [AuditEvent]
    /// The use case file's model, anchor filled in.
    public var useCase: UseCase
    /// The use case file's text.
    public var fileText: String

    public init(events input: [AuditEvent]) throws(SyncError) {
        let chained: (bytes: [UInt8], events: [AuditEvent], useCase: UseCase)
        do { chained = try AuditChain.chainUseCase(input) } catch {
            throw SyncError.board("the merged history of \(input.first?.useCase ?? "?") does not replay: \(error)")
        }
        self.data = Data(chained.bytes)
        self.events = chained.events
        self.useCase = chained.useCase
        self.fileText = try StoreBridge.fileText(chained.useCase)
    }
}
