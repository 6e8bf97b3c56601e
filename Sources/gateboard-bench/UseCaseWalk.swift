import Foundation
import GateboardCore
import GateboardStore

/// One synthetic use case: walked through the real decider towards a target stage, then
/// given comments until its event budget is spent. Produces its file, its log and an
/// equivalent taskwarrior task.
struct UseCaseWalk {
    private(set) var lines: [[UInt8]] = []
    private(set) var state: UseCase
    private(set) var task: [String: Any] = [:]

    static let subjects = ["KYC document verification", "Onboarding automation", "Payment-collection reminders",
                           "Support-ticket triage", "Fraud alert summarisation", "Tax document classification",
                           "Advisor meeting notes", "AML alert narratives", "Trade confirmation matching",
                           "Call-centre quality scoring", "Dividend tax reclaim prefill", "Filing-status chatbot"]
    static let qualifiers = ["for retail clients", "for the tax desk", "in EMEA", "for small businesses",
                             "pilot", "v2", "for premium accounts", "in the contact centre"]

    /// `content`: local artifacts (name → path, blob id; no id: by name only) recorded by an edit right after the
    /// create, so their content ids bind the approvals that follow (issue 17's bench rows).
    init(id: UseCaseID, policy: Policy, people: SyntheticPeople, rng: inout SeededRandom, budget: Int,
         signers: [PersonID: InProcessSigner] = [:], content: [(name: String, path: String, blob: String)] = []) throws {
        let tier = rng.pick(["low", "medium", "high"])
        let target = rng.below(8) // 0…5 active stages, 6 production-heavy, 7 retired
        func person(_ role: RoleID) -> PersonID { rng.pick(people.byRole[role]!) }
        let owners: [(RoleID, PersonID)] = ["business_owner", "technical_owner", "risk_reviewer",
                                            "change_approver", "ops_owner", "stop_ship"].map { ($0, person($0)) }
        let ownerOf = Dictionary(uniqueKeysWithValues: owners)
        var at = BoardGenerator.start.addingTimeInterval(Double(rng.below(600 * 86_400)))
        let title = "\(rng.pick(Self.subjects)) \(rng.pick(Self.qualifiers)) #\(id.dropFirst(3))"

        var uc: UseCase? = nil
        var events: [[UInt8]] = []
        var prev = SHA256Hex.zero
        var bytes = 0
        var lastState = ""
        var origin = ""
        func record(_ action: Action, by actor: PersonID) -> Bool {
            at = at.addingTimeInterval(Double(600 + rng.below(20_000)))
            if at > BoardGenerator.now { at = BoardGenerator.now }
            guard let (kind, details) = try? ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: at)
            else { return false }
            var e = AuditEvent(seq: events.count + 1, id: String(format: "%016llx%016llx", rng.next(), rng.next()),
                               at: at, actor: actor, osUser: "bench", action: kind, useCase: id, details: details)
            guard var next = uc == nil ? try? UseCase.created(by: e) : try? uc!.applying(e) else { return false }
            if events.isEmpty { origin = e.id }
            if policy.signing.requires(kind), let signer = signers[actor] {
                e.signature = Data(signer.sshsig(SignedPayload.bytes(e, origin: origin))).base64EncodedString()
            }
            next.audit = AuditAnchor()
            e.prev = prev
            // A comment leaves the state as it was: reuse its hash (1M events stay quick to make).
            e.state = kind == .comment && !lastState.isEmpty ? lastState : SHA256Hex.of(bytes: Array(UseCaseEmitter.body(next).utf8))
            lastState = e.state
            let line = AuditEventCodec.encode(e)
            prev = SHA256Hex.of(bytes: line)
            bytes += line.count + 1
            next.audit = AuditAnchor(seq: e.seq, head: prev, bytes: bytes)
            events.append(line)
            uc = next
            return true
        }

        _ = record(.create(title: title, tier: tier,
                           problem: "Manual handling of \(title.lowercased()) takes analysts hours a day.",
                           metric: "Median handling time below 4 minutes on live traffic"), by: ownerOf["business_owner"]!)
        if !content.isEmpty {
            var artifacts: [String: String] = [:]
            for c in content {
                artifacts[c.name] = c.path
                if !c.blob.isEmpty { artifacts[ContentBinding.key(c.name)] = c.blob }
            }
            _ = record(.edit(title: nil, problem: nil, metric: nil, tier: nil, artifacts: artifacts), by: ownerOf["business_owner"]!)
        }
        for (role, p) in owners where events.count < budget { _ = record(.assign(role: role, person: p), by: ownerOf["business_owner"]!) }
        let stages = policy.activeStages.map(\.id)
        let goal = min(target, stages.count - 1)
        while let current = uc, events.count < budget, let i = stages.firstIndex(of: current.stage), i < goal {
            let gate = GateEngine.evaluate(current, policy: policy, now: at)
            if gate.passed {
                guard record(.advance(comment: nil), by: ownerOf["technical_owner"]!) else { break }
                continue
            }
            var progressed = false
            for b in gate.blockers where events.count < budget {
                switch b.kind {
                case .evidence:
                    progressed = record(.evidence(control: b.control!, ref: "https://docs.example/\(id)/\(b.control!)", note: nil),
                                        by: ownerOf["technical_owner"]!) || progressed
                case .attestation:
                    let role = policy.control(b.control!)?.role ?? "risk_reviewer"
                    progressed = record(.attest(control: b.control!, note: nil), by: ownerOf[role]!) || progressed
                case .approval:
                    progressed = record(.approve(comment: nil), by: ownerOf[b.role!]!) || progressed
                default: break
                }
            }
            if !progressed { break }
        }
        if target == 7, events.count < budget { _ = record(.retire(reason: "superseded"), by: ownerOf["business_owner"]!) }
        if rng.below(10) == 0, events.count < budget, let c = policy.controls.first(where: { $0.kind == .evidence })?.id {
            _ = record(.waive(control: c, reason: "vendor report pending", until: Day(containing: at).adding(days: 20)),
                       by: rng.pick(people.byRole["risk_reviewer"]!.filter { !ownerOf.values.contains($0) }))
        }
        let talkers = owners.map(\.1) + ["bench-lead"]
        while events.count < budget {
            if !record(.comment(text: "Stand-up note \(events.count): status checked, next step agreed."), by: rng.pick(talkers)) { break }
        }
        lines = events
        state = uc!
        task = [
            "uuid": UUID(uuidString: String(format: "%08X-0000-4000-8000-%012X", Int(id.dropFirst(3))!, rng.below(1 << 40)))!.uuidString.lowercased(),
            "description": title, "status": "pending", "project": state.stage,
            "tags": [tier] + (GateEngine.evaluate(state, policy: policy, now: BoardGenerator.now).passed ? [] : ["blocked"]),
            "entry": Self.taskDate(state.createdAt), "priority": tier == "high" ? "H" : tier == "medium" ? "M" : "L",
        ]
    }

    func write(to board: URL) throws {
        var log = [UInt8]()
        log.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for l in lines { log += l; log.append(0x0A) }
        try Data(log).write(to: board.appendingPathComponent(BoardLayout.auditFile(state.id)))
        try Data(UseCaseEmitter.text(state).utf8).write(to: board.appendingPathComponent(BoardLayout.useCaseFile(state.id)))
    }

    static func taskDate(_ d: Date) -> String {
        Timestamp.format(d).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }
}
