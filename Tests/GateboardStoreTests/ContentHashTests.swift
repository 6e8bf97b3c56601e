import Foundation
import GateboardCore
import Testing
@testable import GateboardStore
#if canImport(Glibc)
import Glibc
#endif

/// Git object ids computed without git match what git computes, and a reference is local,
/// external or refused as `LocalReferences` documents.
@Suite struct ContentHashTests {
    final class Dir {
        let path: String
        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("gb-content-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func write(_ rel: String, _ text: String, mode: Int = 0o644) throws {
            let url = URL(fileURLWithPath: path + "/" + rel)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            chmod(url.path, mode_t(mode))
        }
        func git(_ args: String...) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            p.arguments = ["-C", path] + args
            p.environment = ["HOME": path, "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    func id(_ d: Dir, _ rel: String, limits: GitObjectID.Limits = GitObjectID.Limits()) throws(GitObjectID.Failure) -> LocalReferences.Resolution {
        try LocalReferences(top: d.path, limits: limits).resolve(rel)
    }

    @Test func blobIDsMatchGitHashObject() throws {
        let d = try Dir()
        try d.write("empty.txt", "")
        try d.write("prompts/prefill.md", "You fill forms.\nBe careful.\n")
        try d.write("run.sh", "#!/bin/sh\necho hi\n", mode: 0o755)
        try d.write("big.bin", String(repeating: "0123456789abcdef", count: 20_000))
        for rel in ["empty.txt", "prompts/prefill.md", "run.sh", "big.bin"] {
            let expected = try d.git("hash-object", rel)
            #expect(try id(d, rel) == .local(path: rel, id: expected, isTree: false), "\(rel)")
        }
        #expect(GitObjectID.blob([]) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391")
    }

    @Test func treeIDsMatchGitWriteTree() throws {
        let d = try Dir()
        _ = try d.git("init", "-q")
        try d.write("evals/a.txt", "a\n")
        try d.write("evals/run.sh", "#!/bin/sh\n", mode: 0o755)
        try d.write("evals/empty", "")
        try d.write("evals/nested/deep/x.json", "{}\n")
        try d.write("evals/nested-a", "sorts before nested/ in git's order\n")
        try d.write("evals/nested.txt", "and this one after\n")
        try FileManager.default.createDirectory(atPath: d.path + "/evals/no-files/inside", withIntermediateDirectories: true)
        symlink("a.txt", d.path + "/evals/link-in")
        symlink("/etc/passwd", d.path + "/evals/link-out")
        _ = try d.git("add", "-A", "evals")
        let expected = try d.git("write-tree", "--prefix=evals/")
        #expect(try id(d, "evals") == .local(path: "evals", id: expected, isTree: true))
        // The empty tree.
        try FileManager.default.createDirectory(atPath: d.path + "/void", withIntermediateDirectories: true)
        #expect(try id(d, "void") == .local(path: "void", id: GitObjectID.emptyTree, isTree: true))
    }

    @Test func versionsAndExternalReferences() throws {
        let d = try Dir()
        try d.write("prompts/prefill.md", "v7\n")
        let blob = try d.git("hash-object", "prompts/prefill.md")
        #expect(try id(d, "prompts/prefill.md@v7") == .local(path: "prompts/prefill.md", id: blob, isTree: false))
        #expect(try id(d, "./prompts/../prompts/prefill.md") == .local(path: "prompts/prefill.md", id: blob, isTree: false))
        #expect(try id(d, d.path + "/prompts/prefill.md") == .local(path: "prompts/prefill.md", id: blob, isTree: false))
        for ext in ["models/form-prefill@1.4.0", "https://example.com/report.html", "vendor:notetaker-pro@2026-06",
                    "prompts/missing.md@v1", "prompts/prefill.md/inside"] {
            #expect(try id(d, ext) == .external, "\(ext)")
        }
    }

    @Test func aBoardBelowTheTopReadsFromItselfThenFromTheTop() throws {
        let d = try Dir()
        _ = try d.git("init", "-q")
        try d.write("governance/board/prompts/local.md", "board\n")
        try d.write("prompts/top.md", "top\n")
        try FileManager.default.createDirectory(atPath: d.path + "/governance/board/usecases", withIntermediateDirectories: true)
        let refs = LocalReferences(board: d.path + "/governance/board")
        #expect(refs.base == ["governance", "board"])
        #expect(try refs.resolve("prompts/local.md") == .local(path: "governance/board/prompts/local.md", id: try d.git("hash-object", "governance/board/prompts/local.md"), isTree: false))
        #expect(try refs.resolve("prompts/top.md") == .local(path: "prompts/top.md", id: try d.git("hash-object", "prompts/top.md"), isTree: false))
        #expect(try refs.resolve("../../prompts/top.md") == .local(path: "prompts/top.md", id: try d.git("hash-object", "prompts/top.md"), isTree: false))
        #expect(throws: GitObjectID.Failure.self) { try refs.resolve("../../../etc/passwd") }
    }

    @Test func refusedReferences() throws {
        let d = try Dir()
        try d.write("ok.md", "ok\n")
        try d.write("secret.md", "no\n", mode: 0o000)
        symlink("/etc", d.path + "/etc-link")
        symlink("ok.md", d.path + "/inside-link")
        mkfifo(d.path + "/fifo", 0o644)
        try FileManager.default.createDirectory(atPath: d.path + "/.git", withIntermediateDirectories: true)
        try d.write(".git/config", "x\n")
        let cases: [(String, String)] = [
            ("../../etc/passwd", "leaves the repository"),
            ("/etc/passwd", "outside the repository"),
            ("etc-link/passwd", "symbolic link (to /etc)"),
            ("inside-link", "symbolic link (to ok.md)"),
            ("fifo", "FIFO"),
            (".git/config", "inside .git"),
        ] + (getuid() == 0 ? [] : [("secret.md", "permission denied")])
        for (ref, words) in cases {
            #expect(throws: GitObjectID.Failure.self, "\(ref)") { try id(d, ref) }
            do { _ = try id(d, ref) } catch { #expect(error.description.contains(words), "\(ref): \(error)") }
        }
        // Over the size limit: refused by its size, before a byte is read.
        let small = GitObjectID.Limits(fileBytes: 2, treeEntries: 10)
        do { _ = try id(d, "ok.md", limits: small); Issue.record("not refused") } catch {
            #expect(error.reason.contains("over the 2-byte limit"))
        }
        for i in 0..<12 { try d.write("many/f\(i)", "\(i)") }
        do { _ = try id(d, "many", limits: small); Issue.record("not refused") } catch {
            #expect(error.reason.contains("more than 10 entries"))
        }
    }

    @Test func cacheNeverTrustsARacilyCleanEntry() throws {
        let d = try Dir()
        try d.write("p.md", "aaaa\n")
        let cache = ContentCache(board: d.path)
        let refs = LocalReferences(top: d.path)
        let old = try refs.resolve("p.md", cache: cache)
        guard case let .local(_, oldID, _) = old else { Issue.record("not local"); return }
        try d.write("p.md", "bbbb\n")
        let fresh = LocalReferences.Resolution.local(path: "p.md", id: try d.git("hash-object", "p.md"), isTree: false)
        // An entry whose stat matches the file now but holds the old id, as a same-second edit
        // that left every stat field unchanged would: hashed in the second the file was last
        // modified, it is racily clean and never trusted.
        var st = stat()
        stat(d.path + "/p.md", &st)
        func entry(hashedAt: Int64) -> ContentCache.Entry {
            ContentCache.Entry(id: oldID, dev: UInt64(st.st_dev), ino: UInt64(st.st_ino), size: Int64(st.st_size),
                               mtime: ContentCache.nanoseconds(st.st_mtim), ctime: ContentCache.nanoseconds(st.st_ctim),
                               hashedAt: hashedAt)
        }
        cache.entries["p.md"] = entry(hashedAt: Int64(st.st_mtim.tv_sec))
        #expect(try refs.resolve("p.md", cache: cache) == fresh)
        // Hashed a second after the last change, a matching entry is used (the file is not read),
        // and it survives a save and a reload.
        cache.entries["p.md"] = entry(hashedAt: Int64(st.st_mtim.tv_sec) + 1)
        #expect(try refs.resolve("p.md", cache: cache) == old)
        cache.entries["p.md"] = entry(hashedAt: Int64(st.st_mtim.tv_sec) + 1)
        try FileManager.default.createDirectory(atPath: d.path + "/.gateboard", withIntermediateDirectories: true)
        cache.save()
        #expect(try refs.resolve("p.md", cache: ContentCache(board: d.path)) == old)
        // Turned off (GATEBOARD_NO_CACHE=1), the same entry is never used.
        let off = ContentCache(board: d.path, enabled: false)
        off.entries["p.md"] = entry(hashedAt: Int64(st.st_mtim.tv_sec) + 1)
        #expect(try refs.resolve("p.md", cache: off) == fresh)
        // Any stat change (here the size) makes it hash again.
        try d.write("p.md", "bbbbb\n")
        #expect(try refs.resolve("p.md", cache: ContentCache(board: d.path))
                == .local(path: "p.md", id: try d.git("hash-object", "p.md"), isTree: false))
    }

    /// The observer's one-stat path: a cache entry is used only for the very file that was
    /// hashed (same device, inode, size and times, not racy); a racily clean entry, another file
    /// put in its place (a folder swapped for a link to another), or no entry falls back to the
    /// component walk.
    @Test func observationValidatesTheCachedFileByOneStat() throws {
        let d = try Dir()
        try d.write("a/p.md", "aaaa\n")
        let cache = ContentCache(board: d.path)
        var st = stat()
        stat(d.path + "/a/p.md", &st)
        let real = try d.git("hash-object", "a/p.md")
        func entry(_ id: String, hashedAt: Int64) -> ContentCache.Entry {
            ContentCache.Entry(id: id, dev: UInt64(st.st_dev), ino: UInt64(st.st_ino), size: Int64(st.st_size),
                               mtime: ContentCache.nanoseconds(st.st_mtim), ctime: ContentCache.nanoseconds(st.st_ctim),
                               hashedAt: hashedAt)
        }
        let stale = String(repeating: "b", count: 40)
        cache.entries["a/p.md"] = entry(stale, hashedAt: Int64(st.st_mtim.tv_sec))
        #expect(cache.validated("a/p.md", top: d.path) == nil, "racily clean")
        cache.entries["a/p.md"] = entry(real, hashedAt: Int64(st.st_mtim.tv_sec) + 1)
        #expect(cache.validated("a/p.md", top: d.path) == real)
        #expect(cache.validated("a/q.md", top: d.path) == nil)
        // The folder swapped for a link to another holding a file of the same size: another inode.
        try d.write("b/p.md", "cccc\n")
        try FileManager.default.moveItem(atPath: d.path + "/a", toPath: d.path + "/a-old")
        symlink(d.path + "/b", d.path + "/a")
        #expect(cache.validated("a/p.md", top: d.path) == nil)
    }
}
