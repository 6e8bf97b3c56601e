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
    /// Entries hashed (or set) since loading; they take precedence over the file's.
    var entries: [String: Entry] = [:]
    /// The file as read, lines sorted by path bytes (`save` writes them so): looked up by a
    /// binary search over the bytes, so an observation decodes only the entries it needs
    /// (`check` on one use case reads three of 30 000 lines, not all of them). Read on the first
    /// lookup: a warm `list` validates what the load cache saw and never needs it.
    private var storedBytes: [UInt8]?
    private var stored: [UInt8] {
        if storedBytes == nil { storedBytes = enabled ? ((try? board.read(path, limit: 64 << 20)) ?? []) : [] }
        return storedBytes!
    }
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
    }

    /// The entry for `path`: this run's, else the file's (a line that does not parse, or a file
    /// not sorted as `save` sorts it, is only a miss: the file is hashed again).
    private func entry(_ path: String) -> Entry? {
        lock.lock()
        defer { lock.unlock() }
        if let own = entries[path] { return own }
        let bytes = stored
        if lines == nil { lines = Self.index(bytes) }
        return Self.search(bytes, lines: lines!, for: Array(path.utf8))
    }

    /// Each line of the file: where its path starts, and where the line ends.
    private var lines: [(start: Int, path: Int, end: Int)]?

    static func index(_ bytes: [UInt8]) -> [(start: Int, path: Int, end: Int)] {
        bytes.withUnsafeBufferPointer { b in
            var out: [(start: Int, path: Int, end: Int)] = []
            out.reserveCapacity(b.count / 128)
            var i = 0, tabs = 0, path = -1, start = 0
            while i < b.count {
                let c = b[i]
                if c == 0x0A {
                    if path >= 0 { out.append((start, path, i)) }
                    tabs = 0; path = -1; start = i + 1
                } else if c == 0x09 && tabs < 7 {
                    tabs += 1
                    if tabs == 7 { path = i + 1 }
                }
                i += 1
            }
            if path >= 0 { out.append((start, path, b.count)) }
            return out
        }
    }

    /// Binary search of the sorted lines `id\tdev\tino\tsize\tmtime\tctime\thashedAt\tpath`.
    static func search(_ bytes: [UInt8], for key: [UInt8]) -> Entry? {
        search(bytes, lines: index(bytes), for: key)
    }

    static func search(_ bytes: [UInt8], lines: [(start: Int, path: Int, end: Int)], for key: [UInt8]) -> Entry? {
        bytes.withUnsafeBufferPointer { b -> Entry? in
            var lo = 0, hi = lines.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let order = compare(b, lines[mid].path..<lines[mid].end, key)
                if order == 0 {
                    return parse(b, lines[mid].start..<lines[mid].end)
                }
                if order < 0 { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }

    private static func compare(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ key: [UInt8]) -> Int {
        let n = min(r.count, key.count)
        for i in 0..<n where b[r.lowerBound + i] != key[i] {
            return b[r.lowerBound + i] < key[i] ? -1 : 1
        }
        return r.count == key.count ? 0 : (r.count < key.count ? -1 : 1)
    }

    /// One line's entry, read from its bytes (nil when a field does not parse).
    private static func parse(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Entry? {
        var p = r.lowerBound
        func field() -> Range<Int> {
            let s = p
            while p < r.upperBound && b[p] != 0x09 { p += 1 }
            defer { p += 1 }
            return s..<p
        }
        func number() -> Int64? {
            let f = field()
            guard !f.isEmpty else { return nil }
            var v: Int64 = 0
            for i in f {
                let d = b[i] &- 0x30
                guard d < 10 else { return nil }
                let (times, o1) = v.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times.addingReportingOverflow(Int64(d))
                guard !o1, !o2 else { return nil }
                v = sum
            }
            return v
        }
        let id = String(decoding: UnsafeBufferPointer(rebasing: b[field()]), as: UTF8.self)
        guard ContentBinding.isObjectID(id), let dev = number(), let ino = number(), let size = number(),
              let mtime = number(), let ctime = number(), let at = number() else { return nil }
        return Entry(id: id, dev: UInt64(dev), ino: UInt64(ino), size: size, mtime: mtime, ctime: ctime, hashedAt: at)
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
        let cached = enabled ? entry(path) : nil
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
        guard enabled, let e = entry(path) else { return nil }
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
        var all: [String: Entry] = [:]
        let bytes = stored
        bytes.withUnsafeBufferPointer { b in
            for line in lines ?? Self.index(bytes) {
                if let e = Self.parse(b, line.start..<line.end) {
                    all[String(decoding: UnsafeBufferPointer(rebasing: b[line.path..<line.end]), as: UTF8.self)] = e
                }
            }
        }
        all.merge(entries) { _, new in new }
        // Sorted by the path's bytes, as `search` reads them.
        var out = ""
        for (p, e) in all.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
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

    /// `cached: false` hashes every file (the store's `useCache` off).
    init(board: URL, cached: Bool) {
        refs = LocalReferences(board: board.path)
        cache = cached ? ContentCache(board: board.path) : ContentCache(board: board.path, enabled: false)
    }

    /// Companion key → the id on disk now (or `ContentBinding.missing`), for each artifact
    /// whose content is recorded.
    package func current(for uc: UseCase) -> [String: String] {
        Self.current(for: uc) { current(ref: $0, recorded: $1) }
    }

    /// The same map, each id given by `current` (reference, recorded id → the id on disk).
    static func current(for uc: UseCase, _ current: (String, String) -> String) -> [String: String] {
        var out: [String: String] = [:]
        for (key, recorded) in uc.artifacts where ContentBinding.isKey(key) {
            guard let ref = uc.artifacts[ContentBinding.artifact(ofKey: key)] else { continue }
            out[key] = current(ref, recorded)
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
}
