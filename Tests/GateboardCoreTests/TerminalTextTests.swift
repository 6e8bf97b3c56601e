import Foundation
import GateboardCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One width function (the C library's `wcwidth`) and one escaping list, for the CLI, the TUI,
/// JSON output and the board's files.
@Suite(.serialized) struct TerminalTextTests {
    #if canImport(Glibc)
    /// `DisplayWidth.wcwidth` is glibc's `wcwidth` in C.UTF-8 for every code point. On a
    /// mismatch (a newer glibc) the test prints the table to paste into DisplayWidth.swift.
    @Test func widthIsTheCLibrarysWcwidthForEveryCodePoint() throws {
        let saved = String(cString: setlocale(LC_CTYPE, nil))
        defer { setlocale(LC_CTYPE, saved) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        // Glibc's module map hides wcwidth (it needs _XOPEN_SOURCE): the C library's own symbol.
        typealias WCWidth = @convention(c) (wchar_t) -> Int32
        let symbol = try #require(dlsym(nil, "wcwidth"))
        let cWidth = unsafeBitCast(symbol, to: WCWidth.self)
        var mismatches: [String] = []
        var starts: [UInt32] = [], widths: [Int] = []
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else {
                if widths.last != -1 { starts.append(v); widths.append(-1) }
                continue
            }
            let c = Int(cWidth(wchar_t(bitPattern: v)))
            if widths.last != c { starts.append(v); widths.append(c) }
            if DisplayWidth.wcwidth(u) != c, mismatches.count < 20 {
                mismatches.append("U+\(String(v, radix: 16, uppercase: true)): ours \(DisplayWidth.wcwidth(u)), wcwidth \(c)")
            }
        }
        if !mismatches.isEmpty {
            print("runStarts: [" + starts.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ") + "]")
            print("runWidths: [" + widths.map(String.init).joined(separator: ", ") + "]")
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }
    #endif

    @Test func theCasesTheIssueNamed() {
        // Spacing marks take a column (they were given none).
        for v: UInt32 in 0x0A3E...0x0A40 { #expect(DisplayWidth.of(Unicode.Scalar(v)!) == 1) }
        // A ZWJ sequence is the sum of its parts, the same number for the CLI and the TUI.
        #expect(DisplayWidth.of("👨\u{200D}👩\u{200D}👧") == 6)
        #expect(DisplayWidth.of(Character("👨\u{200D}👩\u{200D}👧")) == 6)
        #expect(TextFit.truncate("👨\u{200D}👩\u{200D}👧 team", to: 8) == "👨\u{200D}👩\u{200D}👧 …")
    }

    static let invisibles: [UInt32] = [0x061C, 0x00AD, 0x180E, 0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F,
                                       0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF,
                                       0x3164, 0x2800, 0x115F, 0x1160, 0xFFA0, 0xFE0F, 0xFE00, 0xE0100, 0xE01EF,
                                       0x034F, 0x2065, 0x180F, 0x1BCA0, 0x1D173, 0xE0001, 0xE0080,
                                       0x202E, 0x2066, 0x200B, 0x200D, 0xFEFF, 0x9B, 0x1B, 0x7F, 0x378]

    @Test func everyInvisibleIsEscapedForDisplay() {
        for v in Self.invisibles {
            let u = Unicode.Scalar(v)!
            let shown = TerminalSafe.escape("a\(Character(u))b")
            #expect(shown == "a<U+\(String(v, radix: 16, uppercase: true).leftPadded(4))>b" || !shown.unicodeScalars.contains(u),
                    "U+\(String(v, radix: 16)) shown raw: \(shown.debugDescription)")
            #expect(TerminalSafe.needsEscape(u))
        }
    }

    /// Whatever is shown after escaping is something the terminal prints and `DisplayWidth`
    /// measures: no control, no unassigned code point, nothing that draws as nothing alone.
    @Test func escapedTextHoldsOnlyWhatTheTerminalPrints() {
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            if u.properties.isDefaultIgnorableCodePoint { #expect(TerminalSafe.needsEscape(u), "U+\(String(v, radix: 16))") }
            if TerminalSafe.escapedInFiles(u) { #expect(TerminalSafe.needsEscape(u), "U+\(String(v, radix: 16))") }
            if !TerminalSafe.needsEscape(u) {
                #expect(DisplayWidth.wcwidth(u) >= 0, "U+\(String(v, radix: 16)) is not printable")
            }
        }
    }

    /// A name, reference or id may hold exactly what output shows raw: `PlainText` uses the
    /// one escaping list, so the two can no longer drift (it once kept a list of its own).
    @Test func plainTextForbidsExactlyWhatOutputEscapes() {
        for v in UInt32(0)...0x10FFFF {
            guard let u = Unicode.Scalar(v) else { continue }
            #expect(PlainText.isForbidden(u) == TerminalSafe.needsEscape(u), "U+\(String(v, radix: 16))")
        }
        for v: UInt32 in [0x00AD, 0x061C, 0x180E, 0x206A, 0x206F, 0xFDD0, 0xFDEF, 0xFFFE, 0x10FFFF, 0x3164, 0x2800, 0xFE0F] {
            #expect(PlainText.firstForbidden(in: "UC\(Character(Unicode.Scalar(v)!))1") == Unicode.Scalar(v), "U+\(String(v, radix: 16))")
        }
    }

    /// The files' part of the list is frozen (state hashes are taken over the emitted bytes):
    /// display-only characters stay raw in files.
    @Test func filesEscapeTheFrozenListOnly() {
        for v: UInt32 in [0x3164, 0x2800, 0x115F, 0xFE0F, 0xE0100, 0x034F, 0x0378] {
            #expect(!TerminalSafe.escapedInFiles(Unicode.Scalar(v)!), "U+\(String(v, radix: 16))")
        }
        for v: UInt32 in [0x00AD, 0x061C, 0x180E, 0x200B, 0x202E, 0x2066, 0x206F, 0xFEFF, 0xFDD0, 0x1FFFF, 0xE0041, 0x9B] {
            #expect(TerminalSafe.escapedInFiles(Unicode.Scalar(v)!), "U+\(String(v, radix: 16))")
        }
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
