import CNcursesw
import Foundation
import GateboardUI

/// The terminal through ncurses: setup, key reading, drawing only what changed, and a teardown
/// that always restores the terminal. The only code in the project that talks to ncurses.
public final class Terminal {
    public enum Mode {
        /// The real terminal on stdin/stdout.
        case screen
        /// No terminal: output to /dev/null, for tests. Read the screen back with `line(_:)`.
        case headless(width: Int, height: Int)
    }

    public let palette: Palette
    public private(set) var width: Int
    public private(set) var height: Int
    /// Cells sent to ncurses by the last `draw` (only the ones that changed).
    public private(set) var lastDrawnCells = 0

    private let mode: Mode
    private var screen: OpaquePointer?
    private var files: [UnsafeMutablePointer<FILE>] = []
    private var previous: ScreenBuffer?
    private var attributes: [attr_t] = []
    private var pairs: [Int16] = []
    private var active = false

    public init(mode: Mode = .screen, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.mode = mode
        setlocale(LC_ALL, "")
        switch mode {
        case .screen:
            guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
                throw TerminalError("the interactive board needs a terminal (stdin and stdout must be a tty); use the CLI subcommands in scripts")
            }
            guard initscr() != nil else { throw TerminalError("could not initialise the terminal (TERM=\(environment["TERM"] ?? ""))") }
        case let .headless(w, h):
            guard let out = fopen("/dev/null", "w"), let inp = fopen("/dev/null", "r") else {
                throw TerminalError("cannot open /dev/null")
            }
            files = [out, inp]
            let term = environment["TERM"].flatMap { $0.isEmpty || $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
            guard let s = newterm(term, out, inp) else { throw TerminalError("newterm failed for TERM=\(term)") }
            screen = s
            _ = set_term(s)
            _ = resizeterm(Int32(h), Int32(w))
        }
        active = true
        gb_install_restore_handlers()
        raw()
        noecho()
        nonl()
        _ = keypad(gb_stdscr(), true)
        set_escdelay(25)
        _ = curs_set(0)
        if case .screen = mode {
            mouseinterval(0)
            _ = mousemask(gb_plain_mouse_events(), nil)
            gb_define_paste_keys()
            gb_enable_paste()
        }
        let colors = has_colors()
        if colors {
            start_color()
            use_default_colors()
        }
        palette = Palette.choose(environment: environment, terminalHasColors: colors)
        width = Int(gb_cols())
        height = Int(gb_lines())
        setUpStyles(colors: colors)
    }

    deinit { restore() }

    /// Leaves curses mode and puts the terminal back as it was. Safe to call more than once.
    public func restore() {
        guard active else { return }
        active = false
        if case .screen = mode {
            _ = mousemask(0, nil)
            gb_disable_paste()
        }
        _ = curs_set(1)
        endwin()
        gb_reset_restore_handlers()
        if let s = screen { delscreen(s); screen = nil }
        for f in files { fclose(f) }
        files = []
    }

    private func setUpStyles(colors: Bool) {
        attributes = []
        pairs = []
        for (i, style) in Style.allCases.enumerated() {
            let a = palette.appearance(style)
            var attr = gb_a_normal()
            if a.bold { attr |= gb_a_bold() }
            if a.dim { attr |= gb_a_dim() }
            if a.reverse { attr |= gb_a_reverse() }
            if a.underline { attr |= gb_a_underline() }
            var pair: Int16 = 0
            if colors && palette.usesColor && (a.foreground != nil || a.background != nil) {
                pair = Int16(i + 1)
                _ = init_pair(pair, Int16(a.foreground?.rawValue ?? -1), Int16(a.background?.rawValue ?? -1))
            }
            attributes.append(attr)
            pairs.append(pair)
        }
    }

    // MARK: - Drawing

    /// Sends the cells that differ from the last frame, then refreshes.
    public func draw(_ buffer: ScreenBuffer) {
        var count = 0
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        if full { _ = clearok(gb_stdscr(), true); _ = erase() }
        var wch = [wchar_t](repeating: 0, count: 8)
        for y in 0..<buffer.height {
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if !full, let p = previous, p[x, y] == cell {
                    // Unchanged, unless it is the second half of a wide character that was replaced.
                    continue
                }
                var n = 0
                for u in cell.grapheme.unicodeScalars where n < 5 {
                    wch[n] = wchar_t(bitPattern: u.value)
                    n += 1
                }
                wch[n] = 0
                _ = gb_put_cell(Int32(y), Int32(x), wch, attributes[cell.style.rawValue], pairs[cell.style.rawValue])
                count += 1
            }
        }
        lastDrawnCells = count
        previous = buffer
        _ = refresh()
    }

    /// The text on row `y` as ncurses holds it (headless tests).
    public func line(_ y: Int) -> String {
        var buf = [wchar_t](repeating: 0, count: width + 1)
        let n = mvinnwstr(Int32(y), 0, &buf, Int32(width))
        guard n > 0 else { return "" }
        var s = String.UnicodeScalarView()
        for w in buf.prefix(Int(n)) where w != 0 {
            if let u = Unicode.Scalar(UInt32(bitPattern: w)) { s.append(u) }
        }
        var out = String(s)
        while out.hasSuffix(" ") { out.removeLast() }
        return out
    }

    // MARK: - Suspending for $EDITOR

    /// Leaves curses mode so another program can use the terminal.
    public func suspend() {
        def_prog_mode()
        if case .screen = mode { _ = mousemask(0, nil); gb_disable_paste() }
        endwin()
    }

    /// Back into curses mode after `suspend`; the next draw repaints everything.
    public func resume() {
        reset_prog_mode()
        if case .screen = mode { _ = mousemask(gb_plain_mouse_events(), nil); gb_enable_paste() }
        previous = nil
        _ = refresh()
    }

    // MARK: - Input

    /// The next key, waiting at most `timeoutMs` milliseconds (nil when none arrived).
    public func readKey(timeoutMs: Int32) -> Key? {
        wtimeout(gb_stdscr(), timeoutMs)
        var wch: wint_t = 0
        let r = wget_wch(gb_stdscr(), &wch)
        if r == gb_err() { return nil }
        if r == gb_key_code_yes() { return special(Int32(wch)) }
        return character(UInt32(wch))
    }

    private func character(_ v: UInt32) -> Key? {
        switch v {
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x0A, 0x0D: return .enter
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .ctrl(Character(Unicode.Scalar(v + 0x60)!))
        case 0x00, 0x1C...0x1F: return nil
        default: return Unicode.Scalar(v).map { .char(Character($0)) }
        }
    }

    private func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case gb_key_btab(): return .backTab
        case gb_key_resize():
            width = Int(gb_cols())
            height = Int(gb_lines())
            previous = nil
            return .resize(width: width, height: height)
        case gb_key_mouse():
            var x: Int32 = 0, y: Int32 = 0
            var state: mmask_t = 0
            guard gb_get_mouse(&x, &y, &state) == gb_ok() else { return nil }
            if state & gb_button4_pressed() != 0 { return .mouse(MouseEvent(.wheelUp, x: Int(x), y: Int(y))) }
            if state & gb_button5_pressed() != 0 { return .mouse(MouseEvent(.wheelDown, x: Int(x), y: Int(y))) }
            if state & (gb_button1_pressed() | gb_button1_clicked()) != 0 { return .mouse(MouseEvent(.click, x: Int(x), y: Int(y))) }
            return nil
        case gb_key_paste_begin():
            return .paste(readPaste())
        default:
            return nil
        }
    }

    /// Everything up to the end-of-paste marker (or a pause of a second).
    private func readPaste() -> String {
        var out = String.UnicodeScalarView()
        while true {
            wtimeout(gb_stdscr(), 1000)
            var wch: wint_t = 0
            let r = wget_wch(gb_stdscr(), &wch)
            if r == gb_err() { break }
            if r == gb_key_code_yes() {
                if Int32(wch) == gb_key_paste_end() { break }
                continue
            }
            if wch == 0x0D { out.append("\n"); continue }
            if let u = Unicode.Scalar(UInt32(wch)) { out.append(u) }
        }
        return String(out)
    }
}

public struct TerminalError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
