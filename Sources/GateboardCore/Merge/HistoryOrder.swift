import Foundation

/// The deterministic order of a merged history: the longest common prefix of the two
/// sides, then the rest of every side interleaved — each side keeps its own order, and at
/// each step the earliest head by (`at`, `id`) goes first. An event already placed is not
/// placed again. The procedure only compares events, never sides, so merging A into B and
/// B into A give the same order.
enum HistoryOrder {
    static func merge(_ sequences: [[AuditEvent]]) throws(MergeError) -> [AuditEvent] {
        var byID: [String: AuditEvent] = [:]
        for seq in sequences {
            for e in seq {
                if let known = byID[e.id] {
                    guard known.sameRecord(as: e) else { throw .divergentEvent(id: e.id) }
                } else {
                    byID[e.id] = e
                }
            }
        }
        guard sequences.count >= 2 else { return sequences.first ?? [] }
        let a = sequences[0], b = sequences[1]
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix].id == b[prefix].id { prefix += 1 }
        var result = Array(a[..<prefix])
        var placed = Set(result.map(\.id))
        var rests = sequences.map { Array($0[min(prefix, $0.count)...]) }
        if sequences.count > 2 {
            // A base is not a side: its events are placed only if neither side kept them.
            for i in 2..<rests.count { rests[i] = sequences[i] }
        }
        var heads = Array(repeating: 0, count: rests.count)
        while true {
            var best: (index: Int, event: AuditEvent)?
            for i in rests.indices {
                while heads[i] < rests[i].count, placed.contains(rests[i][heads[i]].id) { heads[i] += 1 }
                guard heads[i] < rests[i].count else { continue }
                let e = rests[i][heads[i]]
                if let b = best, !precedes(e, b.event) { continue }
                best = (i, e)
            }
            guard let pick = best else { break }
            result.append(pick.event)
            placed.insert(pick.event.id)
            heads[pick.index] += 1
        }
        return result
    }

    static func precedes(_ x: AuditEvent, _ y: AuditEvent) -> Bool {
        x.at != y.at ? x.at < y.at : x.id < y.id
    }
}
