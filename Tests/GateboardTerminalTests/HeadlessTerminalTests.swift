import Testing
import GateboardUI
@testable import GateboardTerminal

/// ncurses without a terminal: newterm on /dev/null, draw a buffer, read it back.
/// One test drives the whole lifecycle because ncurses has one current screen per process.
@Suite(.serialized) struct HeadlessTerminalTests {
    @Test func drawsChangedCellsAndReadsBack() throws {
        let term = try Terminal(mode: .headless(width: 40, height: 6), environment: ["TERM": "xterm-256color"])
        defer { term.restore() }
        #expect(term.width == 40)
        #expect(term.height == 6)

        var buf = ScreenBuffer(width: 40, height: 6)
        buf.box(Rect(x: 0, y: 0, width: 40, height: 4), glyphs: .unicode, title: "Gate")
        buf.put("UC-0007 保険 ok", x: 1, y: 1, style: .danger)
        buf.put("status", x: 0, y: 5, style: .key)
        term.draw(buf)
        #expect(term.line(0).hasPrefix("┌─ Gate ─"))
        for y in 0..<6 { #expect(term.line(y) == buf.line(y)) }
        #expect(term.line(1) == "│UC-0007 保険 ok                       │")
        #expect(term.line(5) == "status")
        #expect(term.lastDrawnCells > 40)   // first frame: everything

        // Only the cells that changed are sent the second time.
        var next = buf
        next.put("blocked", x: 0, y: 5, style: .danger)
        term.draw(next)
        #expect(term.line(5) == "blocked")
        #expect(term.lastDrawnCells == 7)

        // No change, nothing sent.
        term.draw(next)
        #expect(term.lastDrawnCells == 0)
    }

    /// The screen buffer places cells where ncurses does: text the two measured differently
    /// (a ZWJ sequence, a Gurmukhi spacing mark, a flag, an emoji with VS16 or a skin tone)
    /// came back from ncurses blank or shifted. Each row ends in a marker to catch a shift.
    @Test func screenBufferAndNcursesAgreeOnWidths() throws {
        let term = try Terminal(mode: .headless(width: 30, height: 8), environment: ["TERM": "xterm-256color"])
        defer { term.restore() }
        let rows = ["👩\u{200D}💻 dev", "ਕਾਰ ok", "🇩🇪 flag", "❤\u{FE0F} ops", "👍🏽 ok", "e\u{301}\u{302} é", "保険 ｱ Ａ", "a\u{0A3E}\u{0A3F}b"]
        var buf = ScreenBuffer(width: 30, height: 8)
        for (y, text) in rows.enumerated() {
            let used = buf.put(text, x: 0, y: y)
            buf.put("|", x: used, y: y)
            #expect(used == DisplayWidth.of(text), "\(text.debugDescription)")
        }
        term.draw(buf)
        for y in 0..<rows.count {
            #expect(term.line(y) == buf.line(y), "row \(y): ncurses \(term.line(y).debugDescription), buffer \(buf.line(y).debugDescription)")
        }
    }
}
