import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Issue 13: a forged or erased decision is never laundered by an action or by `verify`.
/// Each test is an attack an insider with write access to their clone can make by hand.
@Suite struct IntegrityTests {
    /// UC-0001 with some history, halted at the end (the halt is the decision attackers erase).
    static func board() throws -> TestBoard {
        let b = try TestBoard()
        try b.create()
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "prompts/p.md@1"]))
        try b.record("UC-0001", .comment, EventDetails(comment: "looks fine"))
        try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        try b.record("UC-0001", .comment, EventDetails(comment: "after the halt"))
        return b
    }

    static func lines(_ b: TestBoard) throws -> [[UInt8]] {
        try b.read("audit/UC-0001.jsonl").split(separator: 0x0A).map(Array.init)
    }

    static func events(_ b: TestBoard) throws -> [AuditEvent] {
        try lines(b).map { try AuditEventCodec.decode($0) }
    }

    /// Writes `events` as a consistent log (seq, prev, each state recomputed from the replay) and
    /// a use case file whose anchor and body match it: what a careful forger writes.
    static func writeConsistent(_ b: TestBoard, _ input: [AuditEvent], recomputeStates: Bool = true) throws {
        let steps = try UseCase.replaySteps(input)
        var out: [UInt8] = []
        var prev = SHA256Hex.zero
        var lastLine: [UInt8] = []
        for (i, e) in input.enumerated() {
            var e = e
            e.seq = i + 1
            e.prev = prev
            if recomputeStates { e.state = SHA256Hex.of(Data(UseCaseEmitter.body(steps[i]).utf8)) }
            lastLine = AuditEventCodec.encode(e)
            prev = SHA256Hex.of(bytes: lastLine)
            out += lastLine + [0x0A]
        }
        var uc = steps.last!
        uc.audit = AuditAnchor(seq: input.count, head: prev, bytes: out.count)
        try b.writeBytes("audit/UC-0001.jsonl", out)
        try b.write("usecases/UC-0001.yaml", UseCaseEmitter.text(uc))
    }

    /// The action is refused as board damage naming `path`, and nothing is written.
    static func refusedUnchanged(_ b: TestBoard, naming path: String, _ comment: Comment? = nil) throws {
        let logBefore = try b.read("audit/UC-0001.jsonl")
        let fileBefore = try? b.read("usecases/UC-0001.yaml")
        #expect(throws: BoardInvalid.self, comment) {
            try b.store.perform(.comment(text: "any action"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        }
        do {
            _ = try b.store.perform(.comment(text: "any action"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.contains { $0.path.hasSuffix(path) }, "\(e)")
        }
        #expect(try b.read("audit/UC-0001.jsonl") == logBefore)
        #expect((try? b.read("usecases/UC-0001.yaml")) == fileBefore)
    }

    static func verifyNames(_ b: TestBoard, _ path: String, line: Int? = nil) throws -> Bool {
        let report = try b.store.verify()
        return report.problems.contains { $0.path.hasSuffix(path) && (line == nil || $0.line == line) }
    }

    @Test func aHandEditedUseCaseFileIsNeverBuiltOn() throws {
        let b = try Self.board()
        defer { b.remove() }
        // Delete the halt from the file, keeping the anchor: the file is no longer the log's state.
        var text = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
        let start = try #require(text.range(of: "halted:"))
        let end = try #require(text.range(of: "\n", range: text.range(of: "at:", range: start.upperBound..<text.endIndex)!.upperBound..<text.endIndex))
        text.removeSubrange(start.lowerBound..<end.upperBound)
        try b.write("usecases/UC-0001.yaml", text)
        #expect(try b.store.load().useCase("UC-0001")?.halted == nil, "the edit took, as a reader sees the file")
        try Self.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
        #expect(throws: BoardInvalid.self) { try b.store.recordedUseCase("UC-0001") }
        #expect(try Self.verifyNames(b, "usecases/UC-0001.yaml"))
        // repair re-derives the file from the log: halted again, and actions work.
        let repaired = try b.store.repair(["UC-0001"], now: TestBoard.t0)
        #expect(repaired.map(\.change) == [.rebuilt])
        #expect(try b.store.recordedUseCase("UC-0001").halted != nil)
        _ = try b.store.perform(.comment(text: "ok now"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        #expect(try b.store.verify().ok)
    }

    @Test func aForgedLastLineWithMatchingAnchorIsCaughtByReplay() throws {
        let b = try Self.board()
        defer { b.remove() }
        // The forger drops the halt's effect by editing the last line's recorded state to the
        // state without the halt, and rewrites the anchor to match: the chain holds.
        var events = try Self.events(b)
        let noHalt = events.filter { $0.action != .halt }
        var forged = events
        let fakeState = try UseCase.replay(noHalt)
        forged[forged.count - 1].state = SHA256Hex.of(Data(UseCaseEmitter.body(fakeState).utf8))
        events = forged
        try Self.writeConsistent(b, events, recomputeStates: false)
        var uc = fakeState
        let log = try b.read("audit/UC-0001.jsonl")
        let lastLine = Array(log.dropLast().split(separator: 0x0A).last!)
        uc.audit = AuditAnchor(seq: events.count, head: SHA256Hex.of(bytes: lastLine), bytes: log.count)
        try b.write("usecases/UC-0001.yaml", UseCaseEmitter.text(uc))
        try Self.refusedUnchanged(b, naming: "audit/UC-0001.jsonl")
        #expect(try Self.verifyNames(b, "audit/UC-0001.jsonl", line: events.count))
    }

    @Test func anErasedTailWithAnEmptiedAnchorIsDamageNotARollForward() throws {
        let b = try Self.board()
        defer { b.remove() }
        let lines = try Self.lines(b)
        let kept = Array(lines.prefix(4))   // before the halt
        try b.writeBytes("audit/UC-0001.jsonl", kept.flatMap { $0 + [0x0A] })
        var text = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
        text = String(text[..<text.range(of: "audit:")!.lowerBound]) + "audit:\n  seq: 0\n  head: \"\"\n  bytes: 0\n"
        try b.write("usecases/UC-0001.yaml", text)
        try Self.refusedUnchanged(b, naming: "usecases/UC-0001.yaml")
        #expect(try !b.store.verify().ok)
    }

    @Test func repairDoesNotLaunderAnErasedTail() throws {
        for emptyAnchor in [false, true] {
            let b = try Self.board()
            defer { b.remove() }
            let lines = try Self.lines(b)
            try b.writeBytes("audit/UC-0001.jsonl", lines.prefix(4).flatMap { $0 + [0x0A] })
            if emptyAnchor {
                var text = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
                text = String(text[..<text.range(of: "audit:")!.lowerBound]) + "audit:\n  seq: 0\n  head: \"\"\n  bytes: 0\n"
                try b.write("usecases/UC-0001.yaml", text)
            }
            let file = try b.read("usecases/UC-0001.yaml")
            #expect(throws: RepairRefused.self) { try b.store.repair(["UC-0001"], now: TestBoard.t0) }
            #expect(try b.read("usecases/UC-0001.yaml") == file, "the file, the evidence of the erased events, is kept")
            #expect(try !b.store.verify().ok)
        }
    }

    @Test func anAnchorPastTheLogsEndIsRefused() throws {
        let b = try Self.board()
        defer { b.remove() }
        let lines = try Self.lines(b)
        try b.writeBytes("audit/UC-0001.jsonl", lines.prefix(4).flatMap { $0 + [0x0A] })
        try Self.refusedUnchanged(b, naming: "audit/UC-0001.jsonl")
    }

    @Test func aDeletedFileBesideAHistoryIsDamageNotAnInterruptedCreate() throws {
        let b = try Self.board()
        defer { b.remove() }
        try FileManager.default.removeItem(atPath: b.path("usecases/UC-0001.yaml"))
        // Not "no such use case", not a roll-forward: the board says what happened.
        #expect(throws: BoardInvalid.self) {
            try b.store.perform(.comment(text: "x"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        }
        #expect(!FileManager.default.fileExists(atPath: b.path("usecases/UC-0001.yaml")))
        #expect(b.problems().contains { $0.contains("usecases/UC-0001.yaml") && $0.contains("deleted") }, "\(b.problems())")
        #expect(throws: BoardInvalid.self) { try b.store.useCase("UC-0001") }
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.path.hasSuffix("usecases/UC-0001.yaml") }, "\(report)")
        #expect(try b.store.repair(nil, now: TestBoard.t0).map(\.change) == [.recreated])
        #expect(try b.store.verify().ok)
    }

    @Test func anInterruptedCreateStillRollsForward() throws {
        let b = try Self.board()
        defer { b.remove() }
        let first = try Self.lines(b)[0]
        try b.writeBytes("audit/UC-0001.jsonl", first + [0x0A])
        try FileManager.default.removeItem(atPath: b.path("usecases/UC-0001.yaml"))
        #expect(try b.store.verify().ok)
        let outcome = try b.store.perform(.comment(text: "x"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        #expect(outcome.event.seq == 2)
        #expect(outcome.notes.contains { $0.contains("rolled forward its creation") })
        #expect(try b.store.verify().ok)
    }

    @Test func anAppendedConflictEventThatSkipsTheHaltIsCaught() throws {
        let b = try Self.board()
        defer { b.remove() }
        let events = try Self.events(b)
        let halt = try #require(events.first { $0.action == .halt })
        // A conflict event naming [some event, the halt]: replay skips the halt. Appended with
        // a correct prev, its own state as replay gives it, and a matching anchor.
        let conflict = AuditEvent(seq: events.count + 1, id: UUID().uuidString.lowercased(), at: TestBoard.t0, actor: "alex",
                                  osUser: "tester", action: .conflict, useCase: "UC-0001",
                                  details: EventDetails(reason: "halt_wins", events: [events[1].id, halt.id]))
        var all = events
        all.append(conflict)
        // Keep every earlier line byte for byte (their recorded states stay as they were).
        let lines = try Self.lines(b)
        var e = conflict
        e.prev = SHA256Hex.of(bytes: lines.last!)
        let replayed = try UseCase.replay(all)
        #expect(replayed.halted == nil, "the forged conflict would un-halt it")
        e.state = SHA256Hex.of(Data(UseCaseEmitter.body(replayed).utf8))
        let line = AuditEventCodec.encode(e)
        let log = lines.flatMap { $0 + [0x0A] } + line + [0x0A]
        try b.writeBytes("audit/UC-0001.jsonl", log)
        var uc = replayed
        uc.audit = AuditAnchor(seq: all.count, head: SHA256Hex.of(bytes: line), bytes: log.count)
        try b.write("usecases/UC-0001.yaml", UseCaseEmitter.text(uc))
        try Self.refusedUnchanged(b, naming: "audit/UC-0001.jsonl")
        // verify names the halt's line: its recorded state is not what the log now replays to.
        #expect(try Self.verifyNames(b, "audit/UC-0001.jsonl", line: halt.seq))
    }

    @Test func verifyChecksEveryEventsStateNotOnlyTheLast() throws {
        let b = try Self.board()
        defer { b.remove() }
        // A consistent rewrite that keeps every state but forges one event in the middle
        // (the comment becomes an approval-free tier change): states must be recomputed too,
        // and a forger who does not recompute them is caught on that line.
        var events = try Self.events(b)
        events[1].details = EventDetails(role: "business_owner", person: "sam")
        try Self.writeConsistent(b, events, recomputeStates: false)
        let report = try b.store.verify()
        #expect(report.problems.contains { $0.path.hasSuffix("audit/UC-0001.jsonl") && $0.line == 2 }, "\(report.problems)")
    }

    @Test func eventsMayNotBeDatedBeforeTheEventTheyFollow() throws {
        let b = try Self.board()
        defer { b.remove() }
        let before = try b.read("audit/UC-0001.jsonl")
        #expect(throws: Refusal.self) {
            try b.store.perform(.comment(text: "back in time"), on: "UC-0001", actor: "alex", osUser: "tester",
                                now: TestBoard.t0.addingTimeInterval(-60))
        }
        #expect(try b.read("audit/UC-0001.jsonl") == before)
        // The same second is fine.
        _ = try b.store.perform(.comment(text: "same time"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
        // verify reports a log whose lines were reordered in time, on the later line.
        var events = try Self.events(b)
        events[3].at = TestBoard.t0.addingTimeInterval(-3600)
        try Self.writeConsistent(b, events)
        #expect(try Self.verifyNames(b, "audit/UC-0001.jsonl", line: 4))
    }

    @Test func anAssertedClockIsRecordedBesideTheRealOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-clock-\(UUID().uuidString)")
        _ = try BoardStore.initialize(at: dir, name: "Clock")
        defer { try? FileManager.default.removeItem(at: dir) }
        let asserted = BoardStore(root: dir, environment: ["GATEBOARD_NOW": "2027-01-20T09:00:00Z"])
        let future = Date(timeIntervalSince1970: 1_800_436_400)   // 2027-01-17
        let made = try asserted.perform(.create(title: "Clocked", tier: "low", problem: "p", metric: ""), on: nil,
                                        actor: "alex", osUser: "tester", now: future)
        let real = try #require(made.event.realAt)
        #expect(abs(real.timeIntervalSinceNow) < 120)
        let line = try [UInt8](Data(contentsOf: dir.appendingPathComponent("audit/\(made.useCase.id).jsonl")))
        #expect(String(decoding: line, as: UTF8.self).contains("\"realAt\":\""))
        #expect(try AuditEventCodec.decode(Array(line.dropLast())).realAt == real)
        // Back at the real clock, the next event would be dated before it: refused.
        let plain = BoardStore(root: dir, environment: [:])
        #expect(throws: Refusal.self) {
            try plain.perform(.comment(text: "today"), on: made.useCase.id, actor: "alex", osUser: "tester", now: Date())
        }
        let later = try plain.perform(.comment(text: "later"), on: made.useCase.id, actor: "alex", osUser: "tester",
                                      now: future.addingTimeInterval(60))
        #expect(later.event.realAt == nil)
        #expect(try plain.verify().ok)
    }
}

/// `make stress`: random laundering attempts by hand edit, each followed by an action. Every
/// attempt that is not a complete, consistent rewrite of the chain (which only git history
/// can witness: `verify --history`) must be refused with nothing written, and reported by
/// verify. Quick run: 60 attempts; `GATEBOARD_STRESS=1`: 1,500.
@Suite struct LaunderingStressTests {
    enum Attack: CaseIterable {
        case editFileBody, deleteLogLine, alterLogLineKeepingChain, cutTailEmptyAnchor, cutTailKeepAnchor
        case swapLines, appendConflictSkippingAnEvent, deleteFile, editAnchorSeq, duplicateLine
    }

    @Test func randomLaunderingAttemptsAreAllRefused() throws {
        let n = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1" ? 1_500 : 60
        var rng = SystemRandomNumberGenerator()
        var refused = 0
        var tried = 0
        for i in 0..<n {
            let attack = Attack.allCases[i % Attack.allCases.count]
            let b = try IntegrityTests.board()
            defer { b.remove() }
            tried += 1
            try Self.apply(attack, to: b, rng: &rng)
            let log = try? b.read("audit/UC-0001.jsonl")
            let file = try? b.read("usecases/UC-0001.yaml")
            var got: String?
            do {
                _ = try b.store.perform(.comment(text: "after \(attack)"), on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0)
                got = "the action was accepted"
            } catch is BoardInvalid {
            } catch {
                got = "refused for another reason: \(error)"
            }
            if (try? b.read("audit/UC-0001.jsonl")) != log || (try? b.read("usecases/UC-0001.yaml")) != file { got = (got ?? "") + "; files changed" }
            if (try? b.store.verify().ok) == true { got = (got ?? "") + "; verify said OK" }
            if let got { Issue.record("\(attack): \(got)") } else { refused += 1 }
        }
        print("laundering: \(tried) hand-edit attempts followed by an action, \(refused) refused with nothing written and reported by verify, \(tried - refused) got through")
        #expect(refused == tried)
    }

    static func apply(_ attack: Attack, to b: TestBoard, rng: inout SystemRandomNumberGenerator) throws {
        var lines = try IntegrityTests.lines(b)
        func writeLog() throws { try b.writeBytes("audit/UC-0001.jsonl", lines.flatMap { $0 + [0x0A] }) }
        func setAnchor(_ text: String) throws {
            var t = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
            t = String(t[..<t.range(of: "audit:")!.lowerBound]) + text
            try b.write("usecases/UC-0001.yaml", t)
        }
        switch attack {
        case .editFileBody:
            var t = String(decoding: try b.read("usecases/UC-0001.yaml"), as: UTF8.self)
            let victims = ["Wrong answers", "KYC document verification", "prompts/p.md@1", "business_owner"]
            let v = victims.randomElement(using: &rng)!
            t = t.replacingOccurrences(of: v, with: v.uppercased())
            try b.write("usecases/UC-0001.yaml", t)
        case .deleteLogLine:
            lines.remove(at: Int.random(in: 0..<lines.count, using: &rng))
            try writeLog()
        case .alterLogLineKeepingChain:
            // Change what one decision did and re-chain every prev after it (and the anchor),
            // recorded states untouched. (Changing only a comment's words changes no state: that
            // is a consistent rewrite, which only git history witnesses.)
            var events = try IntegrityTests.events(b)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: events[1].details.person = "sam"                              // the assign
            case 1: events[2].details.artifacts = ["prompt": "prompts/p.md@666"]  // the edit
            default: events[4].details.reason = "Forged reason"                   // the halt
            }
            try IntegrityTests.writeConsistent(b, events, recomputeStates: false)
        case .cutTailEmptyAnchor:
            lines.removeLast(Int.random(in: 1...3, using: &rng))
            try writeLog()
            try setAnchor("audit:\n  seq: 0\n  head: \"\"\n  bytes: 0\n")
        case .cutTailKeepAnchor:
            lines.removeLast(Int.random(in: 1...3, using: &rng))
            try writeLog()
        case .swapLines:
            let k = Int.random(in: 1..<(lines.count - 1), using: &rng)
            lines.swapAt(k, k + 1)
            try writeLog()
        case .appendConflictSkippingAnEvent:
            let events = try IntegrityTests.events(b)
            // A decision that changed the state (assign, edit, halt): skipping a comment changes nothing.
            let victim = events[[1, 2, 4].randomElement(using: &rng)!]
            var e = AuditEvent(seq: events.count + 1, id: UUID().uuidString.lowercased(), at: TestBoard.t0, actor: "alex",
                               osUser: "tester", action: .conflict, useCase: "UC-0001",
                               details: EventDetails(reason: "forged", events: [events[0].id, victim.id]))
            e.prev = SHA256Hex.of(bytes: lines.last!)
            let replayed = try UseCase.replay(events + [e])
            e.state = SHA256Hex.of(Data(UseCaseEmitter.body(replayed).utf8))
            let line = AuditEventCodec.encode(e)
            lines.append(line)
            try writeLog()
            var uc = replayed
            uc.audit = AuditAnchor(seq: lines.count, head: SHA256Hex.of(bytes: line), bytes: lines.reduce(0) { $0 + $1.count + 1 })
            try b.write("usecases/UC-0001.yaml", UseCaseEmitter.text(uc))
        case .deleteFile:
            try FileManager.default.removeItem(atPath: b.path("usecases/UC-0001.yaml"))
        case .editAnchorSeq:
            // An anchor rewound to a line whose state is not the file's (create, assign, edit,
            // comment; the file is halted). Rewound to a line with the same state it is a log
            // ahead of its file, which rolls forward by design.
            let k = Int.random(in: 1...4, using: &rng)
            try setAnchor("audit:\n  seq: \(k)\n  head: \(SHA256Hex.of(bytes: lines[k - 1]))\n  bytes: \(lines.prefix(k).reduce(0) { $0 + $1.count + 1 })\n")
        case .duplicateLine:
            let k = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[k], at: k + 1)
            try writeLog()
        }
    }
}
