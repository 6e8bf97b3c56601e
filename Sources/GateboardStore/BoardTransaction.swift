import Foundation
import GateboardCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BoardStore {
    /// Lock, re-read, decide, append the event, write the use case, unlock.
    public func perform(_ action: Action, on id: UseCaseID?, actor: PersonID, osUser: String, now: Date) throws -> ActionOutcome {
        try transact(on: id, actor: actor, osUser: osUser, now: now) { uc, policy in
            // Separation of duties and self-approval look back over the work window (RoleHistory).
            let history = try uc.flatMap { ActionDecider.needsHistory(action, on: $0) ? try roleHistory(of: $0) : nil }
            return try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now, history: history)
        }
    }

    /// The transaction behind `perform`, with the decision passed in (tests record events
    /// of their own through it). `decide` sees the fresh use case (nil to create one).
    func transact(on id: UseCaseID?, actor: PersonID, osUser: String, now: Date,
                  decide: (UseCase?, Policy) throws -> (EventAction, EventDetails)) throws -> ActionOutcome {
        // Files record whole seconds: decide and record with the time as it will read back.
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        // Decided on the policy file itself, never on the parsed copy in .gateboard/.
        let policy = try loadPolicyAndDigest(fromFileOnly: true).policy
        var notes: [String] = []
        let current: UseCase?
        let useCaseID: UseCaseID
        var logSize = 0
        var origin: String?
        if let id {
            useCaseID = id.uppercased()
            guard UseCaseParser.isValidID(useCaseID) else { throw StoreError.notFound(id) }
            var lastAt: Date?
            guard let fresh = try currentState(useCaseID, policy: policy, now: now, notes: &notes, lastAt: &lastAt, origin: &origin) else {
                throw StoreError.notFound(useCaseID)
            }
            try Self.checkOrder(now: now, after: lastAt, in: useCaseID)
            current = fresh
            logSize = fresh.audit.bytes
        } else {
            useCaseID = try nextID(prefix: policy.idPrefix)
            current = nil
        }
        let (action, details) = try decide(current, policy)
        var event = AuditEvent(seq: (current?.audit.seq ?? 0) + 1, id: UUID().uuidString.lowercased(), at: now, actor: actor,
                               osUser: osUser, action: action, useCase: useCaseID, details: details,
                               realAt: realClockBeside(now))
        var next: UseCase
        if let current {
            next = try current.applying(event)
        } else {
            guard action == .create else { throw StoreError.notFound(useCaseID) }
            next = try UseCase.created(by: event)
        }
        event.prev = AuditChain.prev(after: current?.audit.head)
        let (body, state) = AuditChain.state(of: next)
        event.state = state
        // Signed decisions: signed over the payload (no seq, prev or state), or refused here.
        try signIfRequired(&event, origin: origin ?? event.id, policy: policy)
        next.audit = AuditAnchor()
        try WriteLimits.check(event, body: body)
        try commit(event, body: body, useCase: &next, logSize: logSize)
        let voided = current.map { ActionDecider.voided(from: $0, to: next, policy: policy, now: now) } ?? []
        notes += voided.map { ApprovalCount.voidMessage($0, policy: policy) }
        var outcome = ActionOutcome(useCase: next, event: event, notes: notes, voidedApprovals: voided)
        outcome.before = current
        return outcome
    }

    /// Log first, then the use case file: a crash between the two leaves the log ahead,
    /// which the next action rolls forward.
    func commit(_ event: AuditEvent, body: [UInt8], useCase next: inout UseCase, logSize: Int) throws {
        try ensureDirectories()
        let line = AuditEventCodec.encode(event)
        let newSize = try auditLog(event.useCase).append(line, files: files, expectedSize: logSize)
        next.audit = AuditAnchor(seq: event.seq, head: AuditChain.hash(line), bytes: newSize)
        do {
            try files.replace(useCasePath(event.useCase), with: body + Array(UseCaseEmitter.anchor(next.audit).utf8))
        } catch {
            // Take the event back out of the log so the failed action leaves no trace. If even
            // that fails, the log is ahead of the file and the next action rolls it forward.
            if !auditLog(event.useCase).cut(to: logSize, files: files) {
                throw StoreError.io(path: useCasePath(event.useCase), message: "\(error); the audit log already holds the event, so the next action will complete it")
            }
            if logSize == 0 { files.unlink(auditPath(event.useCase)) }
            throw error
        }
    }

    func ensureDirectories() throws {
        for dir in [useCasesDir, auditDir] where !board.exists(dir) { try files.makeDirectory(dir) }
    }

    /// The use case as its log says it is now, under the lock, after checking that the file is
    /// exactly what the log produces. The log is the truth and the file is derived from it:
    ///
    /// - a torn log tail (an interrupted append) is set aside;
    /// - the whole log must hold (`LogCheck`: chain, time order, every recorded state);
    /// - the file's anchor must name a line of the log, and its body must be the state that
    ///   line recorded — a hand-edited file is refused, never built on;
    /// - a log ahead of the anchor by complete lines (a crash between the two writes) is rolled
    ///   forward; an anchor that is missing, empty or past the log's end is damage, never a
    ///   reason to accept the log as it now is;
    /// - a missing file beside a log holding only its creation is an interrupted create; beside
    ///   a longer log it is damage (`gateboard repair` rebuilds it).
    ///
    /// nil when neither file nor log exists (or an empty log and no file: a create that
    /// recorded nothing).
    func currentState(_ id: UseCaseID, policy: Policy, now: Date, notes: inout [String], lastAt: inout Date?,
                      origin: inout String?) throws -> UseCase? {
        let log = auditLog(id)
        // The file's anchor is read by hand; its YAML is parsed (Yams: a fifth of the CPU of a
        // samples file over 1,000 use cases, perf, issue 18) only when the file is not exactly
        // the state its log recorded, or that state names what the policy lacks — then, as
        // before, for its located diagnostics (`fileAsRecorded`).
        let raw = try readUseCaseBytes(id)
        if raw == nil && !log.exists() { return nil }
        let anchor = raw.flatMap { UseCaseEmitter.split($0).flatMap { UseCaseEmitter.parseAnchor($0.anchor) } }
        var file: (UseCase, [UInt8])?
        // Parsed first, as always before: when there is no canonical anchor, and when the log
        // does not end where the anchor says (a torn tail to set aside, events to roll forward),
        // so that a file that does not parse is reported before anything is written.
        if let raw, anchor.map({ (try? log.size()) != $0.bytes }) ?? true { file = (try parseUseCase(id, raw, policy: policy), raw) }
        let bytes: [UInt8]
        do {
            try setAsideDamagedTail(log, id: id, anchor: anchor ?? file?.0.audit, now: now, notes: &notes)
            bytes = try log.readAll()
            guard !bytes.isEmpty else {
                if raw == nil { return nil }
                throw damage(log.display, "the audit log is empty but \(id).yaml exists: its history was erased; run gateboard verify")
            }
        } catch {
            // A file that does not parse is reported first, as when it was always parsed first
            // (a copy under another name, beside no log, says its id does not match).
            if let raw, file == nil { _ = try parseUseCase(id, raw, policy: policy) }
            throw error
        }
        let check = LogCheck.full(bytes, display: log.display, useCase: id)
        if let raw, let anchor, file == nil {
            file = try fileAsRecorded(id, raw, anchor: anchor, check: check, policy: policy) ?? (parseUseCase(id, raw, policy: policy), raw)
        }
        var (state, rollForward) = try derive(id, file: file, check: check)
        lastAt = check.events.last?.at
        origin = SignedPayload.origin(of: check.events)
        // Signed decisions: the engine counts an approval or waiver only when its event's
        // signature is its person's (marks are derived here, never read from the file).
        SignatureCheck.mark(&state, events: check.events, policy: policy)
        policy.delegations.mark(&state)
        guard let ahead = rollForward else { return state }
        return try writeDerived(id, state: &state, check: check, notes: &notes, note: ahead == 0
            ? "\(id): rolled forward its creation from the audit log (an earlier create was interrupted)"
            : "\(id): rolled forward \(ahead) event\(ahead == 1 ? "" : "s") from the audit log (an earlier action was interrupted)")
    }

    /// The file without its YAML parse, when that parse could say nothing new: anchored at the
    /// log's last line, its body exactly the state that line recorded (so the emitter wrote it),
    /// every name in it known to the policy (`ReferenceSets`, as the load cache checks). Else nil.
    func fileAsRecorded(_ id: UseCaseID, _ raw: [UInt8], anchor: AuditAnchor, check: LogCheck, policy: Policy) -> (UseCase, [UInt8])? {
        guard check.ok, var uc = check.replayed, uc.id == id, anchor.seq >= 1, anchor.seq == check.events.count,
              let (body, _) = UseCaseEmitter.split(raw), SHA256Hex.of(bytes: body) == check.events[anchor.seq - 1].state,
              ReferenceSets(policy).resolves(uc) else { return nil }
        uc.audit = anchor
        return (uc, raw)
    }

    /// The use case as a log that holds says it is, after checking the file against it (see
    /// `currentState`). `rollForward`: nil when the file is current; else how many events the
    /// file is behind (0: the file is missing after an interrupted create).
    func derive(_ id: UseCaseID, file: (UseCase, [UInt8])?, check: LogCheck) throws -> (state: UseCase, rollForward: Int?) {
        let display = auditLog(id).display
        if !check.ok { throw BoardInvalid(check.problems + [Diagnostic(path: display, message: "the log does not hold, so nothing builds on it; run gateboard verify")]) }
        guard var state = check.replayed else { throw damage(display, "the log does not replay") }
        let count = check.events.count
        guard let (uc, fileBytes) = file else {
            guard count == 1, check.events[0].action == .create else {
                throw damage(useCasePath(id), "the use case file is missing but its log holds \(count) events: it was deleted, not an interrupted create; run gateboard repair \(id) to rebuild it from the log")
            }
            return (state, 0)
        }
        let anchor = uc.audit
        guard anchor.seq >= 1, anchor.seq <= count,
              ChainCheck.matches(check.lineDigests[anchor.seq - 1], hex: anchor.head),
              check.lineEnds[anchor.seq - 1] == anchor.bytes else {
            if anchor.seq > count {
                throw damage(display, "the audit log is shorter than \(id).yaml records (\(count) of \(anchor.seq) events): events are missing; run gateboard verify")
            }
            throw damage(useCasePath(id), "the audit anchor (seq \(anchor.seq)) does not name a line of the audit log: the file or the log was changed outside gateboard, "
                + "or a plain `git pull` merged the log without its use case file; in a board kept in git, `gateboard sync` rebuilds the file "
                + "from its log once git's history shows the log only grew; run gateboard verify")
        }
        guard let (body, _) = UseCaseEmitter.split(fileBytes),
              SHA256Hex.of(bytes: body) == check.events[anchor.seq - 1].state else {
            throw damage(useCasePath(id), "\(id).yaml is not the state its audit log records (edited outside gateboard since event \(anchor.seq)); nothing builds on it. gateboard repair \(id) rebuilds it from the log")
        }
        if anchor.seq == count {
            state.audit = anchor
            return (state, nil)
        }
        return (state, count - anchor.seq)
    }

    /// One use case as its audit log records it, the file checked against the log as an action
    /// checks it (a hand-edited file, a missing or rewound anchor, a log that does not hold:
    /// `BoardInvalid`). Writes nothing; a log ahead of the file (an interrupted action) gives
    /// the log's state. For `check`, the CI gate: it must not pass on a file edited by hand.
    public func recordedUseCase(_ id: UseCaseID) throws -> UseCase {
        let id = id.uppercased()
        guard UseCaseParser.isValidID(id) else { throw StoreError.notFound(id) }
        let policy = try loadPolicy()
        let log = auditLog(id)
        let file = try readUseCase(id, policy: policy)
        guard let bytes = try log.readWhole(), !bytes.isEmpty else {
            if file == nil { throw StoreError.notFound(id) }
            throw damage(log.display, "no audit log for \(id).yaml (or it is empty): its history is missing; run gateboard verify")
        }
        // A torn last line (an interrupted append) is not part of the record; the next action sets it aside.
        let complete = Array(bytes[..<((bytes.lastIndex(of: 0x0A) ?? -1) + 1)])
        let check = LogCheck.full(complete, display: log.display, useCase: id)
        var state = try derive(id, file: file, check: check).state
        SignatureCheck.mark(&state, events: check.events, policy: policy)
        policy.delegations.mark(&state)
        return state
    }

    /// An event may not be dated before the event it follows: a clock set back (or asserted
    /// with GATEBOARD_NOW) must not slip a decision into the past, nor date it before its cause.
    static func checkOrder(now: Date, after last: Date?, in log: String) throws {
        guard let last, now < last else { return }
        throw Refusal(.outOfOrder, "the last event of \(log) is dated \(Timestamp.format(last)), after now (\(Timestamp.format(now))): an event may not be dated before the one it follows. Check the clock (is GATEBOARD_NOW set?)")
    }

    /// The real clock (whole seconds) when "now" was asserted, to record beside it.
    func realClockBeside(_ now: Date) -> Date? {
        clockAsserted ? Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) : nil
    }

    private func damage(_ path: String, _ message: String) -> BoardInvalid {
        BoardInvalid([Diagnostic(path: path, message: message)])
    }

    /// Sets a torn final line aside, and a last complete line that is no event (an interrupted
    /// write that happened to end in a newline) when the file's anchor does not cover it.
    private func setAsideDamagedTail(_ log: AuditLog, id: UseCaseID, anchor: AuditAnchor?, now: Date, notes: inout [String]) throws {
        let (tail, completeBytes, torn) = try log.lastLines(1)
        if !torn.isEmpty {
            let aside = try log.setAside(torn: torn, completeBytes: completeBytes, files: files, now: now)
            notes.append("\(id): set aside a torn final audit line (\(torn.count) bytes, an interrupted write) as audit/\(aside)")
        }
        if let last = tail.last, (try? AuditEventCodec.decode(Array(last))) == nil, anchor.map({ $0.bytes < completeBytes }) ?? true {
            let start = completeBytes - last.count - 1
            let aside = try log.setAside(torn: Array(last) + [0x0A], completeBytes: start, files: files, now: now)
            notes.append("\(id): set aside an unreadable final audit line as audit/\(aside)")
        }
    }

    /// Writes the use case file derived from a log that holds (`check.replayed`).
    func writeDerived(_ id: UseCaseID, state: inout UseCase, check: LogCheck, notes: inout [String], note: String) throws -> UseCase {
        let body = AuditChain.state(of: state).body
        state.audit = AuditAnchor(seq: check.events.count, head: check.lastLineHash!, bytes: check.lineEnds.last!)
        try ensureDirectories()
        try files.replace(useCasePath(id), with: body + Array(UseCaseEmitter.anchor(state.audit).utf8))
        notes.append(note)
        return state
    }

    /// The next id: one past the highest number in usecases/ and audit/ with this prefix.
    func nextID(prefix: String) throws -> UseCaseID {
        var highest = 0
        let names = try directoryNames(useCasesDir) + directoryNames(auditDir)
        for name in names where name.hasPrefix(prefix + "-") {
            let stem = name.split(separator: ".").first.map(String.init) ?? ""
            guard UseCaseParser.isValidID(stem), let n = Int(stem.dropFirst(prefix.count + 1)) else { continue }
            highest = max(highest, n)
        }
        let number = String(highest + 1)
        return prefix + "-" + String(repeating: "0", count: max(0, 4 - number.count)) + number
    }
}
