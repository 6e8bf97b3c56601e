import Foundation
import GateboardCore
import Testing
@testable import GateboardStore

/// Each class of bad input gives exact `path:line:col: message` diagnostics, never a crash.
@Suite struct BadInputTests {
    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/usecases")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func validFixtureLoads() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("usecases/UC-0001.yaml", try Self.fixture("valid.yaml"))
        #expect(b.problems() == [])
        let uc = try b.store.load().useCases[0]
        #expect(uc.owners == ["business_owner": "alex", "technical_owner": "sam"])
        #expect(uc.waivers[0].until == Day(year: 2026, month: 12, day: 31))
    }

    @Test(arguments: ["unknown-refs", "types-and-keys", "merge-conflict", "newer-schema", "wrong-id", "duplicate-key"])
    func fixtureDiagnostics(_ name: String) throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("usecases/UC-0001.yaml", try Self.fixture(name + ".yaml"))
        let expected = try Self.fixture(name + ".expected").split(separator: "\n").map(String.init)
        #expect(b.problems() == expected)
    }

    func loadBytes(_ bytes: [UInt8]) throws -> [String] {
        let b = try TestBoard()
        defer { b.remove() }
        try b.writeBytes("usecases/UC-0001.yaml", bytes)
        return b.problems()
    }

    @Test func emptyAndBlankFiles() throws {
        #expect(try loadBytes([]) == ["usecases/UC-0001.yaml: file is empty"])
        #expect(try loadBytes(Array(" \n\n".utf8)) == ["usecases/UC-0001.yaml: file has no content"])
    }

    @Test func nulBytes() throws {
        #expect(try loadBytes([UInt8](repeating: 0, count: 4096)) == ["usecases/UC-0001.yaml:1:1: NUL byte: this is not a text file (truncated or corrupted?)"])
    }

    @Test func invalidUTF8NamesTheByte() throws {
        var bytes = Array(try Self.fixture("valid.yaml").utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "K"))!   // line 3: title: "KYC…
        bytes[at + 1] = 0xFF
        #expect(try loadBytes(bytes) == ["usecases/UC-0001.yaml:3:10: invalid UTF-8 (byte 0xFF); save the file as UTF-8"])
    }

    @Test func cutMidCharacter() throws {
        let bytes = Array("schema: 1\ntitle: \"caf".utf8) + [0xC3]
        #expect(try loadBytes(bytes) == ["usecases/UC-0001.yaml:2:12: file ends in the middle of a UTF-8 character (truncated?)"])
    }

    @Test func byteOrderMarkAndCRLFAreAccepted() throws {
        let text = try Self.fixture("valid.yaml")
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("usecases/UC-0001.yaml", text)
        let plain = try b.store.load().useCases
        try b.writeBytes("usecases/UC-0001.yaml", [0xEF, 0xBB, 0xBF] + Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
        #expect(try b.store.load().useCases == plain)
    }

    @Test func truncatedAtEveryOffsetNeverCrashes() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let bytes = Array(try Self.fixture("valid.yaml").utf8)
        var failures = 0
        for cut in stride(from: 0, to: bytes.count, by: 3) {
            try b.writeBytes("usecases/UC-0001.yaml", Array(bytes[..<cut]))
            let p = b.problems()
            if !p.isEmpty { failures += 1 }
            #expect(p.allSatisfy { $0.hasPrefix("usecases/UC-0001.yaml") })
        }
        #expect(failures > bytes.count / 3 - 5)
    }

    @Test func oversizedFileIsRefusedBeforeReading() throws {
        let b = try TestBoard()
        defer { b.remove() }
        let path = b.path("usecases/UC-0001.yaml")
        FileManager.default.createFile(atPath: path, contents: nil)
        let h = FileHandle(forWritingAtPath: path)!
        h.truncateFile(atOffset: 50 << 20)   // sparse 50 MB
        h.closeFile()
        #expect(b.problems() == ["usecases/UC-0001.yaml: file is 52428800 bytes; the limit is 1048576 bytes"])
        let policy = b.path("gateboard.yaml")
        truncate(policy, 5 << 20)
        #expect(b.problems().first == "gateboard.yaml: file is 5242880 bytes; the limit is 4194304 bytes")
    }

    @Test func symlinkFIFOAndDirectory() throws {
        let b = try TestBoard()
        defer { b.remove() }
        #expect(symlink("/etc/passwd", b.path("usecases/UC-0001.yaml")) == 0)
        #expect(mkfifo(b.path("usecases/UC-0002.yaml"), 0o644) == 0)
        #expect(mkdir(b.path("usecases/UC-0003.yaml"), 0o755) == 0)
        #expect(b.problems() == [
            "usecases/UC-0001.yaml: is a symbolic link to /etc/passwd; board files must be regular files (Gateboard never follows links inside the board)",
            "usecases/UC-0002.yaml: is a FIFO (named pipe), not a regular file",
            "usecases/UC-0003.yaml: is a directory, not a file",
        ])
        // Acting on them is refused the same way, without blocking on the FIFO.
        #expect(throws: BoardInvalid.self) { try b.record("UC-0002", .comment, EventDetails(comment: "x")) }
    }

    @Test func badFileNamesAndIds() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("usecases/notes.txt", "hello")
        try b.write("usecases/uc-1.yaml", "x: 1")
        try b.write("usecases/.UC-0001.yaml.tmp-1-2", "ignored temp file")
        #expect(b.problems() == [
            "usecases/notes.txt: not a use case file (use case files are named like UC-0007.yaml)",
            "usecases/uc-1.yaml: file name is not a use case id (like UC-0007.yaml)",
        ])
        #expect(!UseCaseParser.isValidID("../UC-0001"))
        #expect(!UseCaseParser.isValidID("UC-0001/.."))
        #expect(!UseCaseParser.isValidID("UC-01"))
        #expect(UseCaseParser.isValidID("UC-12345"))
        let text = try Self.fixture("valid.yaml").replacingOccurrences(of: "id: UC-0001", with: "id: \"../../etc/passwd\"")
        try FileManager.default.removeItem(atPath: b.path("usecases/notes.txt"))
        try FileManager.default.removeItem(atPath: b.path("usecases/uc-1.yaml"))
        try b.write("usecases/UC-0001.yaml", text)
        #expect(b.problems() == ["usecases/UC-0001.yaml:2:5: id: \"../../etc/passwd\" is not a use case id (like UC-0007)"])
    }

    @Test func aBadPolicyAndBadUseCasesAreAllReported() throws {
        let b = try TestBoard()
        defer { b.remove() }
        try b.write("gateboard.yaml", "schema: 1\nname: x\n")
        try b.write("usecases/UC-0001.yaml", "schema: 1\n")
        let p = b.problems()
        #expect(p.contains("gateboard.yaml:1:1: policy: missing required key 'tiers'"))
        #expect(p.contains("usecases/UC-0001.yaml:1:1: use case: missing required key 'id'"))
    }
}
