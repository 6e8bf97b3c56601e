import Foundation
import GateboardCore

/// The parsed policy, kept as JSON in `<board>/.gateboard/policy.json` under the XXH64 checksum
/// of the policy file it was parsed from: the same bytes always parse to the same policy, and
/// parsing the YAML (through libyaml and Yams) was a tenth of every command on a large board.
/// Anything unexpected (another checksum, damage, an older format) means: parse the YAML.
enum PolicyCache {
    static let format = "gateboard-policy-cache-5"

    static func path(root: URL) -> String { root.appendingPathComponent(".gateboard/policy.json").path }

    struct Stored: Codable {
        var format: String
        var digest: UInt64
        var policy: Policy
    }

    static func read(root: URL, digest: UInt64) -> Policy? {
        let board = BoardDirectory(root: root.standardizedFileURL.path)
        guard case .success(let bytes) = BoardFileText.readBytes(board, path: path(root: root), display: "", limit: 4 << 20),
              let stored = try? JSONDecoder().decode(Stored.self, from: Data(bytes)),
              stored.format == format, stored.digest == digest else { return nil }
        return stored.policy
    }

    /// Temp file and rename; failures are ignored: it is only a cache.
    static func write(_ policy: Policy, root: URL, digest: UInt64) {
        guard let data = try? JSONEncoder().encode(Stored(format: format, digest: digest, policy: policy)) else { return }
        let board = BoardDirectory(root: root.standardizedFileURL.path)
        try? DurableFiles(board: board).replace(path(root: root), with: Array(data), durable: false)
    }
}
