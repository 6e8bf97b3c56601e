import Foundation
import Testing

/// The issue's list of bad input, through the real binary, each on a fresh copy of a board
/// with real history: `validate`, `list` and an action all exit 3 naming the file (and the
/// line where one applies), nothing hangs or crashes, and the board directory is byte for
/// byte what it was (the lock file and load cache aside: local runtime state, never content).
@Suite struct ReliabilityBadInputTests {
    /// A board whose UC-0001 went through three gates (owners, artifacts, evidence,
    /// approvals) and whose UC-0002 is new.
    final class Template: @unchecked Sendable {
        let board: FixtureBoard
        let id: String
        let other: String
        init() throws {
            board = try FixtureBoard()
            let walk = try Walkthrough(board: board, title: "KYC document verification — café ☕")
            try walk.toSpecification()
            try walk.toImplementation()
            try walk.toCheckpoint()
            id = walk.id
            other = try board.create("Support-ticket triage")
        }
    }
    static let template = Result { try Template() }

    enum Expect {
        /// exit 3 from validate, list and an action; the diagnostic names `file`, with a
        /// `file:line:col` position when `located`.
        case refused(file: String, located: Bool)
        /// The input is accepted by design (a BOM, CRLF): validate passes.
        case accepted
    }

    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var expect: Expect
        var mutate: @Sendable (_ dir: URL, _ id: String) throws -> Void
        var description: String { name }
    }

    static func bytes(_ dir: URL, _ relative: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dir.appendingPathComponent(relative)))
    }
    static func write(_ dir: URL, _ relative: String, _ bytes: [UInt8]) throws {
        try Data(bytes).write(to: dir.appendingPathComponent(relative))
    }
    static func text(_ dir: URL, _ relative: String) throws -> String {
        try String(contentsOf: dir.appendingPathComponent(relative), encoding: .utf8)
    }
    static func edit(_ relative: String, _ change: @escaping @Sendable (String) -> String) -> @Sendable (URL, String) throws -> Void {
        { dir, id in
            let path = relative.replacingOccurrences(of: "ID", with: id)
            try Data(change(try text(dir, path)).utf8).write(to: dir.appendingPathComponent(path))
        }
    }

    static let uc = "usecases/UC-0001.yaml"
    static let policy = "gateboard.yaml"

    /// `&a` ten levels deep, each ten aliases of the one before: 10^10 nodes if expanded.
    static let aliasBomb: String = {
        var s = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...9 { s += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        return s
    }()

    static let cases: [Case] = [
        Case(name: "use case: empty file", expect: .refused(file: uc, located: false)) { d, _ in try write(d, uc, []) },
        Case(name: "use case: 4 KiB of NUL bytes", expect: .refused(file: uc, located: true)) { d, _ in
            try write(d, uc, [UInt8](repeating: 0, count: 4096)) },
        Case(name: "use case: invalid UTF-8", expect: .refused(file: uc, located: true)) { d, _ in
            var b = try bytes(d, uc); b.insert(0xFF, at: b.firstIndex(of: UInt8(ascii: "K"))!); try write(d, uc, b) },
        Case(name: "use case: cut in the middle of a character", expect: .refused(file: uc, located: true)) { d, _ in
            let b = try bytes(d, uc); try write(d, uc, Array(b[...b.firstIndex(of: 0xC3)!])) },
        Case(name: "use case: merge-conflict markers", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "tier: medium\n", with: "<<<<<<< HEAD\ntier: medium\n=======\ntier: high\n>>>>>>> theirs\n") }),
        Case(name: "use case: duplicate key", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "tier: medium\n", with: "tier: medium\ntier: high\n") }),
        Case(name: "use case: duplicate id (a copy under another name)", expect: .refused(file: "usecases/UC-0009.yaml", located: true)) { d, _ in
            try write(d, "usecases/UC-0009.yaml", try bytes(d, uc)) },
        Case(name: "use case: unknown field", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "tier: medium\n", with: "tier: medium\ncolour: blue\n") }),
        Case(name: "use case: wrong type (tier is a list)", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "tier: medium\n", with: "tier: [medium, high]\n") }),
        Case(name: "use case: wrong type (audit seq is text)", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "  seq: ", with: "  seq: many") }),
        Case(name: "use case: wrong type (owners is a number)", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "owners:\n", with: "owners: 7\nx-owners:\n") }),
        Case(name: "use case: schema from the future", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "schema: 1\n", with: "schema: 7\n") }),
        Case(name: "use case: alias bomb", expect: .refused(file: uc, located: true), mutate: edit(uc) { $0 + aliasBomb }),
        Case(name: "use case: 10,000 levels of flow nesting", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0 + "deep: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n" }),
        Case(name: "use case: 200 levels of block nesting", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            var s = $0 + "deep:\n"
            for i in 1...200 { s += String(repeating: " ", count: 2 * i) + "k:\n" }
            return s }),
        Case(name: "use case: a 50 MB file", expect: .refused(file: uc, located: false)) { d, _ in
            var b = try bytes(d, uc)
            b += Array("# ".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 50 << 20) + [0x0A]
            try write(d, uc, b) },
        Case(name: "use case: id with path separators and ..", expect: .refused(file: uc, located: true), mutate: edit(uc) {
            $0.replacingOccurrences(of: "id: UC-0001\n", with: "id: \"../../etc/UC-0001\"\n") }),
        Case(name: "use case: symlink to a use case outside the board", expect: .refused(file: uc, located: false)) { d, _ in
            let outside = d.path + "-outside.yaml"
            try FileManager.default.moveItem(atPath: d.appendingPathComponent(uc).path, toPath: outside)
            try FileManager.default.createSymbolicLink(atPath: d.appendingPathComponent(uc).path, withDestinationPath: outside) },
        Case(name: "use case: FIFO", expect: .refused(file: uc, located: false)) { d, _ in
            try FileManager.default.removeItem(at: d.appendingPathComponent(uc))
            #expect(mkfifo(d.appendingPathComponent(uc).path, 0o644) == 0) },
        Case(name: "use case: a directory", expect: .refused(file: uc, located: false)) { d, _ in
            try FileManager.default.removeItem(at: d.appendingPathComponent(uc))
            try FileManager.default.createDirectory(at: d.appendingPathComponent(uc), withIntermediateDirectories: false) },
        Case(name: "use case: BOM and CRLF (accepted)", expect: .accepted) { d, _ in
            let t = try text(d, uc).replacingOccurrences(of: "\n", with: "\r\n")
            try write(d, uc, [0xEF, 0xBB, 0xBF] + Array(t.utf8)) },
        Case(name: "policy: empty", expect: .refused(file: policy, located: false)) { d, _ in try write(d, policy, []) },
        Case(name: "policy: NUL bytes", expect: .refused(file: policy, located: true)) { d, _ in
            try write(d, policy, [UInt8](repeating: 0, count: 512)) },
        Case(name: "policy: invalid UTF-8", expect: .refused(file: policy, located: true)) { d, _ in
            var b = try bytes(d, policy); b[b.count / 2] = 0xC0; try write(d, policy, b) },
        Case(name: "policy: merge-conflict markers", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "stopShipRole: stop_ship\n", with: "<<<<<<< ours\nstopShipRole: stop_ship\n=======\nstopShipRole: ops_owner\n>>>>>>> theirs\n") }),
        Case(name: "policy: duplicate person id", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "  - {id: pat,", with: "  - {id: rita,") }),
        Case(name: "policy: duplicate key", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "stopShipRole: stop_ship\n", with: "stopShipRole: stop_ship\nstopShipRole: ops_owner\n") }),
        Case(name: "policy: unknown field", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "stopShipRole: stop_ship\n", with: "stopShipRole: stop_ship\nstopShipRoles: [x]\n") }),
        Case(name: "policy: wrong type", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "stopShipRole: stop_ship\n", with: "stopShipRole: {a: b}\n") }),
        Case(name: "policy: missing waivers", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "\nwaivers:", with: "\nx-waivers:") }),
        Case(name: "policy: schema from the future", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0.replacingOccurrences(of: "schema: 1\n", with: "schema: 2\n") }),
        Case(name: "policy: alias bomb", expect: .refused(file: policy, located: true), mutate: edit(policy) { $0 + aliasBomb }),
        Case(name: "policy: deep nesting", expect: .refused(file: policy, located: true), mutate: edit(policy) {
            $0 + "x: " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000) + "\n" }),
        Case(name: "policy: a 50 MB file", expect: .refused(file: policy, located: false)) { d, _ in
            try write(d, policy, try bytes(d, policy) + [UInt8](repeating: UInt8(ascii: "#"), count: 50 << 20)) },
        Case(name: "policy: a directory", expect: .refused(file: policy, located: false)) { d, _ in
            try FileManager.default.removeItem(at: d.appendingPathComponent(policy))
            try FileManager.default.createDirectory(at: d.appendingPathComponent(policy), withIntermediateDirectories: false) },
        Case(name: "policy: FIFO", expect: .refused(file: policy, located: false)) { d, _ in
            try FileManager.default.removeItem(at: d.appendingPathComponent(policy))
            #expect(mkfifo(d.appendingPathComponent(policy).path, 0o644) == 0) },
        Case(name: "policy: BOM and CRLF (accepted)", expect: .accepted) { d, _ in
            let t = try text(d, policy).replacingOccurrences(of: "\n", with: "\r\n")
            try write(d, policy, [0xEF, 0xBB, 0xBF] + Array(t.utf8)) },
    ]

    @Test(arguments: cases)
    func badInput(_ c: Case) throws {
        let t = try Self.template.get()
        let dir = try Reliability.copyBoard(t.board.path)
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(atPath: dir.path + "-outside.yaml")
        }
        try c.mutate(dir, t.id)
        try Self.check(dir: dir, id: t.id, expect: c.expect, name: c.name)
    }

    /// The checks of one bad board. Returns false when the input was accepted.
    @discardableResult
    static func check(dir: URL, id: String, expect: Expect, name: String) throws -> Bool {
        let before = Reliability.fingerprint(dir.path)
        let validate = try Reliability.run(["validate"], board: dir.path)
        switch expect {
        case .accepted:
            #expect(validate.status == 0, "\(name): \(validate)")
            #expect(try Reliability.run(["show", id, "--json"], board: dir.path).status == 0, "\(name)")
            return true
        case .refused(let file, let located):
            #expect(validate.status == 3, "\(name): validate \(validate)")
            let diagnostics = Reliability.relative(validate.stdout, to: dir.path).split(separator: "\n").filter { $0.hasPrefix(file + ":") }
            #expect(!diagnostics.isEmpty, "\(name): no diagnostic names \(file): \(validate)")
            if located {
                #expect(diagnostics.contains { $0.dropFirst(file.count).range(of: #"^:[0-9]+:[0-9]+: "#, options: .regularExpression) != nil },
                        "\(name): no line:column in \(diagnostics)")
            }
            let target = file.hasPrefix("usecases/") ? String(file.dropFirst(9).dropLast(5)) : id
            let act = try Reliability.run(["comment", target, "should not be written"], board: dir.path, user: "ana")
            #expect(act.status == 3, "\(name): comment \(act)")
            #expect(act.stderr.contains(file), "\(name): the action's error names \(file): \(act)")
            let after = Reliability.fingerprint(dir.path)
            #expect(after == before, "\(name): the board changed: \(Reliability.difference(before, after))")
            return false
        }
    }
}
