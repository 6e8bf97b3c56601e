import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// An action skips the YAML parse of a use case file that is exactly the state its log's last
/// line recorded (`BoardTransaction.fileAsRecorded`). A forger who writes a consistent log
/// (the chain and every recorded state recomputed) and its file controls what that state
/// holds: whatever the full parse refused in it must still refuse the action, naming the file,
/// as `check` (which parses) refuses it.
@Suite struct QuickReadForgeryTests {
    /// UC-0001 created and commented on, then a forged line appended after the comment, its
    /// details what `forge` makes them; log and file consistent.
    static func forged(_ action: EventAction, _ forge: (inout EventDetails) -> Void) throws -> TestBoard {
        let b = try TestBoard()
        try b.create()
        try b.record("UC-0001", .comment, EventDetails(comment: "before"), by: "sam")
        var events = try IntegrityTests.events(b)
        var e = events[1]
        e.id = "forged"
        e.action = action
        e.details = EventDetails()
        forge(&e.details)
        events.append(e)
        try IntegrityTests.writeConsistent(b, events)
        return b
    }

    /// A delegated attestation 'for' a person the policy does not know: the parse says
    /// "for: unknown person", so must the action (and `check`).
    @Test func anAttestationForAnUnknownPersonRefusesTheAction() throws {
        let b = try Self.forged(.attest) {
            $0.control = "human-oversight"
            $0.onBehalfOf = "ghost"
            $0.delegation = "d-forged"
        }
        defer { b.remove() }
        #expect(throws: BoardInvalid.self) { try b.store.recordedUseCase("UC-0001") }
        try IntegrityTests.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
        do {
            try b.record("UC-0001", .comment, EventDetails(comment: "after"), by: "sam")
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.contains { $0.description.contains("UC-0001.yaml:") && $0.description.contains("unknown person 'ghost'") }, "\(e)")
        }
    }

    /// Evidence whose recorded content id is no git object id (the evidence action refuses
    /// one; only a forged line holds it): the parse refuses the file, so must the action.
    @Test func evidenceWithAMalformedContentIDRefusesTheAction() throws {
        let b = try Self.forged(.evidence) {
            $0.control = "eval-report"
            $0.ref = "docs/eval.md"
            $0.digest = "not-a-git-object-id"
        }
        defer { b.remove() }
        #expect(throws: BoardInvalid.self) { try b.store.recordedUseCase("UC-0001") }
        try IntegrityTests.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
    }

    /// An incident of a severity outside 1-4 (the incident action refuses one): the parse
    /// refuses the file, so must the action.
    @Test func anIncidentOfAnUnknownSeverityRefusesTheAction() throws {
        let b = try Self.forged(.incidentOpen) {
            $0.summary = "wrong answers"
            $0.severity = 9
            $0.ackDue = TestBoard.t0.addingTimeInterval(3_600)
            $0.resolveDue = TestBoard.t0.addingTimeInterval(86_400)
        }
        defer { b.remove() }
        #expect(throws: BoardInvalid.self) { try b.store.recordedUseCase("UC-0001") }
        try IntegrityTests.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
    }

    /// A list field holding an empty item (the parse refuses one): so must the action.
    @Test func aListFieldWithAnEmptyItemRefusesTheAction() throws {
        let b = try Self.forged(.edit) { $0.fields = ["intended_purpose": .list(["", "triage"])] }
        defer { b.remove() }
        #expect(throws: BoardInvalid.self) { try b.store.recordedUseCase("UC-0001") }
        try IntegrityTests.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
    }

    /// A file that does not parse (its anchor left as gateboard writes it) beside a log with a
    /// torn last line: the action reports the file and writes nothing, as when the file was
    /// parsed before anything else; the torn line is set aside only by an action that goes on.
    @Test func aFileThatDoesNotParseIsReportedBeforeATornTailIsSetAside() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        try b.record("UC-0001", .comment, EventDetails(comment: "before"), by: "sam")
        let text = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
        let broken = text.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: [unclosed ")
        #expect(broken != text)
        try b.write("usecases/UC-0001.yaml", broken)
        try b.writeBytes("audit/UC-0001.jsonl", try b.read("audit/UC-0001.jsonl") + Array("{\"seq\":3,\"id\":\"torn".utf8))
        let before = try b.boardFiles()
        do {
            try b.record("UC-0001", .comment, EventDetails(comment: "after"), by: "sam")
            Issue.record("the action was taken on a file that does not parse")
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.contains { $0.description.contains("UC-0001.yaml:") }, "\(e)")
        }
        #expect(try b.boardFiles() == before)
    }

    /// The in-memory check the quick read and the load cache share.
    @Test func referenceSetsCheckAnAttestationsPrincipal() throws {
        let b = try TestBoard()
        defer { b.remove() }
        var uc = try b.create()
        let refs = ReferenceSets(try b.store.loadPolicy())
        #expect(refs.resolves(uc))
        uc.controls["human-oversight"] = ControlState(attestations: [Attestation(by: "alex", at: TestBoard.t0, onBehalfOf: "ghost", delegation: "d1")])
        #expect(!refs.resolves(uc))
    }
}
