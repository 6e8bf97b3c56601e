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

    /// Three use cases with some history each, and a board log.
    static func board() throws -> TestBoard {
        let b = try TestBoard()
        try b.create()
        try b.create(title: "Support-ticket triage", tier: "low")
        try b.create(title: "Claims \u{1B}[31mhostile\u{202E}", tier: "medium")
        for (i, id) in ["UC-0001", "UC-0002", "UC-0003"].enumerated() {
            try b.record(id, .assign, EventDetails(role: "business_owner", person: "alex"))
            try b.record(id, .edit, EventDetails(artifacts: ["prompt": "prompts/p\(i).md@\(i + 1)"]))
            try b.record(id, .comment, EventDetails(comment: "note \(i) \u{7}"))
            try b.record(id, .escalate, EventDetails(person: "sam", reason: "waiting"))
        }
        try b.record("UC-0002", .halt, EventDetails(reason: "Wrong answers"), by: "kim")
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
        let b = try Self.board()
        defer { b.remove() }
        #expect(try b.store.verify().ok)
        let files = ["UC-0001", "UC-0002", "UC-0003"].flatMap { ["audit/\($0).jsonl", "usecases/\($0).yaml"] }
        let originals = try files.map { try b.read($0) }
        var rng = SeededRandom(seed: 0xB17F11B)
        let count = Self.stress ? 20_000 : 1_000
        var missed: [String] = []
        var perFile = [String: Int]()
        for _ in 0..<count {
            let k = Int(rng.next() % UInt64(files.count))
            var bytes = originals[k]
            let at = Int(rng.next() % UInt64(bytes.count))
            // Any change of the byte: a single bit, or a random other value.
            let old = bytes[at]
            var new = rng.next() % 2 == 0 ? old ^ UInt8(1 << (rng.next() % 8)) : UInt8(rng.next() % 256)
            if new == old { new = old ^ 0x01 }
            bytes[at] = new
            try b.writeBytes(files[k], bytes)
            let id = String(files[k].split(separator: "/")[1].split(separator: ".")[0])
            let (ok, problems) = Self.caught(b, id: id)
            if !ok { missed.append("\(files[k]) byte \(at): 0x\(String(old, radix: 16)) → 0x\(String(new, radix: 16)): \(problems)") }
            perFile[files[k], default: 0] += 1
            try b.writeBytes(files[k], originals[k])
        }
        #expect(missed.isEmpty, "\(missed.count) of \(count) changes not caught:\n\(missed.prefix(10).joined(separator: "\n"))")
        #expect(try b.store.verify().ok)
        print("tamper: \(count) single-byte changes across \(files.count) files, \(count - missed.count) caught")
    }

    @Test func everySingleLineChangeToALogIsCaught() throws {
        let b = try Self.board()
        defer { b.remove() }
        var tried = 0
        var missed: [String] = []
        for id in ["UC-0001", "UC-0002", "UC-0003"] {
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
        let b = try Self.board()
        defer { b.remove() }
        var tried = 0
        var missed: [String] = []
        for id in ["UC-0001", "UC-0002", "UC-0003"] {
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
