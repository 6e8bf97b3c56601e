import GateboardCore

/// Board text inside Markdown: terminal-safe, and Markdown's own syntax characters escaped
/// so a title cannot turn into a link, a heading or a table cell break.
package enum Markdown {
    package static func escape(_ text: String) -> String {
        var out = ""
        for ch in TerminalSafe.escape(text) {
            if "\\`*_[]<>|#!".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
