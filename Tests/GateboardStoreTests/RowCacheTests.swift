import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// `loadRows`: what `list` reads. Rows must be exactly what the engine says at `now`; an
/// unchanged use case whose gate summary still holds comes from the cache's index alone.
@Suite struct RowCacheTests {
    static let t0 = TestBoard.t0

    /// The rows computed the slow way: every use case loaded and evaluated.
    func expected(_ b: TestBoard, now: Date) throws -> [UseCaseRow] {
        let board = try b.store.load()
        let digest = try b.store.loadPolicyAndDigest().digest
        return board.useCases.map { UseCaseRow($0, gate: GateSummary($0, policy: board.policy, policyDigest: digest, now: now)) }
    }

    func board() throws -> TestBoard {
        let b = try TestBoard()
        for i in 0..<4 { try b.create(title: "Use case \(i)") }
        try b.record("UC-0002", .advance, EventDetails(from: "scoped", to: "specification"))
        try b.record("UC-0002", .waive, EventDetails(control: "spec-reference", reason: "interim spec in the wiki",
                                                      until: Day(containing: Self.t0.addingTimeInterval(5 * 86_400))))
        try b.record("UC-0003", .assign, EventDetails(role: "technical_owner", person: "sam"))
        try b.record("UC-0004", .halt, EventDetails(reason: "incident"))
        b.store.cacheClockOffsetNs = 10_000_000_000
        return b
    }

    func cacheStamp(_ b: TestBoard) -> FileStamp? {
        var st = stat()
        return stat(UseCaseCache.path(root: b.root), &st) == 0 ? FileStamp(st) : nil
    }

    @Test func rowsAreTheEnginesAnswerAndComeFromTheIndexWhileTheyHold() throws {
        let b = try board()
        defer { b.remove() }
        let now = Self.t0.addingTimeInterval(86_400)
        let want = try expected(b, now: now)
        #expect(want.map(\.id) == ["UC-0001", "UC-0002", "UC-0003", "UC-0004"])
        #expect(want[1].gate?.until != nil, "the waiver bounds UC-0002's summary")
        #expect(want[3].halted)
        #expect(want[2].owner("technical_owner") == "sam")

        #expect(try b.store.loadRows(now: now).rows == want)     // computes the summaries, rewrites the cache
        let written = cacheStamp(b)
        #expect(written != nil)
        #expect(try b.store.loadRows(now: now).rows == want)
        #expect(b.store.lastLoad == (4, 0))
        #expect(cacheStamp(b) == written, "nothing changed, nothing rewritten")

        // Past the waiver's end: UC-0002's summary no longer holds and is computed again.
        let later = Self.t0.addingTimeInterval(9 * 86_400)
        let wantLater = try expected(b, now: later)
        #expect(wantLater[1] != want[1])
        #expect(try b.store.loadRows(now: later).rows == wantLater)
        #expect(cacheStamp(b) != written)
        // And back again (a GATEBOARD_NOW in the past): the window's start is checked too.
        #expect(try b.store.loadRows(now: now).rows == want)
    }

    @Test func anActionAndAPolicyChangeAreSeen() throws {
        let b = try board()
        defer { b.remove() }
        let now = Self.t0.addingTimeInterval(86_400)
        _ = try b.store.loadRows(now: now)
        _ = try b.store.loadRows(now: now)
        try b.record("UC-0001", .assign, EventDetails(role: "technical_owner", person: "sam"))
        let rows = try b.store.loadRows(now: now).rows
        #expect(b.store.lastLoad == (3, 1))
        #expect(rows == (try expected(b, now: now)))

        // Another policy: every summary is computed again under it (here a gate loses a control).
        // Another policy file: every summary is computed again under it.
        let before = try b.store.loadPolicyAndDigest().digest
        let policy = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
        try b.write("gateboard.yaml", policy + "\n# edited\n")
        let again = try b.store.loadRows(now: now).rows
        let digest = try b.store.loadPolicyAndDigest().digest
        #expect(digest != before)
        #expect(again.allSatisfy { $0.gate?.policyDigest == digest })
        #expect(again == (try expected(b, now: now)))
    }

    @Test func aBrokenFileIsReportedAsLoadReportsIt() throws {
        let b = try board()
        defer { b.remove() }
        let now = Self.t0.addingTimeInterval(86_400)
        _ = try b.store.loadRows(now: now)
        try b.write("usecases/UC-0003.yaml", "id: UC-0003\ntitle: [unclosed\n")
        try b.write("usecases/notes.txt", "hello")
        let fromLoad = b.problems()
        #expect(!fromLoad.isEmpty)
        do {
            _ = try b.store.loadRows(now: now)
            Issue.record("loadRows accepted a broken board")
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.map { $0.description.replacingOccurrences(of: b.root.path + "/", with: "") } == fromLoad)
        }
    }

    @Test func withoutTheCacheTheRowsAreTheSame() throws {
        let b = try board()
        defer { b.remove() }
        let now = Self.t0.addingTimeInterval(86_400)
        b.store.useCache = false
        #expect(try b.store.loadRows(now: now).rows == expected(b, now: now))
        #expect(cacheStamp(b) == nil)
    }
}

/// `events(for:only:)`: the report's reading of the logs, lines of other actions skipped unread.
@Suite struct FilteredEventsTests {
    @Test func onlyTheseActionsInLogOrderAndTheSameAsAFullRead() throws {
        let b = try TestBoard()
        defer { b.remove() }
        for i in 0..<3 { try b.create(title: "Use case \(i)") }
        try b.record("UC-0001", .comment, EventDetails(comment: "first"))
        try b.record("UC-0001", .advance, EventDetails(from: "scoped", to: "specification"))
        try b.record("UC-0003", .comment, EventDetails(comment: "x"))
        try b.record("UC-0003", .retire, EventDetails(from: "scoped", to: "retired", reason: "duplicate"))
        let ids = ["UC-0001", "UC-0002", "UC-0003"]
        let only: Set<EventAction> = [.create, .advance, .retire]
        let full = try ids.flatMap { try b.store.events(for: $0) }.filter { only.contains($0.action) }
        let got = try b.store.events(for: ids, only: only)
        #expect(got == full)
        #expect(got.map(\.action) == [.create, .advance, .create, .create, .retire])
    }

    @Test func aLineInAnotherKeyOrderIsDecodedAndABrokenOneNamedByLine() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        try b.record("UC-0001", .comment, EventDetails(comment: "hello"))
        let path = "audit/UC-0001.jsonl"
        let lines = String(decoding: try b.read(path), as: UTF8.self).split(separator: "\n").map(String.init)
        // The comment line with its keys reordered: not skipped by its prefix, decoded, left out.
        let reordered = lines[1].replacingOccurrences(of: #"{"action":"comment","#, with: "{") .dropLast() + #","action":"comment"}"#
        try b.write(path, lines[0] + "\n" + reordered + "\n")
        #expect(try b.store.events(for: ["UC-0001"], only: [.create]).map(\.action) == [.create])
        #expect(try b.store.events(for: ["UC-0001"], only: [.comment]).map(\.action) == [.comment])
        try b.write(path, lines[0] + "\n" + #"{"actor":"x" broken"# + "\n")
        do {
            _ = try b.store.events(for: ["UC-0001"], only: [.create])
            Issue.record("a broken line was accepted")
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.first?.line == 2)
            #expect(e.diagnostics.first?.path.hasSuffix("audit/UC-0001.jsonl") == true)
        }
    }
}

/// The parsed policy kept as JSON under its file's checksum.
@Suite struct PolicyCacheTests {
    @Test func theCachedPolicyIsTheParsedOne() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let text = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
        let parsed = try PolicyParser.parse(text: text, display: "gateboard.yaml").get()
        let first = try b.store.loadPolicyAndDigest()
        #expect(first.policy == parsed)
        #expect(FileManager.default.fileExists(atPath: PolicyCache.path(root: b.root)))
        let fresh = BoardStore(root: b.root)        // no in-process memo: from the cache file
        #expect(PolicyCache.read(root: b.root, digest: first.digest) == parsed)
        #expect(try fresh.loadPolicy() == parsed)
        // The sample board's policy, with every kind of rule, survives the round trip too.
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sample-data/gateboard.yaml")
        let samplePolicy = try PolicyParser.parse(text: try String(contentsOf: sample, encoding: .utf8), display: "sample").get()
        PolicyCache.write(samplePolicy, root: b.root, digest: 42)
        #expect(PolicyCache.read(root: b.root, digest: 42) == samplePolicy)
        #expect(PolicyCache.read(root: b.root, digest: 43) == nil)
    }

    @Test func anEditedPolicyIsParsedAgainAndADamagedCacheIgnored() throws {
        let b = try TestBoard()
        defer { b.remove() }
        _ = try b.store.loadPolicy()
        let text = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
        try b.write("gateboard.yaml", text.replacingOccurrences(of: "name: \"Test board\"", with: "name: \"Renamed board\""))
        #expect(try BoardStore(root: b.root).loadPolicy().name == "Renamed board")
        try b.write(".gateboard/policy.json", "{ not json")
        #expect(try BoardStore(root: b.root).loadPolicy().name == "Renamed board")
        // A broken policy file is reported even though a good policy was cached before.
        try b.write("gateboard.yaml", "stages: [")
        #expect(throws: BoardInvalid.self) { try BoardStore(root: b.root).loadPolicy() }
    }
}

@Suite struct PolicyCacheDecisionTests {
    /// A policy.json changed by hand (its checksum kept) can change what a listing shows, never
    /// what an action is decided on: the transaction parses gateboard.yaml itself.
    @Test func actionsAreDecidedOnThePolicyFile() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.create()
        let (real, digest) = try b.store.loadPolicyAndDigest()
        var forged = real
        forged.name = "Forged"
        forged.people = forged.people.map { var p = $0; p.roles = []; return p }
        PolicyCache.write(forged, root: b.root, digest: digest)
        let store = BoardStore(root: b.root)
        #expect(try store.loadPolicy().name == "Forged")   // the read path trusts its cache
        var seen: Policy?
        _ = try store.transact(on: "UC-0001", actor: "alex", osUser: "tester", now: TestBoard.t0) { _, policy in
            seen = policy
            return (.comment, EventDetails(comment: "hello"))
        }
        #expect(seen == real)
    }
}
