import Foundation
import GateboardCore
import Testing
@testable import GateboardStore
import GateboardTestSupport

/// `signal --file` streamed (issue 18): the file is read twice — checked, then handed over a
/// sample at a time — and never held whole. What must still hold: a problem deep in the file
/// refuses its use case whole, out-of-order samples are taken by time, a file that changes
/// between the two readings is refused, and a pipe (which cannot be read twice) still works.
@Suite struct SignalStreamFileTests {
    func line(_ uc: String, _ value: Double, _ at: Date) -> String {
        #"{"useCase":"\#(uc)","monitor":"precision","value":\#(value),"at":"\#(Timestamp.format(at))","source":"job"}"#
    }

    func write(_ b: TestBoard, _ lines: [String]) throws -> String {
        let path = b.path("samples.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// 10,000 good samples of UC-0001, in time order (decided as they stream by), then one
    /// dated in the future: UC-0001 takes nothing and the line is named; UC-0002's samples,
    /// shuffled through the file, are taken in time order.
    @Test func aBadLineAfterTenThousandGoodOnesRefusesItsUseCaseWhole() throws {
        let b = try SignalBatchFaultTests().board()
        defer { b.remove() }
        let now = TestBoard.t0.addingTimeInterval(30 * 86400)
        var lines: [String] = []
        for k in 0..<10_000 {
            let value: Double = k % 50 == 49 ? 0.80 : 0.95
            lines.append(line("UC-0001", value, TestBoard.t0.addingTimeInterval(Double(3600 + k * 60))))
        }
        // UC-0002: ok, warn, breach, ok in time; given backwards between UC-0001's lines.
        let values: [Double] = [0.95, 0.88, 0.80, 0.96]
        let second: [String] = (0..<4).reversed().map { (k: Int) -> String in
            line("UC-0002", values[k], TestBoard.t0.addingTimeInterval(Double(k + 1) * 3600))
        }
        for (k, l) in second.enumerated() { lines.insert(l, at: 1000 + k * 2000) }
        lines.append(line("UC-0001", 0.95, now.addingTimeInterval(86400)))
        let path = try write(b, lines)
        let before = try b.boardFiles()
        let outcomes = try b.store.recordSignals(from: try SampleFile.scan(path: path, display: "samples.jsonl"), actor: "probe", osUser: "t", now: now)
        let first = try #require(outcomes.first { $0.useCase == "UC-0001" })
        #expect(first.problem?.line == lines.count, "\(String(describing: first.problem))")
        #expect(first.problem?.message.contains("in the future") == true)
        #expect(first.events.isEmpty)
        let after = try b.boardFiles()
        for f in ["usecases/UC-0001.yaml", "audit/UC-0001.jsonl"] { #expect(after[f] == before[f], "\(f) changed") }
        let taken = try #require(outcomes.first { $0.useCase == "UC-0002" })
        #expect(taken.problem == nil)
        #expect(taken.samples == 4)
        let levels: [MonitorLevel] = taken.events.compactMap { (e: AuditEvent) -> MonitorLevel? in e.details.level }
        #expect(levels == [.ok, .warn, .breach, .ok])
        #expect(try b.store.verify().ok)
    }

    /// The same samples give the same transitions whether a monitor's samples arrive in time
    /// order (decided as they come) or shuffled (kept and sorted): the two paths agree.
    @Test func inOrderAndShuffledGiveTheSameTransitions() throws {
        let pattern: [Double] = [0.95, 0.93, 0.88, 0.80, 0.91, 0.96]
        let values: [Double] = (0..<400).map { (k: Int) -> Double in pattern[(k * 7 + k / 5) % 6] }
        var results: [[String]] = []
        for shuffled in [false, true] {
            let b = try SignalBatchFaultTests().board()
            defer { b.remove() }
            var lines: [String] = values.enumerated().map { (k: Int, v: Double) -> String in
                line("UC-0001", v, TestBoard.t0.addingTimeInterval(Double((k + 1) * 3600)))
            }
            if shuffled { lines.reverse(); lines.swapAt(3, 300) }
            let path = try write(b, lines)
            let outcomes = try b.store.recordSignals(from: try SampleFile.scan(path: path, display: "s"), actor: "probe", osUser: "t",
                                                     now: TestBoard.t0.addingTimeInterval(30 * 86400))
            #expect(outcomes.first?.problem == nil)
            let events: [AuditEvent] = outcomes.first?.events ?? []
            results.append(events.map { (e: AuditEvent) -> String in
                "\(e.details.level?.rawValue ?? "") \(e.details.value ?? -1) \(e.details.sampleAt.map(Timestamp.format) ?? "")"
            })
            #expect(b.store.latestSamples("UC-0001")["precision"]?.at == TestBoard.t0.addingTimeInterval(400 * 3600))
        }
        #expect(results[0].count > 100)
        #expect(results[0] == results[1])
    }

    /// A duplicate far from its twin, in a monitor whose samples are out of order, is named
    /// at the later line, with the earlier one.
    @Test func aDistantDuplicateIsNamedByBothLines() throws {
        let b = try SignalBatchFaultTests().board()
        defer { b.remove() }
        var lines: [String] = (0..<5_000).map { (k: Int) -> String in
            line("UC-0001", 0.95, TestBoard.t0.addingTimeInterval(3600 + Double(5_000 - k) * 60))
        }
        lines.append(line("UC-0001", 0.91, TestBoard.t0.addingTimeInterval(3600 + 4_998 * 60)))   // the same time as line 3
        let path = try write(b, lines)
        let outcomes = try b.store.recordSignals(from: try SampleFile.scan(path: path, display: "s"), actor: "probe", osUser: "t",
                                                 now: TestBoard.t0.addingTimeInterval(30 * 86400))
        #expect(outcomes.first?.problem?.line == 5_001)
        #expect(outcomes.first?.problem?.message.contains("already given on line 3") == true, "\(String(describing: outcomes.first?.problem))")
    }

    /// Checked, then changed before it is taken (a job still writing it, or someone swapping
    /// it): refused whole, nothing written.
    @Test func aFileChangedBetweenTheTwoReadingsIsRefused() throws {
        let b = try SignalBatchFaultTests().board()
        defer { b.remove() }
        let good: [String] = (1...3).map { (k: Int) -> String in line("UC-0001", 0.95, TestBoard.t0.addingTimeInterval(Double(k) * 3600)) }
        let path = try write(b, good)
        let scan = try SampleFile.scan(path: path, display: "samples.jsonl")
        let before = try b.boardFiles()
        _ = try write(b, good.map { $0.replacingOccurrences(of: "0.95", with: "0.10") })   // same length, other values
        #expect(throws: SampleFile.Problems.self) {
            try b.store.recordSignals(from: scan, actor: "probe", osUser: "t", now: TestBoard.t0.addingTimeInterval(86400))
        }
        #expect(try b.boardFiles() == before)
    }

    /// A pipe cannot be read twice: its samples are kept from the first reading.
    @Test func aPipeIsReadOnce() throws {
        let b = try SignalBatchFaultTests().board()
        defer { b.remove() }
        let fifo = b.path("samples.fifo")
        #expect(mkfifo(fifo, 0o600) == 0)
        let three: [Double] = [0.95, 0.80, 0.95]
        let text = (0..<3).map { (k: Int) -> String in
            line("UC-0002", three[k], TestBoard.t0.addingTimeInterval(Double(k + 1) * 3600))
        }.joined(separator: "\n") + "\n"
        let writer = Thread {
            let h = FileHandle(forWritingAtPath: fifo)
            h?.write(Data(text.utf8))
            try? h?.close()
        }
        writer.start()
        let scan = try SampleFile.scan(path: fifo, display: "fifo")
        let outcomes = try b.store.recordSignals(from: scan, actor: "probe", osUser: "t", now: TestBoard.t0.addingTimeInterval(86400))
        #expect(outcomes.first?.problem == nil)
        let levels: [MonitorLevel] = (outcomes.first?.events ?? []).compactMap { (e: AuditEvent) -> MonitorLevel? in e.details.level }
        #expect(levels == [.ok, .breach, .ok])
    }
}

/// An action reads a use case file without its YAML parse when the file is exactly the state
/// its log recorded (issue 18's profile: the parse was a fifth of a large samples file). What
/// the parse also judged must still be judged: a name the policy no longer has refuses the
/// action with the parse's located diagnostic. The in-memory check that decides it
/// (`ReferenceSets`, shared with the load cache) did not look at a delegated approval's `for`
/// nor a tier override before.
@Suite struct QuickUseCaseReadTests {
    @Test func aNameThePolicyLostStillRefusesTheAction() throws {
        let b = try TestBoard()
        defer { b.remove() }
        var uc = try b.create()
        try b.record(uc.id, .comment, EventDetails(comment: "before"), by: "sam")
        uc = try b.store.useCase(uc.id)
        let policy = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
        try b.write("gateboard.yaml", policy.replacingOccurrences(of: "  - {id: alex, name: Alex Example, function: product, roles: [business_owner]}\n", with: ""))
        let before = try b.boardFiles()
        do {
            try b.record(uc.id, .comment, EventDetails(comment: "after"), by: "sam")
            Issue.record("the action was taken on a use case naming an unknown person")
        } catch let e as BoardInvalid {
            #expect(e.diagnostics.contains { $0.description.contains("UC-0001.yaml:") && $0.description.contains("unknown person 'alex'") }, "\(e)")
        }
        #expect(try b.boardFiles() == before)
    }

    @Test func delegatedAndOverriddenNamesAreChecked() throws {
        let b = try TestBoard()
        defer { b.remove() }
        var uc = try b.create()
        let refs = ReferenceSets(try b.store.loadPolicy())
        #expect(refs.resolves(uc))
        var approval = Approval(person: "alex", role: "business_owner", at: TestBoard.t0, digest: "", basis: [:])
        approval.onBehalfOf = "ghost"
        uc.approvals = [approval]
        #expect(!refs.resolves(uc))
        uc.approvals = []
        uc.tierOverride = TierOverride(by: "alex", at: TestBoard.t0, reason: "r", tier: "high", proposed: "extreme")
        #expect(!refs.resolves(uc))
    }
}
