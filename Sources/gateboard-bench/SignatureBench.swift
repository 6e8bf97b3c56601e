import Crypto
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
        // Wall time, and the process's CPU time: on a shared machine the wall clock also counts
        // other people's work, the CPU time only ours (signatures per CPU-second = per core).
        func cpu() -> Double {
            var u = rusage()
            getrusage(RUSAGE_SELF.rawValue, &u)
            return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
        }
        func timed(_ body: () -> Void) -> (wall: Double, cpu: Double) {
            let start = DispatchTime.now().uptimeNanoseconds, c0 = cpu()
            body()
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, cpu() - c0)
        }
        let one = timed {
            for e in events where !SignatureCheck.verdict(e, origin: "origin", policy: policy).counts { fatalError("bad signature") }
        }
        // On every core, through the project's one parallel map (as `verify` checks logs).
        let cores = ParallelWork.defaultWorkers
        let all = timed {
            let verdicts = ParallelWork.map(count: events.count, batch: 256) { i in
                SignatureCheck.verdict(events[i], origin: "origin", policy: policy).counts
            }
            if verdicts.contains(false) { fatalError("bad signature") }
        }
        // The floor: the Ed25519 verification alone (swift-crypto), on the same signed bytes.
        let raw = events.prefix(5_000).map { e -> (Curve25519.Signing.PublicKey, [UInt8], [UInt8]) in
            let sig = try! SSHSignature(blob: [UInt8](Data(base64Encoded: e.signature!)!))
            let data = SSHSignature.signedData(message: SignedPayload.bytes(e, origin: "origin"), namespace: "gateboard", hashAlgorithm: "sha512")!
            return (try! Curve25519.Signing.PublicKey(rawRepresentation: signer.publicKey.raw), Array(sig.signature.suffix(64)), data)
        }
        let floor = timed { for (k, s, d) in raw where !k.isValidSignature(s, for: d) { fatalError("raw") } }
        print(String(format: "signatures checked: %.0f/s on one core (%.0f per CPU-second), %.0f/s on %d cores (%.0f per CPU-second); "
                     + "Ed25519 verification alone %.0f per CPU-second (%d Ed25519 SSHSIG)",
                     Double(count) / one.wall, Double(count) / one.cpu, Double(count) / all.wall, cores, Double(count) / all.cpu,
                     Double(raw.count) / floor.cpu, count))
    }
}
