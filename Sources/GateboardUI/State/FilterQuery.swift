import GateboardCore

/// What `/` understands besides text (the k9s and vit habit): `me` (use cases you own a role
/// of), `stalled` (past the stage's SLA), `tier:high`, `stage:checkpoint` (a prefix of the id
/// is enough), and words matched against id, title and owner ids and names. Every term must
/// match. Text without such terms is matched as one phrase, as before.
struct FilterQuery {
    var words: [String] = []
    var me = false
    var stalled = false
    var tier: String?
    var stage: String?

    init(_ text: String) {
        for term in text.lowercased().split(separator: " ").map(String.init) {
            switch term {
            case "me": me = true
            case "stalled": stalled = true
            default:
                if term.hasPrefix("tier:") { tier = String(term.dropFirst(5)) }
                else if term.hasPrefix("stage:") { stage = String(term.dropFirst(6)) }
                else { words.append(term) }
            }
        }
    }

    /// No term but text: the plain phrase search.
    var isPlain: Bool { !me && !stalled && tier == nil && stage == nil }

    func matches(_ uc: UseCase, state: AppState) -> Bool {
        if me, !(state.actor.map { uc.owners.values.contains($0) } ?? false) { return false }
        if let tier, !uc.tier.lowercased().hasPrefix(tier) { return false }
        if let stage, !uc.stage.lowercased().hasPrefix(stage) { return false }
        if stalled, !state.gate(uc).clock.stalled { return false }
        return true
    }
}

extension BoardIndex {
    /// Indices per column of the use cases whose search text holds every word and that `keep` accepts.
    func columns(words: [String], where keep: (Int) -> Bool) -> [[Int]] {
        var cols = Array(repeating: [Int](), count: stages.count)
        let needles = words.map { Array($0.utf8) }
        for i in 0..<haystacks.count {
            guard let c = stageOf[i] else { continue }
            if needles.allSatisfy({ BoardIndex.contains(haystacks[i], $0) }), keep(i) { cols[c].append(i) }
        }
        return cols
    }
}
