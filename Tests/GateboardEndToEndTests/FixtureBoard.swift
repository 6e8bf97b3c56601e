import Foundation

/// A temporary board made by the real binary (`gateboard init`) with a known people list,
/// removed when the test is done. Each test gets its own directory, so tests run in parallel.
final class FixtureBoard {
    let dir: URL
    var path: String { dir.path }

    static let people = """
      - {id: ana, name: Ana Ortiz, function: product, roles: [business_owner], login: ana}
      - {id: ben, name: Ben Okafor, function: engineering, roles: [technical_owner]}
      - {id: rita, name: Rita Lindqvist, function: risk, roles: [risk_reviewer]}
      - {id: pat, name: Pat Moreau, function: risk, roles: [risk_reviewer]}
      - {id: carl, name: Carl Jensen, function: risk, roles: [change_approver]}
      - {id: olga, name: Olga Petrova, function: operations, roles: [ops_owner, stop_ship]}
    """

    /// A board from `gateboard init`, its people replaced by `people`; `edit` may rewrite the
    /// policy text further (e.g. to require a quorum of two).
    init(people: String = FixtureBoard.people, edit: (String) -> String = { $0 }) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-e2e-\(UUID().uuidString)")
        let r = try GateboardBinary.run(["init", dir.path, "--name", "Fixture board"])
        guard r.status == 0 else { throw TestFailure("init failed: \(r)") }
        let policy = dir.appendingPathComponent("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = try Self.replacingPeople(in: text, with: people)
        // `init` writes `signing: decisions`; these boards test the rest (signing has its own tests).
        text = text.replacingOccurrences(of: "signing: decisions", with: "signing: off")
        try edit(text).write(to: policy, atomically: true, encoding: .utf8)
    }

    /// Swaps the `people:` block of a policy for another list.
    static func replacingPeople(in text: String, with people: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: "people:") else { throw TestFailure("no people: in policy") }
        var end = start + 1
        while end < lines.count, lines[end].hasPrefix("  ") { end += 1 }
        lines.replaceSubrange((start + 1)..<end, with: people.components(separatedBy: "\n").filter { !$0.isEmpty })
        return lines.joined(separator: "\n")
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func url(_ relative: String) -> URL { dir.appendingPathComponent(relative) }

    @discardableResult
    func run(_ args: [String], as user: String? = nil, now: String? = GateboardBinary.defaultNow,
             environment: [String: String] = [:]) throws -> GateboardBinary.Result {
        try GateboardBinary.run(args, board: path, now: now, user: user, environment: environment)
    }

    /// Runs an action that must succeed.
    @discardableResult
    func act(_ args: [String], as user: String, now: String = GateboardBinary.defaultNow) throws -> GateboardBinary.Result {
        let r = try run(args, as: user, now: now)
        guard r.status == 0 else { throw TestFailure("`gateboard \(args.joined(separator: " "))` as \(user) failed: \(r)") }
        return r
    }

    /// Creates a use case and returns its id.
    func create(_ title: String, tier: String = "medium", problem: String = "Analysts re-key documents by hand.",
                metric: String = "Median handling time per case under 4 minutes", as user: String = "ana",
                now: String = GateboardBinary.defaultNow) throws -> String {
        let r = try act(["new", "--title", title, "--tier", tier, "--problem", problem, "--metric", metric, "--json"],
                        as: user, now: now)
        guard let id = try r.object()["id"] as? String else { throw TestFailure("no id in \(r.stdout)") }
        return id
    }
}
