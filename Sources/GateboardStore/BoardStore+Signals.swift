import Foundation
import GateboardCore

/// What one use case's samples did.
public struct SignalOutcome: Sendable {
    public var useCase: UseCaseID
    /// How many samples it was given.
    public var samples: Int
    /// The transitions recorded (none when every sample kept its monitor's level).
    public var events: [AuditEvent]
    public var notes: [String]
    /// Why its samples were refused (nothing of them was taken).
    public var problem: SampleProblem?
    public var state: UseCase?
}

extension BoardStore {
    /// `.gateboard/signals/<ID>.json`: the latest sample per monitor. Not audited and not
    /// synced — only the transitions it causes are history (in the audit log); it lets the
    /// board show a monitor's last value and time cheaply, and tells a repeated sample from a
    /// new one. Lost, it is rebuilt from the next samples (the recorded transitions still
    /// date each monitor's last change).
    func signalsPath(_ id: UseCaseID) -> String { rootPath + "/.gateboard/signals/" + id + ".json" }

    /// The latest samples kept for a use case (empty when none, or the file is unreadable).
    public func latestSamples(_ id: UseCaseID) -> [String: LatestSample] {
        guard UseCaseParser.isValidID(id), let bytes = try? board.read(signalsPath(id), limit: 1 << 20),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return [:] }
        var out: [String: LatestSample] = [:]
        for (name, v) in object {
            guard let m = v as? [String: Any], let value = (m["value"] as? NSNumber)?.doubleValue, value.isFinite,
                  let t = m["at"] as? String, let at = Timestamp.parse(t) else { continue }
            out[name] = LatestSample(value: value, at: at, source: m["source"] as? String)
        }
        return out
    }

    func writeLatestSamples(_ id: UseCaseID, _ latest: [String: LatestSample]) throws {
        var w = JSONWriter()
        w.object(latest.map { name, s in
            (name, { (w: inout JSONWriter) in
                var f: [(String, (inout JSONWriter) -> Void)] = [
                    ("value", { $0.out.append(contentsOf: MonitorNumber.text(s.value).utf8) }),
                    ("at", { $0.string(Timestamp.format(s.at)) }),
                ]
                if let src = s.source { f.append(("source", { $0.string(src) })) }
                w.object(f)
            })
        })
        // Rewritten in place (no temporary file and rename: a new inode per use case was most
        // of a large batch's cost). A torn write reads as no samples kept, which only the
        // display and the duplicate check lean on, and the next samples rewrite it.
        let files = self.files
        let path = signalsPath(id)
        let fd = files.board.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644, createFolders: true)
        if fd < 0 { throw files.fail(path, "opening the latest samples") }
        defer { _ = files.fs.close(fd) }
        try files.writeAll(fd, w.out + [0x0A], path: path)
    }

    /// Takes samples under one lock, per use case all or none (`SignalDecider`). A use case
    /// whose samples are refused is left as it was; the others are taken. Results in use case
    /// order. The writes are grouped so that a file of many use cases costs about what one
    /// costs, with the crash safety of one action each:
    ///
    /// 1. every use case is decided in memory (its log checked, its transitions built);
    /// 2. each changed log gets its transitions in one append, and each changed file its new
    ///    body in a temporary file beside it — none fsync'd yet;
    /// 3. one pass makes them all durable (`DurableFiles.makeDurable`: one `syncfs` on Linux);
    /// 4. the files are renamed into place and their folder fsync'd once.
    ///
    /// A crash before 3 leaves each log as it was or with a torn tail (set aside by the next
    /// action) and each file as it was; after 3, a log ahead of its file is rolled forward by
    /// the next action, as after any interrupted action. A log or file that cannot be written
    /// or made durable refuses its own use case (its log cut back), never another's.
    public func recordSignals(_ samples: [Sample], actor: PersonID, osUser: String, now: Date) throws -> [SignalOutcome] {
        try recordSignals(from: SampleList(samples), actor: actor, osUser: osUser, now: now)
    }

    /// As above, the samples streamed from `source` (a samples file is read twice — once
    /// checked by `SampleFile.scan`, once here — and never held whole; see `SignalStream` for
    /// what is kept per monitor).
    public func recordSignals(from source: some SampleSource, actor: PersonID, osUser: String, now: Date) throws -> [SignalOutcome] {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        let policy = try loadPolicyAndDigest(fromFileOnly: true).policy
        let counts = source.summary.useCases
        let ids = counts.keys.sorted()
        // Reading and checking each use case's file and log is most of the work: spread over the cores.
        var work = ParallelWork.map(count: ids.count, batch: 16) { [self] i in
            startSignals(ids[i], counts[ids[i]]!, actor: actor, policy: policy, now: now)
        }
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        try source.forEach { s in
            guard let i = index[s.useCase], work[i].stream?.accepting == true else { return }
            work[i].stream!.take(s, ordered: source.summary.isOrdered(s))
        }
        work = ParallelWork.map(count: work.count, batch: 16) { [self, work] i in
            var w = work[i]
            finishSignals(&w, actor: actor, osUser: osUser, now: now)
            return w
        }
        let changed = work.indices.filter { work[$0].outcome.problem == nil && !work[$0].lines.isEmpty }
        if !changed.isEmpty {
            let files = self.files
            let watch = files.openSyncWatch()
            var pending: [String] = []
            do { try ensureDirectories() } catch {
                for i in changed { work[i].refuse(error) }
            }
            for i in changed where work[i].outcome.problem == nil {
                let id = work[i].outcome.useCase
                do {
                    work[i].logSize = try auditLog(id).append(work[i].lines, files: files, expectedSize: work[i].before.bytes, sync: false)
                    pending.append(auditPath(id))
                } catch {
                    work[i].refuse(error)
                    continue
                }
                do {
                    var next = work[i].next!
                    next.audit = AuditAnchor(seq: next.audit.seq, head: next.audit.head, bytes: work[i].logSize)
                    let body = AuditChain.state(of: next).body
                    let staged = try files.stage(useCasePath(id), with: body + Array(UseCaseEmitter.anchor(next.audit).utf8), sync: false)
                    work[i].next = next
                    work[i].staged = staged
                    pending.append(staged.tempPath)
                } catch {
                    undo(&work[i], files: files, error)
                }
            }
            let failed = files.makeDurable(pending, watch: watch)
            for i in changed where work[i].outcome.problem == nil {
                let id = work[i].outcome.useCase
                guard let staged = work[i].staged else { continue }
                if failed.contains(auditPath(id)) || failed.contains(staged.tempPath) {
                    files.discard(staged)
                    undo(&work[i], files: files, StoreError.io(path: auditPath(id), message: "fsync failed; nothing was changed"))
                    continue
                }
                do {
                    try files.commit(staged, syncFolder: false)
                } catch {
                    undo(&work[i], files: files, error)
                }
            }
            files.syncFolder(useCasesDir)
        }
        // Kept after the history is written: a lost update here costs only the display. On every
        // core: creating these small files was a fifth of a 1,000-use-case file's time (perf).
        let taken = work
        _ = ParallelWork.map(count: taken.count, batch: 16) { [self] i in
            guard taken[i].outcome.problem == nil else { return false }
            try? writeLatestSamples(taken[i].outcome.useCase, taken[i].known.merging(taken[i].latest) { _, new in new })
            return true
        }
        return work.map { w in
            var outcome = w.outcome
            if outcome.problem == nil { outcome.state = w.next }
            return outcome
        }
    }

    /// One use case's samples decided, not yet written.
    struct SignalWork: Sendable {
        var outcome: SignalOutcome
        var firstLine: Int
        /// Taking the samples, until they are all given.
        var stream: SignalStream?
        var before = AuditAnchor(seq: 0, head: "", bytes: 0)
        var next: UseCase?
        var lines: [UInt8] = []
        var latest: [String: LatestSample] = [:]
        /// The latest samples kept before (merged with `latest` once written).
        var known: [String: LatestSample] = [:]
        var logSize = 0
        var staged: DurableFiles.Staged?

        mutating func refuse(_ error: any Error) {
            outcome.events = []
            switch error {
            case let p as SampleProblem: outcome.problem = p
            case let r as Refusal: outcome.problem = SampleProblem(line: firstLine, code: r.code, message: r.message)
            case let r as ReplayError: outcome.problem = SampleProblem(line: firstLine, code: .invalidInput, message: r.description)
            // A damaged use case (or a failed write) refuses its own samples, not the others'.
            default: outcome.problem = SampleProblem(line: firstLine, code: .invalidInput, message: "\(outcome.useCase): \(error)")
            }
        }
    }

    /// A written use case's log cut back to where it was, its samples refused.
    private func undo(_ w: inout SignalWork, files: DurableFiles, _ error: any Error) {
        let id = w.outcome.useCase
        if !auditLog(id).cut(to: w.before.bytes, files: files) {
            w.refuse(StoreError.io(path: useCasePath(id), message: "\(error); the audit log already holds the transitions, so the next action will complete them"))
        } else {
            w.refuse(error)
        }
    }

    /// One use case read and checked, ready to take its samples (or why none are taken).
    func startSignals(_ id: UseCaseID, _ count: SampleSummary.Count, actor: PersonID, policy: Policy, now: Date) -> SignalWork {
        var w = SignalWork(outcome: SignalOutcome(useCase: id, samples: count.samples, events: [], notes: []), firstLine: count.firstLine)
        do {
            guard UseCaseParser.isValidID(id) else {
                throw SampleProblem(line: w.firstLine, code: .invalidInput, message: "'\(TerminalSafe.escape(id))' is not a use case id (like UC-0007)")
            }
            var lastAt: Date?
            var origin: String?
            guard let current = try currentState(id, policy: policy, now: now, notes: &w.outcome.notes, lastAt: &lastAt, origin: &origin) else {
                throw SampleProblem(line: w.firstLine, code: .invalidInput, message: "no use case \(id) on this board")
            }
            try Self.checkOrder(now: now, after: lastAt, in: id)
            w.known = latestSamples(id)
            w.stream = try SignalStream(current, actor: actor, policy: policy, now: now, latest: w.known, firstLine: w.firstLine)
            w.before = current.audit
            w.next = current
        } catch {
            w.refuse(error)
        }
        return w
    }

    /// Decides one use case's samples once all are taken: the transitions as log lines chained
    /// after its head and the state they lead to, or why its samples are refused.
    func finishSignals(_ w: inout SignalWork, actor: PersonID, osUser: String, now: Date) {
        guard var stream = w.stream, var next = w.next else { return }
        w.stream = nil
        do {
            let decision = try stream.finish().get()
            let id = w.outcome.useCase
            w.outcome.notes += decision.notes
            w.latest = decision.latest
            var head = next.audit.head
            for d in decision.events {
                var e = AuditEvent(seq: next.audit.seq + 1, id: UUID().uuidString.lowercased(), at: now, actor: actor, osUser: osUser,
                                   action: .monitor, useCase: id, details: d, realAt: realClockBeside(now))
                let seq = e.seq
                next = try next.applying(e)
                e.prev = AuditChain.prev(after: head)
                let (body, state) = AuditChain.state(of: next)
                e.state = state
                try WriteLimits.check(e, body: body)
                let line = AuditEventCodec.encode(e)
                head = AuditChain.hash(line)
                next.audit = AuditAnchor(seq: seq, head: head, bytes: 0)
                if !w.lines.isEmpty { w.lines.append(0x0A) }
                w.lines += line
                w.outcome.events.append(e)
            }
            w.next = next
        } catch {
            w.next = nil
            w.refuse(error)
        }
    }
}

extension BoardStore {
    /// The latest samples of every live use case that has monitors (others are not read).
    public func latestSamples(for useCases: [UseCase], policy: Policy) -> [UseCaseID: [String: LatestSample]] {
        guard !policy.monitors.isEmpty else { return [:] }
        var out: [UseCaseID: [String: LatestSample]] = [:]
        for uc in useCases where uc.stage == policy.productionStage && !policy.monitors(for: uc).isEmpty {
            let l = latestSamples(uc.id)
            if !l.isEmpty { out[uc.id] = l }
        }
        return out
    }
}
