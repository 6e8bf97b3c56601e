import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

@Suite struct VerifyTests {
    /// A board with two use cases and some history.
    func historyBoard() throws -> TestBoard {
        let b = try TestBoard()
        try b.create()
        try b.create(title: "Support-ticket triage", tier: "low")
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "prompts/kyc.md@3"]))
        try b.record("UC-0001", .comment, EventDetails(comment: "Waiting on legal \u{1B}[31m"))
        try b.record("UC-0002", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
        return b
    }

    @Test func aCleanBoardVerifies() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var seen: [VerifyProgress] = []
        let report = try b.store.verify { seen.append($0) }
        #expect(report.problems == [])
        #expect(report.ok)
        #expect(report.useCases == 2 && report.events == 6)
        #expect(seen.last?.bytesDone == seen.last?.bytesTotal)
    }

    func problems(_ b: TestBoard) throws -> [String] {
        try b.store.verify().problems.map { $0.description.replacingOccurrences(of: b.root.path + "/", with: "") }
    }

    @Test func editedLineIsCaughtAtTheNextLine() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var text = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"person\":\"alex\"", with: "\"person\":\"alix\"")
        try b.write("audit/UC-0001.jsonl", text)
        // Caught twice: the next line's prev, and line 2's own recorded state (the replay of
        // the edited assignment is not the state line 2 recorded).
        let found = try problems(b)
        #expect(found == [
            "audit/UC-0001.jsonl:3: prev does not match line 2: line 2 was changed, or a line was removed, inserted or reordered here",
            "audit/UC-0001.jsonl:2: event 2 records a state that replaying events 1–2 does not produce: the line was forged or edited, or a later event (such as a conflict) was added to change what it did",
            "audit/UC-0001.jsonl:2: and 2 later events' recorded states differ from the replay as well",
        ], "\(found)")
    }

    @Test func editedNewestLineIsCaughtByTheAnchor() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var text = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self)
        text = text.replacingOccurrences(of: "Waiting on legal", with: "Approved by legal")
        try b.write("audit/UC-0001.jsonl", text)
        let found = try problems(b)
        #expect(found == ["audit/UC-0001.jsonl:4: line 4, the newest event, was changed: it no longer matches audit.head in UC-0001.yaml"])
    }

    @Test func removedNewestLineIsCaught() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n")
        lines.removeLast()
        try b.write("audit/UC-0001.jsonl", lines.joined(separator: "\n") + "\n")
        let found = try problems(b)
        #expect(found == ["audit/UC-0001.jsonl:3: the log has 3 events but UC-0001.yaml records 4: the newest events were removed"])
    }

    @Test func reorderedAndDuplicatedLinesAreCaught() throws {
        let b = try historyBoard()
        defer { b.remove() }
        let lines = String(decoding: try b.read("audit/UC-0001.jsonl"), as: UTF8.self).split(separator: "\n")
        try b.write("audit/UC-0001.jsonl", [lines[0], lines[2], lines[1], lines[3]].joined(separator: "\n") + "\n")
        let p = try problems(b)
        #expect(p.contains { $0.hasPrefix("audit/UC-0001.jsonl:2: event seq 3 on line 2") })
        try b.write("audit/UC-0001.jsonl", [lines[0], lines[1], lines[1], lines[2], lines[3]].joined(separator: "\n") + "\n")
        #expect(try problems(b).contains { $0.hasPrefix("audit/UC-0001.jsonl:3: event seq 2 on line 3") })
    }

    @Test func useCaseEditedOutsideGateboard() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var text = String(decoding: try b.read("usecases/UC-0002.yaml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "tier: low", with: "tier: high")
        try b.write("usecases/UC-0002.yaml", text)
        let found = try problems(b)
        #expect(found == ["usecases/UC-0002.yaml: UC-0002.yaml was edited outside gateboard since event 2 (its content no longer matches the state that event recorded)"])
    }

    @Test func tornTailIsReported() throws {
        let b = try historyBoard()
        defer { b.remove() }
        let log = b.path("audit/UC-0002.jsonl")
        let h = FileHandle(forWritingAtPath: log)!
        h.seekToEndOfFile()
        h.write(Data("{\"action\":\"comm".utf8))
        h.closeFile()
        let found = try problems(b)
        #expect(found == ["audit/UC-0002.jsonl:3: torn final line (15 bytes without a newline: an interrupted write); the next action sets it aside"])
    }

    /// Flip one byte at many random positions of a log and of a use case file: every flip is caught.
    @Test func everyFlippedByteIsCaught() throws {
        let b = try historyBoard()
        defer { b.remove() }
        var rng = SeededRandom(seed: 42)
        var tried = 0
        for relative in ["audit/UC-0001.jsonl", "usecases/UC-0001.yaml", "audit/UC-0002.jsonl", "usecases/UC-0002.yaml"] {
            let original = try b.read(relative)
            for _ in 0..<60 {
                var bytes = original
                let at = Int(rng.next() % UInt64(bytes.count))
                let flip = UInt8(1 << (rng.next() % 8))
                bytes[at] ^= flip
                try b.writeBytes(relative, bytes)
                let report = try b.store.verify()
                #expect(!report.ok, "flip of bit \(flip) at \(relative):\(at) not caught")
                tried += 1
            }
            try b.writeBytes(relative, original)
        }
        #expect(tried == 240)
        #expect(try b.store.verify().ok)
    }
}

/// SplitMix64: deterministic randomness for tests.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
