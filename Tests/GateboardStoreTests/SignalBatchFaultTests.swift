import Foundation
import GateboardCore
import Testing
@testable import GateboardStore
import GateboardTestSupport

/// `recordSignals` writes every use case's transitions in one grouped pass (appends and
/// temporary files, one flush, renames). Each system call of that pass failed in turn: a use
/// case is either taken whole (its log and file agree, the board verifies) or refused with
/// its files exactly as before — never half, never another's samples lost with it.
@Suite struct SignalBatchFaultTests {
    func board() throws -> TestBoard {
        let b = try TestBoard()
        var policy = String(decoding: try b.read("gateboard.yaml"), as: UTF8.self)
        policy = policy.replacingOccurrences(of: "\npeople:\n", with: "\npeople:\n  - {id: probe, name: Probe, function: service, roles: []}\n")
        policy += "\nmonitors:\n  - {name: precision, tiers: [high], direction: below, warn: 0.9, breach: 0.85, staleAfterDays: 30, onBreach: review}\n"
        try b.write("gateboard.yaml", policy)
        for id in ["UC-0001", "UC-0002", "UC-0003"] {
            try b.create()
            try b.record(id, .advance, EventDetails(from: "scoped", to: "production"))
        }
        return b
    }

    var samples: [Sample] {
        ["UC-0001", "UC-0002", "UC-0003"].flatMap { id in
            [Sample(useCase: id, monitor: "precision", value: 0.95, at: TestBoard.t0.addingTimeInterval(3600), line: 1),
             Sample(useCase: id, monitor: "precision", value: 0.80, at: TestBoard.t0.addingTimeInterval(7200), line: 2)]
        }
    }

    @Test func everyInjectedFailureTakesAUseCaseWholeOrNotAtAll() throws {
        let b = try board()
        defer { b.remove() }
        let now = TestBoard.t0.addingTimeInterval(86400)
        let before = try b.boardFiles()
        var k = 0
        var refusals = 0
        while true {
            k += 1
            let faulty = FaultyFileSystem(failAt: k, code: EIO)
            b.store.fileSystem = faulty
            let outcomes = try b.store.recordSignals(samples, actor: "probe", osUser: "tester", now: now)
            b.store.fileSystem = PosixFileSystem()
            let after = try b.boardFiles()
            for o in outcomes {
                let files = ["usecases/\(o.useCase).yaml", "audit/\(o.useCase).jsonl"]
                if o.problem != nil {
                    refusals += 1
                    #expect(files.allSatisfy { after[$0] == before[$0] }, "call \(k) (\(faulty.failed ?? "")): \(o.useCase) refused but changed")
                    #expect(o.events.isEmpty)
                } else {
                    #expect(o.events.count == 2, "call \(k)")
                    #expect(try b.store.events(for: o.useCase).filter { $0.action == .monitor }.count == 2, "call \(k) (\(faulty.failed ?? ""))")
                    #expect(try b.store.recordedUseCase(o.useCase).monitors["precision"]?.level == .breach, "call \(k)")
                }
            }
            #expect(try b.store.verify().ok, "call \(k) (\(faulty.failed ?? ""))")
            let temporary = try FileManager.default.contentsOfDirectory(atPath: b.path("usecases")).filter { $0.hasPrefix(".") }
            #expect(temporary.isEmpty, "call \(k): \(temporary)")
            if faulty.failed == nil {
                #expect(outcomes.allSatisfy { $0.problem == nil })
                break
            }
            for (relative, bytes) in after where before[relative] != bytes {
                if let old = before[relative] { try b.writeBytes(relative, old) } else { try FileManager.default.removeItem(atPath: b.path(relative)) }
            }
            try? FileManager.default.removeItem(atPath: b.path(".gateboard/signals"))
        }
        #expect(refusals >= 6, "only \(refusals) refusals over \(k) calls")
    }

    /// The grouping itself: however many use cases change, the batch makes them durable with
    /// one flush of the file system and one fsync of the use case folder, not an fsync or two
    /// per use case (where there is no `syncfs`, each file is fsync'd: see the test above).
    @Test func manyUseCasesAreMadeDurableInOnePass() throws {
        final class Counting: FileSystemCalls, @unchecked Sendable {
            let real = PosixFileSystem()
            var fsyncs = 0
            var flushes = 0
            func openat(_ dir: Int32, _ name: String, _ flags: Int32, _ mode: mode_t) -> Int32 { real.openat(dir, name, flags, mode) }
            func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int { real.write(fd, buffer) }
            func fsync(_ fd: Int32) -> Int32 { fsyncs += 1; return real.fsync(fd) }
            func renameat(_ fromDir: Int32, _ from: String, _ toDir: Int32, _ to: String) -> Int32 { real.renameat(fromDir, from, toDir, to) }
            func ftruncate(_ fd: Int32, _ length: off_t) -> Int32 { real.ftruncate(fd, length) }
            func fchmod(_ fd: Int32, _ mode: mode_t) -> Int32 { real.fchmod(fd, mode) }
            func unlinkat(_ dir: Int32, _ name: String, _ flags: Int32) -> Int32 { real.unlinkat(dir, name, flags) }
            func mkdirat(_ dir: Int32, _ name: String, _ mode: mode_t) -> Int32 { real.mkdirat(dir, name, mode) }
            func close(_ fd: Int32) -> Int32 { real.close(fd) }
            func syncfs(_ fd: Int32) -> Int32 { flushes += 1; return 0 }
        }
        let b = try board()
        defer { b.remove() }
        let counting = Counting()
        b.store.fileSystem = counting
        let outcomes = try b.store.recordSignals(samples, actor: "probe", osUser: "tester", now: TestBoard.t0.addingTimeInterval(86400))
        #expect(outcomes.map(\.events.count) == [2, 2, 2])
        #expect(counting.flushes == 1)
        #expect(counting.fsyncs == 1)   // the use case folder, after the renames
        b.store.fileSystem = PosixFileSystem()
        #expect(try b.store.verify().ok)
    }
}
