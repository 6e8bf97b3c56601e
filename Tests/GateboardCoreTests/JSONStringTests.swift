import Foundation
import Testing
@testable import GateboardCore

@Suite struct JSONStringTests {
    func quoted(_ s: String, escaping: (Unicode.Scalar) -> Bool = TerminalSafe.needsEscape) -> String {
        var out: [UInt8] = []
        JSONString.write(s, to: &out, escaping: escaping)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func escapes() {
        #expect(quoted("plain a/b") == #""plain a/b""#)
        #expect(quoted("") == #""""#)
        #expect(quoted("q\"b\\n\n r\r t\t b\u{8} f\u{C}") == #""q\"b\\n\n r\r t\t b\b f\f""#)
        #expect(quoted("\u{0}\u{1B}\u{1F}") == #""\u0000\u001b\u001f""#)
        // From U+007F on, only what `escaping` picks; above U+FFFF as a surrogate pair.
        #expect(quoted("\u{7F}\u{9B}\u{202E}\u{E0041}é😀") == #""\u007f\u009b\u202e\udb40\udc41é😀""#)
        #expect(quoted("\u{7F}\u{202E}é", escaping: { _ in false }) == "\"\u{7F}\u{202E}é\"")
    }

    /// Whatever the text, JSON's own decoder reads back exactly that text.
    @Test func roundTrips() throws {
        var samples = ["", "a\"\\/", "line\nbreak", "\u{0}\u{1}\u{7F}\u{85}\u{AD}\u{2028}\u{FEFF}\u{FFFE}\u{10FFFF}", "Zoë 😀 👩‍💻"]
        var seed: UInt64 = 42
        for _ in 0..<200 {
            var s = String.UnicodeScalarView()
            for _ in 0..<12 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let v = UInt32(truncatingIfNeeded: seed >> 33) % (seed & 1 == 0 ? 0x80 : 0x110000)
                if let u = Unicode.Scalar(v) { s.append(u) }
            }
            samples.append(String(s))
        }
        for s in samples {
            let json = "[" + quoted(s, escaping: { _ in true }) + "," + quoted(s) + "]"
            let back = try JSONDecoder().decode([String].self, from: Data(json.utf8))
            #expect(back == [s, s], "\(Array(s.unicodeScalars))")
        }
    }
}
