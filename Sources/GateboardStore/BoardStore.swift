import Foundation
import Synchronization
import GateboardCore

/// The result of one recorded action.
public struct ActionOutcome: Sendable {
    public var useCase: UseCase
    public var event: AuditEvent
    /// Notes worth telling the user (e.g. "2 approvals void: prompt changed").
    public var notes: [String]
    public init(useCase: UseCase, event: AuditEvent, notes: [String] = []) {
        self.useCase = useCase
        self.event = event
        self.notes = notes
    }
}

/// A board directory: `gateboard.yaml`, `usecases/<ID>.yaml`, `audit/<ID>.jsonl`.
public final class BoardStore: @unchecked Sendable {
    public let root: URL
    /// How long an action waits for another's lock (`GATEBOARD_LOCK_TIMEOUT` seconds, default 5).
    public var lockTimeout: TimeInterval
    /// What a waiter is told holds the lock.
    public var lockCommand: String
    /// The write path's system calls (tests inject failures here).
    public var fileSystem: any FileSystemCalls
    /// Whether `load()` reads and writes `.gateboard/cache.bin` (`GATEBOARD_NO_CACHE=1` turns it off).
    public var useCache: Bool
    /// Tests move the cache's "now" forward so files they just wrote count as old enough to cache.
    var cacheClockOffsetNs: Int64 = 0
    /// Use cases the last `load()` took from the cache and parsed.
    private(set) var lastLoad = (cached: 0, parsed: 0)

    public init(root: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root.standardizedFileURL
        self.lockTimeout = environment["GATEBOARD_LOCK_TIMEOUT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? 5
        self.lockCommand = CommandLine.arguments.map { URL(fileURLWithPath: $0).lastPathComponent }.prefix(3).joined(separator: " ")
        self.fileSystem = PosixFileSystem()
        self.useCache = environment["GATEBOARD_NO_CACHE"] == nil
    }

    // MARK: - Paths

    public static let policyFileName = "gateboard.yaml"
    var policyPath: String { root.path + "/" + Self.policyFileName }
    var useCasesDir: String { root.path + "/usecases" }
    var auditDir: String { root.path + "/audit" }
    public func useCasePath(_ id: UseCaseID) -> String { useCasesDir + "/" + id + ".yaml" }
    public func auditPath(_ id: UseCaseID) -> String { auditDir + "/" + id + ".jsonl" }
    public var boardLogPath: String { auditDir + "/_board.jsonl" }
    var files: DurableFiles { DurableFiles(fs: fileSystem) }

    func auditLog(_ id: UseCaseID) -> AuditLog { AuditLog(path: auditPath(id), display: auditPath(id)) }

    // MARK: - Reading

    /// The policy alone, validated.
    /// Parsed once per process while the file's stamp (device, inode, size, mtime and ctime in
    /// ns) stays the same: an action asks for it up to three times, and each YAML parse was a
    /// third of a `comment`'s time.
    public func loadPolicy() throws -> Policy {
        var before = stat()
        let stamped = stat(policyPath, &before) == 0
        if stamped, let memo = policyMemo.withLock({ $0 }), memo.stamp == FileStamp(before) { return memo.policy }
        let bytes: [UInt8]
        switch BoardFileText.readBytes(path: policyPath, display: policyPath, limit: BoardFileText.policyLimit, followSymlinks: true) {
        case .failure(let d): throw BoardInvalid([d])
        case .success(let b): bytes = b
        }
        let policy = try PolicyParser.parse(text: try BoardFileText.decode(bytes, display: policyPath).get(), display: policyPath).get()
        var after = stat()
        if stamped, stat(policyPath, &after) == 0, FileStamp(after) == FileStamp(before) {
            policyMemo.withLock { $0 = (FileStamp(before), policy) }
        }
        return policy
    }
    private let policyMemo = Mutex<(stamp: FileStamp, policy: Policy)?>(nil)

    /// One use case file: its bytes and the parsed use case (references checked when a policy is given).
    func readUseCase(_ id: UseCaseID, policy: Policy?) throws -> (UseCase, [UInt8])? {
        let path = useCasePath(id)
        var st = stat()
        if lstat(path, &st) != 0 && errno == ENOENT { return nil }
        let bytes: [UInt8]
        switch BoardFileText.readBytes(path: path, display: path, limit: BoardFileText.useCaseLimit, followSymlinks: false) {
        case .failure(let d): throw BoardInvalid([d])
        case .success(let b): bytes = b
        }
        let text = try BoardFileText.decode(bytes, display: path).get()
        return (try UseCaseParser.parse(text: text, display: path, expectedID: id, policy: policy).get(), bytes)
    }

    /// One use case, validated against the policy (or `StoreError.notFound`).
    public func useCase(_ id: UseCaseID) throws -> UseCase {
        let id = id.uppercased()
        guard UseCaseParser.isValidID(id) else { throw StoreError.notFound(id) }
        let policy = try loadPolicy()
        guard let (uc, _) = try readUseCase(id, policy: policy) else { throw StoreError.notFound(id) }
        return uc
    }

    /// Parses and validates everything; throws `BoardInvalid` with every problem. Use case
    /// files unchanged since the last load come from the cache (`.gateboard/cache.bin`).
    public func load() throws -> Board {
        var diagnostics: [Diagnostic] = []
        var policy: Policy?
        do { policy = try loadPolicy() } catch let e as BoardInvalid { diagnostics += e.diagnostics }
        let refs = policy.map(ReferenceSets.init)
        let snapshot = UseCaseCache.nowNs() + cacheClockOffsetNs
        let cachePath = UseCaseCache.path(root: root)
        let cache = useCache ? UseCaseCache.read(path: cachePath) : nil
        var fresh = UseCaseCache()
        var cachedCount = 0
        var diagnosticsByIndex: [Int: [Diagnostic]] = [:]
        var useCases: [UseCase] = []
        let names = try useCaseFileNames()
        useCases.reserveCapacity(names.count)
        // Files the cache cannot answer for are parsed afterwards, on every core.
        enum Slot { case cached(UseCase), parse(id: String, path: String), problem(Diagnostic) }
        var slots: [Slot] = []
        slots.reserveCapacity(names.count)
        for name in names {
            let path = useCasesDir + "/" + name
            guard name.hasSuffix(".yaml") else {
                slots.append(.problem(Diagnostic(path: path, message: "not a use case file (use case files are named like UC-0007.yaml)")))
                continue
            }
            let id = String(name.dropLast(5))
            guard UseCaseParser.isValidID(id) else {
                slots.append(.problem(Diagnostic(path: path, message: "file name is not a use case id (like UC-0007.yaml)")))
                continue
            }
            var st = stat()
            if let cached = cache?.entries[name], lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, FileStamp(st) == cached.stamp,
               refs?.resolves(cached.useCase) ?? true {
                slots.append(.cached(cached.useCase))
                fresh.entries[name] = cached
                cachedCount += 1
                continue
            }
            slots.append(.parse(id: id, path: path))
        }
        let pending = slots.indices.filter { if case .parse = slots[$0] { true } else { false } }
        let parsed = ResultSlots<Result<(UseCase, FileStamp, Bool), BoardInvalid>>(count: pending.count)
        let work: [(id: String, path: String)] = pending.compactMap { if case let .parse(id, path) = slots[$0] { (id, path) } else { nil } }
        let fixedPolicy = policy
        let parseOne: @Sendable (Int) -> Void = { [self] k in
            parsed.set(k, parseUseCaseFile(work[k].id, path: work[k].path, policy: fixedPolicy, refs: refs))
        }
        if pending.count >= 64 {
            let next = ProgressCounter(total: 0, progress: nil)
            DispatchQueue.concurrentPerform(iterations: max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))) { _ in
                while true {
                    let k = next.take()
                    guard k < pending.count else { return }
                    parseOne(k)
                }
            }
        } else {
            for k in pending.indices { parseOne(k) }
        }
        var results = parsed.all
        for (k, i) in pending.enumerated() {
            guard let result = results[k] else { continue }
            results[k] = nil
            switch result {
            case .failure(let e):
                slots[i] = .problem(Diagnostic(path: "", message: ""))
                diagnosticsByIndex[i] = e.diagnostics
            case .success(let (uc, stamp, cacheable)):
                slots[i] = .cached(uc)
                if cacheable && !UseCaseCache.isRacy(stamp, snapshotNs: snapshot) { fresh.entries[names[i]] = (stamp, uc) }
            }
        }
        for (i, slot) in slots.enumerated() {
            switch slot {
            case .cached(let uc): useCases.append(uc)
            case .problem(let d): diagnostics += diagnosticsByIndex[i] ?? [d]
            case .parse: break
            }
        }
        // Rewrite when anything differs from what was read: a new or changed entry, a dropped one.
        if useCache, cachedCount != fresh.entries.count || fresh.entries.count != cache?.entries.count ?? -1 {
            fresh.write(path: cachePath)
        }
        lastLoad = (cachedCount, names.count - cachedCount)
        if !diagnostics.isEmpty { throw BoardInvalid(diagnostics) }
        return Board(policy: policy!, useCases: useCases)
    }

    /// One file parsed without the policy (so the result can be cached whatever the policy
    /// says), its references then checked in memory; parsed again with the policy only to
    /// locate a reference that does not resolve.
    func parseUseCaseFile(_ id: UseCaseID, path: String, policy: Policy?, refs: ReferenceSets?) -> Result<(UseCase, FileStamp, Bool), BoardInvalid> {
        let file: (bytes: [UInt8], stat: stat)
        switch BoardFileText.readFile(path: path, display: path, limit: BoardFileText.useCaseLimit, followSymlinks: false) {
        case .failure(let d): return .failure(BoardInvalid([d]))
        case .success(let f): file = f
        }
        let text: String
        switch BoardFileText.decode(file.bytes, display: path) {
        case .failure(let e): return .failure(e)
        case .success(let t): text = t
        }
        switch UseCaseParser.parse(text: text, display: path, expectedID: id, policy: nil) {
        case .failure(let e): return .failure(e)
        case .success(let uc):
            if let refs, let policy, !refs.resolves(uc) {
                if case .failure(let e) = UseCaseParser.parse(text: text, display: path, expectedID: id, policy: policy) {
                    return .failure(e)
                }
            }
            return .success((uc, FileStamp(file.stat), true))
        }
    }

    /// Names in `usecases/`, sorted, hidden files (temp files, editors' swap files) skipped.
    func useCaseFileNames() throws -> [String] {
        try directoryNames(useCasesDir).filter { !$0.hasPrefix(".") }.sorted()
    }

    func directoryNames(_ dir: String) throws -> [String] {
        guard let d = opendir(dir) else {
            if errno == ENOENT { return [] }
            throw StoreError.io(path: dir, message: "cannot list: \(errnoText())")
        }
        defer { closedir(d) }
        var names: [String] = []
        while let entry = readdir(d) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: - Events

    /// A use case's events, oldest first.
    public func events(for id: UseCaseID) throws -> [AuditEvent] {
        let log = auditLog(id.uppercased())
        let bytes = try log.readAll()
        return try bytes.withUnsafeBytes { raw in
            let (lines, _) = AuditLog.splitLines(raw)
            return try lines.enumerated().map { n, range in
                do { return try AuditEventCodec.decode(UnsafeRawBufferPointer(rebasing: raw[range])) } catch {
                    throw BoardInvalid([Diagnostic(path: log.display, line: n + 1, message: "\(error)")])
                }
            }
        }
    }

    /// The newest `count` events of a use case, oldest first, without reading the whole log.
    public func recentEvents(for id: UseCaseID, count: Int) throws -> [AuditEvent] {
        guard count > 0 else { return [] }
        let log = auditLog(id.uppercased())
        let (lines, _, _) = try log.lastLines(count)
        return try lines.map { line in
            do { return try AuditEventCodec.decode(Array(line)) } catch {
                throw BoardInvalid([Diagnostic(path: log.display, message: "a recent line: \(error)")])
            }
        }
    }
}
