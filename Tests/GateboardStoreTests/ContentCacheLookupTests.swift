import Foundation
import Testing
@testable import GateboardStore

/// The content cache is looked up by path in its file (a binary search over the sorted lines)
/// rather than decoded whole, and an observation's first path is built without the component
/// walk when the reference is a plain path: both must give exactly what the slow way gives.
@Suite struct ContentCacheLookupTests {
    func entry(_ i: Int) -> ContentCache.Entry {
        ContentCache.Entry(id: String(format: "%040x", i), dev: 1, ino: UInt64(i), size: 5, mtime: 10, ctime: 10, hashedAt: 20)
    }

    @Test func savedEntriesAreFoundByPathAndNothingElseIs() throws {
        let d = try ContentHashTests.Dir()
        try FileManager.default.createDirectory(atPath: d.path + "/.gateboard", withIntermediateDirectories: true)
        // Prefixes of one another, a `-` that sorts before `/`, non-ASCII names (whose byte order
        // differs from Swift's string order), in no particular order.
        var paths = ["a", "a/b", "a-b", "a/b/c", "é.md", "z.md", "Ω/x", "A"]
        paths += (0..<300).map { "content/UC-\(($0 * 7919) % 1000)/spec.md" }
        let cache = ContentCache(board: d.path)
        for (i, p) in paths.enumerated() { cache.entries[p] = entry(i) }
        // One file hashed, so that there is something to save.
        try d.write("real.md", "real\n")
        _ = try LocalReferences(top: d.path).resolve("real.md", cache: cache)
        cache.save()
        let bytes = try #require(FileManager.default.contents(atPath: d.path + "/.gateboard/content-cache"))
        for (i, p) in paths.enumerated() {
            #expect(ContentCache.search(Array(bytes), for: Array(p.utf8)) == entry(i), "\(p)")
        }
        for missing in ["", "a/", "b", "content/UC-1/spec", "é", "zz"] {
            #expect(ContentCache.search(Array(bytes), for: Array(missing.utf8)) == nil, "\(missing)")
        }
        // Reloaded, the cache answers from the file; a new entry saved keeps the old ones.
        let again = ContentCache(board: d.path)
        again.entries["m.md"] = entry(999)
        try d.write("other.md", "other\n")
        _ = try LocalReferences(top: d.path).resolve("other.md", cache: again)
        again.save()
        let third = try #require(FileManager.default.contents(atPath: d.path + "/.gateboard/content-cache"))
        #expect(ContentCache.search(Array(third), for: Array("m.md".utf8)) == entry(999))
        #expect(ContentCache.search(Array(third), for: Array("a/b".utf8)) == entry(1))
        #expect(ContentCache.search(Array(third), for: Array("real.md".utf8))?.id == (try d.git("hash-object", "real.md")))
        #expect(ContentCache.search(Array(third), for: Array("other.md".utf8))?.id == (try d.git("hash-object", "other.md")))
    }

    /// A damaged or hand-sorted file is only slower: a line that does not parse or is out of
    /// order is a miss (the file is hashed again), never another path's entry.
    @Test func aDamagedFileOnlyMisses() {
        let good = "\(String(repeating: "a", count: 40))\t1\t2\t3\t4\t5\t6\tb.md\n"
        let bytes = Array(("garbage line\n" + good + "\(String(repeating: "c", count: 40))\t1\t2\t3\t4\t5\t6\ta.md\nx\ty\n").utf8)
        let b = ContentCache.search(bytes, for: Array("b.md".utf8))
        #expect(b == nil || b?.id == String(repeating: "a", count: 40))
        let a = ContentCache.search(bytes, for: Array("a.md".utf8))
        #expect(a == nil || a?.id == String(repeating: "c", count: 40))
        #expect(ContentCache.search(bytes, for: Array("garbage line".utf8)) == nil)
        #expect(ContentCache.search(Array("\n\n\t\t\t\t\t\t\t\n".utf8), for: []) == nil)
    }

    @Test func aPlainReferenceIsItsOwnFirstCandidate() {
        for base in [[], ["bench", "board"]] {
            let refs = LocalReferences(top: "/repo", base: base)
            for ref in ["content/UC-0001/spec.md", "p.md", "prompts/prefill.md@v7", "a/./b", "a/../b", "./a", "../a",
                        "a//b", "a/", "...", "..a", ".gitx", ".git", ".git/config", "a/.git/x", "x/.gi", ".", "..",
                        "https://x/y", "vendor:notetaker", "/repo/p.md", "/etc/passwd", "", "é/ü.md", "a:b/c"] {
                let slow = (try? refs.candidates(ref))?.first { !$0.isEmpty }.map { $0.joined(separator: "/") }
                #expect(refs.firstCandidate(ref) == slow, "\(base) \(ref)")
            }
        }
    }
}
