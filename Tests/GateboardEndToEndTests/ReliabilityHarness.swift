import Foundation
import GateboardCore
import Testing

/// Shared pieces of the reliability tests: the stress switch, a whole-board fingerprint, a
/// watchdog run that turns a hang into a failure, and a finder for raw terminal controls.
enum Reliability {
    /// `GATEBOARD_STRESS=1` (set by `make stress`) runs the long versions.
    static let stress = ProcessInfo.processInfo.environment["GATEBOARD_STRESS"] == "1"

    /// Files that are the board's local runtime state, not its content: the write lock
    /// (holds "PID command" while an action runs) and the load cache. Both are ignored by git.
    static func isRuntimeFile(_ relative: String) -> Bool {
        relative == ".gateboard.lock" || relative == ".gateboard" || relative.hasPrefix(".gateboard/")
    }

    /// Every path under `dir` (relative) → SHA-256 of its bytes, "dir", "link → target" or
    /// "fifo": any write, new file, temp file or removal changes it.
    static func fingerprint(_ dir: String) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let names = fm.subpaths(atPath: dir) else { return [:] }
        for relative in names where !isRuntimeFile(relative) {
            let path = dir + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0 else { out[relative] = "vanished"; continue }
            switch st.st_mode & S_IFMT {
            case S_IFDIR: out[relative] = "dir"
            case S_IFLNK: out[relative] = "link → " + ((try? fm.destinationOfSymbolicLink(atPath: path)) ?? "?")
            case S_IFREG:
                let data = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                out[relative] = SHA256Hex.of(data) + " \(st.st_mode & 0o7777)"
            default: out[relative] = "special \(st.st_mode & S_IFMT)"
            }
        }
        return out
    }

    /// What changed between two fingerprints, for a failure message.
    static func difference(_ a: [String: String], _ b: [String: String]) -> String {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
            .map { "\($0): \(a[$0] ?? "absent") → \(b[$0] ?? "absent")" }.joined(separator: "; ")
    }

    /// Runs the binary; a run still going after `limit` seconds is killed and reported as a
    /// hang (status -1). The limit is a hang detector, far above any expected run time.
    static func run(_ args: [String], board: String, user: String? = nil, now: String = GateboardBinary.defaultNow,
                    environment: [String: String] = [:], limit: Double = 60) throws -> GateboardBinary.Result {
        let p = try GateboardBinary.start(args, board: board, now: now, user: user,
                                          environment: environment.merging(["GATEBOARD_LOCK_TIMEOUT": "20"]) { a, _ in a })
        let deadline = Date().addingTimeInterval(limit)
        while p.process.isRunning && Date() < deadline { usleep(5_000) }
        if p.process.isRunning {
            kill(p.process.processIdentifier, SIGKILL)
            var r = p.wait()
            r.status = -1
            r.stderr = "HANG: killed after \(limit) s\n" + r.stderr
            return r
        }
        return p.wait()
    }

    /// Unicode scalars a terminal would act on or hide: C0 controls except newline, DEL,
    /// C1 controls (U+009B is a one-character CSI), bidi overrides and isolates, zero-width
    /// characters, line/paragraph separators, BOM.
    static func isRawControl(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A: return false
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true
        case 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2069, 0xFEFF: return true
        default: return false
        }
    }

    /// The first raw control in `text`, with some context, or nil.
    static func firstRawControl(_ text: String) -> String? {
        let scalars = Array(text.unicodeScalars)
        guard let i = scalars.firstIndex(where: isRawControl) else { return nil }
        let context = String(String.UnicodeScalarView(scalars[max(0, i - 30)..<min(scalars.count, i + 10)]))
        return String(format: "U+%04X", scalars[i].value) + " in …\(context.debugDescription)…"
    }

    /// Output with the board directory's path taken off, so paths read `usecases/UC-0001.yaml`.
    static func relative(_ text: String, to dir: String) -> String {
        text.replacingOccurrences(of: dir + "/", with: "")
    }

    /// A copy of a board directory (tests mutate copies of one prepared board).
    static func copyBoard(_ from: String) throws -> URL {
        let to = FileManager.default.temporaryDirectory.appendingPathComponent("gateboard-rel-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: from, toPath: to.path)
        return to
    }

    /// SplitMix64: deterministic randomness.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }
}
