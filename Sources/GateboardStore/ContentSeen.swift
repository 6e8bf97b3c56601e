import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GateboardCore

/// One recorded content reference of a use case (a local artifact or evidence item) as last
/// looked at on disk. Kept with the use case's entry in the load cache (`UseCaseCache`), as
/// git's index keeps a stat stamp beside each blob id: a warm read `lstat`s the file and, when
/// its stamp is the one kept, takes `current` without reading a byte of it.
///
/// The entry is replaced whenever its use case file changes, so the references always are
/// the use case's own. An observation is validated by stat only when it was of a regular
/// file at the first path the reference names, and its stamp was old enough to trust when it
/// was taken (the racy rule of `UseCaseCache.isRacy`: a file modified within the timestamp
/// window before the load began could change again without its stamp changing). Anything else
/// (a file gone, a folder, a link, a recent stamp) is looked at again on every read.
///
/// The stat walks the path as the kernel does, so a folder on it swapped for a link to the
/// very same folder still finds the file seen (same device and inode, unchanged since): its
/// content is what was seen, so the answer stands (as `ContentCache.validated`'s does), where
/// the component walk of a fresh look would refuse the link. Any change to the file itself
/// changes its stamp and sends it to that walk.
struct ContentSeen: Equatable, Sendable {
    var ref: String
    var recorded: String
    /// The id on disk when looked at (or `ContentBinding.missing`).
    var current: String
    /// The first path `ref` names and the stamp of the regular file there; nil when the
    /// observation cannot be validated by stat. Relative to the board directory when the path
    /// is below it (`inBoard`), else to the repository's top.
    var path: String?
    var stamp: FileStamp?
    var inBoard = false

    /// Encoded for the cache, compactly (30,000 of them sit in the index a warm `list` maps):
    /// how it is validated (0: not; 1: by its path from the top; 2: from the board directory;
    /// 3: from the board directory, the path being the reference itself), the stamp and the
    /// path (ending in a NUL, so that the mapped bytes are handed to `fstatat` as they are),
    /// the reference unless it is the path, the recorded id, then the current one only when
    /// it differs (a presence byte).
    static func write(_ list: [ContentSeen], _ w: inout BinaryWriter) {
        w.int(list.count)
        for s in list {
            var kind: UInt8 = 0
            if let path = s.path, let st = s.stamp {
                kind = !s.inBoard ? 1 : path == s.ref ? 3 : 2
                w.u8(kind)
                w.u64(st.dev); w.u64(st.ino); w.i64(st.size); w.i64(st.mtimeNs); w.i64(st.ctimeNs)
                w.string(path + "\u{0}")
            } else {
                w.u8(0)
            }
            if kind != 3 { w.string(s.ref) }
            w.string(s.recorded)
            w.optional(s.current == s.recorded ? nil : s.current) { $0.string($1) }
        }
    }

    static func read(_ r: inout BinaryReader) throws(BinaryFormatError) -> [ContentSeen] {
        try r.list { (r: inout BinaryReader) throws(BinaryFormatError) -> ContentSeen in
            var path: String?, stamp: FileStamp?
            let kind = try r.u8()
            guard kind <= 3 else { throw BinaryFormatError() }
            if kind > 0 {
                stamp = FileStamp(dev: try r.u64(), ino: try r.u64(), size: try r.i64(), mtimeNs: try r.i64(), ctimeNs: try r.i64())
                let p = try r.string()
                guard p.hasSuffix("\u{0}") else { throw BinaryFormatError() }
                path = String(p.dropLast())
            }
            let ref = kind == 3 ? path! : try r.string()
            let recorded = try r.string()
            let current = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try r.string() } ?? recorded
            return ContentSeen(ref: ref, recorded: recorded, current: current, path: path, stamp: stamp, inBoard: kind >= 2)
        }
    }

    /// What the stored list says without decoding it: nil when some observation no longer
    /// holds (or the bytes do not read), else whether any current id differs from its
    /// recorded one. One `fstatat` per reference, relative to the board directory or the
    /// repository's top, on the path's own bytes in the mapped file; no string is built.
    ///
    /// Measured need (10,000 use cases, three files each, 2 cores): the 30,000 stats are what a
    /// warm `list` adds, 1.2-1.7 µs each in the kernel (`fstat` of an open file costs a third of
    /// that: the rest is the path walk), so 40-50 ms on one idle core. Hence relative to the
    /// board directory (three components, not six, for the bench's `content/UC-0001/spec.md`:
    /// 10-25% less in a C loop over the bench's paths), spread over the cores with the use case
    /// files' own stats, and nothing else per file: no allocation, no decoding, no hashing.
    /// (Opening each use case's folder and statting its files by name was slower.)
    static func quickCheck(_ raw: UnsafeRawBufferPointer, look: ContentLook) -> Bool? {
        var r = BinaryReader(raw)
        do throws(BinaryFormatError) {
            var drifted = false
            let n = try r.count()
            for _ in 0..<n {
                let kind = try r.u8()
                guard kind >= 1 && kind <= 3 else { return nil }
                let kept = FileStamp(dev: try r.u64(), ino: try r.u64(), size: try r.i64(), mtimeNs: try r.i64(), ctimeNs: try r.i64())
                let length = try r.count()
                guard length > 1, raw[r.at + length - 1] == 0 else { return nil }
                let path = raw.baseAddress!.advanced(by: r.at).assumingMemoryBound(to: CChar.self)
                try r.skip(length)
                var st = stat()
                guard fstatat(kind == 1 ? look.topFD : look.boardFD, path, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG,
                      FileStamp(st) == kept else { return nil }
                if kind != 3 { try r.skip(try r.count()) }
                try r.skip(try r.count())
                if try r.bool() {
                    drifted = true
                    try r.skip(try r.count())
                }
            }
            return r.atEnd ? drifted : nil
        } catch {
            return nil
        }
    }
}

/// A use case's local content that differs from what was recorded, as a load observed it:
/// for `ContentRead.observe`, which replaces recorded ids by current ones.
package struct ContentDrift: Sendable, Equatable {
    /// Reference and recorded id (NUL between) → the id on disk; only those that differ.
    let differing: [String: String]

    init?(_ seen: [ContentSeen]) {
        var d: [String: String] = [:]
        for s in seen where s.current != s.recorded { d[s.ref + "\u{0}" + s.recorded] = s.current }
        if d.isEmpty { return nil }
        differing = d
    }

    /// The id on disk of what `ref` names, recorded as `recorded`.
    package func current(ref: String, recorded: String) -> String {
        differing[ref + "\u{0}" + recorded] ?? recorded
    }
}

/// How a load looks at recorded content (`BoardStore.loadObserved`, `loadRowsObserved`):
/// shared by every worker thread.
struct ContentLook: Sendable {
    let observer: ContentObserver
    /// The repository's top folder and the board directory, open: stamps are taken
    /// relative to them (the same folder when the board is the top).
    let topFD: Int32
    let boardFD: Int32
    /// When the load began (the racy rule's reference).
    let snapshot: Int64

    init(observer: ContentObserver, snapshot: Int64) {
        self.observer = observer
        self.snapshot = snapshot
        let refs = observer.refs
        topFD = open(refs.top, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        boardFD = refs.base.isEmpty ? topFD
            : open((refs.top == "/" ? "" : refs.top) + "/" + refs.base.joined(separator: "/"), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    }

    /// Closes the folders and saves what was hashed.
    func end() {
        if boardFD != topFD && boardFD >= 0 { _ = close(boardFD) }
        if topFD >= 0 { _ = close(topFD) }
        observer.cache.save()
    }

    /// One reference looked at anew. The stamp is taken before the content is read: a change
    /// after the stamp then changes the stamp (or makes it racy), so a kept stamp never
    /// vouches for content older than it.
    func see(ref: String, recorded: String) -> ContentSeen {
        var seen = ContentSeen(ref: ref, recorded: recorded, current: ContentBinding.missing)
        var st = stat()
        if !recorded.hasPrefix("tree:"), let path = observer.refs.firstCandidate(ref),
           fstatat(topFD, path, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG {
            let stamp = FileStamp(st)
            if !UseCaseCache.isRacy(stamp, snapshotNs: snapshot) {
                let base = observer.refs.basePrefix
                seen.inBoard = !base.isEmpty && path.hasPrefix(base)
                seen.path = seen.inBoard ? String(path.dropFirst(base.count)) : path
                seen.stamp = stamp
            }
        }
        seen.current = observer.current(ref: ref, recorded: recorded)
        if seen.current.hasPrefix("tree:") || !ContentBinding.isObjectID(seen.current) { seen.path = nil; seen.stamp = nil }
        return seen
    }

    /// Whether a kept observation still holds: the file at its path has the same stamp.
    func holds(_ s: ContentSeen) -> Bool {
        guard let path = s.path, let kept = s.stamp else { return false }
        var st = stat()
        return fstatat(s.inBoard ? boardFD : topFD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_mode & S_IFMT == S_IFREG && FileStamp(st) == kept
    }

    /// A use case's references looked at: those kept (`old`) that still hold as they are, the
    /// rest anew (`recorded` lists them all when nothing was kept). `changed`: the list to
    /// keep differs from `old`.
    func look(old: [ContentSeen]?, recorded: () -> [RecordedContent]) -> (seen: [ContentSeen], changed: Bool) {
        let seen = old.map { $0.map { holds($0) ? $0 : see(ref: $0.ref, recorded: $0.recorded) } }
            ?? recorded().map { see(ref: $0.ref, recorded: $0.id) }
        return (seen, seen != old)
    }
}
