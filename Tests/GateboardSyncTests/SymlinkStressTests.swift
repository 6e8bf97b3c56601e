import Foundation
import GateboardCore
import GateboardStore
@testable import GateboardSync
import GateboardTestSupport
import Testing

/// `make stress`: symbolic links placed at random board paths (the policy, the folders, each
/// file, the cache folder and its files, the lock, temporary names), each pointing at a file,
/// a folder, a copy of what it replaces, or nothing, outside the repository. Then an action,
/// `validate`, `verify` and `sync` through the real binary. Nothing outside the board may
/// change, `validate` and `verify` must name the link, and `sync` must refuse. Prints
/// "symlinks: N placements tried, none got through". GATEBOARD_STRESS=1 runs 150
/// placements, otherwise 12.
@Suite(.serialized, .enabled(if: SyncBinary.available, "no gateboard binary: run swift build, or set GATEBOARD_BIN"))
struct SymlinkStressTests {
    static let paths = [
        "gateboard.yaml", "usecases", "audit", "usecases/UC-0001.yaml", "audit/UC-0001.jsonl", "audit/_board.jsonl",
        ".gateboard", ".gateboard/cache.bin", ".gateboard/policy.json", ".gateboard.lock", ".gitattributes", ".gitignore",
        "audit/.UC-0001.jsonl.TMP.sync.tmp", "usecases/.UC-0001.yaml.TMP.sync.tmp", "usecases/.UC-0001.yaml.tmp-TMP",
        "audit/UC-0002.jsonl", "usecases/UC-0002.yaml", ".gateboard/cache.bin.tmp-TMP",
    ]
    enum Target: CaseIterable { case file, folder, copy, dangling }

    @Test func randomLinksAtEveryBoardPathNeverGetThrough() throws {
        let count = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1" ? 150 : 12
        let sandbox = try GitSandbox()
        let a = try sandbox.makeRemoteWithBoard()
        let id = try a.create("Invoice matching", at: "2026-10-01T08:00:00Z")
        _ = try a.store.loadRows(now: Clone.at("2026-10-01T09:00:00Z"))   // the cache files exist
        _ = try a.sync(push: true)
        var seed = UInt64(ProcessInfo.processInfo.environment["GATEBOARD_FUZZ_SEED"] ?? "") ?? 0x5EED_1175
        func random(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(n))
        }
        var tried = 0
        var through: [String] = []
        for trial in 0..<count {
            // A fresh copy of the clone (its remote is the shared bare repository).
            let work = sandbox.url("trial-\(trial)")
            try FileManager.default.copyItem(at: a.dir, to: work)
            let board = work.appendingPathComponent(GitSandbox.boardFolder)
            let outside = sandbox.url("outside-\(trial)")
            try FileManager.default.createDirectory(at: outside.appendingPathComponent("folder"), withIntermediateDirectories: true)
            try Data("precious\n".utf8).write(to: outside.appendingPathComponent("victim.txt"))
            let path = Self.paths[random(Self.paths.count)].replacingOccurrences(of: "TMP", with: "\(random(40_000))")
            let target = Target.allCases[random(Target.allCases.count)]
            let at = board.appendingPathComponent(path)
            var isDir: ObjCBool = false
            let existed = FileManager.default.fileExists(atPath: at.path, isDirectory: &isDir)
            let destination: String
            switch target {
            case .file: destination = outside.appendingPathComponent("victim.txt").path
            case .folder: destination = outside.appendingPathComponent("folder").path
            case .dangling: destination = outside.appendingPathComponent("nothing-here").path
            case .copy:
                destination = outside.appendingPathComponent("copy-" + at.lastPathComponent).path
                if existed { try FileManager.default.copyItem(atPath: at.path, toPath: destination) }
                else { try Data("copy\n".utf8).write(to: URL(fileURLWithPath: destination)) }
            }
            if existed { try FileManager.default.removeItem(at: at) }
            try FileManager.default.createDirectory(at: at.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard symlink(destination, at.path) == 0 else { Issue.record("cannot place \(path)"); continue }
            tried += 1
            let before = Victim.snapshot(outside)
            let label = "\(path) -> \(target)"
            let env = sandbox.env.merging(["GATEBOARD_NOW": "2026-10-03T08:00:00Z"]) { $1 }
            _ = try SyncBinary.run(["comment", id, "trial \(trial)"], in: board, env: env, user: "ana")
            _ = try SyncBinary.run(["new", "--title", "Another", "--tier", "low", "--problem", "p", "--metric", "m"], in: board, env: env, user: "ana")
            _ = try SyncBinary.run(["list"], in: board, env: env)
            let validate = try SyncBinary.run(["validate"], in: board, env: env)
            let verify = try SyncBinary.run(["verify"], in: board, env: env)
            let sync = try SyncBinary.run(["sync"], in: board, env: env)
            if Victim.snapshot(outside) != before { through.append("\(label): something outside the board changed") }
            if validate.status != 3 || !validate.stdout.contains(at.path + ": is a symbolic link to " + destination) {
                through.append("\(label): validate did not report it (\(validate.status)) \(validate.stdout)\(validate.stderr)")
            }
            if verify.status != 1 || !verify.stdout.contains(at.path + ": is a symbolic link to " + destination) {
                through.append("\(label): verify did not report it (\(verify.status)) \(verify.stdout)\(verify.stderr)")
            }
            if sync.status != 3 || !sync.stderr.contains("symbolic link") {
                through.append("\(label): sync was not refused (\(sync.status)) \(sync.stderr)")
            }
            try? FileManager.default.removeItem(at: work)
        }
        print("symlinks: \(tried) placements tried, \(through.isEmpty ? "none" : "\(through.count)") got through")
        #expect(through.isEmpty, "\(through.joined(separator: "\n"))")
        #expect(tried == count)
    }
}
