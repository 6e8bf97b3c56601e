import Foundation
import Testing

/// `gateboard digest` on a copy of the sample board: what needs you, what others changed since
/// your last digest, remembered in your settings directory (never in the board).
@Suite struct DigestTests {
    @Test func digestRemembersWhenYouLastReadIt() throws {
        let s = try NotificationHookTests.Setup()
        func digest(_ now: String, _ extra: [String] = []) throws -> GateboardBinary.Result {
            try GateboardBinary.run(["digest", "--as", "omar"] + extra, board: s.sample.path, now: now,
                                    environment: s.environment)
        }
        let first = try digest("2026-11-26T09:00:00Z")
        #expect(first.status == 0, "\(first)")
        #expect(first.stdout.hasPrefix("Digest for Omar Haddad"))
        #expect(first.stdout.contains("UC-0017  approve  checkpoint approval as risk reviewer"))
        #expect(first.stdout.contains("since 2026-11-25T09:00:00Z"), "first digest: the last 24 hours")
        // Remembered in the settings directory, not in the board.
        #expect(FileManager.default.fileExists(atPath: s.config.appendingPathComponent("digests.json").path))
        let boardFiles = try FileManager.default.subpathsOfDirectory(atPath: s.sample.path)
        #expect(!boardFiles.contains { $0.contains("digest") })

        // Someone else comments on a use case waiting on Omar; Omar's own comment is not news to him.
        let other = try GateboardBinary.run(["comment", "UC-0017", "Named an ops owner candidate"], board: s.sample.path,
                                            now: "2026-11-26T09:30:00Z", user: "priya", environment: s.environment)
        #expect(other.status == 0, "\(other)")
        _ = try GateboardBinary.run(["comment", "UC-0017", "Will look today"], board: s.sample.path,
                                    now: "2026-11-26T09:40:00Z", user: "omar", environment: s.environment)
        let second = try digest("2026-11-26T10:00:00Z", ["--json"])
        #expect(second.status == 0, "\(second)")
        let o = try second.object()
        #expect(o["since"] as? String == "2026-11-26T09:00:00Z")
        let changes = try #require(o["changes"] as? [[String: Any]])
        #expect(changes.count == 1, "\(changes)")
        #expect(changes.first?["actor"] as? String == "priya")
        #expect(changes.first?["text"] as? String == "Named an ops owner candidate")
        #expect((o["needs"] as? [[String: Any]])?.contains { $0["id"] as? String == "UC-0017" } == true)

        let md = try digest("2026-11-26T11:00:00Z", ["--markdown"])
        #expect(md.stdout.hasPrefix("# Digest for Omar Haddad"))
        #expect(md.stdout.contains("## Needs you"))
        #expect(md.stdout.contains("No changes by others on your use cases since 2026-11-26T10:00:00Z"))
        // --since looks back without moving the bookmark.
        let back = try digest("2026-11-26T12:00:00Z", ["--since", "2026-11-26", "--json"])
        #expect((try back.object()["changes"] as? [[String: Any]])?.count == 1)
        let after = try digest("2026-11-26T12:30:00Z", ["--json"])
        #expect(try after.object()["since"] as? String == "2026-11-26T11:00:00Z")
    }

    @Test func digestNeedsAPersonAndAValidSince() throws {
        let s = try NotificationHookTests.Setup()
        let nobody = try GateboardBinary.run(["digest"], board: s.sample.path, now: SampleBoardTests.today, environment: s.environment)
        #expect(nobody.status == 2, "\(nobody)")
        #expect(nobody.stderr.contains("whose digest?"))
        let bad = try GateboardBinary.run(["digest", "--as", "omar", "--since", "yesterday"], board: s.sample.path,
                                          now: SampleBoardTests.today, environment: s.environment)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--since takes a date"))
        let stranger = try GateboardBinary.run(["digest", "--as", "mallory"], board: s.sample.path,
                                               now: SampleBoardTests.today, environment: s.environment)
        #expect(stranger.status != 0)
        #expect(!FileManager.default.fileExists(atPath: s.config.appendingPathComponent("digests.json").path))
    }
}
