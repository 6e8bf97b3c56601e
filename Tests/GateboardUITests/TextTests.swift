import GateboardCore
import Testing
@testable import GateboardUI

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("UC-0007") == 7)
        #expect(DisplayWidth.of("保険") == 4)                 // CJK: wide
        #expect(DisplayWidth.of("ｱ") == 1)                     // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)                    // fullwidth Latin
        #expect(DisplayWidth.of("한국") == 4)
        #expect(DisplayWidth.of("📄") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)             // combining acute
        // Per scalar, as wcwidth and ncurses count (see DisplayWidth): never per cluster.
        #expect(DisplayWidth.of("👩‍💻") == 4)                   // ZWJ sequence: 2 + 0 + 2
        #expect(DisplayWidth.of("🇩🇪") == 2)                    // flag: two regional indicators
        #expect(DisplayWidth.of("❤️") == 1)                    // text-default heart + VS16 (0)
        #expect(DisplayWidth.of("👍🏽") == 4)                    // skin tone modifier: 2 + 2
        #expect(DisplayWidth.of("ਕਾ") == 2)                    // Gurmukhi spacing mark U+0A3E: 1
        #expect(DisplayWidth.of("a\u{200B}b") == 2)           // zero-width space
        #expect(DisplayWidth.of("─│┌") == 3)
    }

    @Test func truncationByDisplayWidth() {
        #expect(TextFit.truncate("Claims triage assistant", to: 10) == "Claims tr…")
        #expect(TextFit.truncate("short", to: 10) == "short")
        #expect(TextFit.truncate("保険金請求", to: 6) == "保険…")     // 4 + 1, never half a wide char
        #expect(DisplayWidth.of(TextFit.truncate("保険金請求", to: 6)) == 5)
        #expect(TextFit.truncate("abc", to: 0) == "")
        #expect(TextFit.pad("保", to: 4) == "保  ")
        #expect(TextFit.truncate("abcdef", to: 4, ellipsis: "~") == "abc~")
    }

    @Test func wrapping() {
        #expect(TextFit.wrap("one two three", to: 7) == ["one two", "three"])
        #expect(TextFit.wrap("abcdefghij", to: 4) == ["abcd", "efgh", "ij"])
    }
}

@Suite struct ScreenBufferTests {
    @Test func wideCharactersTakeTwoCells() {
        var b = ScreenBuffer(width: 6, height: 1)
        #expect(b.put("a保b", x: 0, y: 0) == 4)
        #expect(b[1, 0].grapheme == "保")
        #expect(b[2, 0].isContinuation)
        #expect(b.line(0) == "a保b")
    }

    /// Cells as ncurses holds them: a spacing character and the zero-width ones after it.
    @Test func cellsFollowTheTerminalsWidths() {
        var b = ScreenBuffer(width: 12, height: 1)
        #expect(b.put("👩\u{200D}💻x", x: 0, y: 0) == 5)
        #expect(b[0, 0].grapheme == "👩\u{200D}")
        #expect(b[1, 0].isContinuation)
        #expect(b[2, 0].grapheme == "💻")
        #expect(b[4, 0].grapheme == "x")
        var g = ScreenBuffer(width: 12, height: 1)
        #expect(g.put("ਕਾe\u{301}", x: 0, y: 0) == 3)      // U+0A3E takes a column of its own
        #expect(g[1, 0].grapheme == "\u{A3E}")
        #expect(g[2, 0].grapheme == "e\u{301}")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var b = ScreenBuffer(width: 6, height: 1)
        b.put("保険", x: 0, y: 0)
        b.put("x", x: 1, y: 0)                                // second half of 保
        #expect(b.line(0) == " x険")
        b.put("y", x: 2, y: 0)                                // first half of 険
        #expect(b.line(0) == " xy")
    }

    @Test func wideCharacterThatDoesNotFitIsNotSplit() {
        var b = ScreenBuffer(width: 3, height: 1)
        #expect(b.put("ab保", x: 0, y: 0) == 2)
        #expect(b.line(0) == "ab")
    }

    @Test func clipsAtEdgesAndMaxWidth() {
        var b = ScreenBuffer(width: 5, height: 2)
        b.put("hello world", x: 2, y: 1)
        b.put("zz", x: 0, y: 5)
        b.put("abcdef", x: 0, y: 0, maxWidth: 3)
        #expect(b.text == "abc\n  hel")
    }

    @Test func styledLineEndsWithEllipsisWhenCut() {
        var b = ScreenBuffer(width: 12, height: 1)
        b.draw(StyledLine([("UC-0001 ", .bold), ("Claims triage", .normal)]), x: 0, y: 0, width: 12, ellipsis: "…")
        #expect(b.line(0) == "UC-0001 Cla…")
        #expect(b[0, 0].style == .bold)
    }

    @Test func asciiFallbackForNonUTF8Locales() {
        #expect(Glyphs.forLocale(["LANG": "C"]) == .ascii)
        #expect(Glyphs.forLocale(["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(Glyphs.forLocale(["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        var b = ScreenBuffer(width: 6, height: 3)
        b.box(Rect(x: 0, y: 0, width: 6, height: 3), glyphs: .ascii)
        #expect(b.text == "+----+\n|    |\n+----+")
    }

    @Test func noColorMeansMonochrome() {
        #expect(!Palette.choose(environment: ["NO_COLOR": "1"], terminalHasColors: true).usesColor)
        #expect(Palette.choose(environment: [:], terminalHasColors: true).usesColor)
        #expect(!Palette.choose(environment: [:], terminalHasColors: false).usesColor)
        // Monochrome still tells states apart.
        let mono = Palette.monochrome
        #expect(mono.appearance(.selected) != mono.appearance(.normal))
        #expect(mono.appearance(.danger) != mono.appearance(.normal))
        // Colour never puts white or black text on the terminal's own background.
        for style in Style.allCases {
            let a = Palette.color.appearance(style)
            if a.background == nil { #expect(a.foreground != .white && a.foreground != .black, "\(style)") }
        }
    }
}

@Suite struct SanitisingTests {
    @Test func boardTextNeverReachesTheScreenAsControlCharacters() {
        var s = Fixture.state()
        s.select(id: "UC-0007")
        s = Fixture.run(s, [.key(.enter)]).0
        let buf = render(s)
        #expect(buf.text.contains("Title with ^[[31mescape^[[0m and\\ttab"))
        for cell in buf.cells {
            #expect(!cell.grapheme.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) })
        }
    }

    @Test func bufferShowsStrayControlCharactersVisibly() {
        var b = ScreenBuffer(width: 5, height: 1)
        b.put("a\u{1B}b", x: 0, y: 0)
        #expect(b.line(0) == "a?b")
    }
}
