import Foundation
import GateboardCore
import Yams

extension PolicyParser {
    /// `away: [{person, from, until, note?}]`: people on leave. Unknown people, a period that
    /// ends before it starts: located diagnostics.
    static func parseAway(_ r: NodeReader, _ node: Node, people: [Person]) -> [AwayPeriod] {
        guard let items = r.list(node, "away") else { return [] }
        var out: [AwayPeriod] = []
        for item in items {
            guard let f = r.mapping(item, "away entry", known: ["person", "from", "until", "note"],
                                    required: ["person", "from", "until"]),
                  let pn = f["person"], let person = r.string(pn, "away.person", allowEmpty: false),
                  let from = f["from"].flatMap({ r.day($0, "away.from") }),
                  let un = f["until"], let until = r.day(un, "away.until") else { continue }
            guard people.contains(where: { $0.id == person }) else {
                var m = "away.person: unknown person '\(TerminalSafe.escape(person))'"
                if let near = Suggestion.nearest(person, in: people.map(\.id)) { m += " (did you mean '\(near)'?)" }
                r.problem(pn, m)
                continue
            }
            guard from <= until else {
                r.problem(un, "away.until: \(until) is before away.from \(from)")
                continue
            }
            out.append(AwayPeriod(person: person, from: from, until: until, note: f["note"].flatMap { r.optionalString($0, "away.note") }))
        }
        return out
    }
}
