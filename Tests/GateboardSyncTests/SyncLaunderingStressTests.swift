import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import Testing

/// Random laundering attempts through sync: a clone hand-edits a pushed log (deletes, alters,
/// inserts or reorders lines, then re-chains the whole log consistently or not), commits and
/// pushes with plain git; another clone syncs. None may get through, and the syncing clone
/// stays byte for byte as it was. Quick run: 12 attempts; `GATEBOARD_STRESS=1` (make
/// stress): 200. Seed: `GATEBOARD_FUZZ_SEED`.
@Suite(.serialized) struct SyncLaunderingStressTests {
    static let environment = ProcessInfo.processInfo.environment
    static let attempts = environment["GATEBOARD_STRESS"] == "1" ? 200 : 12
    static let seed = UInt64(environment["GATEBOARD_FUZZ_SEED"] ?? "") ?? 0x5EED_13

    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Edit: String, CaseIterable { case delete, alter, insert, reorder }

    @Test func randomHandEditsToAPushedLogNeverGetThroughSync() throws {
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        var ids: [UseCaseID] = []
        for (k, title) in ["Invoice matching", "Claims triage"].enumerated() {
            let id = try a.create(title, at: "2026-10-0\(k + 1)T08:00:00Z")
            try a.toImplementation(id, day: "2026-10-1\(k)")
            try a.act(.assign(role: "stop_ship", person: "olga"), on: id, as: "ana", at: "2026-10-1\(k)T11:00:00Z")
            try a.act(.halt(reason: "drift"), on: id, as: "olga", at: "2026-10-1\(k)T12:00:00Z")
            try a.act(.comment(text: "looking"), on: id, as: "ben", at: "2026-10-1\(k)T13:00:00Z")
            ids.append(id)
        }
        _ = try a.sync(push: true)
        let good = try a.git(["rev-parse", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let b = try sandbox.clone("b")
        let before = try b.state()

        var rng = Generator(state: Self.seed)
        var tried: [Edit: Int] = [:]
        var rechained = 0
        var through: [String] = []
        var attempt = 0
        while attempt < Self.attempts {
            let id = ids.randomElement(using: &rng)!
            let original = try Data(contentsOf: a.logURL(id))
            let events = try a.events(id)
            let edit = Edit.allCases.randomElement(using: &rng)!
            let rechain = Bool.random(using: &rng)
            var edited = events
            let i = Int.random(in: 1..<events.count, using: &rng)   // never the create itself
            switch edit {
            case .delete: edited.remove(at: i)
            case .alter:
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: edited[i].actor = "rita"
                case 1: edited[i].at = edited[i].at.addingTimeInterval(Double(Int.random(in: -86_400...86_400, using: &rng)))
                default: edited[i].details.comment = "rewritten \(attempt)"
                }
            case .insert:
                // A copy of another line, made to look new, anywhere before the last line
                // (a new last line that chains is an ordinary action, not a laundering).
                var copy = events[Int.random(in: 1..<events.count, using: &rng)]
                copy.id = "inserted-\(attempt)"
                edited.insert(copy, at: Int.random(in: 1..<events.count, using: &rng))
            case .reorder:
                guard i + 1 < edited.count else { continue }
                edited.swapAt(i, i + 1)
            }
            var data: Data
            if rechain, let log = try? ChainedLog(events: edited) {
                data = log.data
                try Data(log.fileText.utf8).write(to: a.board.appendingPathComponent("usecases/\(id).yaml"))
            } else {
                data = Data()
                for e in edited {
                    data.append(StoreBridge.encodeLine(e))
                    data.append(0x0A)
                }
            }
            guard data != original else { continue }
            attempt += 1
            tried[edit, default: 0] += 1
            if rechain { rechained += 1 }
            try data.write(to: a.logURL(id))
            try a.commitAndPush("attempt \(attempt): \(edit.rawValue)")

            do {
                let report = try b.sync(push: false)
                through.append("\(edit.rawValue) \(id) line \(i + 1) (re-chained: \(rechain)): \(report.lines)")
                _ = try b.git(["reset", "--quiet", "--hard", good])
            } catch SyncError.historyRejected {
            }
            if try b.state() != before { through.append("attempt \(attempt) changed B's board") }
            // Back to the good history for the next attempt.
            _ = try a.git(["reset", "--quiet", "--hard", good])
            _ = try a.git(["push", "--quiet", "--force", "origin", "HEAD:main"])
        }
        let summary = Edit.allCases.map { "\(tried[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", ")
        print("laundering: \(attempt) attempts through sync (\(summary); \(rechained) re-chained), \(through.count) got through")
        #expect(through.isEmpty, "\(through)")
    }
}
