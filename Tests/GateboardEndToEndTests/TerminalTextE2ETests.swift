import Foundation
import GateboardCore
import Testing

/// Plain output escapes every invisible character (one list, shared with the TUI and JSON)
/// and measures columns as the terminal does (one width function, glibc's wcwidth).
@Suite struct TerminalTextE2ETests {
    static let invisible: [UInt32] = [0x3164, 0x2800, 0x115F, 0xFE0F, 0xE0100, 0x061C, 0x00AD, 0x180E, 0x206A, 0xFDD0]

    @Test func invisiblesInATitleAreEscapedInPlainOutputAndExactInJSON() throws {
        let board = try FixtureBoard()
        var title = "A"
        for v in Self.invisible { title += String(Character(Unicode.Scalar(v)!)) + "x" }
        let id = try board.create("Plain title")
        try board.act(["edit", id, "--title", title], as: "ana")
        let created = try board.create(title)
        for args in [["list"], ["show", id], ["log", created]] {
            let r = try board.run(args)
            #expect(r.status == 0)
            for v in Self.invisible {
                #expect(!r.stdout.unicodeScalars.contains(Unicode.Scalar(v)!), "\(args): U+\(String(v, radix: 16)) raw")
            }
            #expect(r.stdout.contains("A<U+3164>x<U+2800>x<U+115F>x<U+FE0F>x<U+E0100>x"), "\(args): \(r.stdout)")
        }
        let json = try board.run(["list", "--json"])
        for v in Self.invisible { #expect(!json.stdout.unicodeScalars.contains(Unicode.Scalar(v)!)) }
        let row = try #require(try json.array().first { $0["id"] as? String == id })
        #expect(row["title"] as? String == title)
    }

    /// Columns line up under the terminal's widths: a name with an emoji the old table called
    /// narrow (🚀, U+1F680) no longer pushes the columns after it.
    @Test func listColumnsLineUpByTheTerminalsWidths() throws {
        let people = FixtureBoard.people.replacingOccurrences(of: "name: Ana Ortiz", with: "name: \"Ana 🚀 Ortiz\"")
        let board = try FixtureBoard(people: people)
        let mine = try board.create("Owned")
        try board.act(["assign", mine, "business_owner", "ana"], as: "ana")
        let other = try board.create("Unowned")
        let r = try board.run(["list"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        func titleColumn(_ id: String, _ title: String) throws -> Int {
            let line = try #require(lines.first { $0.hasPrefix(id) })
            let head = try #require(line.range(of: title)).lowerBound
            return DisplayWidth.of(String(line[..<head]))
        }
        #expect(r.stdout.contains("Ana 🚀 Ortiz"))
        #expect(try titleColumn(mine, "Owned") == titleColumn(other, "Unowned"), "\(r.stdout)")
    }
}
