import Foundation
import GateboardCore
@testable import GateboardSync
import Testing

@Suite struct CommitMessageTests {
    func event(_ action: EventAction, _ uc: String, _ details: EventDetails, actor: String = "pri") -> AuditEvent {
        AuditEvent(seq: 1, id: "id-\(uc)-\(action.rawValue)", at: Date(timeIntervalSince1970: 1_795_000_000), actor: actor,
                   osUser: actor, action: action, useCase: uc, details: details)
    }

    @Test func subjectNamesEachAction() {
        let message = CommitMessage.make(for: [
            event(.approve, "UC-0007", EventDetails(role: "risk_reviewer")),
            event(.advance, "UC-0003", EventDetails(from: "checkpoint", to: "release"), actor: "ana"),
        ])
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "gateboard: approve UC-0007 (risk_reviewer), advance UC-0003 → release")
        #expect(lines[1] == "")
        #expect(lines[2] == "- approve UC-0007 (risk_reviewer) by pri at 2026-11-18T11:06:40Z [id-UC-0007-approve]")
    }

    @Test func longListsBecomeACountButTheBodyKeepsEveryAction() {
        let events = (1...12).map { event(.comment, String(format: "UC-%04d", $0), EventDetails(comment: "x")) }
            + [event(.approve, "UC-0001", EventDetails(role: "risk_reviewer"))]
        let message = CommitMessage.make(for: events)
        #expect(message.hasPrefix("gateboard: 13 actions on 12 use cases (comment ×12, approve)\n\n"))
        #expect(message.split(separator: "\n").count == 14)
    }

    @Test func noEventsNamesTheFiles() {
        #expect(CommitMessage.make(for: [], otherFiles: ["gateboard.yaml"]) == "gateboard: update gateboard.yaml")
    }

    @Test func nextFreeIDKeepsPrefixAndWidth() {
        #expect(Renumberer.next(after: "UC-0008", taken: ["UC-0001", "UC-0008", "UC-0009"]) == "UC-0010")
        #expect(Renumberer.next(after: "AI-12", taken: ["AI-12", "UC-0400"]) == "AI-13")
        #expect(Renumberer.next(after: "UC-9999", taken: ["UC-9999"]) == "UC-10000")
    }

    @Test func chainedLogRechainsAndAnchors() throws {
        let h = History().adding("a", 1, "ops", .halt, EventDetails(reason: "r"))
        let log = try ChainedLog(events: h.events)
        #expect(log.events.map(\.seq) == [1, 2])
        #expect(log.events[0].prev == SHA256Hex.zero)
        let lines = log.data.split(separator: 0x0A)
        #expect(log.events[1].prev == SHA256Hex.of(Data(lines[0])))
        #expect(log.useCase.audit == AuditAnchor(seq: 2, head: SHA256Hex.of(Data(lines[1])), bytes: log.data.count))
        #expect(log.fileText.hasSuffix("audit:\n  seq: 2\n  head: \(log.useCase.audit.head)\n  bytes: \(log.data.count)\n"))
        #expect(try StoreBridge.decodeLog(log.data, path: "x") == log.events)
    }

    @Test func unreadableLogLineIsNamedWithItsLine() {
        let data = Data("{\"not\": \"an event\"}\n".utf8)
        #expect(throws: SyncError.self) { try StoreBridge.decodeLog(data, path: "audit/UC-0001.jsonl") }
        do {
            _ = try StoreBridge.decodeLog(data, path: "audit/UC-0001.jsonl")
        } catch {
            #expect(error.description.hasPrefix("audit/UC-0001.jsonl:1: "))
        }
    }
}
