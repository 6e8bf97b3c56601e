import GateboardCore

/// Aligned columns for plain output. Cells are escaped board text; widths count terminal
/// columns (`DisplayWidth`, as the terminal counts them), so CJK titles still line up.
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
