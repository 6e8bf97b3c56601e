import Foundation
import GateboardCore
import GateboardStore

/// A use case's events written out as the store writes them: `seq` from 1, each event's
/// `state` = SHA-256 of the use case body it produced (conflict skips honoured), `prev` =
/// the hash of the line before, and the use case carrying a fresh anchor.
public struct ChainedLog: Sendable {
    /// The log's bytes, one line per event, each ending in a newline.
    public var data: Data
    public var events: [AuditEvent]
    /// The use case file's model, anchor filled in.
    public var useCase: UseCase
    /// The use case file's text.
    public var fileText: String

    public init(events input: [AuditEvent]) throws(SyncError) {
        let steps: [UseCase]
        do { steps = try UseCase.replaySteps(input) } catch {
            throw SyncError.board("the merged history of \(input.first?.useCase ?? "?") does not replay: \(error)")
        }
        var stated = input
        for i in stated.indices { stated[i].state = SHA256Hex.of(Data(StoreBridge.body(steps[i]).utf8)) }
        let (bytes, events, head) = AuditChain.chain(stated)
        let data = Data(bytes)
        var uc = steps.last!
        uc.audit = AuditAnchor(seq: events.count, head: head, bytes: data.count)
        self.data = data
        self.events = events
        self.useCase = uc
        self.fileText = StoreBridge.fileText(uc)
    }
}
