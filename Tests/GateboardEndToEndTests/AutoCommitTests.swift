import Foundation
import Testing

/// `init --git` and the policy's `autoCommit`: each action becomes one git commit.
@Suite struct AutoCommitTests {
    static func git(_ args: [String], in dir: URL) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + args
        p.currentDirectoryURL = dir
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func eachActionIsOneCommitWhenThePolicySaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-git-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let initR = try GateboardBinary.run(["init", dir.path, "--git"])
        #expect(initR.status == 0, "\(initR)")
        let policy = dir.appendingPathComponent("gateboard.yaml")
        var text = try String(contentsOf: policy, encoding: .utf8)
        text = try FixtureBoard.replacingPeople(in: text, with: FixtureBoard.people)
            .replacingOccurrences(of: "autoCommit: false", with: "autoCommit: true")
        try text.write(to: policy, atomically: true, encoding: .utf8)
        _ = try Self.git(["commit", "-qam", "our people"], in: dir)
        let before = try Self.git(["rev-list", "--count", "HEAD"], in: dir)

        let r = try GateboardBinary.run(["new", "--title", "Committed as it happens", "--tier", "low", "--board", dir.path], user: "ana")
        #expect(r.status == 0, "\(r)")
        #expect(!r.stdout.contains("not committed"))
        let after = try Self.git(["rev-list", "--count", "HEAD"], in: dir)
        #expect(Int(after.trimmingCharacters(in: .whitespacesAndNewlines)) == Int(before.trimmingCharacters(in: .whitespacesAndNewlines))! + 1)
        #expect(try Self.git(["status", "--porcelain"], in: dir).isEmpty, "nothing left uncommitted")
    }
}
