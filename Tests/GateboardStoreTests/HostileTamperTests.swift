import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Tamper evidence, measured: single-byte changes at random positions of every audit log and
/// use case file, and every single-line deletion, duplication, swap and insertion in every
/// log, are each reported by `verify` (or refused by the parser) naming the use case's file.
/// Quick run: 1,000 byte flips; `GATEBOARD_STRESS=1`: 20,000.
@Suite struct HostileTamperTests {
    static let stress = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1"

    static let titles = ["KYC document verification", "Support-ticket triage", "Claims \u{1B}[31mhostile\u{202E}"]

    /// A board with one use case (UC-0001) with some history; `variant` picks its title, tier
    /// and whether it is halted. One use case per board keeps each verify to the damaged files.
    static func board(_ variant: Int) throws -> TestBoard {
        let b = try TestBoard()
        try b.create(title: titles[variant], tier: ["high", "low", "medium"][variant])
        try b.record("UC-0001", .assign, EventDetails(role: "business_owner", person: "alex"))
        try b.record("UC-0001", .edit, EventDetails(artifacts: ["prompt": "prompts/p\(variant).md@\(variant + 1)"]))
        try b.record("UC-0001", .comment, EventDetails(comment: "note \(variant) \u{7}"))
        try b.record("UC-0001", .escalate, EventDetails(person: "sam", reason: "waiting"))
        if variant == 1 { try b.record("UC-0001", .halt, EventDetails(reason: "Wrong answers"), by: "kim") }
        return b
    }

    /// Whether the damage to `relative` is caught: verify reports a problem naming the use
    /// case, or reading the board refuses the file.
    static func caught(_ b: TestBoard, id: String) -> (Bool, String) {
        do {
            let report = try b.store.verify()
            let named = report.problems.filter { $0.path.contains(id) }
            return (!named.isEmpty, report.problems.map(\.description).joined(separator: "; "))
        } catch let e as BoardInvalid {
            return (e.diagnostics.contains { $0.path.contains(id) }, e.description)
        } catch {
            return (false, "verify threw \(error)")
        }
    }

    @Test func everyByteFlipIsCaught() throws {
        let boards = try (0..<3).map { try Self.board($0) }
        defer { boards.forEach { $0.remove() } }
        for b in boards { #expect(try b.store.verify().ok) }
        let files = ["audit/UC-0001.jsonl", "usecases/UC-0001.yaml"]
        let originals = try boards.map { b in try files.map { try b.read($0) } }
        var rng = SeededRandom(seed: 0xB17F11B)
        let count = Self.stress ? 20_000 : 1_000
        var missed: [String] = []
        for _ in 0..<count {
            let n = Int(rng.next() % UInt64(boards.count)), k = Int(rng.next() % UInt64(files.count))
            let b = boards[n]
            var bytes = originals[n][k]
            let at = Int(rng.next() % UInt64(bytes.count))
            // Any change of the byte: a single bit, or a random other value.
            let old = bytes[at]
            var new = rng.next() % 2 == 0 ? old ^ UInt8(1 << (rng.next() % 8)) : UInt8(rng.next() % 256)
            if new == old { new = old ^ 0x01 }
            bytes[at] = new
            try b.writeBytes(files[k], bytes)
            let (ok, problems) = Self.caught(b, id: "UC-0001")
            if !ok { missed.append("board \(n) \(files[k]) byte \(at): 0x\(String(old, radix: 16)) → 0x\(String(new, radix: 16)): \(problems)") }
            try b.writeBytes(files[k], originals[n][k])
        }
        #expect(missed.isEmpty, "\(missed.count) of \(count) changes not caught:\n\(missed.prefix(10).joined(separator: "\n"))")
        for b in boards { #expect(try b.store.verify().ok) }
        print("tamper: \(count) single-byte changes across \(boards.count * files.count) files, \(count - missed.count) caught")
    }

    @Test func everySingleLineChangeToALogIsCaught() throws {
        var tried = 0
        var missed: [String] = []
        for variant in 0..<3 {
            let b = try Self.board(variant)
            defer { b.remove() }
            let id = "UC-0001"
            let relative = "audit/\(id).jsonl"
            let original = try b.read(relative)
            let lines = original.split(separator: 0x0A).map(Array.init)
            var variants: [(String, [[UInt8]])] = []
            for i in lines.indices {
                var l = lines; l.remove(at: i); variants.append(("line \(i + 1) deleted", l))
                l = lines; l.insert(lines[i], at: i); variants.append(("line \(i + 1) duplicated", l))
                l = lines; l.append(lines[i]); variants.append(("line \(i + 1) appended again", l))
                if i + 1 < lines.count { l = lines; l.swapAt(i, i + 1); variants.append(("lines \(i + 1) and \(i + 2) swapped", l)) }
                if i > 0 { l = lines; l.insert(lines[0], at: i); variants.append(("line 1 inserted at \(i + 1)", l)) }
                // An edit that keeps the line valid JSON: the actor changed.
                l = lines
                if let text = String(bytes: lines[i], encoding: .utf8), text.contains("\"actor\":\"alex\"") {
                    l[i] = Array(text.replacingOccurrences(of: "\"actor\":\"alex\"", with: "\"actor\":\"kim\"").utf8)
                    variants.append(("line \(i + 1) re-attributed", l))
                }
            }
            // Reordering the whole log.
            variants.append(("reversed", lines.reversed()))
            for (name, changed) in variants {
                try b.writeBytes(relative, Array(changed.joined(separator: [0x0A])) + [0x0A])
                let (ok, problems) = Self.caught(b, id: id)
                if !ok { missed.append("\(relative): \(name): \(problems)") }
                tried += 1
            }
            try b.writeBytes(relative, original)
        }
        #expect(missed.isEmpty, "\(missed.joined(separator: "\n"))")
        #expect(tried > 60)
        print("tamper: \(tried) single-line deletions, duplications, swaps, insertions and edits of audit logs, \(tried - missed.count) caught")
    }

    /// A hand edit of any one line of a use case file — a value changed, a line removed, a
    /// line duplicated — is caught, or the file is refused.
    @Test func everyHandEditOfAUseCaseFileIsCaught() throws {
        var tried = 0
        var missed: [String] = []
        for variant in 0..<3 {
            let b = try Self.board(variant)
            defer { b.remove() }
            let id = "UC-0001"
            let relative = "usecases/\(id).yaml"
            let original = try b.read(relative)
            let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for i in lines.indices where !lines[i].isEmpty {
                var variants: [(String, [String])] = []
                var l = lines; l.remove(at: i); variants.append(("line \(i + 1) removed", l))
                l = lines; l[i] += "x"; variants.append(("line \(i + 1) appended to", l))
                l = lines; l[i] = l[i].replacingOccurrences(of: "alex", with: "sam"); if l != lines { variants.append(("line \(i + 1) person changed", l)) }
                for (name, changed) in variants {
                    try b.write(relative, changed.joined(separator: "\n"))
                    let (ok, problems) = Self.caught(b, id: id)
                    if !ok { missed.append("\(relative): \(name): \(problems)") }
                    tried += 1
                }
            }
            try b.writeBytes(relative, original)
        }
        #expect(missed.isEmpty, "\(missed.joined(separator: "\n"))")
        print("tamper: \(tried) hand edits of use case files, \(tried - missed.count) caught")
    }
}
