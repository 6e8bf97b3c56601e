import Crypto
import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// LogCheck hashes each replayed state in place (the emitter appends in place, the digest is
/// compared digit by digit): these prove it still checks every state, not only the last, and
/// that the body it hashes is byte for byte the file gateboard writes.
@Suite struct LogCheckStateTests {
    /// A history with every kind of list item the emitter writes, and comments in between.
    func board() throws -> TestBoard {
        let b = try TestBoard()
        try b.create()
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .comment, EventDetails(comment: "first look"))
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "prompts/kyc.md@3", "model": "models/kyc@2"]))
        try b.record("UC-0001", .evidence, EventDetails(control: "eval-report", ref: "reports/eval.pdf", note: "\"quoted\" note"))
        try b.record("UC-0001", .comment, EventDetails(comment: "Waiting on legal \u{1B}[31m"))
        try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers: see ticket #12"), by: "kim")
        return b
    }

    /// The log with line `n`'s recorded state replaced and the chain re-linked after it, so
    /// only the state check can catch it.
    func forging(_ log: [UInt8], line n: Int, state: String) throws -> [UInt8] {
        var events = try String(decoding: log, as: UTF8.self).split(separator: "\n").map { try AuditEventCodec.decode(Array($0.utf8)) }
        events[n - 1].state = state
        var out: [UInt8] = []
        var prev = SHA256Hex.zero
        for var e in events {
            e.prev = prev
            let line = AuditEventCodec.encode(e)
            prev = SHA256Hex.of(bytes: line)
            out += line + [0x0A]
        }
        return out
    }

    @Test func theBodyHashedIsTheFileWritten() throws {
        let b = try board()
        defer { b.remove() }
        let log = try b.read("audit/UC-0001.jsonl")
        let check = LogCheck.full(log, display: "UC-0001.jsonl", useCase: "UC-0001")
        #expect(check.ok, "\(check.problems)")
        let file = try b.read("usecases/UC-0001.yaml")
        let body = try #require(UseCaseEmitter.split(file)).body
        #expect(UseCaseEmitter.body(try #require(check.replayed)).utf8.elementsEqual(body))
        #expect(SHA256Hex.of(bytes: Array(body)) == check.events.last?.state)
    }

    @Test(arguments: [2, 3, 4, 5, 6, 7])
    func aForgedStateInTheMiddleIsCaught(_ n: Int) throws {
        let b = try board()
        defer { b.remove() }
        let log = try b.read("audit/UC-0001.jsonl")
        // The creation's real state: well formed, only not the state this line produces (lines
        // 3 and 6 are comments, whose state is the one before them).
        let events = LogCheck.full(log, display: "log", useCase: "UC-0001").events
        let other = events[0].state
        #expect(other != events[n - 1].state)
        let check = LogCheck.full(try forging(log, line: n, state: other), display: "log", useCase: "UC-0001")
        #expect(check.problems.first?.line == n, "\(check.problems)")
        #expect(check.problems.first?.message.contains("records a state that replaying events 1–\(n) does not produce") == true)
        #expect(check.replayed == nil)
    }

    @Test func theRightStateInCapitalsIsNotTheRecord() throws {
        let b = try board()
        defer { b.remove() }
        let log = try b.read("audit/UC-0001.jsonl")
        let events = LogCheck.full(log, display: "log", useCase: "UC-0001").events
        let check = LogCheck.full(try forging(log, line: 4, state: events[3].state.uppercased()), display: "log", useCase: "UC-0001")
        #expect(check.problems.first?.line == 4, "\(check.problems)")
    }

    /// The emitter's shortcut (only short words starting with one of the reserved words' first
    /// letters are looked up) still quotes every reserved word in any case, and only those.
    @Test func reservedWordsAreQuotedInAnyCase() {
        for word in YAMLScalar.reserved {
            for form in [word, word.uppercased(), word.prefix(1).uppercased() + word.dropFirst()] {
                #expect(!YAMLScalar.isPlainSafe(form), "\(form)")
            }
        }
        for plain in ["id", "tier", "stage", "title", "owner", "Nope", "onion", "info", "yess", "tru", "a", "Zed"] {
            #expect(YAMLScalar.isPlainSafe(plain), "\(plain)")
        }
    }
}
