import Foundation
import GateboardCore
import GateboardStore

/// `gateboard-bench sigs --count N`: signed decisions checked in process, per second, on one
/// core and on every core (issue 16's target: at least 15,000 a second per core).
struct SignatureBench {
    var count: Int

    func run() {
        let signer = InProcessSigner.random()
        var signing = Policy(name: "bench", stages: [], roles: [], tiers: [], people: [
            Person(id: "omar", name: "Omar", function: "risk", roles: [], keys: [PersonKey(key: signer.publicKey)]),
        ], controls: [], gates: [], waivers: WaiverRules(approverRole: "risk_reviewer", maxDays: [:]))
        signing.signing = .decisions
        let policy = signing
        let events: [AuditEvent] = (0..<count).map { i in
            var e = AuditEvent(seq: i + 1, id: "e\(i)", at: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), actor: "omar",
                               osUser: "omar", action: .approve, useCase: "UC-0001",
                               details: EventDetails(role: "risk_reviewer", comment: "bench \(i)", digest: "d"))
            e.signature = Data(signer.sshsig(SignedPayload.bytes(e, origin: "origin"))).base64EncodedString()
            return e
        }
        func timed(_ body: () -> Void) -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let one = timed {
            for e in events where !SignatureCheck.verdict(e, origin: "origin", policy: policy).counts { fatalError("bad signature") }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let all = timed {
            DispatchQueue.concurrentPerform(iterations: cores) { k in
                var i = k
                while i < events.count {
                    _ = SignatureCheck.verdict(events[i], origin: "origin", policy: policy)
                    i += cores
                }
            }
        }
        print(String(format: "signatures checked: %.0f/s on one core, %.0f/s on %d cores (%d Ed25519 SSHSIG)",
                     Double(count) / one, Double(count) / all, cores, count))
    }
}
