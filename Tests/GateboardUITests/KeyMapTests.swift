import Foundation
import GateboardCore
import Testing
@testable import GateboardUI

/// The keys table in docs/keys.md, the `?` overlay and what the keys do in the reducer all
/// agree with the keymap in code (`KeyHelp.sections(for:)`), both ways (issue 15).
@Suite struct KeyMapTests {
    typealias Binding = KeysDoc.Binding

    static let views = AppState.View.allCases

    /// The keymap in code: (keys, what) per view.
    static func keymap(_ view: AppState.View) -> Set<Binding> {
        Set(KeyHelp.sections(for: view).flatMap { $0.1 }.map { Binding(keys: $0.keys, what: $0.what) })
    }

    @Test func docsKeysMatchesTheKeymapBothWays() throws {
        if ProcessInfo.processInfo.environment["GATEBOARD_UPDATE_SNAPSHOTS"] == "1" {
            try KeysDoc.generate().write(to: KeysDoc.url, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOf: KeysDoc.url, encoding: .utf8)
        let documented = KeysDoc.parse(text)
        for view in Self.views {
            let doc = documented[view] ?? []
            let code = Self.keymap(view)
            for b in code.subtracting(doc) { Issue.record("docs/keys.md, \(view.title): missing `\(b.keys)` — \(b.what)") }
            for b in doc.subtracting(code) { Issue.record("docs/keys.md, \(view.title): `\(b.keys)` — \(b.what) is not in the keymap") }
        }
        let formDoc = documented[nil] ?? []
        let formCode = Set(KeyHelp.form.map { Binding(keys: $0.keys, what: $0.what) })
        #expect(formDoc == formCode, "docs/keys.md's form keys: \(formDoc.symmetricDifference(formCode))")
        let pickerDoc = KeysDoc.section(text, "In a picker")
        let pickerCode = Set(KeyHelp.picker.map { Binding(keys: $0.keys, what: $0.what) })
        #expect(pickerDoc == pickerCode, "docs/keys.md's picker keys: \(pickerDoc.symmetricDifference(pickerCode))")
        let delegationsDoc = KeysDoc.section(text, KeysDoc.delegationsHeading)
        let delegationsCode = Set(KeyHelp.delegations.map { Binding(keys: $0.keys, what: $0.what) })
        #expect(delegationsDoc == delegationsCode, "docs/keys.md's delegations keys: \(delegationsDoc.symmetricDifference(delegationsCode))")
    }

    /// The overlay's rows, read off the screen page by page: (keys, what) and section titles.
    static func overlay(_ view: AppState.View, width: Int, height: Int) -> (bindings: Set<Binding>, titles: Set<String>) {
        var s = opened(view, width: width, height: height)
        s = Fixture.run(s, Fixture.keys("?")).0
        var bindings = Set<Binding>(), titles = Set<String>()
        let sectionTitles = Set(KeyHelp.sections(for: view).map(\.0))
        for _ in 0..<40 {
            let buf = render(s)
            let lines = ModalView.helpLines(s)
            let r = ModalView.frame(width: ModalView.helpWidth(lines), height: lines.count + 2, in: buf)
            for y in r.inner.y..<r.inner.maxY {
                // The overlay's inside, after its one-column margin, cell by cell.
                let body = Substring((r.inner.x + 1..<r.inner.maxX).map { buf[$0, y].grapheme }.joined())
                let trimmed = body.trimmingCharacters(in: .whitespaces)
                if sectionTitles.contains(trimmed) { titles.insert(trimmed); continue }
                let w = ModalView.helpKeysWidth(s)
                guard body.count > w, !trimmed.isEmpty else { continue }
                let keys = String(body.prefix(w)).trimmingCharacters(in: .whitespaces)
                let what = String(body.dropFirst(w)).trimmingCharacters(in: .whitespaces)
                if !keys.isEmpty { bindings.insert(Binding(keys: keys, what: what)) }
            }
            s = Fixture.run(s, [.key(.pageDown)]).0
        }
        return (bindings, titles)
    }

    @Test func theOverlayShowsTheKeymapBothWays() {
        for view in Self.views {
            let code = Self.keymap(view)
            let (shown, titles) = Self.overlay(view, width: 200, height: 60)
            #expect(titles == Set(KeyHelp.sections(for: view).map(\.0)), "\(view.title)")
            for b in code where !shown.contains(b) { Issue.record("? in \(view.title) does not show `\(b.keys)` — \(b.what)") }
            for b in shown where !code.contains(b) { Issue.record("? in \(view.title) shows `\(b.keys)` — \(b.what), not in the keymap") }
            // At 80×24 the overlay scrolls, and every key is still reachable (its column never cut).
            let small = Self.overlay(view, width: 80, height: 24).bindings.map(\.keys)
            for b in code { #expect(small.contains(b.keys), "\(view.title) at 80×24: `\(b.keys)`") }
        }
    }

    // MARK: - What the keys do

    /// A view opened with something in it to act on and to move in.
    static func opened(_ view: AppState.View, width: Int = 120, height: Int? = nil) -> AppState {
        // The report fits 40 rows: at 24 it scrolls.
        let height = height ?? (view == .report ? 24 : 40)
        var board = Fixture.withOwner("UC-0004", "risk_reviewer", "omar")
        board = Fixture.withOwner("UC-0009", "risk_reviewer", "omar", board: board)
        var s = Fixture.state(width: width, height: height, actor: "omar", board: board)
        s.select(id: "UC-0004")
        s = Fixture.run(s, [.activityLoaded("UC-0004", Fixture.activity)]).0
        switch view {
        case .board: return s
        case .standup:
            let report = Standup.report(s.board.useCases, policy: s.policy, events: [], since: Fixture.daysAgo(1), now: Fixture.now)
            return Fixture.run(s, Fixture.keys("3") + [.standupLoaded(report)]).0
        case .report:
            let report = PortfolioReport.compute(s.board.useCases, policy: s.policy, events: [], now: Fixture.now)
            return Fixture.run(s, Fixture.keys("6") + [.reportLoaded(report)]).0
        case .log:
            return Fixture.run(s, Fixture.keys("4") + [.logLoaded("UC-0004", Fixture.activity)]).0
        default:
            return Fixture.run(s, Fixture.keys(String(view.rawValue))).0
        }
    }

    /// The printable keys a keymap names ("h j k l / arrows" → h j k l; "space" → " ").
    static func printable(_ bindings: Set<Binding>) -> Set<Character> {
        var out = Set<Character>()
        for b in bindings {
            for token in b.keys.split(separator: " ") {
                if token == "space" { out.insert(" ") }
                if token.count == 1, token != "/" || b.keys == "/" { out.insert(token.first!) }
            }
        }
        return out
    }

    /// Whether the key changes the screen or asks the loop for something, from any of a few
    /// starting points (top, one down, one to the right), so j at the bottom still counts.
    static func acts(_ c: Character, in view: AppState.View) -> Bool {
        let start = opened(view)
        let starts = [start, Fixture.run(start, Fixture.keys("j")).0, Fixture.run(start, Fixture.keys("l")).0,
                      Fixture.run(start, Fixture.keys("G")).0, Fixture.run(start, Fixture.keys("g")).0]
        return starts.contains { s in
            let (after, effects) = Fixture.run(s, [.key(.char(c))])
            return !effects.isEmpty || render(after) != render(s)
        }
    }

    @Test func everyListedKeyActsAndNoUnlistedKeyDoes() {
        let all = (33...126).map { Character(UnicodeScalar($0)!) } + [" "]
        for view in Self.views {
            let listed = Self.printable(Self.keymap(view))
            // The digit of the view you are in switches to where you already are.
            for c in all where c != Character(String(view.rawValue)) {
                let acts = Self.acts(c, in: view)
                if listed.contains(c) {
                    #expect(acts, "\(view.title): `\(c)` is in the help but does nothing")
                } else {
                    #expect(!acts, "\(view.title): `\(c)` does something but the help does not list it")
                }
            }
        }
    }
}

/// docs/keys.md: generated from the keymap in code, parsed back for the test.
enum KeysDoc {
    struct Binding: Hashable { var keys: String; var what: String }

    static let url: URL = {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root = root.deletingLastPathComponent()
        }
        return root.appendingPathComponent("docs/keys.md")
    }()

    static let delegationsHeading = "In the delegations list (D)"

    static func generate() -> String {
        var out = """
        # TUI keys

        Every key of the interactive board (`gateboard`), view by view. This page is the source
        of truth for the user guide and is checked by a test (`KeyMapTests`) against the keymap
        in code (`Sources/GateboardUI/Views/KeyHelp.swift`), against the `?` overlay, and
        against what each key does: a key listed here acts in its view, and a key not listed
        does nothing there. After changing a key, regenerate it with
        `GATEBOARD_UPDATE_SNAPSHOTS=1 swift test --filter KeyMapTests`.

        Action keys never record anything by themselves: they open a form, a picker or a
        confirmation whose title names the use case acted on (the one shown highlighted), and
        the engine is asked first, so a key whose action would be refused opens nothing and
        says why in the status line, where it is shown as unavailable (`⊘`).

        """
        func table(_ entries: [KeyHelp.Entry]) -> String {
            "| Keys | What |\n|---|---|\n" + entries.map { "| `\($0.keys)` | \($0.what) |\n" }.joined()
        }
        for view in AppState.View.allCases {
            out += "\n## \(view.rawValue) \(view.title)\n"
            for (title, entries) in KeyHelp.sections(for: view) {
                out += "\n### \(title)\n\n" + table(entries)
            }
        }
        out += "\n## In a form\n\n" + table(KeyHelp.form)
        out += "\n## In a picker\n\n" + table(KeyHelp.picker)
        out += "\n## \(delegationsHeading)\n\n" + table(KeyHelp.delegations)
        return out
    }

    /// The table rows under one `## heading`.
    static func section(_ text: String, _ heading: String) -> Set<Binding> {
        var out = Set<Binding>()
        var inside = false
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") { inside = line.dropFirst(3) == heading; continue }
            guard inside, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if cells.count >= 3 { out.insert(Binding(keys: cells[1].trimmingCharacters(in: ["`"]), what: cells[2])) }
        }
        return out
    }

    /// Table rows per view heading ("## 2 Triage"); the form's under nil.
    static func parse(_ text: String) -> [AppState.View?: Set<Binding>] {
        var out: [AppState.View?: Set<Binding>] = [:]
        var current: AppState.View?? = .none
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## ") {
                let heading = line.dropFirst(3)
                current = heading == "In a form" ? .some(nil)
                    : AppState.View.allCases.first { heading == "\($0.rawValue) \($0.title)" }.map { .some($0) } ?? .none
                continue
            }
            guard case .some(let view) = current, line.hasPrefix("| `") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 3 else { continue }
            let keys = cells[1].trimmingCharacters(in: ["`"])
            out[view, default: []].insert(Binding(keys: keys, what: cells[2]))
        }
        return out
    }
}
