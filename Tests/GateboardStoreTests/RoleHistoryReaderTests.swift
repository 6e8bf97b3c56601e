import Foundation
import Testing
import GateboardCore
@testable import GateboardStore

/// The store reads the work window (`RoleHistory`) from the end of the log: the same value
/// the whole log folds to, whatever lies before the window.
@Suite struct RoleHistoryReaderTests {
    static func at(_ hours: Double) -> Date { TestBoard.t0.addingTimeInterval(hours * 3600) }

    @Test func readingBackwardsGivesWhatTheWholeLogGives() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let id = try b.create().id
        try b.record(id, .assign, EventDetails(role: "technical_owner", person: "rio"), at: Self.at(1))
        // A long history before the window (about 150 KB, more than two of the reader's 64 KiB
        // chunks): the reader need not go through it. Few long events rather than many short
        // ones: each record re-checks the whole log, so the count is what costs.
        for i in 0..<60 { try b.record(id, .comment, EventDetails(comment: "note \(i) " + String(repeating: "x", count: 2_500)), at: Self.at(2)) }
        try b.record(id, .edit, EventDetails(artifacts: ["model": "m@1"]), at: Self.at(3))
        try b.record(id, .advance, EventDetails(from: "scoped", to: "specification"), by: "rio", at: Self.at(4))
        try b.record(id, .assign, EventDetails(role: "technical_owner", person: "sam"), at: Self.at(5))
        try b.record(id, .unassign, EventDetails(role: "technical_owner", person: "sam"), at: Self.at(6))
        let outcome = try b.record(id, .assign, EventDetails(role: "risk_reviewer", person: "rio"), by: "rio", at: Self.at(7))

        let read = try #require(try b.store.roleHistory(of: outcome.useCase))
        let folded = RoleHistory.of(try b.store.events(for: id), endingIn: outcome.useCase)
        #expect(read == folded)
        #expect(read.windowStart.seq == 63, "the edit, before the stage entry")
        #expect(read.tenure(of: "rio", in: "technical_owner")?.until?.seq == 65, "held before the window, found behind it")
        #expect(read.tenure(of: "sam", in: "technical_owner")?.until?.seq == 66)
        #expect(read.tenure(of: "rio", in: "risk_reviewer")?.until == nil)
        #expect(read.submissions.map(\.person) == ["rio"])
    }
}
