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

/// Parsed use cases keyed by file name, each valid only while its file's stamp is unchanged
/// (`<board>/.gateboard/cache.bin`, ignored by git). The file ends with the XXH64 checksum of
/// everything before it; a cache that is damaged, foreign or from another version is
/// ignored and rebuilt.
struct UseCaseCache {
    static let magic = Array("GBCACHE\u{2}".utf8)
    static let version: Int64 = 2
    /// Racy-timestamp rule: a file modified less than this long before the cache was taken
    /// could change again within the file system's timestamp granularity without its stamp
    /// changing, so it is not cached (it is parsed again next time).
    static let racyWindowNs: Int64 = 2_000_000_000

    var entries: [String: (stamp: FileStamp, useCase: UseCase)] = [:]

    static func path(root: URL) -> String { root.appendingPathComponent(".gateboard/cache.bin").path }

    static func nowNs() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    static func isRacy(_ stamp: FileStamp, snapshotNs: Int64) -> Bool {
        stamp.mtimeNs >= snapshotNs - racyWindowNs || stamp.ctimeNs >= snapshotNs - racyWindowNs
    }

    /// The cache at `path`, or nil when missing, damaged or foreign.
    static func read(path: String) -> UseCaseCache? {
        guard case .success(let bytes) = BoardFileText.readBytes(path: path, display: path, limit: 1 << 30, followSymlinks: false),
              bytes.count > magic.count + 16 + 8 else { return nil }
        let payload = bytes.count - 8
        let sum = bytes.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[..<payload])) }
        var stored: UInt64 = 0
        for (i, b) in bytes[payload...].enumerated() { stored |= UInt64(b) << (8 * UInt64(i)) }
        guard sum == stored, bytes.starts(with: magic) else { return nil }
        return bytes.withUnsafeBytes { raw -> UseCaseCache? in
            var r = BinaryReader(UnsafeRawBufferPointer(rebasing: raw[magic.count..<payload]))
            do throws(BinaryFormatError) {
                guard try r.i64() == version else { return nil }
                let n = try r.count()
                var cache = UseCaseCache()
                cache.entries.reserveCapacity(n)
                for _ in 0..<n {
                    let name = try r.string()
                    let stamp = FileStamp(dev: try r.u64(), ino: try r.u64(), size: try r.i64(), mtimeNs: try r.i64(), ctimeNs: try r.i64())
                    cache.entries[name] = (stamp, try UseCaseBinary.read(&r))
                }
                return r.atEnd ? cache : nil
            } catch {
                return nil
            }
        }
    }

    /// Writes the cache (temp file + rename); failures are ignored: it is only a cache.
    func write(path: String) {
        var w = BinaryWriter()
        w.bytes.reserveCapacity(entries.count * 1024)
        w.bytes.append(contentsOf: Self.magic)
        w.i64(Self.version)
        w.int(entries.count)
        for name in entries.keys.sorted() {
            let (s, uc) = entries[name]!
            w.string(name)
            w.u64(s.dev); w.u64(s.ino); w.i64(s.size); w.i64(s.mtimeNs); w.i64(s.ctimeNs)
            UseCaseBinary.write(uc, &w)
        }
        w.u64(XXH64.hash(w.bytes))
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if access(dir, F_OK) != 0 { mkdir(dir, 0o755) }
        let temp = path + ".tmp-\(getpid())"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { return }
        var done = 0
        while done < w.bytes.count {
            let n = w.bytes.withUnsafeBytes { PosixFileSystem().write(fd, UnsafeRawBufferPointer(rebasing: $0[done...])) }
            if n <= 0 { break }
            done += n
        }
        close(fd)
        if done == w.bytes.count { rename(temp, path) } else { unlink(temp) }
    }
}

/// A use case's references checked in memory against the policy: a cached use case whose
/// references still resolve needs no parse; one that fails is parsed again for located diagnostics.
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
            for e in state.evidence where !people.contains(e.by) { return false }
            for a in state.attestations where !people.contains(a.by) { return false }
        }
        for a in uc.approvals where !people.contains(a.person) || !roles.contains(a.role) { return false }
        for r in uc.rejections where !people.contains(r.person) || !roles.contains(r.role) { return false }
        for w in uc.waivers where !controls.contains(w.control) || !people.contains(w.by) { return false }
        if let h = uc.halted, !people.contains(h.by) { return false }
        if let p = uc.parked, !people.contains(p.by) { return false }
        for e in uc.escalations where !people.contains(e.to) || !people.contains(e.by) { return false }
        return true
    }
}
