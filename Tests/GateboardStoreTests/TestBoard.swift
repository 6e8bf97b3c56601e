import Foundation
import GateboardCore
@testable import GateboardStore

/// A scratch board in a fresh temporary directory.
struct TestBoard {
    let root: URL
    let store: BoardStore

    init(name: String = "Test board") throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("gateboard-store-tests-\(UUID().uuidString)")
        store = try BoardStore.initialize(at: dir, name: name)
        store.lockTimeout = 10
        root = store.root
    }

    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// Creates a use case through the transaction with a hand-made create event.
    @discardableResult
    func create(title: String = "KYC document verification", tier: String = "high", by actor: String = "alex") throws -> UseCase {
        try store.transact(on: nil, actor: actor, osUser: "tester", now: Self.t0) { uc, _ in
            (.create, EventDetails(title: title, problem: "Manual checks take days", metric: "", tier: tier, stage: "scoped"))
        }.useCase
    }

    @discardableResult
    func record(_ id: String, _ action: EventAction, _ details: EventDetails, by actor: String = "alex", at: Date = TestBoard.t0) throws -> ActionOutcome {
        try store.transact(on: id, actor: actor, osUser: "tester", now: at) { _, _ in (action, details) }
    }

    func write(_ relative: String, _ text: String) throws {
        try Data(text.utf8).write(to: root.appendingPathComponent(relative))
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: root.appendingPathComponent(relative))
    }

    func read(_ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// `load()`'s diagnostics with the board root stripped from paths.
    func problems() -> [String] {
        do {
            _ = try store.load()
            return []
        } catch let e as BoardInvalid {
            return e.diagnostics.map { $0.description.replacingOccurrences(of: root.path + "/", with: "") }
        } catch {
            return ["\(error)"]
        }
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension TestBoard {
    /// Every use case file and audit log, by path under the board: what a failed write must
    /// leave exactly as it was.
    func boardFiles() throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for dir in ["usecases", "audit"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: path(dir)) {
                out["\(dir)/\(name)"] = try read("\(dir)/\(name)")
            }
        }
        return out
    }
}
