import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// A seeded random mutator over the use case and policy parsers: whatever the bytes, a
/// result or located diagnostics, never a crash. (`make stress` can raise the rounds.)
@Suite struct FuzzTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["GATEBOARD_FUZZ_ROUNDS"] ?? "") ?? 400
    static let tokens: [[UInt8]] = [":", "-", " ", "\n", "[", "]", "{", "}", "&a", "*a", "\"", "'", "\\", "#", "|", ">", "!!str", "---", "? ",
                                    "\t", "\r\n", "<<<<<<< ", "\u{FEFF}", "\u{202E}", "null", "~", "99999999999999999999"].map { Array($0.utf8) } + [[0], [0xFF], [0xC3], [0xE2, 0x80]]

    static func mutate(_ input: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            guard !b.isEmpty else { break }
            let at = Int(rng.next() % UInt64(b.count))
            switch rng.next() % 5 {
            case 0: b[at] ^= UInt8(1 << (rng.next() % 8))
            case 1: b.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: at)
            case 2: b.removeSubrange(at..<min(b.count, at + Int(rng.next() % 40)))
            case 3:
                let end = min(b.count, at + Int(rng.next() % 80))
                b.insert(contentsOf: Array(b[at..<end]), at: Int(rng.next() % UInt64(b.count)))
            default: b = Array(b[..<at])
            }
        }
        return b
    }

    func check(_ bytes: [UInt8], policy: Bool) {
        let display = policy ? "gateboard.yaml" : "usecases/UC-0001.yaml"
        let result = BoardFileText.decode(bytes, display: display).flatMap { text -> Result<Bool, BoardInvalid> in
            policy ? PolicyParser.parse(text: text, display: display).map { _ in true }
                   : UseCaseParser.parse(text: text, display: display, expectedID: "UC-0001", policy: Policy.standard).map { _ in true }
        }
        if case .failure(let e) = result {
            #expect(!e.diagnostics.isEmpty)
            #expect(e.diagnostics.allSatisfy { $0.path == display && ($0.line ?? 1) >= 1 && ($0.column ?? 1) >= 1 })
        }
    }

    @Test func mutatedUseCases() throws {
        let valid = Array(try String(contentsOf: BadInputTests.fixtures.appendingPathComponent("valid.yaml"), encoding: .utf8).utf8)
        var rng = SeededRandom(seed: 2026)
        for _ in 0..<Self.rounds { check(Self.mutate(valid, &rng), policy: false) }
    }

    @Test func mutatedPolicies() {
        let valid = Array(DefaultPolicyText.policyYAML(name: "Fuzz").utf8)
        var rng = SeededRandom(seed: 1122)
        for _ in 0..<Self.rounds { check(Self.mutate(valid, &rng), policy: true) }
    }

    @Test func mutatedAuditLines() {
        let e = AuditEvent(seq: 3, id: "x", at: Date(timeIntervalSince1970: 1_795_000_000), actor: "alex", osUser: "alex", action: .approve,
                           useCase: "UC-0001", details: EventDetails(role: "risk_reviewer", comment: "ok \u{1B}", digest: "d", basis: ["tier": "high"]),
                           state: "s", prev: "p")
        let line = AuditEventCodec.encode(e)
        var rng = SeededRandom(seed: 99)
        for _ in 0..<(Self.rounds * 5) {
            let m = Self.mutate(line, &rng)
            _ = try? AuditEventCodec.decode(m)
        }
    }
}
