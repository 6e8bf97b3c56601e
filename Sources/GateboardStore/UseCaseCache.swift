import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file, as git's index does: device, inode, size,
/// modification and change times in nanoseconds. A rename (our atomic writes) changes the
/// inode; any write changes ctime, which nobody can set back.
struct FileStamp: Equatable {
    var dev: UInt64
    var ino: UInt64
    var size: Int64
    var mtimeNs: Int64
    var ctimeNs: Int64

    init(_ st: stat) {
        dev = UInt64(st.st_dev)
        ino = UInt64(st.st_ino)
        size = Int64(st.st_size)
        #if canImport(Darwin)
        mtimeNs = Int64(st.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(st.st_mtimespec.tv_nsec)
        ctimeNs = Int64(st.st_ctimespec.tv_sec) * 1_000_000_000 + Int64(st.st_ctimespec.tv_nsec)
        #else
        mtimeNs = Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
        ctimeNs = Int64(st.st_ctim.tv_sec) * 1_000_000_000 + Int64(st.st_ctim.tv_nsec)
        #endif
    }

    init(dev: UInt64, ino: UInt64, size: Int64, mtimeNs: Int64, ctimeNs: Int64) {
        self.dev = dev
        self.ino = ino
        self.size = size
        self.mtimeNs = mtimeNs
        self.ctimeNs = ctimeNs
    }
}

/// A read-only private mapping of a whole file, unmapped with its last reference. The cache is
/// only ever replaced by rename, never written in place, so a mapping stays valid.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init?(board: BoardDirectory, path: String) {
        let fd = board.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG, st.st_size > 0, st.st_size < (1 << 31) else { return nil }
        let n = Int(st.st_size)
        guard let p = mmap(nil, n, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: p, count: n)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count) }
}

/// Parsed use cases keyed by file name, each valid only while its file's stamp is unchanged
/// (`<board>/.gateboard/cache.bin`, ignored by git).
///
/// Layout: magic, version, the index's length; the index (the checksum of the policy the
/// entries were checked against, then per file: name, stamp, the row `list` shows with the
/// gate summary it last computed, its local content as last observed (`ContentSeen`, absent
/// when not looked at yet), where its use case is stored, and its signature marks,
/// `DecisionMarks`); XXH64 of all that; then
/// the encoded use cases, each with its own XXH64 kept in the index. The file is mapped, not
/// read: `list` touches the index only, and a use case is decoded (and its checksum checked)
/// only when it is needed. A cache that is damaged, foreign or from another version is
/// ignored and rebuilt; a damaged use case is parsed again from its file.
struct UseCaseCache {
    static let magic = Array("GBCACHE\u{4}".utf8)
    static let version: Int64 = 14
    /// Racy-timestamp rule: a file modified less than this long before the cache was taken
    /// could change again within the file system's timestamp granularity without its stamp
    /// changing, so it is not cached (it is parsed again next time).
    static let racyWindowNs: Int64 = 2_000_000_000

    struct Entry {
        enum Body {
            /// In the mapped file, at this range of the use case section.
            case stored(offset: Int, length: Int, hash: UInt64)
            /// Boxed: an entry stays small (a dictionary of 10,000 holds room for 16,384).
            indirect case decoded(UseCase)
        }
        enum Row {
            /// In the mapped file's index, at this range: decoded when needed, on any core.
            case stored(Range<Int>)
            case decoded(UseCaseRow)
        }
        enum Content {
            /// In the mapped file's index, at this range (`ContentSeen.write`).
            case stored(Range<Int>)
            case decoded([ContentSeen])
        }
        var stamp: FileStamp
        var row: Row
        var body: Body
        /// Its recorded content as last observed; nil when not looked at since it was parsed.
        var content: Content? = nil
        /// Signed decisions: which of its decisions do not count, judged from its log (nil:
        /// not judged, or the policy does not sign).
        var marks: DecisionMarks? = nil
    }

    /// The entry's observed content (nil: not looked at, or stored bytes that do not decode).
    func content(_ e: Entry) -> [ContentSeen]? {
        switch e.content {
        case nil: return nil
        case .decoded(let list)?: return list
        case .stored(let range)?:
            guard let file else { return nil }
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
            return (try? ContentSeen.read(&r)).flatMap { r.atEnd ? $0 : nil }
        }
    }

    /// The entry's row, or nil when its stored bytes do not decode.
    func row(_ e: Entry) -> UseCaseRow? {
        switch e.row {
        case .decoded(let r): return r
        case .stored(let range):
            guard let file else { return nil }
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: file.bytes[range]))
            do throws(BinaryFormatError) {
                let row = try UseCaseRowBinary.read(&r)
                return r.atEnd ? row : nil
            } catch {
                return nil
            }
        }
    }

    /// The policy the entries' references were checked against (XXH64 of its file), 0 when none.
    var policyDigest: UInt64 = 0
    var entries: [String: Entry] = [:]
    /// Where `.stored` bodies are, and where their section starts.
    var file: MappedFile?
    var bodiesStart = 0

    static func path(root: URL) -> String { root.appendingPathComponent(".gateboard/cache.bin").path }

    /// The board a cache file at `<root>/.gateboard/cache.bin` belongs to.
    static func cacheBoard(_ path: String) -> BoardDirectory {
        BoardDirectory(root: URL(fileURLWithPath: path).deletingLastPathComponent().deletingLastPathComponent().path)
    }

    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func isRacy(_ stamp: FileStamp, snapshotNs: Int64) -> Bool {
        stamp.mtimeNs >= snapshotNs - racyWindowNs || stamp.ctimeNs >= snapshotNs - racyWindowNs
    }

    /// The stored bytes of an entry's use case (nil for a decoded one).
    func storedBytes(_ e: Entry) -> UnsafeRawBufferPointer? {
        guard case let .stored(offset, length, _) = e.body, let file else { return nil }
        return UnsafeRawBufferPointer(rebasing: file.bytes[(bodiesStart + offset)..<(bodiesStart + offset + length)])
    }

    /// The entry's use case, or nil when its stored bytes are damaged.
    func useCase(_ e: Entry) -> UseCase? {
        switch e.body {
        case .decoded(let uc): return uc
        case .stored(_, _, let hash):
            guard let raw = storedBytes(e), XXH64.hash(raw) == hash else { return nil }
            var r = BinaryReader(raw)
            do throws(BinaryFormatError) {
                let uc = try UseCaseBinary.read(&r)
                return r.atEnd ? uc : nil
            } catch {
                return nil
            }
        }
    }

    /// The cache at `path`, or nil when missing, damaged or foreign.
    static func read(path: String, board: BoardDirectory? = nil) -> UseCaseCache? {
        guard let file = MappedFile(board: board ?? cacheBoard(path), path: path) else { return nil }
        let all = file.bytes
        let header = magic.count + 16
        guard all.count >= header + 8, all.starts(with: magic) else { return nil }
        var h = BinaryReader(UnsafeRawBufferPointer(rebasing: all[magic.count..<header]))
        guard (try? h.i64()) == version, let indexLength = try? h.int(), indexLength >= 0,
              indexLength <= all.count - header - 8 else { return nil }
        let indexEnd = header + indexLength
        var sum = BinaryReader(UnsafeRawBufferPointer(rebasing: all[indexEnd..<(indexEnd + 8)]))
        guard XXH64.hash(UnsafeRawBufferPointer(rebasing: all[..<indexEnd])) == (try? sum.u64()) else { return nil }
        let bodiesLength = all.count - indexEnd - 8
        var r = BinaryReader(UnsafeRawBufferPointer(rebasing: all[header..<indexEnd]))
        do throws(BinaryFormatError) {
            var cache = UseCaseCache()
            cache.file = file
            cache.bodiesStart = indexEnd + 8
            cache.policyDigest = try r.u64()
            let n = try r.count()
            cache.entries.reserveCapacity(n)
            for _ in 0..<n {
                let name = try r.string()
                let stamp = FileStamp(dev: try r.u64(), ino: try r.u64(), size: try r.i64(), mtimeNs: try r.i64(), ctimeNs: try r.i64())
                let rowLength = try r.count()
                let rowStart = header + r.at
                try r.skip(rowLength)
                let row = Entry.Row.stored(rowStart..<(rowStart + rowLength))
                var content: Entry.Content?
                if try r.bool() {
                    let length = try r.count()
                    let start = header + r.at
                    try r.skip(length)
                    content = .stored(start..<(start + length))
                }
                let offset = try r.int(), length = try r.int(), hash = try r.u64()
                guard offset >= 0, length >= 0, offset <= bodiesLength - length else { return nil }
                let marks = try r.optional { (r: inout BinaryReader) throws(BinaryFormatError) in try DecisionMarks.read(&r) }
                cache.entries[name] = Entry(stamp: stamp, row: row, body: .stored(offset: offset, length: length, hash: hash),
                                            content: content, marks: marks)
            }
            return r.atEnd ? cache : nil
        } catch {
            return nil
        }
    }

    /// Writes the cache (temp file + rename); failures are ignored: it is only a cache.
    /// Stored use cases are copied as they are, decoded ones encoded.
    func write(path: String, board: BoardDirectory? = nil) {
        var index = BinaryWriter()
        var bodies = BinaryWriter()
        index.bytes.reserveCapacity(entries.count * 256)
        bodies.bytes.reserveCapacity(entries.count * 1024)
        index.u64(policyDigest)
        index.int(entries.count)
        for name in entries.keys.sorted() {
            let e = entries[name]!
            let s = e.stamp
            index.string(name)
            index.u64(s.dev); index.u64(s.ino); index.i64(s.size); index.i64(s.mtimeNs); index.i64(s.ctimeNs)
            switch e.row {
            case .stored(let range):
                index.int(range.count)
                index.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: file!.bytes[range]))
            case .decoded(let row):
                var w = BinaryWriter()
                UseCaseRowBinary.write(row, &w)
                index.int(w.bytes.count)
                index.bytes.append(contentsOf: w.bytes)
            }
            switch e.content {
            case nil: index.u8(0)
            case .stored(let range)?:
                index.u8(1)
                index.int(range.count)
                index.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: file!.bytes[range]))
            case .decoded(let list)?:
                var w = BinaryWriter()
                ContentSeen.write(list, &w)
                index.u8(1)
                index.int(w.bytes.count)
                index.bytes.append(contentsOf: w.bytes)
            }
            let start = bodies.bytes.count
            let hash: UInt64
            switch e.body {
            case .stored(_, _, let h):
                bodies.bytes.append(contentsOf: storedBytes(e)!)
                hash = h
            case .decoded(let uc):
                UseCaseBinary.write(uc, &bodies)
                hash = bodies.bytes.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[start...])) }
            }
            index.int(start); index.int(bodies.bytes.count - start); index.u64(hash)
            index.optional(e.marks) { $1.write(&$0) }
        }
        var out = BinaryWriter()
        out.bytes.reserveCapacity(Self.magic.count + 24 + index.bytes.count + bodies.bytes.count)
        out.bytes.append(contentsOf: Self.magic)
        out.i64(Self.version)
        out.int(index.bytes.count)
        out.bytes.append(contentsOf: index.bytes)
        out.u64(XXH64.hash(out.bytes))
        out.bytes.append(contentsOf: bodies.bytes)
        try? DurableFiles(board: board ?? Self.cacheBoard(path)).replace(path, with: out.bytes, durable: false)
    }
}

/// A use case's references checked in memory against the policy: a cached use case whose
/// references still resolve needs no parse; one that fails is parsed again for located diagnostics.
/// An action's quick read (`fileAsRecorded`) trusts it for a state that was never parsed (a
/// replay, which a forged line can fill), so it also refuses the few values the parse refuses
/// whatever the policy: a content id that is no object id, a severity outside 1-4, an empty
/// list item.
struct ReferenceSets {
    let people: Set<String>, roles: Set<String>, tiers: Set<String>, stages: Set<String>, controls: Set<String>

    init(_ p: Policy) {
        people = Set(p.people.map(\.id))
        roles = Set(p.roles.map(\.id))
        tiers = Set(p.tiers.map(\.id))
        stages = Set(p.stages.map(\.id))
        controls = Set(p.controls.map(\.id))
    }

    func resolves(_ uc: UseCase) -> Bool {
        guard tiers.contains(uc.tier), stages.contains(uc.stage), people.contains(uc.createdBy) else { return false }
        if let s = uc.submittedBy, !people.contains(s) { return false }
        for (role, person) in uc.owners where !roles.contains(role) || !people.contains(person) { return false }
        for (c, state) in uc.controls {
            guard controls.contains(c) else { return false }
            // A content id that is no git object id: the parse refuses it (only a forged line holds one).
            for e in state.evidence where !people.contains(e.by) || !(e.hash.map(ContentBinding.isObjectID) ?? true) { return false }
            for a in state.attestations where !people.contains(a.by) || !(a.onBehalfOf.map(people.contains) ?? true) { return false }
        }
        for a in uc.approvals where !people.contains(a.person) || !roles.contains(a.role) || !(a.onBehalfOf.map(people.contains) ?? true) { return false }
        for r in uc.rejections where !people.contains(r.person) || !roles.contains(r.role) || !(r.onBehalfOf.map(people.contains) ?? true) { return false }
        if let o = uc.tierOverride, !people.contains(o.by) || !tiers.contains(o.tier) || !tiers.contains(o.proposed) { return false }
        for w in uc.waivers where !controls.contains(w.control) || !people.contains(w.by) { return false }
        if let h = uc.halted, !people.contains(h.by) { return false }
        if let p = uc.parked, !people.contains(p.by) { return false }
        for e in uc.escalations where !people.contains(e.to) || !people.contains(e.by) { return false }
        for i in uc.incidents {
            let named = [i.openedBy, i.owner] + [i.ackedBy, i.resolvedBy, i.reportedBy, i.reviewedBy].compactMap { $0 } + i.notes.map(\.by)
            if !named.allSatisfy(people.contains) || !IncidentRules.severities.contains(i.severity) { return false }
        }
        // What else the parse refuses that only a forged line can hold: an empty list item.
        for case .list(let items) in uc.fields.values where items.contains(where: \.isEmpty) { return false }
        return true
    }
}
