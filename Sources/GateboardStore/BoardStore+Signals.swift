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
        for dir in [rootPath + "/.gateboard", rootPath + "/.gateboard/signals"] where !board.exists(dir) { try files.makeDirectory(dir) }
        try files.replace(signalsPath(id), with: w.out + [0x0A], durable: false)
    }

    /// Takes samples under one lock: per use case all or none (`SignalDecider`), the
    /// transitions appended to its log in one write and its file rewritten once, then its
    /// latest samples kept. A use case whose samples are refused is left as it was; the others
    /// are taken. Results in use case order.
    public func recordSignals(_ samples: [Sample], actor: PersonID, osUser: String, now: Date) throws -> [SignalOutcome] {
        let now = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let lock = try BoardLock.acquire(root: root, timeout: lockTimeout, command: lockCommand)
        defer { lock.release() }
        let policy = try loadPolicyAndDigest(fromFileOnly: true).policy
        var groups: [UseCaseID: [Sample]] = [:]
        for s in samples { groups[s.useCase.uppercased(), default: []].append(s) }
        var out: [SignalOutcome] = []
        for id in groups.keys.sorted() {
            let batch = groups[id]!
            var result = SignalOutcome(useCase: id, samples: batch.count, events: [], notes: [])
            let firstLine = batch.map(\.line).min() ?? 0
            do {
                guard UseCaseParser.isValidID(id) else {
                    throw SampleProblem(line: firstLine, code: .invalidInput, message: "'\(TerminalSafe.escape(id))' is not a use case id (like UC-0007)")
                }
                var lastAt: Date?
                var origin: String?
                guard let current = try currentState(id, policy: policy, now: now, notes: &result.notes, lastAt: &lastAt, origin: &origin) else {
                    throw SampleProblem(line: firstLine, code: .invalidInput, message: "no use case \(id) on this board")
                }
                try Self.checkOrder(now: now, after: lastAt, in: id)
                let decision = try SignalDecider.decide(batch, on: current, actor: actor, policy: policy, now: now,
                                                        latest: latestSamples(id))
                result.notes += decision.notes
                var next = current
                var lines: [UInt8] = []
                var head = current.audit.head
                var events: [AuditEvent] = []
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
                    if !lines.isEmpty { lines.append(0x0A) }
                    lines += line
                    events.append(e)
                }
                if !events.isEmpty {
                    try ensureDirectories()
                    let newSize = try auditLog(id).append(lines, files: files, expectedSize: current.audit.bytes)
                    next.audit = AuditAnchor(seq: events.last!.seq, head: head, bytes: newSize)
                    let body = AuditChain.state(of: next).body
                    do {
                        try files.replace(useCasePath(id), with: body + Array(UseCaseEmitter.anchor(next.audit).utf8))
                    } catch {
                        if !auditLog(id).cut(to: current.audit.bytes, files: files) {
                            throw StoreError.io(path: useCasePath(id), message: "\(error); the audit log already holds the transitions, so the next action will complete them")
                        }
                        throw error
                    }
                }
                var latest = latestSamples(id)
                for (k, v) in decision.latest { latest[k] = v }
                // Kept after the history is written: a lost update here costs only the display.
                try? writeLatestSamples(id, latest)
                result.events = events
                result.state = next
            } catch let p as SampleProblem {
                result.problem = p
            } catch let r as Refusal {
                result.problem = SampleProblem(line: firstLine, code: r.code, message: r.message)
            } catch let r as ReplayError {
                result.problem = SampleProblem(line: firstLine, code: .invalidInput, message: r.description)
            } catch {
                // A damaged use case (or a failed write) refuses its own samples, not the others'.
                result.problem = SampleProblem(line: firstLine, code: .invalidInput, message: "\(id): \(error)")
            }
            out.append(result)
        }
        return out
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
