import GateboardCore

/// Aligned columns for plain output. Cells are escaped board text; widths count terminal
/// columns (wide characters take two), so CJK titles still line up.
package struct TextTable {
    var headers: [String]
    var rows: [[String]] = []
    /// Columns aligned right (numbers).
    var rightAligned: Set<Int> = []

    package init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.rightAligned = rightAligned
    }

    package mutating func add(_ cells: [String]) { rows.append(cells) }

    package func render() -> String {
        let all = [headers] + rows
        var widths = Array(repeating: 0, count: headers.count)
        for row in all {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], DisplayWidth.of(cell))
            }
        }
        return all.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                let last = i == row.count - 1
                if rightAligned.contains(i) {
                    line += pad + cell
                } else {
                    line += cell + (last ? "" : pad)
                }
                if !last { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

/// Terminal columns of text: East Asian wide and emoji take two, combining marks none.
package enum DisplayWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    static func width(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v == 0x200D || (0x300...0x36F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Cuts text to at most `limit` columns, marking the cut with "…".
    package static func truncate(_ text: String, to limit: Int) -> String {
        guard of(text) > limit, limit > 1 else { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(String(ch))
            if used + w > limit - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }
}
