/// Moving the selection, keeping it visible, and the mouse.
extension AppState {
    mutating func moveSelection(_ key: Key) {
        guard !columns.isEmpty else { return }
        let narrow = layout.mode == .narrow
        let col = selectedColumn
        let count = columns[col].count
        let page = narrow ? layout.listRows - 1 : layout.cardsPerColumn
        switch key {
        case .char("j"), .down:
            if selectedRows[col] + 1 < count { selectedRows[col] += 1 }
            else if narrow, let next = nonEmptyColumn(after: col) { selectedColumn = next; selectedRows[next] = 0 }
        case .char("k"), .up:
            if selectedRows[col] > 0 && count > 0 { selectedRows[col] -= 1 }
            else if narrow, let prev = nonEmptyColumn(before: col) {
                selectedColumn = prev; selectedRows[prev] = columns[prev].count - 1
            }
        case .char("l"), .right:
            if let next = nonEmptyColumn(after: col) { selectedColumn = next }
        case .char("h"), .left:
            if let prev = nonEmptyColumn(before: col) { selectedColumn = prev }
        case .char("g"), .home:
            if narrow, let first = columns.firstIndex(where: { !$0.isEmpty }) { selectedColumn = first; selectedRows[first] = 0 }
            else { selectedRows[col] = 0 }
        case .char("G"), .end:
            if narrow, let last = columns.lastIndex(where: { !$0.isEmpty }) {
                selectedColumn = last; selectedRows[last] = columns[last].count - 1
            } else { selectedRows[col] = max(0, count - 1) }
        case .pageDown:
            selectedRows[col] = min(max(0, count - 1), selectedRows[col] + page)
        case .pageUp:
            selectedRows[col] = max(0, selectedRows[col] - page)
        default:
            return
        }
        ensureSelectionVisible()
    }

    func nonEmptyColumn(after c: Int) -> Int? {
        columns.indices.first { $0 > c && !columns[$0].isEmpty }
    }

    func nonEmptyColumn(before c: Int) -> Int? {
        columns.indices.last { $0 < c && !columns[$0].isEmpty }
    }

    /// Row of the selection in the narrow grouped list (a header row per stage, then its cards).
    var selectedListRow: Int {
        var row = 0
        for c in 0..<selectedColumn { row += 1 + columns[c].count }
        return row + 1 + (columns.indices.contains(selectedColumn) ? selectedRows[selectedColumn] : 0)
    }

    var listRowCount: Int { columns.reduce(0) { $0 + 1 + $1.count } }

    /// Scrolls the selected column (or the narrow list) so the selection is on screen.
    mutating func ensureSelectionVisible() {
        let l = layout
        guard l.mode != .tooSmall else { return }
        if l.mode == .narrow {
            let rows = l.listRows
            let r = selectedListRow
            if r < listScroll + 1 { listScroll = max(0, r - 1) }   // keep the stage header in view when possible
            if r >= listScroll + rows { listScroll = r - rows + 1 }
            listScroll = max(0, min(listScroll, max(0, listRowCount - rows)))
            return
        }
        let per = l.cardsPerColumn
        for c in columns.indices {
            let r = selectedRows[c]
            if r < scrolls[c] { scrolls[c] = r }
            if r >= scrolls[c] + per { scrolls[c] = r - per + 1 }
            scrolls[c] = max(0, min(scrolls[c], max(0, columns[c].count - per)))
        }
    }

    /// Click selects the card under the pointer; the wheel scrolls the column or list under it.
    mutating func handleMouse(_ m: MouseEvent) -> [Effect] {
        let l = layout
        guard view == .board, !showingDetail, l.mode != .tooSmall else { return [] }
        if l.mode == .wide {
            guard let c = l.columns.firstIndex(where: { $0.contains(x: m.x, y: m.y) }) else {
                if m.kind == .click, let p = l.panes.firstIndex(where: { $0.contains(x: m.x, y: m.y) }) {
                    focus = AppState.Focus(rawValue: p + 1)!
                }
                return []
            }
            let per = l.cardsPerColumn
            switch m.kind {
            case .click:
                let inner = l.columns[c].inner
                guard m.y >= inner.y, m.y < inner.maxY else { return [] }
                let r = scrolls[c] + (m.y - inner.y) / Layout.cardHeight
                guard columns[c].indices.contains(r) else { return [] }
                selectedColumn = c
                selectedRows[c] = r
                focus = .board
            case .wheelUp:
                scrolls[c] = max(0, scrolls[c] - 1)
                if c == selectedColumn { selectedRows[c] = min(selectedRows[c], scrolls[c] + per - 1) }
            case .wheelDown:
                scrolls[c] = min(max(0, columns[c].count - per), scrolls[c] + 1)
                if c == selectedColumn { selectedRows[c] = max(selectedRows[c], scrolls[c]) }
            }
            return []
        }
        // Narrow: the list.
        switch m.kind {
        case .click:
            let inner = l.main.inner
            guard inner.contains(x: m.x, y: m.y) else {
                if l.panes.first?.contains(x: m.x, y: m.y) == true, focus == .board { focus = .owners }
                return []
            }
            var row = listScroll + (m.y - inner.y)
            for c in columns.indices {
                if row == 0 { return [] }             // a stage header
                row -= 1
                if row < columns[c].count {
                    selectedColumn = c
                    selectedRows[c] = row
                    focus = .board
                    return []
                }
                row -= columns[c].count
            }
        case .wheelUp: moveSelection(.up)
        case .wheelDown: moveSelection(.down)
        }
        return []
    }
}
