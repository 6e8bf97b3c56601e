import Foundation
import GateboardCore

// MARK: - Loading the whole board
//
// Every use case file parsed (or taken from the load cache, `.gateboard/cache.bin`), on every
// core, with signature marks, delegation marks, content observations and gate summaries as
// each read path needs them; the cache rewritten when something differs.
extension BoardStore {
    /// Parses and validates everything; throws `BoardInvalid` with every problem. Use case
    /// files unchanged since the last load come from the cache (`.gateboard/cache.bin`).
    public func load() throws -> Board {
        let loaded = try loadFiles(rowsAt: nil)
        if !loaded.diagnostics.isEmpty { throw BoardInvalid(loaded.diagnostics) }
        return Board(policy: loaded.policy!, useCases: loaded.useCases)
    }

    /// `load()`, each use case's recorded content (local artifacts and evidence) compared with
    /// the disk as it is loaded: `drift` holds the use cases whose content differs
    /// (`ContentRead.observedBoard(store:)` applies it). The observations are kept in the
    /// cache, so a warm load only stats each file (see `ContentSeen`).
    package func loadObserved() throws -> (board: Board, drift: [UseCaseID: ContentDrift]) {
        let (board, pending) = try loadObservingAside()
        return (board, pending.wait())
    }

    /// `loadObserved()` with the comparison of content finishing beside the caller, as
    /// `loadRowsObservingAside` does for rows: the board as recorded now, the drift from
    /// `pending.wait()` (call it before anything that depends on drift is shown).
    package func loadObservingAside() throws -> (board: Board, pending: PendingContent) {
        let pending = PendingContent()
        let loaded = try loadFiles(rowsAt: nil, observingAside: pending)
        if !loaded.diagnostics.isEmpty {
            _ = pending.wait()
            throw BoardInvalid(loaded.diagnostics)
        }
        return (Board(policy: loaded.policy!, useCases: loaded.useCases), pending)
    }

    /// `loadRows(now:)` with the rows' recorded content compared with the disk, as `loadObserved`.
    package func loadRowsObserved(now: Date) throws -> (policy: Policy, rows: [UseCaseRow], drift: [UseCaseID: ContentDrift]) {
        let (policy, rows, pending) = try loadRowsObservingAside(now: now)
        return (policy, rows, pending.wait())
    }

    /// `loadRowsObserved(now:)` with the comparison of content done beside the caller: the
    /// rows return as soon as they are loaded, and the stats that compare each use case's
    /// recorded content with the disk run on another thread while the caller turns the rows
    /// into output. `pending.wait()` gives the drift (and has saved the cache); call it before
    /// anything that depends on drift is written, and before exiting.
    ///
    /// Measured need (`list` on the 10,000-use-case bench board, three local files each, 2
    /// cores): the 30,000 `fstatat`s are about 41 ms of CPU that no shorter path makes cheaper
    /// (docs/performance.md). Spread over both cores inside the load they added about 20 ms to
    /// a ~95 ms `list`; run beside the rows' formatting, which is serial, most of it is hidden.
    package func loadRowsObservingAside(now: Date) throws -> (policy: Policy, rows: [UseCaseRow], pending: PendingContent) {
        let pending = PendingContent()
        let loaded = try loadFiles(rowsAt: now, observingAside: pending)
        if !loaded.diagnostics.isEmpty {
            _ = pending.wait()
            throw BoardInvalid(loaded.diagnostics)
        }
        return (loaded.policy!, loaded.rows, pending)
    }

    /// What `list` shows of every use case, with its gate in brief at `now`: validated as
    /// `load()` validates (the same problems are thrown), but a use case unchanged since it
    /// was cached, whose gate summary still holds (same policy, `now` inside its window), is
    /// not even decoded.
    public func loadRows(now: Date) throws -> (policy: Policy, rows: [UseCaseRow]) {
        let loaded = try loadFiles(rowsAt: now)
        if !loaded.diagnostics.isEmpty { throw BoardInvalid(loaded.diagnostics) }
        return (loaded.policy!, loaded.rows)
    }

    /// One file's part of a load.
    private struct Outcome: Sendable {
        /// Boxed, so that 10,000 outcomes of `loadRows` (which carry none) stay small.
        var useCase: Boxed<UseCase>?
        var row: UseCaseRow?
        /// What the new cache keeps for the file (nil: nothing, e.g. a racy or broken file).
        var entry: UseCaseCache.Entry?
        var diagnostics: [Diagnostic] = []
        var fromCache = false
        /// The entry differs from the cache's (parsed anew, a gate summary computed, or its
        /// content observed anew).
        var changed = false
        /// Its recorded content where it differs from the disk (when observing).
        var drift: ContentDrift?
        /// Its recorded content, when parsed anew while observing (a cached entry keeps
        /// what was seen instead).
        var recorded: [RecordedContent]?
    }

    /// Every use case file, from the cache where its stamp is unchanged, else parsed (on every
    /// core). With `rowsAt`, rows with gate summaries instead of use cases.
    /// With `observingAside`, each use case's recorded content is compared with the disk on
    /// threads of their own (see `loadRowsObservingAside`): the drift and the cache's rewrite
    /// are `observingAside`'s. Without it the cache is rewritten here.
    private func loadFiles(rowsAt now: Date?, observingAside aside: PendingContent? = nil) throws
        -> (policy: Policy?, useCases: [UseCase], rows: [UseCaseRow], diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var policy: Policy?
        var digest: UInt64 = 0
        do { (policy, digest) = try loadPolicyAndDigest() } catch let e as BoardInvalid { diagnostics += e.diagnostics }
        let snapshot = UseCaseCache.nowNs() + cacheClockOffsetNs
        let cachePath = UseCaseCache.path(root: root)
        let cache = useCache ? UseCaseCache.read(path: cachePath, board: board) : nil
        let names = try useCaseFileNames()
        diagnostics += try deletedUseCaseFiles(present: names)
        // Stamps relative to the directory: the kernel resolves one name, not the whole path,
        // 10,000 times (and on every core, below).
        let dirFD = board.openDirectory(useCasesDir)
        defer { if dirFD >= 0 { close(dirFD) } }
        let look = aside == nil ? nil : ContentLook(observer: ContentObserver(board: root, cached: useCache), snapshot: snapshot)
        let auditFD = policy?.signing == .off ? -1 : board.openDirectory(auditDir)
        defer { if auditFD >= 0 { close(auditFD) } }
        let files = FileLoad(store: self, dir: useCasesDir, dirFD: dirFD, auditFD: auditFD, names: names, cache: cache,
                             policy: policy, digest: digest, now: now, snapshot: snapshot, look: look)
        // When observing: the kept observations checked by stat on a thread of their own from
        // now on, beside the load on every core.
        let prechecked = look.map { Prechecked(cache: cache, look: $0) }
        // Parsing is slow, decoding and summaries fast: hand out batches, one per core at a time.
        var outcomes = ParallelWork.map(count: names.count, batch: 64) { files.loaded($0) }

        var useCases: [UseCase] = []
        var rows: [UseCaseRow] = []
        if now == nil { useCases.reserveCapacity(names.count) } else { rows.reserveCapacity(names.count) }
        var fromCache = 0
        for i in outcomes.indices {
            diagnostics += outcomes[i].diagnostics
            if let uc = outcomes[i].useCase {
                useCases.append(uc.value)
                if look == nil { outcomes[i].useCase = nil }   // observing still needs it
            }
            if let row = outcomes[i].row { rows.append(row) }
            if outcomes[i].fromCache { fromCache += 1 }
        }
        lastLoadCounts.withLock { $0 = (fromCache, names.count - fromCache) }
        guard let aside, let look, let prechecked else {
            _ = finish(outcomes, cache: cache, cachePath: cachePath, names: names, policy: policy, digest: digest)
            return (policy, useCases, rows, diagnostics)
        }
        // The rows or use cases go back now; what the checks could not settle is observed, and
        // the cache rewritten, on another thread (the caller waits for it before showing what
        // depends on drift).
        aside.start { [self, policy, digest, outcomes] in
            var outcomes = outcomes
            let settled = prechecked.wait()
            for i in outcomes.indices where outcomes[i].row != nil || outcomes[i].useCase != nil {
                // Taken from the cache as it is (same stored observations) and found unchanged.
                if case .stored(let range)? = outcomes[i].entry?.content, settled[names[i]] == range { continue }
                outcomes[i] = files.observed(outcomes[i], look: look)
            }
            let drift = finish(outcomes, cache: cache, cachePath: cachePath, names: names, policy: policy, digest: digest)
            look.end()
            return drift
        }
        return (policy, useCases, rows, diagnostics)
    }

    /// What every file's part of a load reads, the same for all files and all threads.
    private struct FileLoad: Sendable {
        let store: BoardStore
        let dir: String
        let dirFD: Int32
        /// `audit/`, for the logs' stamps (signed decisions' marks).
        let auditFD: Int32
        let names: [String]
        let cache: UseCaseCache?
        let policy: Policy?
        let digest: UInt64
        /// With a time: rows with gate summaries at that time, instead of use cases.
        let now: Date?
        /// When the load began: a file changed since shortly before is not cached.
        let snapshot: Int64
        let refs: ReferenceSets?
        /// Cached entries were reference-checked against this very policy when written.
        let refsHold: Bool
        /// Gate summaries are computed and kept under this (`summaryDigest`).
        let summaryDigest: UInt64
        /// When observing: how recorded content is compared with the disk.
        let look: ContentLook?

        init(store: BoardStore, dir: String, dirFD: Int32, auditFD: Int32, names: [String], cache: UseCaseCache?,
             policy: Policy?, digest: UInt64, now: Date?, snapshot: Int64, look: ContentLook?) {
            self.look = look
            self.store = store
            self.dir = dir
            self.dirFD = dirFD
            self.auditFD = auditFD
            self.names = names
            self.cache = cache
            self.policy = policy
            self.digest = digest
            self.now = now
            self.snapshot = snapshot
            refs = policy.map(ReferenceSets.init)
            refsHold = policy != nil && cache?.policyDigest == digest
            summaryDigest = policy.map { Self.summaryDigest(digest, delegations: $0.delegations) } ?? digest
        }

        /// What a gate summary was computed under: the policy file and, when there are any, the
        /// board log's delegations (which delegated approvals count). A sync can void or cut
        /// short a delegation without touching a use case file, so a summary cached under other
        /// delegations is computed again.
        static func summaryDigest(_ digest: UInt64, delegations: Delegations) -> UInt64 {
            guard !delegations.all.isEmpty else { return digest }
            var text = String(digest)
            for d in delegations.all {
                text += "\n\(d.id)|\(d.from)|\(d.to)|\(d.role)|\(d.start)|\(d.until)|\(d.recordedAt.timeIntervalSince1970)"
                    + "|\(d.cancelledAt.map { String($0.timeIntervalSince1970) } ?? "-")|\(d.void ?? "-")"
            }
            return max(1, XXH64.hash(Array(text.utf8)))
        }

        enum Work { case problem(Diagnostic), cached(UseCaseCache.Entry), parse(id: String, path: String) }

        /// A badly named file, a cache entry whose file is unchanged, or a file to parse.
        func classify(_ name: String) -> Work {
            let path = dir + "/" + name
            guard name.hasSuffix(".yaml") else {
                return .problem(Diagnostic(path: path, message: "not a use case file (use case files are named like UC-0007.yaml)"))
            }
            let id = String(name.dropLast(5))
            guard UseCaseParser.isValidID(id) else {
                return .problem(Diagnostic(path: path, message: "file name is not a use case id (like UC-0007.yaml)"))
            }
            var st = stat()
            if let cached = cache?.entries[name], dirFD >= 0, fstatat(dirFD, name, &st, AT_SYMLINK_NOFOLLOW) == 0,
               st.st_mode & S_IFMT == S_IFREG, FileStamp(st) == cached.stamp {
                return .cached(cached)
            }
            return .parse(id: id, path: path)
        }

        /// The outcome with its recorded content compared with the disk: from the kept
        /// observations when every file's stamp is unchanged (one stat each, nothing read),
        /// else the references that changed looked at anew, and the entry updated.
        func observed(_ o: Outcome, look: ContentLook) -> Outcome {
            var o = o
            if case .stored(let range)? = o.entry?.content, let file = cache?.file,
               let drifted = ContentSeen.quickCheck(UnsafeRawBufferPointer(rebasing: file.bytes[range]), look: look),
               !drifted {
                return o
            }
            // A parsed entry has none: only a cached one carries what was seen.
            let old = o.entry.flatMap { cache?.content($0) }
            let (seen, changed) = look.look(old: old) {
                if let r = o.recorded { return r }
                if let uc = o.useCase?.value ?? o.entry.flatMap({ cache?.useCase($0) }) { return uc.recordedContent }
                // A cached row whose use case no longer decodes: read from its file.
                return o.row.flatMap { try? store.useCase($0.id) }?.recordedContent ?? []
            }
            if changed, o.entry != nil {
                o.entry!.content = .decoded(seen)
                o.changed = true
            }
            o.drift = ContentDrift(seen)
            return o
        }

        func loaded(_ i: Int) -> Outcome {
            switch classify(names[i]) {
            case .problem(let d):
                return Outcome(diagnostics: [d])
            case .cached(var entry):
                if now != nil, refsHold, let row = cache!.row(entry), let g = row.gate, g.holds(at: now!, policyDigest: summaryDigest) {
                    return Outcome(row: row, entry: entry, fromCache: true)
                }
                if let read = cache!.useCase(entry), refsHold || (refs?.resolves(read) ?? true) {
                    let old = entry.marks
                    let uc = marked(read, &entry.marks)
                    guard now != nil else { return Outcome(useCase: Boxed(uc), entry: entry, fromCache: true, changed: entry.marks != old) }
                    let row = UseCaseRow(uc, gate: summary(uc))
                    entry.row = .decoded(row)
                    return Outcome(row: row, entry: entry, fromCache: true, changed: true)
                }
                // Damaged, or no longer valid under this policy: parsed for located problems.
                return parsed(id: String(names[i].dropLast(5)), path: dir + "/" + names[i])
            case let .parse(id, path):
                return parsed(id: id, path: path)
            }
        }

        /// The gate in brief, of a use case `marked` (it counts what `check` counts).
        func summary(_ uc: UseCase) -> GateSummary? {
            guard let now, let policy else { return nil }
            return GateSummary(uc, policy: policy, policyDigest: summaryDigest, now: now)
        }

        /// Signed decisions: the use case with its decisions marked as `check` marks them
        /// (`BoardStore.markSignatures`), for every read path that loads the board (`list`,
        /// the TUI, `inbox`…). From `marks` when they were judged with this policy and this
        /// log; else its log is read and verified, and `marks` keeps the new judgement (none
        /// when the log changed within the racy window: judged again next time). Then, as
        /// `check` does, an approval given for someone else counts only under a delegation in
        /// force (the board log's, in the policy as loaded; nothing to read).
        func marked(_ uc: UseCase, _ marks: inout DecisionMarks?) -> UseCase {
            guard let policy else { return uc }
            var uc = uc
            if policy.signing != .off, uc.hasSignedDecisions {
                var st = stat()
                let log = auditFD >= 0 && fstatat(auditFD, uc.id + ".jsonl", &st, AT_SYMLINK_NOFOLLOW) == 0 ? FileStamp(st) : nil
                if let m = marks, m.hold(policyDigest: digest, log: log), let applied = m.applied(to: uc) {
                    uc = applied
                } else {
                    store.markSignatures(&uc, policy: policy)
                    marks = log.map { UseCaseCache.isRacy($0, snapshotNs: snapshot) } == true
                        ? nil : DecisionMarks(of: uc, policyDigest: digest, log: log)
                }
            } else {
                marks = nil
            }
            policy.delegations.mark(&uc)
            return uc
        }

        func parsed(id: String, path: String) -> Outcome {
            switch store.parseUseCaseFile(id, path: path, policy: policy, refs: refs) {
            case .failure(let e): return Outcome(diagnostics: e.diagnostics)
            case .success(let (read, stamp, cacheable)):
                var marks: DecisionMarks?
                let uc = marked(read, &marks)
                let row = UseCaseRow(uc, gate: summary(uc))
                let entry = cacheable && !UseCaseCache.isRacy(stamp, snapshotNs: snapshot)
                    ? UseCaseCache.Entry(stamp: stamp, row: .decoded(row), body: .decoded(read), marks: marks) : nil
                return Outcome(useCase: now == nil ? Boxed(uc) : nil, row: row, entry: entry, changed: entry != nil,
                               recorded: look == nil ? nil : uc.recordedContent)
            }
        }
    }

    /// A load's end: the drift the outcomes found (when observed), and the cache rewritten
    /// when anything differs from what was read (a new or changed entry, a dropped one, a
    /// summary computed, another policy). Built only then: usually nothing differs.
    private func finish(_ outcomes: [Outcome], cache: UseCaseCache?, cachePath: String, names: [String],
                        policy: Policy?, digest: UInt64) -> [UseCaseID: ContentDrift] {
        var drift: [UseCaseID: ContentDrift] = [:]
        var changed = false
        var kept = 0
        for o in outcomes {
            if let d = o.drift, let id = o.row?.id ?? o.useCase?.value.id { drift[id] = d }
            if o.entry != nil { kept += 1 }
            changed = changed || o.changed
        }
        let newDigest = policy == nil ? 0 : digest
        if useCache, cache == nil || changed || kept != cache!.entries.count || newDigest != cache!.policyDigest {
            writeCache(path: cachePath, replacing: cache, names: names, outcomes: outcomes, kept: kept, policyDigest: newDigest)
        }
        return drift
    }

    /// A new cache of the entries the outcomes keep, over the mapped file of the old one.
    private func writeCache(path: String, replacing cache: UseCaseCache?, names: [String], outcomes: [Outcome], kept: Int, policyDigest: UInt64) {
        var fresh = UseCaseCache()
        fresh.file = cache?.file
        fresh.bodiesStart = cache?.bodiesStart ?? 0
        fresh.policyDigest = policyDigest
        fresh.entries.reserveCapacity(kept)
        for i in names.indices { if let e = outcomes[i].entry { fresh.entries[names[i]] = e } }
        fresh.write(path: path, board: board)
    }

    /// One file parsed without the policy (so the result can be cached whatever the policy
    /// says), its references then checked in memory; parsed again with the policy only to
    /// locate a reference that does not resolve.
    func parseUseCaseFile(_ id: UseCaseID, path: String, policy: Policy?, refs: ReferenceSets?) -> Result<(UseCase, FileStamp, Bool), BoardInvalid> {
        let file: (bytes: [UInt8], stat: stat)
        switch BoardFileText.readFile(board, path: path, display: path, limit: BoardFileText.useCaseLimit) {
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
}
