import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

/// Hand edits to a log that only git can witness.
extension Clone {
    func logURL(_ id: UseCaseID) -> URL { board.appendingPathComponent("audit/\(id).jsonl") }
    func events(_ id: UseCaseID) throws -> [AuditEvent] {
        try StoreBridge.decodeLog(try Data(contentsOf: logURL(id)), path: id)
    }

    /// Appends one raw line (as a hand edit would), nothing else.
    func appendRaw(_ event: AuditEvent, to id: UseCaseID) throws {
        var data = try Data(contentsOf: logURL(id))
        data.append(StoreBridge.encodeLine(event))
        data.append(0x0A)
        try data.write(to: logURL(id))
    }

    /// Rewrites the whole log as a consistent chain (seq, prev, state all recomputed) and the
    /// use case file to match: undetectable in this clone alone.
    func rewriteConsistently(_ id: UseCaseID, _ events: [AuditEvent]) throws {
        let log = try ChainedLog(events: events)
        try log.data.write(to: logURL(id))
        try Data(log.fileText.utf8).write(to: board.appendingPathComponent("usecases/\(id).yaml"))
    }

    /// Appends, by hand, a `conflict` event with a bogus `prev` and `state` that names the
    /// halt as skipped (the issue's first attack); the forged line's number.
    @discardableResult
    func appendForgedConflict(lifting id: UseCaseID) throws -> Int {
        let events = try self.events(id)
        let halt = try #require(events.first { $0.action == .halt })
        let forged = AuditEvent(seq: events.count + 1, id: "conflict-forged", at: Clone.at("2026-10-02T10:00:00Z"),
                                actor: "gateboard", osUser: "gateboard-merge", action: .conflict, useCase: id,
                                details: EventDetails(stage: "intake", reason: "duplicate_halt: merged", events: [events[0].id, halt.id]),
                                state: String(repeating: "1", count: 64), prev: String(repeating: "0", count: 64))
        try appendRaw(forged, to: id)
        return events.count + 1
    }

    /// Commits everything and pushes with plain git (no gateboard checks on this side).
    func commitAndPush(_ message: String) throws {
        _ = try git(["add", "-A"])
        _ = try git(["commit", "--quiet", "-m", message])
        _ = try git(["push", "--quiet", "origin", "HEAD:main"])
    }

    /// HEAD, the index, `git status` and every board file's bytes.
    func state() throws -> [String] {
        let files = try snapshot().sorted { $0.key < $1.key }.map { "\($0.key)=\(SHA256Hex.of($0.value))" }
        return [try git(["rev-parse", "HEAD"]), try git(["ls-files", "-s"]), try git(["status", "--porcelain"])] + files
    }
}

/// A refused sync: the problems it named.
func refusal(_ body: () throws -> SyncReport) throws -> [HistoryProblem] {
    do {
        let report = try body()
        Issue.record("sync was not refused: \(report.lines)")
        return []
    } catch let SyncError.historyRejected(_, problems) {
        return problems
    }
}

@Suite(.serialized) struct SyncLaunderingTests {
    /// A board with a halted use case, pushed by A and cloned by B.
    func halted(_ sandbox: GitSandbox) throws -> (Clone, Clone, UseCaseID) {
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        try a.act(.assign(role: "stop_ship", person: "olga"), on: id, as: "ana", at: "2026-10-01T08:30:00Z")
        try a.act(.halt(reason: "drift"), on: id, as: "olga", at: "2026-10-02T08:00:00Z")
        try a.act(.comment(text: "looking"), on: id, as: "ben", at: "2026-10-02T09:00:00Z")
        _ = try a.sync(push: true)
        return (a, try sandbox.clone("b"), id)
    }

    /// B makes an action, then syncs: refused, with B's board exactly as before the sync.
    func refusedInB(_ b: Clone, _ a: Clone, id: UseCaseID) throws -> [HistoryProblem] {
        try b.act(.comment(text: "unrelated work"), on: id, as: "ana", at: "2026-10-03T10:00:00Z")
        let before = try b.state()
        let problems = try refusal { try b.sync(push: true) }
        #expect(try b.state() == before)
        #expect(try b.store.load().useCase(id)?.halted?.reason == "drift")
        let forged = try a.git(["rev-parse", "--short=7", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(problems.contains { $0.shortCommit == forged && !$0.local }, "\(problems)")
        return problems
    }

    @Test func aForgedConflictEventWithABogusChainIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let line = try a.appendForgedConflict(lifting: id)
        try a.commitAndPush("comment")
        let problems = try refusedInB(b, a, id: id)
        #expect(problems.contains { $0.path == "audit/\(id).jsonl" && $0.line == line && $0.message.contains("conflict event") })
        #expect(problems.contains { $0.line == line && $0.message.contains("prev") })
    }

    @Test func aForgedAdvanceWithBogusPrevAndStateIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let n = try a.events(id).count
        let stage = try a.stage(id)
        let forged = AuditEvent(seq: n + 1, id: "forged-advance", at: Clone.at("2026-10-02T10:00:00Z"), actor: "ana",
                                osUser: "ana", action: .advance, useCase: id,
                                details: EventDetails(from: stage, to: "production"),
                                state: String(repeating: "2", count: 64), prev: String(repeating: "0", count: 64))
        try a.appendRaw(forged, to: id)
        try a.commitAndPush("advance")
        let problems = try refusedInB(b, a, id: id)
        #expect(problems.map(\.location).contains("audit/\(id).jsonl:\(n + 1)"))
        #expect(try b.stage(id) == stage)
    }

    @Test func aConsistentRewriteThatRemovesALineIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let events = try a.events(id)
        let haltLine = try #require(events.firstIndex { $0.action == .halt }) + 1
        try a.rewriteConsistently(id, events.filter { $0.action != .halt })
        #expect(try a.store.verify().ok)   // nothing to see in A alone
        try a.commitAndPush("tidy")
        let problems = try refusedInB(b, a, id: id)
        #expect(problems.contains { $0.line == haltLine && $0.message.contains("removed") }, "\(problems)")
    }

    @Test func aPlainCommitAddingAValidLookingConflictEventIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let events = try a.events(id)
        let halt = try #require(events.first { $0.action == .halt })
        // Lifting the halt re-records the halt's own state: the line it changed is named.
        var lift = ConflictRecord.event(rule: .duplicateHalt, prevailing: events[1], skipped: halt, stage: "intake", explanation: "merged")
        lift.at = Clone.at("2026-10-02T10:00:00Z")   // dated in order: nothing for verify to see in A
        try a.rewriteConsistently(id, events + [lift])
        #expect(try a.store.load().useCase(id)?.halted == nil)   // the halt is gone in A
        #expect(try a.store.verify().ok)
        try a.commitAndPush("gateboard: merge origin/main")
        let problems = try refusedInB(b, a, id: id)
        let haltLine = try #require(events.firstIndex { $0.action == .halt }) + 1
        #expect(problems.contains { $0.line == haltLine }, "\(problems)")
    }

    @Test func aPlainCommitAddingAConflictEventThatKeepsEveryLineIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let events = try a.events(id)
        // A new comment and a conflict event skipping it: every earlier line stays as it was,
        // the chain and every state hold; only the rule "conflicts come from merges" is broken.
        let comment = AuditEvent(seq: 0, id: "c-new", at: Clone.at("2026-10-02T10:00:00Z"), actor: "ben", osUser: "ben",
                                 action: .comment, useCase: id, details: EventDetails(comment: "hidden"))
        let conflict = ConflictRecord.event(rule: .duplicateHalt, prevailing: events[1], skipped: comment, stage: "intake", explanation: "merged")
        try a.rewriteConsistently(id, events + [comment, conflict])
        #expect(try a.store.verify().ok)
        try a.commitAndPush("gateboard: merge origin/main")
        let problems = try refusedInB(b, a, id: id)
        #expect(problems.map(\.location) == ["audit/\(id).jsonl:\(events.count + 2)"], "\(problems)")
        #expect(problems.first?.message.contains("not a merge") == true)
    }

    @Test func aMergeCommitThatDropsTheOtherSidesEventsIsRefused() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let c = try sandbox.clone("c")
        // C resumes; A merges C's commit but keeps its own log ("-s ours"), erasing the resume.
        try c.act(.resume(reason: "fixed"), on: id, as: "olga", at: "2026-10-02T12:00:00Z")
        try a.act(.comment(text: "a"), on: id, as: "ana", at: "2026-10-02T11:00:00Z")
        _ = try c.sync(push: true)
        _ = try a.git(["add", "-A"])
        _ = try a.git(["commit", "--quiet", "-m", "a"])
        _ = try a.git(["fetch", "--quiet", "origin"])
        _ = try a.git(["merge", "--quiet", "-s", "ours", "-m", "gateboard: merge origin/main", "origin/main"])
        _ = try a.git(["push", "--quiet", "origin", "HEAD:main"])
        let problems = try refusedInB(b, a, id: id)
        #expect(problems.contains { $0.message.contains("merge rules") }, "\(problems)")
    }

    @Test func aLegitimateMergeWithAConflictFromAThirdCloneIsAccepted() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let c = try sandbox.clone("c")
        try a.act(.resume(reason: "fixed"), on: id, as: "olga", at: "2026-10-03T08:00:00Z")
        try c.act(.resume(reason: "also fixed"), on: id, as: "olga", at: "2026-10-03T09:00:00Z")
        _ = try a.sync(push: true)
        let merged = try c.sync(push: true)
        #expect(merged.conflicts.map(\.rule) == [.duplicateResume])
        // B: a fast-forward, then (with a local action) a real merge, both accepted.
        let ff = try b.sync(push: false)
        #expect(ff.merge == .fastForward && ff.rederived.isEmpty)
        try b.act(.comment(text: "b"), on: id, as: "ana", at: "2026-10-03T10:00:00Z")
        try a.act(.comment(text: "a"), on: id, as: "ana", at: "2026-10-03T09:30:00Z")
        _ = try a.sync(push: true)
        #expect(try b.sync(push: true).merge == .merged)
        _ = try a.sync(push: false)
        _ = try c.sync(push: false)
        #expect(try a.snapshot() == b.snapshot() && b.snapshot() == c.snapshot())
        for clone in [a, b, c] {
            let history = try HistoryCheck(paths: BoardPaths(board: clone.board, environment: sandbox.env)).run(["HEAD"])
            #expect(history.ok, "\(history.problems)")
            #expect(try clone.store.verify().ok)
        }
    }

    /// A merge interleaves by time, so a log after a merge need not keep the merge base's
    /// lines byte for byte: C acted first but pushed second, so C's merge puts C's event
    /// before A's and re-chains A's. A, fast-forwarding to that merge, must accept it (the
    /// merge commit is recomputed from its parents, not compared with the base), and every
    /// clone's history then checks out, including the criss-cross merges that follow.
    @Test func aMergeThatReordersTheBaseLinesIsAccepted() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        let c = try sandbox.clone("c")
        try c.act(.comment(text: "c, first"), on: id, as: "ana", at: "2026-10-03T08:00:00Z")
        try a.act(.comment(text: "a, second"), on: id, as: "ana", at: "2026-10-03T09:00:00Z")
        _ = try a.sync(push: true)
        _ = try c.sync(push: true)
        let aLog = try a.events(id).map(\.id)
        try b.act(.comment(text: "b, meanwhile"), on: id, as: "ben", at: "2026-10-03T10:00:00Z")
        #expect(try a.sync(push: false).merge == .fastForward)
        #expect(try a.events(id).map(\.id).suffix(2) == [c.recorded.last!, aLog.last!])   // A's own line moved
        #expect(try b.sync(push: true).merge == .merged)
        _ = try a.sync(push: false)
        _ = try c.sync(push: false)
        for clone in [a, b, c] {
            let history = try HistoryCheck(paths: BoardPaths(board: clone.board, environment: sandbox.env)).run(["HEAD"])
            #expect(history.ok, "\(history.problems)")
        }
    }

    @Test func localTamperingIsRefusedCommittedOrNot() throws {
        let sandbox = try GitSandbox()
        let (_, b, id) = try halted(sandbox)
        let events = try b.events(id)
        try b.rewriteConsistently(id, events.filter { $0.action != .halt })
        let before = try b.state()
        let pending = try refusal { try b.sync(push: true) }
        #expect(try b.state() == before)
        #expect(pending.contains { $0.commit.isEmpty && $0.local && $0.message.contains("removed") }, "\(pending)")
        _ = try b.git(["commit", "--quiet", "-am", "tidy"])
        let committed = try refusal { try b.sync(push: true) }
        #expect(committed.contains { $0.local && $0.subject == "tidy" }, "\(committed)")
        #expect(try sandbox.git(sandbox.url("remote.git"), ["log", "--format=%s"]).contains("tidy") == false)
    }

    @Test func aUseCaseFileThatCameWithAFastForwardIsRebuiltFromItsLog() throws {
        let sandbox = try GitSandbox()
        let (a, b, id) = try halted(sandbox)
        // A hand-edits the file only: the halt gone from the file, the log untouched.
        let file = a.board.appendingPathComponent("usecases/\(id).yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.hasPrefix("halted:") })
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix(" ") { end += 1 }
        try (lines[..<start] + lines[end...]).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        try a.commitAndPush("edit")
        let report = try b.sync(push: false)
        #expect(report.merge == .fastForward && report.rederived == [id])
        #expect(report.lines.contains("rebuilt \(id) from its log"))
        #expect(try b.store.load().useCase(id)?.halted?.reason == "drift")
        #expect(try b.store.verify().ok)
        #expect(try b.git(["status", "--porcelain"]).isEmpty)
    }

    @Test func verifyHistoryNamesTheCommitThatRewroteALog() throws {
        let sandbox = try GitSandbox()
        let (a, _, id) = try halted(sandbox)
        let events = try a.events(id)
        try a.rewriteConsistently(id, events.filter { $0.action != .halt })
        _ = try a.git(["commit", "--quiet", "-am", "quiet rewrite"])
        let rewrite = try a.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try a.act(.comment(text: "later"), on: id, as: "ana", at: "2026-10-04T08:00:00Z")
        _ = try a.git(["commit", "--quiet", "-am", "later"])
        #expect(try a.store.verify().ok)
        let history = try HistoryCheck(paths: BoardPaths(board: a.board, environment: sandbox.env)).run(["HEAD"])
        let haltLine = try #require(events.firstIndex { $0.action == .halt }) + 1
        #expect(history.problems.map(\.commit) == [rewrite], "\(history.problems)")
        #expect(history.problems.first?.location == "audit/\(id).jsonl:\(haltLine)")
        #expect(history.problems.first?.description.contains("\"quiet rewrite\"") == true)
    }
}

/// The rules on versions alone (no git).
@Suite struct HistoryRuleTests {
    func log(_ n: Int = 4) throws -> (ChainedLog, [AuditEvent]) {
        let t0 = Clone.at("2026-10-01T08:00:00Z")
        var events = [AuditEvent(seq: 1, id: "e1", at: t0, actor: "ana", osUser: "ana", action: .create, useCase: "UC-0001",
                                 details: EventDetails(title: "T", tier: "medium", stage: "intake"))]
        for i in 2...n {
            events.append(AuditEvent(seq: i, id: "e\(i)", at: t0.addingTimeInterval(Double(i) * 60), actor: "ana", osUser: "ana",
                                     action: .comment, useCase: "UC-0001", details: EventDetails(comment: "c\(i)")))
        }
        return (try ChainedLog(events: events), events)
    }

    func check(_ base: Data, _ side: Data) throws -> [HistoryProblem] {
        let sandbox = try GitSandbox()
        let dir = sandbox.url("r")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try sandbox.git(dir, ["init", "--quiet"])
        let paths = try BoardPaths(board: dir, environment: sandbox.env)
        return HistoryCheck(paths: paths).blobs(base: base, ours: side, theirs: side, path: "audit/UC-0001.jsonl")
            .filter { $0.subject == "our version" }
    }

    @Test func anAppendedActionPasses() throws {
        let (short, _) = try log(3)
        let (long, _) = try log(5)
        #expect(try check(short.data, long.data).isEmpty)
    }

    @Test func removingOrChangingALineIsNamedWhateverTheChain() throws {
        let (full, events) = try log(5)
        let cut = try ChainedLog(events: Array(events.prefix(3)))
        #expect(try check(full.data, cut.data).map(\.line) == [4])
        var edited = events
        edited[1].details.comment = "changed"
        let rewritten = try ChainedLog(events: edited)
        let problems = try check(full.data, rewritten.data)
        #expect(problems.first?.line == 2 && problems.first?.message.contains("changed or moved") == true, "\(problems)")
    }

    @Test func addedLinesMustChainHoldTheirStateStayInOrderAndBeNew() throws {
        let (base, events) = try log(3)
        func appended(_ change: (inout AuditEvent) -> Void, rechain: Bool = true) throws -> Data {
            var e = events[2]
            e.id = "new"
            e.at = e.at.addingTimeInterval(60)
            change(&e)
            if rechain { return try ChainedLog(events: events + [e]).data }
            var data = base.data
            e.seq = 4
            data.append(StoreBridge.encodeLine(e))
            data.append(0x0A)
            return data
        }
        #expect(try check(base.data, appended({ _ in }, rechain: false)).contains { $0.line == 4 && $0.message.contains("prev") })
        #expect(try check(base.data, appended({ $0.at = $0.at.addingTimeInterval(-86_400) })).contains { $0.line == 4 && $0.message.contains("dated") })
        #expect(try check(base.data, appended({ $0.id = "e2" })).contains { $0.line == 4 && $0.message.contains("already appears on line 2") })
        var wrongState = try ChainedLog(events: events + [events[2]]).events
        wrongState[3].id = "x"
        wrongState[3].state = String(repeating: "3", count: 64)
        var data = base.data
        var prev = StoreBridge.lineHash(HistoryCheck.lines(base.data).complete.last!)
        for e in wrongState[3...] {
            var e = e
            e.prev = prev
            let line = StoreBridge.encodeLine(e)
            prev = StoreBridge.lineHash(line)
            data.append(line)
            data.append(0x0A)
        }
        #expect(try check(base.data, data).contains { $0.line == 4 && $0.message.contains("state") })
    }

    @Test func renumberingMovesEveryEventUnchanged() throws {
        let (_, events) = try log(3)
        let moved = try ChainedLog(events: events.map { var e = $0; e.useCase = "UC-0002"; return e })
        #expect(HistoryCheck.renumbers(events, to: moved.data))
        let fewer = try ChainedLog(events: events.dropLast().map { var e = $0; e.useCase = "UC-0002"; return e })
        #expect(!HistoryCheck.renumbers(events, to: fewer.data))
    }
}
