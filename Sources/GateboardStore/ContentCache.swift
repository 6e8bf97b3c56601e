import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GateboardCore

/// Blob ids of local files, validated by stat as git's index is (`<board>/.gateboard/content-cache`,
/// ignored by git): an entry is used only when the file's device, inode, size, modification
/// and change times are what they were when it was hashed, **and** the file was last modified
/// in an earlier second than it was hashed. A file modified in the second it was hashed (or
/// later) is "racily clean" — an edit in that same second could leave every stat field
/// unchanged — so it is hashed again, never trusted. Folders (tree ids) are not cached.
package final class ContentCache: @unchecked Sendable {
    struct Entry: Equatable {
        var id: String
        var dev: UInt64, ino: UInt64, size: Int64, mtime: Int64, ctime: Int64
        /// When it was hashed (whole seconds).
        var hashedAt: Int64
    }
    let path: String
    let board: BoardDirectory
    var entries: [String: Entry] = [:]
    private var dirty = false
    private let lock = NSLock()
    /// The clock, in whole seconds (tests set it).
    var now: () -> Int64 = { Int64(Date().timeIntervalSince1970) }

    /// Off (`GATEBOARD_NO_CACHE=1`, as for the use case cache): every file is hashed, nothing saved.
    let enabled: Bool

    package init(board root: String, enabled: Bool = ProcessInfo.processInfo.environment["GATEBOARD_NO_CACHE"] != "1") {
        board = BoardDirectory(root: root)
        path = root + "/.gateboard/content-cache"
        self.enabled = enabled
        guard enabled, let bytes = try? board.read(path, limit: 64 << 20) else { return }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let f = line.split(separator: "\t", maxSplits: 7, omittingEmptySubsequences: false)
            guard f.count == 8, ContentBinding.isObjectID(String(f[0])),
                  let dev = UInt64(f[1]), let ino = UInt64(f[2]), let size = Int64(f[3]),
                  let mtime = Int64(f[4]), let ctime = Int64(f[5]), let at = Int64(f[6]) else { continue }
            entries[String(f[7])] = Entry(id: String(f[0]), dev: dev, ino: ino, size: size, mtime: mtime, ctime: ctime, hashedAt: at)
        }
    }

    static func nanoseconds(_ t: timespec) -> Int64 { Int64(t.tv_sec) * 1_000_000_000 + Int64(t.tv_nsec) }

    /// The blob id of the regular file `name` in `dir` (`path` relative to the repository),
    /// from the cache when its stat validates it, else hashed and remembered. nil when it is
    /// not a regular file or cannot be hashed (the caller hashes it and reports why).
    func id(of path: String, in dir: Int32, name: String, limits: GitObjectID.Limits) -> String? {
        var st = stat()
        guard fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        let mtime = Self.nanoseconds(st.st_mtim), ctime = Self.nanoseconds(st.st_ctim)
        let key = Entry(id: "", dev: UInt64(st.st_dev), ino: UInt64(st.st_ino), size: Int64(st.st_size),
                        mtime: mtime, ctime: ctime, hashedAt: 0)
        lock.lock()
        let cached = enabled ? entries[path] : nil
        lock.unlock()
        if let e = cached, e.dev == key.dev, e.ino == key.ino, e.size == key.size, e.mtime == mtime, e.ctime == ctime,
           mtime / 1_000_000_000 < e.hashedAt {
            return e.id
        }
        let started = now()
        guard let hashed = try? GitObjectID.fileBlob(in: dir, name: name, path: path, limits: limits) else { return nil }
        guard !path.contains("\n"), !path.contains("\t") else { return hashed.id }
        var entry = key
        entry.id = hashed.id
        entry.hashedAt = started
        lock.lock()
        entries[path] = entry
        dirty = true
        lock.unlock()
        return hashed.id
    }

    /// The cached id of `path` (relative to the repository's `top`) when one `lstat` of the
    /// full path validates the entry as `id(of:in:name:limits:)` does (device, inode, size,
    /// times, not racy); nil otherwise. The full path may pass through a link the component
    /// walk would refuse, but a validated entry is the very file that was hashed (same device
    /// and inode, unchanged since), so its id is its content: an observation, never a
    /// recording (recording always walks).
    func validated(_ path: String, top: String) -> String? {
        guard enabled else { return nil }
        lock.lock()
        let cached = entries[path]
        lock.unlock()
        guard let e = cached else { return nil }
        var st = stat()
        guard lstat((top == "/" ? "" : top) + "/" + path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        let mtime = Self.nanoseconds(st.st_mtim), ctime = Self.nanoseconds(st.st_ctim)
        guard e.dev == UInt64(st.st_dev), e.ino == UInt64(st.st_ino), e.size == Int64(st.st_size),
              e.mtime == mtime, e.ctime == ctime, mtime / 1_000_000_000 < e.hashedAt else { return nil }
        return e.id
    }

    /// Writes what was hashed since loading (best effort: a cache that cannot be written is
    /// only slower next time).
    package func save() {
        lock.lock()
        defer { lock.unlock() }
        guard dirty, enabled else { return }
        var out = ""
        for (p, e) in entries.sorted(by: { $0.key < $1.key }) {
            out += "\(e.id)\t\(e.dev)\t\(e.ino)\t\(e.size)\t\(e.mtime)\t\(e.ctime)\t\(e.hashedAt)\t\(p)\n"
        }
        try? DurableFiles(board: board).replace(path, with: Array(out.utf8), durable: false)
        dirty = false
    }
}

/// What local artifacts hold now, for read commands: `current(for:)` gives the map
/// `UseCase.observing` and `UseCase.contentChecks` take.
package struct ContentObserver: Sendable {
    package let refs: LocalReferences
    package let cache: ContentCache

    package init(board: URL) {
        refs = LocalReferences(board: board.path)
        cache = ContentCache(board: board.path)
    }

    /// Companion key → the id on disk now (or `ContentBinding.missing`), for each artifact
    /// whose content is recorded.
    package func current(for uc: UseCase) -> [String: String] {
        var out: [String: String] = [:]
        for (key, recorded) in uc.artifacts where ContentBinding.isKey(key) {
            guard let ref = uc.artifacts[ContentBinding.artifact(ofKey: key)] else { continue }
            out[key] = current(ref: ref, recorded: recorded)
        }
        return out
    }

    /// The id of what `ref` names now (`ContentBinding.missing` when it is gone or cannot be read).
    package func current(ref: String, recorded: String) -> String {
        // The first path the reference may name, validated by one stat against the cache: the
        // component walk below costs a dozen system calls per file on a deep repository.
        if !recorded.hasPrefix("tree:"), let first = refs.firstCandidate(ref),
           let id = cache.validated(first, top: refs.top) {
            return id
        }
        switch try? refs.resolve(ref, cache: recorded.hasPrefix("tree:") ? nil : cache) {
        case .local(_, let id, let isTree)?: return isTree ? "tree:" + id : id
        default: return ContentBinding.missing
        }
    }

    /// Whether any recorded content differs from the disk.
    package func drifted(_ content: [RecordedContent]) -> Bool {
        content.contains { current(ref: $0.ref, recorded: $0.id) != $0.id }
    }
}
