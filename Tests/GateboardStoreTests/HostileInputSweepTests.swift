import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Systematic bad input, in process (fast enough to try every position): files cut at every
/// offset, an invalid byte or a conflict marker on every line, every required key removed,
/// every key given a value of the wrong type. Each answer is a diagnostic naming the file with
/// its line (whole-file problems aside), or — for a cut that still parses — a use case that
/// `verify` rejects or that equals the original. Nothing may crash.
@Suite struct HostileInputSweepTests {
    static let stress = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1"
    static let uc = "usecases/UC-0001.yaml"

    static func board() throws -> (TestBoard, [UInt8]) {
        let b = try TestBoard()
        _ = try FuzzParserTests.storeWrittenUseCase(b)
        return (b, try b.read(uc))
    }

    /// Every diagnostic names `file`; all but whole-file ones carry a line.
    static func located(_ problems: [String], file: String) -> Bool {
        !problems.isEmpty && problems.allSatisfy { p in
            p.hasPrefix(file + ":") && (p.dropFirst(file.count).range(of: #"^:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil
                || FuzzParserTests.wholeFile.contains(String(p.dropFirst(file.count + 2))))
        }
    }

    @Test func useCaseFileCutAtEveryOffset() throws {
        let (b, original) = try Self.board()
        defer { b.remove() }
        let before = try b.store.load().useCases
        var refused = 0, caught = 0, same = 0, bad: [String] = []
        // Every offset under stress; every 3rd (and the last 40) in the quick run.
        let cuts = Self.stress ? Array(0..<original.count)
            : Array(Set(Array(stride(from: 0, to: original.count, by: 3)) + Array(max(0, original.count - 40)..<original.count))).sorted()
        for cut in cuts {
            try b.writeBytes(Self.uc, Array(original[..<cut]))
            let problems = b.problems()
            if !problems.isEmpty {
                if Self.located(problems, file: Self.uc) { refused += 1 } else { bad.append("cut \(cut): \(problems)") }
                continue
            }
            if try b.store.load().useCases == before, try b.store.verify().ok { same += 1; continue }
            if try b.store.verify().problems.contains(where: { $0.path.hasSuffix("UC-0001.yaml") || $0.path.hasSuffix("UC-0001.jsonl") }) {
                caught += 1
            } else {
                bad.append("cut \(cut): parses to a different use case and verify does not notice")
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10).joined(separator: "\n"))")
        print("sweep: use case file of \(original.count) bytes cut at \(cuts.count) offsets: \(refused) refused, \(caught) caught by verify, \(same) unchanged")
    }

    @Test func policyCutAtEveryOffset() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let original = try b.read("gateboard.yaml")
        let step = Self.stress ? 1 : 17
        var refused = 0, shorter = 0, bad: [String] = []
        for cut in stride(from: 0, to: original.count, by: step) {
            try b.writeBytes("gateboard.yaml", Array(original[..<cut]))
            let problems = b.problems()
            if problems.isEmpty { shorter += 1; continue }
            if Self.located(problems, file: "gateboard.yaml") { refused += 1 } else { bad.append("cut \(cut): \(problems)") }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10).joined(separator: "\n"))")
        print("sweep: policy of \(original.count) bytes cut at \(refused + shorter + bad.count) offsets: \(refused) refused, \(shorter) a shorter valid policy")
    }

    /// An invalid byte, a NUL, a lone continuation byte and a conflict marker at the start of
    /// every line: each located exactly on that line.
    @Test func badBytesOnEveryLine() throws {
        let (b, original) = try Self.board()
        defer { b.remove() }
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var tried = 0, bad: [String] = []
        for i in lines.indices where !lines[i].isEmpty {
            for (name, insert, message) in [("0xFF", [UInt8(0xFF)], "invalid UTF-8"), ("NUL", [UInt8(0)], "NUL byte"),
                                            ("continuation byte", [UInt8(0x80)], "invalid UTF-8"),
                                            ("conflict marker", Array("<<<<<<< HEAD\n".utf8), "merge-conflict marker")] {
                var l = lines
                l[i] = insert + l[i]
                try b.writeBytes(Self.uc, Array(l.joined(separator: [0x0A])))
                let p = b.problems()
                tried += 1
                if !p.contains(where: { $0.hasPrefix("\(Self.uc):\(i + 1):1: ") && $0.contains(message) }) {
                    bad.append("\(name) on line \(i + 1): \(p)")
                }
            }
        }
        // A multi-byte character cut at each of its bytes, at the end of the file.
        for char in ["é", "☕", "𝄞"] {
            let bytes = Array(char.utf8)
            for k in 1..<bytes.count {
                try b.writeBytes(Self.uc, original + Array("# ".utf8) + Array(bytes[..<k]))
                let p = b.problems()
                tried += 1
                if !p.contains(where: { $0.contains("middle of a UTF-8 character") && $0.hasPrefix(Self.uc + ":") }) { bad.append("\(char) cut at \(k): \(p)") }
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10).joined(separator: "\n"))")
        print("sweep: \(tried) invalid bytes, NULs, conflict markers and cut characters, each located")
    }

    /// A create killed after the log file was created but before its line was written
    /// leaves an empty log and no use case file: a note, not a problem, and the next create
    /// takes the following id.
    @Test func emptyLogOfAnInterruptedCreate() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.writeBytes("audit/UC-0001.jsonl", [])
        let report = try b.store.verify()
        #expect(report.ok, "\(report.problems)")
        #expect(report.notes.contains { $0.contains("UC-0001") && $0.contains("interrupted") })
        #expect(try b.create().id == "UC-0002")
        #expect(try b.store.verify().ok)
        #expect(b.problems() == [])
    }

    /// Every top-level key of a real file removed, and replaced by a value of each wrong type.
    @Test func everyKeyMissingOrOfTheWrongType() throws {
        let (b, original) = try Self.board()
        defer { b.remove() }
        let text = String(decoding: original, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let topLevel = lines.indices.filter { !lines[$0].hasPrefix(" ") && lines[$0].contains(":") }
        var tried = 0, bad: [String] = []
        for i in topLevel {
            let key = String(lines[i].prefix { $0 != ":" })
            // The block under the key: following indented lines.
            var end = i + 1
            while end < lines.count, lines[end].hasPrefix(" ") || lines[end].hasPrefix("-") { end += 1 }
            var removed = lines
            removed.removeSubrange(i..<end)
            var variants: [(String, [String])] = [("\(key) removed", removed)]
            for wrong in ["[1, 2]", "{a: b}", "12345", "\"\"", "~", "2026-13-45T99:00:00Z", "-1"] {
                var l = lines
                l.replaceSubrange(i..<end, with: ["\(key): \(wrong)"])
                variants.append(("\(key): \(wrong)", l))
            }
            for (name, l) in variants where l != lines {
                try b.write(Self.uc, l.joined(separator: "\n"))
                let p = b.problems()
                tried += 1
                if p.isEmpty {
                    // Accepted (an optional key removed, or an equivalent value): verify must see it.
                    if try b.store.verify().ok { bad.append("\(name): accepted and verify is content") }
                } else if !Self.located(p, file: Self.uc) {
                    bad.append("\(name): \(p)")
                }
            }
        }
        #expect(bad.isEmpty, "\(bad.prefix(10).joined(separator: "\n"))")
        print("sweep: \(tried) removed keys and wrong types, each located or caught")
    }
}
