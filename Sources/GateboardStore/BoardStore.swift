import Foundation
import Synchronization
import GateboardCore

/// The result of one recorded action.
public struct ActionOutcome: Sendable {
    public var useCase: UseCase
    public var event: AuditEvent
    /// Notes worth telling the user, one sentence each (e.g. "approval by Omar Haddad void:
    /// prompt changed after approval", "UC-0003: rolled forward 2 events…").
    public var notes: [String]
    /// The approvals this action voided: they counted before it and are void after it, each
    /// with the engine's reason. (As data: nobody has to read them back out of `notes`.)
    public var voidedApprovals: [ApprovalStanding]
    /// The use case as the action found it (nil for a create): for what changed, e.g. whose
    /// inbox a notification hook tells about.
    public var before: UseCase?
    public init(useCase: UseCase, event: AuditEvent, notes: [String] = [], voidedApprovals: [ApprovalStanding] = []) {
        self.useCase = useCase
        self.event = event
        self.notes = notes
        self.voidedApprovals = voidedApprovals
    }
}

/// A board directory: `gateboard.yaml`, `usecases/<ID>.yaml`, `audit/<ID>.jsonl`.
public final class BoardStore: @unchecked Sendable {
    public let root: URL
    /// `root.path`, once: Foundation's URL builds the string anew each time it is asked.
    let rootPath: String
    /// How long an action waits for another's lock (`GATEBOARD_LOCK_TIMEOUT` seconds, default 5).
    public var lockTimeout: TimeInterval
    /// What a waiter is told holds the lock.
    public var lockCommand: String
    /// The write path's system calls (tests inject failures here).
    public var fileSystem: any FileSystemCalls
    /// Whether "now" is asserted by the caller (`GATEBOARD_NOW` is set): events then record the
    /// real clock beside it (`realAt`), and `log` flags them.
    public var clockAsserted: Bool
    /// Whether `load()` reads and writes `.gateboard/cache.bin` (`GATEBOARD_NO_CACHE=1` turns it off).
    public var useCache: Bool
    /// Signs events when the policy's `signing:` requires it (nil: nothing can sign).
    public var signer: (any EventSigner)?
    /// Tests move the cache's "now" forward so files they just wrote count as old enough to cache.
    var cacheClockOffsetNs: Int64 = 0
    /// Use cases the last `load()` took from the cache and parsed.
    var lastLoad: (cached: Int, parsed: Int) { lastLoadCounts.withLock { $0 } }
    let lastLoadCounts = Mutex((cached: 0, parsed: 0))

    public init(root: URL, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.root = root.standardizedFileURL
        self.rootPath = self.root.path
        self.lockTimeout = environment["GATEBOARD_LOCK_TIMEOUT"].flatMap(TimeInterval.init).map { max(0, $0) } ?? 5
        self.lockCommand = CommandLine.arguments.map { URL(fileURLWithPath: $0).lastPathComponent }.prefix(3).joined(separator: " ")
        self.fileSystem = PosixFileSystem()
        self.useCache = environment["GATEBOARD_NO_CACHE"] == nil
        self.clockAsserted = !(environment["GATEBOARD_NOW"] ?? "").isEmpty
    }

    // MARK: - Paths

    public static let policyFileName = BoardLayout.policyFile
    var policyPath: String { rootPath + "/" + Self.policyFileName }
    var useCasesDir: String { rootPath + "/" + BoardLayout.useCasesFolder }
    var auditDir: String { rootPath + "/audit" }
    public func useCasePath(_ id: UseCaseID) -> String { rootPath + "/" + BoardLayout.useCaseFile(id) }
    public func auditPath(_ id: UseCaseID) -> String { rootPath + "/" + BoardLayout.auditFile(id) }
    public var boardLogPath: String { rootPath + "/" + BoardLayout.boardLogFile }
    /// The write path: durable writes through `fileSystem`, never following a link below the root.
    package var files: DurableFiles { DurableFiles(board: BoardDirectory(root: rootPath, fs: fileSystem)) }
    /// The read path: every file reached without following a link below the root.
    package var board: BoardDirectory { BoardDirectory(root: rootPath) }

    func auditLog(_ id: UseCaseID) -> AuditLog { AuditLog(board: board, path: auditPath(id), display: auditPath(id)) }
    var boardLog: AuditLog { AuditLog(board: board, path: boardLogPath, display: boardLogPath) }

    // MARK: - Reading

    /// The policy alone, validated.
    /// Parsed once per process while the file's stamp (device, inode, size, mtime and ctime in
    /// ns) stays the same: an action asks for it up to three times, and each YAML parse was a
    /// third of a `comment`'s time.
    public func loadPolicy() throws -> Policy { try loadPolicyAndDigest().policy }

    /// The policy and the XXH64 checksum of its file (what cached references and gate
    /// summaries were checked against). Read paths may take the parsed policy from
    /// `.gateboard/policy.json` (see `PolicyCache`); `fromFileOnly` (the action transaction:
    /// every governed decision) always parses `gateboard.yaml` itself, so no decision ever
    /// rests on a cache.
    func loadPolicyAndDigest(fromFileOnly: Bool = false) throws -> (policy: Policy, digest: UInt64) {
        var (policy, digest) = try parsePolicyAndDigest(fromFileOnly: fromFileOnly)
        // Not from the file: the board log's delegations, as they stand now. Replayed once per
        // process while the board log's stamp and the policy stay the same (an action loads the
        // policy up to three times; each replay read and chain-checked the whole board log).
        var st = stat()
        let stamp = board.lstat(boardLogPath, &st) == 0 ? FileStamp(st) : nil
        if let stamp, let memo = delegationsMemo.withLock({ $0 }), memo.stamp == stamp, memo.digest == digest {
            policy.delegations = memo.delegations
        } else {
            policy.delegations = delegations(policy: policy)
            if let stamp { delegationsMemo.withLock { $0 = (stamp, digest, policy.delegations) } }
        }
        return (policy, digest)
    }

    private let delegationsMemo = Mutex<(stamp: FileStamp, digest: UInt64, delegations: Delegations)?>(nil)
    /// Signed decisions: the events judged for display, per use case (`signatureVerdicts`).
    let verdictMemo = Mutex<[UseCaseID: VerdictMemo]>([:])

    private func parsePolicyAndDigest(fromFileOnly: Bool) throws -> (policy: Policy, digest: UInt64) {
        var before = stat()
        let stamped = board.lstat(policyPath, &before) == 0
        if stamped, let memo = policyMemo.withLock({ $0 }), memo.stamp == FileStamp(before), memo.parsed || !fromFileOnly {
            return (memo.policy, memo.digest)
        }
        let bytes: [UInt8]
        switch BoardFileText.readBytes(board, path: policyPath, display: policyPath, limit: BoardFileText.policyLimit) {
        case .failure(let d): throw BoardInvalid([d])
        case .success(let b): bytes = b
        }
        // Never 0: that means "checked against no policy".
        let digest = max(1, XXH64.hash(bytes))
        var policy: Policy
        var parsed = false
        if useCache, !fromFileOnly, let cached = PolicyCache.read(root: root, digest: digest) {
            policy = cached
        } else {
            policy = try PolicyParser.parse(text: try BoardFileText.decode(bytes, display: policyPath).get(), display: policyPath).get()
            parsed = true
            if useCache, PolicyCache.read(root: root, digest: digest) == nil { PolicyCache.write(policy, root: root, digest: digest) }
        }
        var after = stat()
        if stamped, board.lstat(policyPath, &after) == 0, FileStamp(after) == FileStamp(before) {
            policyMemo.withLock { $0 = (FileStamp(before), policy, digest, parsed) }
        }
        return (policy, digest)
    }
    private let policyMemo = Mutex<(stamp: FileStamp, policy: Policy, digest: UInt64, parsed: Bool)?>(nil)

    /// One use case file: its bytes and the parsed use case (references checked when a policy is given).
    func readUseCase(_ id: UseCaseID, policy: Policy?) throws -> (UseCase, [UInt8])? {
        guard let bytes = try readUseCaseBytes(id) else { return nil }
        return (try parseUseCase(id, bytes, policy: policy), bytes)
    }

    /// A use case file's bytes, nil when there is none.
    func readUseCaseBytes(_ id: UseCaseID) throws -> [UInt8]? {
        let path = useCasePath(id)
        var st = stat()
        if board.lstat(path, &st) != 0 && errno == ENOENT { return nil }
        switch BoardFileText.readBytes(board, path: path, display: path, limit: BoardFileText.useCaseLimit) {
        case .failure(let d): throw BoardInvalid([d])
        case .success(let b): return b
        }
    }

    func parseUseCase(_ id: UseCaseID, _ bytes: [UInt8], policy: Policy?) throws -> UseCase {
        let path = useCasePath(id)
        let text = try BoardFileText.decode(bytes, display: path).get()
        return try UseCaseParser.parse(text: text, display: path, expectedID: id, policy: policy).get()
    }

    /// One use case, validated against the policy (or `StoreError.notFound`).
    public func useCase(_ id: UseCaseID) throws -> UseCase {
        let id = id.uppercased()
        guard UseCaseParser.isValidID(id) else { throw StoreError.notFound(id) }
        let policy = try loadPolicy()
        guard let (uc, _) = try readUseCase(id, policy: policy) else {
            // No file: an interrupted create (rolled forward by the next action), or a deleted
            // file beside its history (damage, said as such) — never "no such use case".
            if auditLog(id).exists() { return try recordedUseCase(id) }
            throw StoreError.notFound(id)
        }
        return uc
    }

    /// Names in `usecases/`, sorted, hidden files (temp files, editors' swap files) skipped.
    func useCaseFileNames() throws -> [String] {
        try directoryNames(useCasesDir).filter { !$0.hasPrefix(".") }.sorted()
    }

    func directoryNames(_ dir: String) throws -> [String] {
        try board.names(in: dir)
    }

    // MARK: - Events

    /// A use case's events, oldest first.
    public func events(for id: UseCaseID) throws -> [AuditEvent] {
        let log = auditLog(id.uppercased())
        return try AuditChain.decode(try log.readAll(), display: log.display)
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
