import Foundation
import GateboardCore
import Synchronization

/// The bytes an event's signature covers (signed decisions). Documented byte for byte in the
/// security model: a JSON object written exactly as the audit line writes its members (same
/// escaping, no spaces, keys sorted), holding
///
///     action, actor, at, details, id, origin, osUser, payload, realAt (only when set), schema
///
/// where `payload` is the constant `"gateboard-event-1"` (the format's version) and `origin` is
/// the id of the event that created the use case (the event's own id for a `create`;
/// `"_board"` for the board log). No newline at the end. Left out on purpose: `seq`, `prev` and
/// `state`, which a merge rewrites when it renumbers and re-chains a log, `useCase`, which a
/// merge rewrites when two clones created the same id (the origin binds the event to its use
/// case instead), and `signature` itself.
public enum SignedPayload {
    public static let namespace = "gateboard"
    public static let format = "gateboard-event-1"
    public static let boardOrigin = "_board"

    public static func bytes(_ e: AuditEvent, origin: String) -> [UInt8] {
        var w = JSONWriter()
        var fields: [(String, (inout JSONWriter) -> Void)] = [
            ("action", { $0.string(e.action.rawValue) }),
            ("actor", { $0.string(e.actor) }),
            ("at", { $0.string(Timestamp.format(e.at)) }),
            ("details", { AuditEventCodec.encodeDetails(e.details, &$0) }),
            ("id", { $0.string(e.id) }),
            ("origin", { $0.string(origin) }),
            ("osUser", { $0.string(e.osUser) }),
            ("payload", { $0.string(format) }),
        ]
        if let real = e.realAt { fields.append(("realAt", { $0.string(Timestamp.format(real)) })) }
        fields.append(("schema", { $0.int(e.schema) }))
        w.object(fields)
        return w.out
    }

    /// The origin of the events of one log: its first event's id (`_board` for the board log).
    public static func origin(of events: [AuditEvent]) -> String {
        guard let first = events.first else { return "" }
        return first.useCase == BoardStore.boardLogID ? boardOrigin : first.id
    }
}

public enum SignatureCheck {
    /// The verdict on one event whose log's origin is `origin`.
    public static func verdict(_ e: AuditEvent, origin: String, policy: Policy, beforeBoundary: Bool = false) -> SignatureVerdict {
        guard let text = e.signature else {
            guard policy.signing.requires(e.action) else { return .notRequired }
            return beforeBoundary ? .beforeSigning : .unsigned
        }
        guard let data = Data(base64Encoded: text) else { return .bad("the signature's base64 is malformed") }
        let sig: SSHSignature
        do { sig = try SSHSignature(blob: [UInt8](data)) } catch { return .bad("the signature is malformed: \(error.message)") }
        do { try sig.verify(message: SignedPayload.bytes(e, origin: origin), namespace: SignedPayload.namespace) } catch {
            return .bad(error.message)
        }
        guard let (owner, entry) = policy.keyOwner(sig.publicKey) else {
            return .bad("signed by key \(sig.publicKey.fingerprint), which no person in the policy lists")
        }
        guard owner.id == e.actor else {
            return .bad("signed by \(owner.name)'s key (\(owner.id)), not by \(e.actor)")
        }
        if let why = entry.invalidity(at: e.at) { return .bad(why) }
        return .signed(fingerprint: sig.publicKey.fingerprint)
    }

    /// Every event's verdict, and a problem (`display:line`) for each that does not hold:
    /// an unsigned decision, a bad signature, a signed event whose id appears twice (a copy).
    public static func check(_ events: [AuditEvent], policy: Policy, display: String) -> (verdicts: [SignatureVerdict], problems: [Diagnostic]) {
        let verdicts = judge(events, policy: policy)
        var problems: [Diagnostic] = []
        for (i, (e, v)) in zip(events, verdicts).enumerated() {
            switch v {
            case .unsigned:
                problems.append(Diagnostic(path: display, line: i + 1, message:
                    "event \(e.seq) (\(e.action.rawValue) by \(e.actor)) is an unsigned decision: signing is \(policy.signing.rawValue), so it does not count"))
            case .bad(let why):
                problems.append(Diagnostic(path: display, line: i + 1, message:
                    "event \(e.seq) (\(e.action.rawValue) by \(e.actor)): bad signature: \(why); it does not count"))
            case .notRequired, .signed, .beforeSigning: break
            }
        }
        return (verdicts, problems)
    }

    /// The verdicts of the events from index `start` on (every event by default): the log's
    /// origin and where signing began decide each, and a signed event whose id a signed event
    /// earlier in the log already carries is a copy. Only those events' signatures are checked
    /// (the Activity pane shows a log's newest 30). A long log's signatures are checked on
    /// every core (`verify` already checks use cases on every core; this is for one long log,
    /// such as the board log's).
    static func judge(_ events: [AuditEvent], policy: Policy, from start: Int = 0) -> [SignatureVerdict] {
        let origin = SignedPayload.origin(of: events)
        let boundary = Self.boundary(events, origin: origin, policy: policy)
        var verdicts = ParallelWork.map(count: events.count - start, batch: 512) { k in
            verdict(events[start + k], origin: origin, policy: policy, beforeBoundary: start + k < boundary)
        }
        var seen: Set<String> = []
        for e in events[..<start] where e.signature != nil { seen.insert(e.id) }
        for i in start..<events.count where events[i].signature != nil && !seen.insert(events[i].id).inserted {
            verdicts[i - start] = .bad("event id \(events[i].id) appears twice: a signed event copied")
        }
        return verdicts
    }

    /// Each event's verdict for display, by its `seq` (`gateboard log`, the TUI's Log view and
    /// Activity pane: one judgement, `check`'s): nil when the policy does not sign and no event
    /// of the log carries a signature, so nothing is marked.
    /// `from`: only the events from that index on are judged (and keyed).
    public static func verdicts(_ events: [AuditEvent], policy: Policy, from start: Int = 0) -> [Int: SignatureVerdict]? {
        guard policy.signing != .off || events.contains(where: { $0.signature != nil }) else { return nil }
        let verdicts = judge(events, policy: policy, from: start)
        return Dictionary(zip(events[start...].map(\.seq), verdicts), uniquingKeysWith: { _, last in last })
    }

    /// Where signing began in a log: the index of its *first* `signing` event whose own
    /// signature holds (0 when none: a policy that signs and a log with no switch recorded means
    /// every decision must be signed). Unsigned decisions before it are "before signing". The
    /// first, never a later one: a switch appended afterwards cannot move the boundary forward
    /// over unsigned lines.
    static func boundary(_ events: [AuditEvent], origin: String, policy: Policy) -> Int {
        events.firstIndex { e in
            guard e.action == .signing, e.signature != nil else { return false }
            if case .signed = verdict(e, origin: origin, policy: policy) { return true }
            return false
        } ?? 0
    }

    /// Marks each approval and waiver of a use case its log replays to with whether its
    /// signature counts, so the gate engine counts only signed decisions. Only the events
    /// behind the current approvals and waivers are verified (an action stays cheap).
    public static func mark(_ uc: inout UseCase, events: [AuditEvent], policy: Policy) {
        guard policy.signing != .off, !events.isEmpty else { return }
        let origin = SignedPayload.origin(of: events)
        let boundary = Self.boundary(events, origin: origin, policy: policy)
        func mark(_ match: (AuditEvent) -> Bool) -> SignatureMark {
            guard let i = events.lastIndex(where: match) else { return SignatureMark(counts: false, reason: "no valid signature: no event records it") }
            let v = verdict(events[i], origin: origin, policy: policy, beforeBoundary: i < boundary)
            switch v {
            case .notRequired, .signed, .beforeSigning: return SignatureMark(counts: true)
            case .unsigned: return SignatureMark(counts: false, reason: "no valid signature")
            case .bad(let why): return SignatureMark(counts: false, reason: "no valid signature (\(why))")
            }
        }
        for i in uc.approvals.indices {
            let a = uc.approvals[i]
            // Matched on everything the approval carries, so an unsigned line that differs in any
            // of it (another role, say) never borrows the signature of a genuine one.
            uc.approvals[i].signature = mark {
                $0.action == .approve && $0.actor == a.person && $0.at == a.at && $0.details.role == a.role
                    && $0.details.digest == a.digest && $0.details.comment == a.comment && ($0.details.basis ?? [:]) == a.basis
                    && $0.details.onBehalfOf == a.onBehalfOf && $0.details.delegation == a.delegation
            }
        }
        if let o = uc.tierOverride {
            uc.tierOverride?.signature = mark {
                $0.action == .tierOverride && $0.actor == o.by && $0.at == o.at && $0.details.reason == o.reason
                    && $0.details.tier == o.tier && $0.details.proposed == o.proposed
            }
        }
        for i in uc.waivers.indices {
            let w = uc.waivers[i]
            uc.waivers[i].signature = mark {
                $0.action == .waive && $0.actor == w.by && $0.at == w.at && $0.details.control == w.control
                    && $0.details.reason == w.reason && $0.details.until == w.until
            }
        }
    }
}

extension BoardStore {
    /// Signs an event when the policy requires it, and checks that the key is the actor's:
    /// another person's key is `signature_mismatch`, a key on nobody's entry `unknown_key`,
    /// no signer `unsigned`. Throws before anything is written.
    func signIfRequired(_ event: inout AuditEvent, origin: String, policy: Policy) throws {
        guard policy.signing.requires(event.action) else { return }
        guard let signer else {
            throw Refusal(.unsigned, SigningHelp.noKey(actor: event.actor, policy: policy))
        }
        let payload = SignedPayload.bytes(event, origin: origin)
        let produced = try signer.sign(payload, actor: event.actor, policy: policy)
        let sig: SSHSignature
        var blob = produced
        do {
            if produced.starts(with: Array("-----BEGIN".utf8)) {
                let text = String(decoding: produced, as: UTF8.self)
                sig = try SSHSignature(armored: text)
                let body = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
                blob = Data(base64Encoded: body).map { [UInt8]($0) } ?? []
            } else {
                sig = try SSHSignature(blob: produced)
            }
        } catch {
            throw Refusal(.unsigned, "the signer returned no usable signature: \(error.message)")
        }
        guard let (owner, entry) = policy.keyOwner(sig.publicKey) else {
            throw Refusal(.unknownKey, "the signing key \(sig.publicKey.fingerprint) is on nobody's entry in gateboard.yaml: add `\(sig.publicKey.text)` under keys: of the person it belongs to (a policy change, reviewed in git)")
        }
        guard owner.id == event.actor else {
            throw Refusal(.signatureMismatch, "the signing key \(sig.publicKey.fingerprint) is \(owner.name)'s (\(owner.id)), but the action claims \(event.actor): with signing on, the key decides who acts")
        }
        if let why = entry.invalidity(at: event.at) {
            throw Refusal(.unsigned, "\(owner.name)'s key \(sig.publicKey.fingerprint) does not count now: \(why)")
        }
        var signed = event
        signed.signature = Data(blob).base64EncodedString()
        guard case .signed = SignatureCheck.verdict(signed, origin: origin, policy: policy) else {
            throw Refusal(.unsigned, "the signature does not verify over the event's payload")
        }
        event = signed
    }
}

extension BoardStore {
    /// The verdicts that mark the events `shown` of a use case's log (the TUI's Log view and
    /// Activity pane), judged as `gateboard log` judges them: nil when the policy does not sign
    /// and none of them carries a signature (nothing would be marked); else over the whole log
    /// (`log`, or read), as its origin and where signing began decide each verdict.
    ///
    /// Only the events shown are judged, and the judgement is kept per use case while its log's
    /// stamp and the policy's signers stay the same: moving the highlight back to a use case
    /// reads nothing, and a log that changed (an action, a pull, a forged line) is judged anew.
    public func signatureVerdicts(for id: UseCaseID, shown: [AuditEvent], log: [AuditEvent]? = nil, policy: Policy) -> [Int: SignatureVerdict]? {
        guard policy.signing != .off || shown.contains(where: { $0.signature != nil }) else { return nil }
        let id = id.uppercased()
        var st = stat()
        let stamp = board.lstat(auditPath(id), &st) == 0 ? FileStamp(st) : nil
        let signers = VerdictMemo.Signers(policy)
        if let stamp, let m = verdictMemo.withLock({ $0[id] }), m.log == stamp, m.signers == signers,
           shown.allSatisfy({ m.verdicts[$0.seq] != nil }) {
            return m.verdicts
        }
        guard let events = log ?? (try? events(for: id)) else { return nil }
        let first = shown.map(\.seq).min().flatMap { seq in events.firstIndex { $0.seq == seq } } ?? 0
        guard let verdicts = SignatureCheck.verdicts(events, policy: policy, from: first) else { return nil }
        if let stamp { verdictMemo.withLock { $0[id] = VerdictMemo(log: stamp, signers: signers, verdicts: verdicts) } }
        return verdicts
    }

    /// Marks the use case's approvals, waivers and tier override with whether their signatures
    /// count, from its audit log (`SignatureCheck.mark`), for the read paths (`load()`, so
    /// `list`, `show`, the TUI, `inbox`…) to count what `check` counts. Nothing to do when
    /// signing is off or it holds no such decision.
    public func markSignatures(_ uc: inout UseCase, policy: Policy) {
        guard policy.signing != .off, uc.hasSignedDecisions else { return }
        let events = (try? events(for: uc.id)) ?? []
        if events.isEmpty {
            // No log to prove them: none counts.
            let none = SignatureMark(counts: false, reason: "no valid signature: the audit log could not be read")
            for i in uc.approvals.indices { uc.approvals[i].signature = none }
            for i in uc.waivers.indices { uc.waivers[i].signature = none }
            uc.tierOverride?.signature = none
            return
        }
        SignatureCheck.mark(&uc, events: events, policy: policy)
    }
}

/// The words that tell a person how to sign.
public enum SigningHelp {
    public static func noKey(actor: PersonID, policy: Policy) -> String {
        let listed = policy.person(actor)?.keys.isEmpty == false
        var steps: [String] = []
        if !listed {
            steps.append("add your public key (the line in ~/.ssh/id_ed25519.pub) under keys: of \(actor) in gateboard.yaml, reviewed like any policy change")
        }
        steps.append("start ssh-agent and add your key: eval \"$(ssh-agent)\" && ssh-add ~/.ssh/id_ed25519")
        steps.append("or pass --key ~/.ssh/id_ed25519 (or set GATEBOARD_SIGNING_KEY, or git config user.signingkey)")
        return "signing is \(policy.signing.rawValue) on this board and no key of \(actor) is available to sign: "
            + steps.enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "; ")
    }
}

extension BoardStore {
    /// `gateboard signing on`: a signed action that sets the policy's `signing:` and records, in
    /// every use case's log, a `signing` event: the point from which its decisions must be
    /// signed (a position in the log, never a date). Decisions before it keep their meaning.
    /// The actor's key is tried first: without it nothing is written.
    public func switchSigningOn(_ mode: SigningMode, actor: PersonID, osUser: String, now: Date) throws -> [UseCaseID] {
        guard mode != .off else { throw Refusal(.invalidInput, "signing on takes decisions or all") }
        var policy = try loadPolicyAndDigest(fromFileOnly: true).policy
        policy.signing = mode
        // The probe: the same checks as an action's signature, before anything is written.
        var probe = AuditEvent(seq: 0, id: "probe", at: now, actor: actor, osUser: osUser, action: .signing,
                               useCase: BoardStore.boardLogID, details: EventDetails(summary: mode.rawValue))
        try signIfRequired(&probe, origin: SignedPayload.boardOrigin, policy: policy)
        let bytes: [UInt8]
        switch BoardFileText.readBytes(board, path: policyPath, display: policyPath, limit: BoardFileText.policyLimit) {
        case .failure(let d): throw BoardInvalid([d])
        case .success(let b): bytes = b
        }
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        if let i = lines.firstIndex(where: { $0.hasPrefix("signing:") }) {
            lines[i] = "signing: \(mode.rawValue)"
        } else {
            if lines.last == "" { lines.removeLast() }
            lines += ["", "# Signed decisions (gateboard signing on): off | decisions | all", "signing: \(mode.rawValue)", ""]
        }
        try files.replace(policyPath, with: Array(lines.joined(separator: "\n").utf8))
        var done: [UseCaseID] = []
        for name in try useCaseFileNames() where name.hasSuffix(".yaml") {
            let id = String(name.dropLast(5))
            guard UseCaseParser.isValidID(id) else { continue }
            _ = try transact(on: id, actor: actor, osUser: osUser, now: now) { _, _ in (.signing, EventDetails(summary: mode.rawValue)) }
            done.append(id)
        }
        return done
    }
}

/// A use case's judged events for display (`signatureVerdicts`), valid while its log's stamp
/// (taken before the log was read) and the policy's signing mode and keys are these.
struct VerdictMemo {
    struct Signers: Equatable {
        var mode: SigningMode
        var people: [PersonID]
        var keys: [[PersonKey]]
        init(_ policy: Policy) {
            mode = policy.signing
            people = policy.people.map(\.id)
            keys = policy.people.map(\.keys)
        }
    }
    var log: FileStamp
    var signers: Signers
    var verdicts: [Int: SignatureVerdict]
}
