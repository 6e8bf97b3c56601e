import Foundation
import GateboardCore
import GateboardStore

/// A synthetic board, deterministic from a seed: realistic titles, people for every role,
/// every stage and tier, waivers, approvals, and a history of events per use case. Every
/// event is decided by the real `ActionDecider` and applied by the real reducer, so the
/// board validates and verifies like one made by hand.
struct BoardGenerator {
    var useCases: Int
    var events: Int
    var seed: UInt64
    var out: URL
    var tasksFile: URL?
    /// Signed decisions: every person gets an Ed25519 key (made from the seed, in process),
    /// the policy says `signing: decisions`, and every decision is signed. `leadKey` is
    /// bench-lead's public key line (its private half is the bench's, for a signed action).
    var signed = false
    var leadKey: String?
    /// Local artifacts per use case (files under `content/<ID>/`, their blob ids recorded).
    var contentFiles = 0
    /// The same artifacts recorded by name only, as a board was before approvals were bound
    /// to content (issue 17's baseline: the same board, nothing to stat or compare).
    var contentUnbound = false

    static let start = Timestamp.parse("2024-01-08T09:00:00Z")!
    static let now = Timestamp.parse("2026-11-20T12:00:00Z")!

    func run() throws {
        var rng = SeededRandom(seed: seed)
        let fm = FileManager.default
        try? fm.removeItem(at: out)
        try fm.createDirectory(at: out.appendingPathComponent("usecases"), withIntermediateDirectories: true)
        try fm.createDirectory(at: out.appendingPathComponent("audit"), withIntermediateDirectories: true)
        var people = SyntheticPeople.make()
        var signers: [PersonID: InProcessSigner] = [:]
        if signed {
            for id in people.byRole.values.joined() {
                let hex = Array(SHA256Hex.of(bytes: Array("bench-\(seed)-\(id)".utf8)).utf8)
                let bytes = stride(from: 0, to: 64, by: 2).map { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self), radix: 16)! }
                signers[id] = try InProcessSigner(seed: bytes)
            }
            people.addKeys(signers, lead: leadKey)
        }
        let policyText = DefaultPolicyText.policyYAML(name: "Synthetic board (\(useCases) use cases)", people: people.yaml,
                                                      signing: signed ? .decisions : .off)
        try policyText.write(to: out.appendingPathComponent(BoardLayout.policyFile), atomically: true, encoding: .utf8)
        let policy = try BoardStore(root: out).loadPolicy()

        var tasks: [[String: Any]] = []
        let perCase = max(events / max(useCases, 1), 1)
        var remainder = events - perCase * useCases
        for n in 1...useCases {
            var budget = perCase
            if remainder > 0 { budget += 1; remainder -= 1 }
            let id = String(format: "UC-%04d", n)
            var content: [(name: String, path: String, blob: String)] = []
            if contentFiles > 0 {
                let dir = out.appendingPathComponent("content/\(id)")
                try fm.createDirectory(at: dir, withIntermediateDirectories: true)
                for (i, name) in ["spec", "prompt", "eval", "data", "policy"].prefix(contentFiles).enumerated() {
                    let bytes = Array("# \(id) \(name)\n\nSynthetic \(name) text \(i) for the content-binding bench.\n".utf8)
                    try Data(bytes).write(to: dir.appendingPathComponent("\(name).md"))
                    content.append((name, "content/\(id)/\(name).md", contentUnbound ? "" : GitObjectID.blob(bytes)))
                }
            }
            let walk = try UseCaseWalk(id: id, policy: policy, people: people, rng: &rng, budget: budget, signers: signers,
                                       content: content)
            try walk.write(to: out)
            tasks.append(walk.task)
        }
        if let tasksFile {
            let data = try JSONSerialization.data(withJSONObject: tasks, options: [.sortedKeys])
            try data.write(to: tasksFile)
        }
        FileHandle.standardError.write(Data("generated \(useCases) use cases, \(events) events in \(out.path)\n".utf8))
    }
}

/// splitmix64: small, fast and the same on every machine.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
}

/// People for every role, in enough numbers that separation of duties always has a choice.
struct SyntheticPeople {
    var byRole: [RoleID: [PersonID]]
    var yaml: String

    static func make() -> SyntheticPeople {
        let first = ["Amara", "Jonas", "Priya", "Omar", "Sofia", "Grace", "Henrik", "Nadia", "Ravi", "Maya",
                     "Tomás", "Lena", "Daniel", "Yuki", "Chen", "Ines", "Kofi", "Elif", "Mateo", "Zara"]
        let last = ["Okafor", "Berg", "Raman", "Haddad", "Brandt", "Whitfield", "Aalto", "Kowalczyk", "Menon", "Lindgren"]
        let roles: [(RoleID, String)] = [("business_owner", "product"), ("technical_owner", "engineering"),
                                         ("risk_reviewer", "risk"), ("change_approver", "risk"),
                                         ("ops_owner", "operations"), ("stop_ship", "operations")]
        var byRole: [RoleID: [PersonID]] = [:]
        var lines: [String] = []
        var n = 0
        for (role, function) in roles {
            for _ in 0..<6 {
                n += 1
                let id = String(format: "p%03d", n)
                let name = "\(first[n % first.count]) \(last[(n * 7) % last.count])"
                lines.append("  - {id: \(id), name: \(name), function: \(function), roles: [\(role)]}")
                byRole[role, default: []].append(id)
            }
        }
        // stop_ship too: the bench times a halt (signed and not).
        lines.append("  - {id: bench-lead, name: Bench Lead, function: product, roles: [business_owner, stop_ship]}")
        return SyntheticPeople(byRole: byRole, yaml: lines.joined(separator: "\n"))
    }

    /// Each person's public key under `keys:` (bench-lead's when given).
    mutating func addKeys(_ signers: [PersonID: InProcessSigner], lead: String?) {
        yaml = yaml.split(separator: "\n").map { line -> String in
            var l = String(line)
            if let id = l.split(separator: ",").first?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces),
               let s = signers[id] { l = String(l.dropLast()) + ", keys: [\"\(s.publicKey.text)\"]}" }
            if l.contains("id: bench-lead"), let lead {
                l = String(l.dropLast()) + ", keys: [\"\(lead)\"]}"
            }
            return l
        }.joined(separator: "\n")
    }
}
