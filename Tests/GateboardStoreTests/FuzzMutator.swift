import Foundation

/// A seeded random mutator for board files: byte flips, random bytes, deletions, duplicated
/// and moved ranges, and splices of YAML syntax, so most inputs stay close enough to YAML to
/// reach the parsers' deeper checks rather than dying in the first scanner error.
struct FuzzMutator {
    var rng: SeededRandom

    init(seed: UInt64) { rng = SeededRandom(seed: seed) }

    /// YAML and board tokens worth splicing in: indicators, anchors and aliases, tags, block
    /// scalars, document markers, keywords, hostile characters, conflict markers, keys.
    static let tokens: [[UInt8]] = ([
        ": ", "- ", "-", ":", "[", "]", "{", "}", ",", "? ", "&a ", "*a", "&x [*x, *x]", "!!str ", "!!int ", "!!binary ",
        "!foo ", "|", ">", "|-\n  ", "#", "\"", "'", "\\", "\\u", "\n", "\n  ", "\n    ", "\t", "---\n", "...\n",
        "~", "null", "true", "no", "0x1F", "1e400", "-0", "99999999999999999999", ".nan", "2026-02-30", "2026-11-01T25:00:00Z",
        "%YAML 1.1\n", "<<: ", "<<<<<<< HEAD\n", "=======\n", ">>>>>>> theirs\n", "\u{1B}[31m", "\u{9B}", "\u{202E}",
        "\u{200B}", "\u{FEFF}", "é", "日本", "schema: 2\n", "id: UC-0002\n", "id: ../etc/passwd", "tier: extreme",
        "stage: nowhere", "owners:\n  ceo: alex\n", "audit:\n  seq: 1\n", "controls:\n", "approvals:\n  - person: alex\n",
        "people:\n", "stages: []\n", "gates:\n  - from: x\n", "roles: 7\n", "quorum: -1", "quorum: 1000000",
    ] as [String]).map { Array($0.utf8) }

    mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(rng.next() % UInt64(n)) }

    /// One to four mutations of `input`.
    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + below(4)) { mutateOnce(&bytes) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let n = bytes.count
        switch below(10) {
        case 0:   // flip a bit
            guard n > 0 else { return }
            bytes[below(n)] ^= UInt8(1 << below(8))
        case 1:   // a random byte, anywhere in 0...255
            bytes.insert(UInt8(below(256)), at: below(n + 1))
        case 2:   // replace a byte with an interesting one
            guard n > 0 else { return }
            let interesting: [UInt8] = [0, 0x0A, 0x0D, 0x09, 0x20, 0x22, 0x27, 0x3A, 0x2D, 0x7F, 0x80, 0xC3, 0xE2, 0xF0, 0xFF]
            bytes[below(n)] = interesting[below(interesting.count)]
        case 3:   // delete a range
            guard n > 0 else { return }
            let at = below(n)
            bytes.removeSubrange(at..<min(n, at + 1 + below(24)))
        case 4:   // duplicate a range in place
            guard n > 0 else { return }
            let at = below(n)
            let slice = bytes[at..<min(n, at + 1 + below(64))]
            bytes.insert(contentsOf: slice, at: at)
        case 5:   // copy a range elsewhere
            guard n > 0 else { return }
            let at = below(n)
            let slice = Array(bytes[at..<min(n, at + 1 + below(80))])
            bytes.insert(contentsOf: slice, at: below(n + 1))
        case 6, 7:   // splice a token
            let token = Self.tokens[below(Self.tokens.count)]
            bytes.insert(contentsOf: token, at: below(n + 1))
        case 8:   // swap two lines
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
            guard lines.count > 2 else { return }
            lines.swapAt(below(lines.count), below(lines.count))
            bytes = Array(lines.joined(separator: [0x0A]))
        default:  // change the indentation of a line
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { return }
            let i = below(lines.count)
            if below(2) == 0 { lines[i].insert(contentsOf: [UInt8](repeating: 0x20, count: 1 + below(4)), at: 0) } else {
                lines[i].removeFirst(min(lines[i].count, 1 + below(4)))
            }
            bytes = Array(lines.joined(separator: [0x0A]))
        }
    }
}
