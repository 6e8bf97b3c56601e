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
            try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now)
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
        if let id {
            useCaseID = id.uppercased()
            guard UseCaseParser.isValidID(useCaseID) else { throw StoreError.notFound(id) }
            guard let fresh = try currentState(useCaseID, policy: policy, now: now, notes: &notes) else {
                throw StoreError.notFound(useCaseID)
            }
            current = fresh
            logSize = fresh.audit.bytes
        } else {
            useCaseID = try nextID(prefix: policy.idPrefix)
            current = nil
        }
        let (action, details) = try decide(current, policy)
        var event = AuditEvent(seq: (current?.audit.seq ?? 0) + 1, id: UUID().uuidString.lowercased(), at: now, actor: actor,
                               osUser: osUser, action: action, useCase: useCaseID, details: details)
        var next: UseCase
        if let current {
            next = try current.applying(event)
        } else {
            guard action == .create else { throw StoreError.notFound(useCaseID) }
            next = try UseCase.created(by: event)
        }
        event.prev = current.map { $0.audit.head.isEmpty ? SHA256Hex.zero : $0.audit.head } ?? SHA256Hex.zero
        next.audit = AuditAnchor()
        let body = Array(UseCaseEmitter.body(next).utf8)
        event.state = SHA256Hex.of(bytes: body)
        try commit(event, body: body, useCase: &next, logSize: logSize)
        let voided = current.map { ActionDecider.voided(from: $0, to: next, policy: policy, now: now) } ?? []
        notes += voided.map { ApprovalCount.voidMessage($0, policy: policy) }
        return ActionOutcome(useCase: next, event: event, notes: notes, voidedApprovals: voided)
    }

    /// Log first, then the use case file: a crash between the two leaves the log ahead,
    /// which the next action rolls forward.
    func commit(_ event: AuditEvent, body: [UInt8], useCase next: inout UseCase, logSize: Int) throws {
        try ensureDirectories()
        let line = AuditEventCodec.encode(event)
        let newSize = try auditLog(event.useCase).append(line, files: files, expectedSize: logSize)
        next.audit = AuditAnchor(seq: event.seq, head: AuditLog.hash(line), bytes: newSize)
        do {
            try files.replace(useCasePath(event.useCase), with: body + Array(UseCaseEmitter.anchor(next.audit).utf8))
        } catch {
            // Take the event back out of the log so the failed action leaves no trace. If even
            // that fails, the log is ahead of the file and the next action rolls it forward.
            if !auditLog(event.useCase).cut(to: logSize, files: files) {
                throw StoreError.io(path: useCasePath(event.useCase), message: "\(error); the audit log already holds the event, so the next action will complete it")
            }
            if logSize == 0 { _ = files.fs.unlink(auditPath(event.useCase)) }
            throw error
        }
    }

    func ensureDirectories() throws {
        for dir in [useCasesDir, auditDir] where access(dir, F_OK) != 0 {
            if mkdir(dir, 0o755) != 0 && errno != EEXIST { throw files.fail(dir, "creating the directory") }
        }
    }

    /// The use case as its file and log say now, under the lock: a torn log tail is set
    /// aside, and a log ahead of the file (a crash between the two writes) rolled forward.
    /// nil when neither file nor log exists.
    func currentState(_ id: UseCaseID, policy: Policy, now: Date, notes: inout [String]) throws -> UseCase? {
        let log = auditLog(id)
        let file = try readUseCase(id, policy: policy)
        if file == nil && !log.exists() { return nil }
        var (tail, completeBytes, torn) = try log.lastLines(1)
        if !torn.isEmpty {
            let aside = try log.setAside(torn: torn, completeBytes: completeBytes, files: files, now: now)
            notes.append("\(id): set aside a torn final audit line (\(torn.count) bytes, an interrupted write) as audit/\(aside)")
        }
        // The last complete line is not an event: an interrupted write that happened to end in a newline.
        if let last = tail.last, (try? AuditEventCodec.decode(Array(last))) == nil, file.map({ $0.0.audit.bytes < completeBytes }) ?? true {
            let start = completeBytes - last.count - 1
            let aside = try log.setAside(torn: Array(last) + [0x0A], completeBytes: start, files: files, now: now)
            notes.append("\(id): set aside an unreadable final audit line as audit/\(aside)")
            (tail, completeBytes, torn) = try log.lastLines(1)
        }
        if let (uc, _) = file, uc.audit.bytes == completeBytes,
           uc.audit.head == (tail.last.map { AuditLog.hash($0) } ?? "") {
            return uc
        }
        if let (uc, _) = file, uc.audit.bytes > completeBytes || completeBytes == 0 {
            throw BoardInvalid([Diagnostic(path: log.display, message:
                "the audit log is shorter than \(id).yaml records (\(completeBytes) of \(uc.audit.bytes) bytes): events are missing; run gateboard verify")])
        }
        return try rollForward(id, from: file?.0, log: log, policy: policy, notes: &notes)
    }

    /// Replays the events after the file's anchor onto it and writes the result.
    func rollForward(_ id: UseCaseID, from uc: UseCase?, log: AuditLog, policy: Policy, notes: inout [String]) throws -> UseCase {
        let bytes = try log.readAll()
        let check = ChainCheck.check(bytes, display: log.display, useCase: id)
        if let problem = check.problems.first { throw BoardInvalid([problem]) }
        let events = check.events
        let base = uc?.audit.seq ?? 0
        guard base <= events.count else {
            throw BoardInvalid([Diagnostic(path: log.display, message: "the log has \(events.count) events but \(id).yaml records \(base)")])
        }
        if let uc, base > 0, !ChainCheck.matches(check.lineDigests[base - 1], hex: uc.audit.head) || check.lineEnds[base - 1] != uc.audit.bytes {
            throw BoardInvalid([Diagnostic(path: useCasePath(id), message:
                "audit anchor (seq \(base)) does not match line \(base) of the audit log; run gateboard verify")])
        }
        var state: UseCase
        if let uc, base > 0 {
            state = uc
            for e in events[base...] { state = try state.applying(e) }
        } else {
            state = try UseCase.replay(events)
        }
        state.audit = AuditAnchor()
        let body = Array(UseCaseEmitter.body(state).utf8)
        guard let last = events.last, SHA256Hex.of(bytes: body) == last.state else {
            throw BoardInvalid([Diagnostic(path: log.display, line: events.count, message:
                "replaying the log does not reproduce the state its last event recorded; run gateboard verify")])
        }
        state.audit = AuditAnchor(seq: events.count, head: check.lastLineHash!, bytes: check.lineEnds.last!)
        try files.replace(useCasePath(id), with: body + Array(UseCaseEmitter.anchor(state.audit).utf8))
        notes.append("\(id): rolled forward \(events.count - base) event\(events.count - base == 1 ? "" : "s") from the audit log (an earlier action was interrupted)")
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
