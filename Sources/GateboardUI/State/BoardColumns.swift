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
        var hay: [[UInt8]] = []
        var stageOf: [Int?] = []
        hay.reserveCapacity(board.useCases.count)
        for uc in board.useCases {
            var parts = [uc.id, uc.title]
            for (_, person) in uc.owners.sorted(by: { $0.key < $1.key }) {
                parts.append(person)
                if let p = board.policy.person(person) { parts.append(p.name) }
            }
            hay.append(Array(parts.joined(separator: "\u{1}").lowercased().utf8))
            stageOf.append(position[uc.stage])
        }
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
