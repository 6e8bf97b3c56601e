import Foundation
import Testing
@testable import GateboardStore

/// The audit-line reader and the board-file reader share one UTF-8 check: both agree with
/// the standard library's on overlongs, surrogates, truncations and random bytes.
@Suite struct UTF8ValidationTests {
    func stdlib(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }
    func jsonLine(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { JSONReader.isValidUTF8($0) } }
    func boardFile(_ bytes: [UInt8]) -> Bool {
        // A leading letter keeps the text from being empty or a BOM.
        if case .success = BoardFileText.decode([0x61] + bytes, display: "f") { return true }
        return false
    }

    @Test func agreesWithTheStandardLibrary() {
        var cases: [[UInt8]] = [
            [0xC3, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xF4, 0x8F, 0xBF, 0xBF], [0xEF, 0xBF, 0xBF],
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x8F, 0xBF, 0xBF],
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF],
            [0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xC3, 0x41], [0xE2, 0x41, 0xAC],
        ]
        var seed: UInt64 = 7
        for _ in 0..<3000 {
            var b: [UInt8] = []
            for _ in 0..<6 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let x = UInt8(truncatingIfNeeded: seed >> 40)
                b.append(x < 0x20 ? x | 0x80 : x)   // no controls: BoardFileText refuses NUL
            }
            cases.append(b)
        }
        for c in cases {
            let want = stdlib(c)
            #expect(jsonLine(c) == want, "\(c)")
            #expect(boardFile(c) == want, "\(c)")
        }
    }
}
