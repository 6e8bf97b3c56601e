import Foundation
import GateboardCore
import GateboardStore
import Testing
@testable import GateboardCLI

/// The streamed `list --json` writer prints byte for byte what the plain encoder
/// (`JSONOutput.encode`, Foundation's JSONEncoder) prints for the same rows.
@Suite struct ListJSONWriterTests {
    /// The writer's output, collected from its sink (several 64 KB pieces for a big list).
    static func streamed(_ rows: [ListRowJSON]) -> (bytes: [UInt8], pieces: Int) {
        var bytes: [UInt8] = []
        var pieces = 0
        let out = ListJSONWriter.Out(sink: { chunk in bytes.append(contentsOf: chunk); pieces += 1 })
        ListJSONWriter.emit(rows, out)
        out.flush()
        return (bytes, pieces)
    }

    static func encoded(_ rows: [ListRowJSON]) -> [UInt8] { Array(JSONOutput.encode(rows).utf8) }

    @Test func sampleBoard() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data")
        // A copy: loading writes the board's caches.
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("gb-cli-sample-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: sample, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let now = try #require(Timestamp.parse("2026-11-26T09:00:00Z"))
        let (policy, rows) = try BoardStore(root: copy).loadRows(now: now)
        #expect(rows.count >= 10)
        let json = rows.map { ListRowJSON(ListRow($0, policy: policy, now: now)) }
        let (bytes, _) = Self.streamed(json)
        #expect(bytes == Self.encoded(json), "\(String(decoding: bytes, as: UTF8.self))")
    }

    @Test func emptyList() {
        #expect(Self.streamed([]).bytes == Self.encoded([]))
    }

    /// 3,000 generated rows (over 1 MB, so many pieces) with hostile text: quotes, backslashes,
    /// controls, DEL and C1, bidi and invisible characters, astral ones that need a surrogate
    /// pair escape, emoji, CJK, slashes; optional SLA; no owners and several.
    @Test func generatedBoard() {
        var rng = SplitMix(seed: 14)
        let pool = ["plain", "a \"quote\"", "back\\slash", "new\nline", "tab\there", "\u{1B}[31mred", "del\u{7F}",
                    "csi\u{9B}2J", "bidi\u{202E}txet", "zw\u{200B}sp", "filler\u{3164}", "blank\u{2800}", "vs\u{FE0F}",
                    "ivs\u{E0100}", "tag\u{E0041}", "nonchar\u{FFFF}\u{10FFFF}", "soft\u{AD}hyphen", "é保険👩\u{200D}💻",
                    "path/with/slashes", "", "\u{0}\u{1}\u{1F}", "line\u{2028}sep", "\u{FEFF}bom"]
        let roles = ["business_owner", "change_approver", "ops_owner", "risk_reviewer", "technical_owner"]
        func text() -> String { (0..<Int(rng.next() % 3 + 1)).map { _ in pool[Int(rng.next() % UInt64(pool.count))] }.joined() }
        var rows: [ListRowJSON] = []
        for n in 0..<3000 {
            let owners = roles.filter { _ in rng.next() % 2 == 0 }.map { RoleHolder(role: $0, person: text()) }
            let ints = [0, 1, -1, 7, 1234567, Int.max, Int.min, -999]
            rows.append(ListRowJSON(id: "UC-\(n)", title: text(), stage: text(), tier: text(),
                                    daysInStage: ints[Int(rng.next() % UInt64(ints.count))],
                                    slaDays: rng.next() % 3 == 0 ? nil : ints[Int(rng.next() % UInt64(ints.count))],
                                    stalled: rng.next() % 2 == 0, stalling: rng.next() % 2 == 0,
                                    blockers: Int(rng.next() % 20), owners: owners,
                                    halted: rng.next() % 5 == 0, parked: rng.next() % 7 == 0))
            // Signed decisions: the decisions that do not count, on some rows.
            rows[n].notCounted = (0..<Int(rng.next() % 4 == 0 ? rng.next() % 3 + 1 : 0)).map { _ in text() }
        }
        let (bytes, pieces) = Self.streamed(rows)
        let expected = Self.encoded(rows)
        #expect(pieces > 10)
        #expect(bytes.count == expected.count)
        if bytes != expected {
            let at = (0..<min(bytes.count, expected.count)).first { bytes[$0] != expected[$0] } ?? min(bytes.count, expected.count)
            let lo = max(0, at - 200)
            Issue.record("first difference at byte \(at):\nstreamed \(String(decoding: bytes[lo..<min(bytes.count, at + 80)], as: UTF8.self))\nencoder \(String(decoding: expected[lo..<min(expected.count, at + 80)], as: UTF8.self))")
        }
    }
}

/// A small deterministic generator (the tests must be repeatable).
struct SplitMix {
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
