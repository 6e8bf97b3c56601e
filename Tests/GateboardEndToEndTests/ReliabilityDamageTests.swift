import Foundation
import Testing

/// Files cut short at many offsets, and audit logs with a torn, reordered, duplicated,
/// removed, inserted or edited line, through the real binary. Quick run: a spread sample of
/// offsets; `GATEBOARD_STRESS=1`: every offset of the use case file and every 8th of the policy.
@Suite struct ReliabilityDamageTests {
    typealias T = ReliabilityBadInputTests

    static func offsets(count: Int, quick: Int, stressStep: Int) -> [Int] {
        if Reliability.stress { return Array(stride(from: 0, to: count, by: stressStep)) }
        // Both ends densely (the anchor is at the end), the middle spread out.
        let ends = [0, 1, count - 1] + Array(max(0, count - 30)..<count).filter { $0 % 7 == 0 }
        let step = max(1, count / quick)
        return Array(Set(ends + Array(stride(from: 0, to: count, by: step)))).sorted()
    }

    @Test func useCaseFileCutAtManyOffsets() throws {
        let t = try T.template.get()
        let original = try T.bytes(t.board.dir, T.uc)
        let originalShow = try Reliability.run(["show", t.id, "--json"], board: t.board.path).stdout
        var refused = 0, caughtByVerify = 0, harmless = 0
        let cuts = Self.offsets(count: original.count, quick: 6, stressStep: 1)
        for cut in cuts {
            let dir = try Reliability.copyBoard(t.board.path)
            defer { try? FileManager.default.removeItem(at: dir) }
            try T.write(dir, T.uc, Array(original[..<cut]))
            let before = Reliability.fingerprint(dir.path)
            let validate = try Reliability.run(["validate"], board: dir.path)
            if validate.status == 3 {
                try T.check(dir: dir, id: t.id, expect: .refused(file: T.uc, located: cut > 0), name: "cut at \(cut)")
                refused += 1
                continue
            }
            #expect(validate.status == 0, "cut at \(cut): \(validate)")
            // It still parses: either the content is the same, or verify catches the change,
            // and an action refuses to build on it.
            let verify = try Reliability.run(["verify"], board: dir.path)
            if cut == original.count - 1 {
                // Only the final newline is gone: the same use case (verify notes the anchor is
                // not as gateboard writes it; the next action writes the file whole again).
                #expect(try Reliability.run(["show", t.id, "--json"], board: dir.path).stdout == originalShow)
                harmless += 1
                continue
            }
            if verify.status == 0 {
                #expect(try Reliability.run(["show", t.id, "--json"], board: dir.path).stdout == originalShow, "cut at \(cut) changed the use case unnoticed")
                harmless += 1
                continue
            }
            #expect(verify.status == 1 && verify.stdout.contains(T.uc.dropFirst(9)), "cut at \(cut): \(verify)")
            let act = try Reliability.run(["comment", t.id, "on a damaged file"], board: dir.path, user: "ana")
            #expect(act.status == 3, "cut at \(cut): an action on a file verify rejects: \(act)")
            #expect(Reliability.fingerprint(dir.path) == before, "cut at \(cut): the board changed")
            caughtByVerify += 1
        }
        print("truncation: use case file of \(original.count) bytes cut at \(cuts.count) offsets: \(refused) refused by validate, \(caughtByVerify) caught by verify, \(harmless) harmless (only the final newline)")
        #expect(refused + caughtByVerify + harmless == cuts.count)
    }

    @Test func policyCutAtManyOffsets() throws {
        let t = try T.template.get()
        let original = try T.bytes(t.board.dir, T.policy)
        var refused = 0, shorterPolicy = 0
        let cuts = Self.offsets(count: original.count, quick: 6, stressStep: 8)
        for cut in cuts {
            let dir = try Reliability.copyBoard(t.board.path)
            defer { try? FileManager.default.removeItem(at: dir) }
            try T.write(dir, T.policy, Array(original[..<cut]))
            let before = Reliability.fingerprint(dir.path)
            let validate = try Reliability.run(["validate"], board: dir.path)
            if validate.status == 0 {
                // Cut after the last required section: a shorter policy that is valid YAML
                // and valid policy. Nothing to detect here (git shows the change).
                shorterPolicy += 1
                continue
            }
            #expect(validate.status == 3, "cut at \(cut): \(validate)")
            // Located diagnostics, naming the policy or the use case files its cut broke.
            let lines = Reliability.relative(validate.stdout, to: dir.path).split(separator: "\n").filter { $0.hasPrefix("gateboard.yaml") || $0.hasPrefix("usecases/") }
            #expect(!lines.isEmpty, "cut at \(cut): \(validate)")
            if cut > 0 {
                #expect(lines.allSatisfy { $0.range(of: #"^[^:]+:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil
                            || $0.hasSuffix(": file has no content") }, "cut at \(cut): \(lines)")
            }
            let act = try Reliability.run(["comment", t.id, "x"], board: dir.path, user: "ana")
            #expect(act.status == 3, "cut at \(cut): \(act)")
            #expect(Reliability.fingerprint(dir.path) == before, "cut at \(cut): the board changed")
            refused += 1
        }
        print("truncation: policy of \(original.count) bytes cut at \(cuts.count) offsets: \(refused) refused, \(shorterPolicy) a shorter valid policy")
        #expect(refused > 0)
    }

    // MARK: - Audit logs

    static func lines(_ dir: URL, _ relative: String) throws -> [String] {
        try T.text(dir, relative).split(separator: "\n").map(String.init)
    }
    static func writeLines(_ dir: URL, _ relative: String, _ lines: [String]) throws {
        try T.write(dir, relative, Array((lines.joined(separator: "\n") + "\n").utf8))
    }

    struct LogDamage: CustomStringConvertible, Sendable {
        var name: String
        /// The line verify must name (nil: any line of the log).
        var line: Int?
        /// Whether an action must refuse (the damage is at the newest line, which it checks).
        var actionRefuses: Bool
        var damage: @Sendable ([String]) -> [String]
        var description: String { name }
    }

    static let damages: [LogDamage] = [
        LogDamage(name: "a middle line edited", line: 4, actionRefuses: false) { l in
            var l = l; l[2] = l[2].replacingOccurrences(of: "\"actor\":\"ana\"", with: "\"actor\":\"pat\""); return l },
        LogDamage(name: "two middle lines swapped", line: nil, actionRefuses: false) { l in var l = l; l.swapAt(3, 4); return l },
        LogDamage(name: "a middle line duplicated", line: nil, actionRefuses: false) { l in var l = l; l.insert(l[3], at: 4); return l },
        LogDamage(name: "a middle line removed", line: nil, actionRefuses: false) { l in var l = l; l.remove(at: 3); return l },
        LogDamage(name: "a forged line inserted", line: nil, actionRefuses: false) { l in
            var l = l; l.insert(l[3].replacingOccurrences(of: "\"seq\":4", with: "\"seq\":5"), at: 4); return l },
        LogDamage(name: "the newest line edited", line: nil, actionRefuses: true) { l in
            var l = l; l[l.count - 1] = l[l.count - 1].replacingOccurrences(of: "2026", with: "2025"); return l },
        LogDamage(name: "the newest line duplicated", line: nil, actionRefuses: true) { l in l + [l[l.count - 1]] },
        LogDamage(name: "the newest line removed", line: nil, actionRefuses: true) { l in Array(l.dropLast()) },
    ]

    @Test(arguments: damages)
    func auditLogDamage(_ d: LogDamage) throws {
        let t = try T.template.get()
        let dir = try Reliability.copyBoard(t.board.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = "audit/\(t.id).jsonl"
        let original = try Self.lines(dir, log)
        try Self.writeLines(dir, log, d.damage(original))
        let verify = try Reliability.run(["verify"], board: dir.path)
        #expect(verify.status == 1, "\(d.name): \(verify)")
        let named = Reliability.relative(verify.stdout, to: dir.path).split(separator: "\n").filter { $0.hasPrefix(log + ":") || $0.hasPrefix("usecases/\(t.id).yaml") }
        #expect(!named.isEmpty, "\(d.name): verify names the log with a line: \(verify)")
        if let line = d.line { #expect(named.contains { $0.hasPrefix("\(log):\(line):") }, "\(d.name): \(named)") }
        let before = Reliability.fingerprint(dir.path)
        let act = try Reliability.run(["comment", t.id, "after the damage"], board: dir.path, user: "ana")
        if d.actionRefuses {
            #expect(act.status == 3, "\(d.name): \(act)")
            #expect(act.stderr.contains(t.id), "\(d.name): \(act)")
            #expect(Reliability.fingerprint(dir.path) == before, "\(d.name): the board changed")
        }
        // Whatever the action did, the damage is still reported: nothing papered over it.
        let again = try Reliability.run(["verify"], board: dir.path)
        #expect(again.status == 1, "\(d.name): after an action, verify no longer reports the damage: \(again)")
    }

    @Test func tornFinalLineIsSetAsideAndKept() throws {
        let t = try T.template.get()
        let dir = try Reliability.copyBoard(t.board.path)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = "audit/\(t.id).jsonl"
        let torn = Array("{\"action\":\"comment\",\"actor\":\"ana\",\"at\":\"2026-11-".utf8)
        try T.write(dir, log, try T.bytes(dir, log) + torn)
        let events = try Reliability.run(["log", t.id, "--json"], board: dir.path)
        #expect(events.status == 0, "reading a log with a torn tail: \(events)")
        let verify = try Reliability.run(["verify"], board: dir.path)
        #expect(verify.status == 1 && Reliability.relative(verify.stdout, to: dir.path).contains(log + ":"), "\(verify)")
        let act = try Reliability.run(["comment", t.id, "after the tear"], board: dir.path, user: "ana")
        #expect(act.status == 0, "\(act)")
        #expect((act.stdout + act.stderr).contains("torn"), "the action says it set the torn line aside: \(act)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("audit").path).filter { $0.contains(".torn-") }
        #expect(aside.count == 1)
        if let name = aside.first { #expect(try T.bytes(dir, "audit/" + name) == torn, "the torn bytes are kept") }
        let after = try Reliability.run(["verify"], board: dir.path)
        #expect(after.status == 0, "\(after)")
    }
}
