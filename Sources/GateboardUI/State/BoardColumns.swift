import GateboardCore

/// The board's use cases sorted into active-stage columns, with a lowercase search text per
/// use case (id, title, owner ids and names) prepared once per load so filtering is a byte scan.
public struct BoardIndex: Sendable {
    public let stages: [Stage]
    /// Per use case (same order as `board.useCases`): lowercased UTF-8 haystack.
    let haystacks: [[UInt8]]
    let stageOf: [Int?]

    public init(board: Board) {
        stages = board.policy.activeStages
        var position: [StageID: Int] = [:]
        for (i, s) in stages.enumerated() { position[s.id] = i }
        // Person names looked up once, then every haystack built on every core: on 10,000
        // use cases this was a third of the first frame.
        let names = Dictionary(board.policy.people.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let useCases = board.useCases
        let n = useCases.count
        let hay = ParallelWork.map(count: n, workers: n >= 512 ? ParallelWork.defaultWorkers : 1, batch: 256) { i in
            let uc = useCases[i]
            var bytes: [UInt8] = []
            bytes.reserveCapacity(uc.title.utf8.count + 64)
            BoardIndex.appendLowered(uc.id, to: &bytes)
            bytes.append(1)
            BoardIndex.appendLowered(uc.title, to: &bytes)
            for (_, person) in uc.owners.sorted(by: { $0.key < $1.key }) {
                bytes.append(1)
                BoardIndex.appendLowered(person, to: &bytes)
                if let name = names[person] {
                    bytes.append(1)
                    BoardIndex.appendLowered(name, to: &bytes)
                }
            }
            return bytes
        }
        let stageOf = useCases.map { position[$0.stage] }
        haystacks = hay
        self.stageOf = stageOf
    }

    /// Indices into `board.useCases` per column, keeping those that match `filter`.
    public func columns(filter: String) -> [[Int]] {
        var cols = Array(repeating: [Int](), count: stages.count)
        let needle = Array(filter.lowercased().utf8)
        for i in 0..<haystacks.count {
            guard let c = stageOf[i] else { continue }
            if needle.isEmpty || BoardIndex.contains(haystacks[i], needle) { cols[c].append(i) }
        }
        return cols
    }

    /// Appends the text lower-cased, as UTF-8: by byte when it is ASCII, through Unicode
    /// (`lowercased()`) otherwise.
    static func appendLowered(_ text: String, to bytes: inout [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: text.utf8)
        for i in start..<bytes.count {
            let b = bytes[i]
            if b >= 0x80 {
                bytes.removeSubrange(start...)
                bytes.append(contentsOf: text.lowercased().utf8)
                return
            }
            if b >= 0x41 && b <= 0x5A { bytes[i] = b + 0x20 }
        }
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        let n = needle.count, h = hay.count
        guard n <= h else { return false }
        let first = needle[0]
        var i = 0
        while i <= h - n {
            if hay[i] == first {
                var j = 1
                while j < n && hay[i + j] == needle[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}
