import Foundation
import GateboardCore
import Yams

extension PolicyParser {
    /// `screening: {overrideRole?, questions: [{id, text, kind, choices?}], rules: [{id, when,
    /// tier?, controls?, gate?, reason}]}`. Duplicate ids, a rule naming an unknown question or
    /// choice, a question without choices (or a yes/no one with some): located diagnostics.
    /// Unknown tiers, controls, stages and roles are reported with the policy's other references.
    static func parseScreening(_ r: NodeReader, _ node: Node, _ refs: inout References) -> Screening {
        var s = Screening()
        guard let f = r.mapping(node, "screening", known: ["overrideRole", "questions", "rules"], required: ["questions"]) else { return s }
        if let n = f["overrideRole"], let role = r.string(n, "screening.overrideRole", allowEmpty: false) {
            s.overrideRole = role
            refs.role(role, n, "screening.overrideRole")
        } else {
            refs.role(s.overrideRole, node, "screening.overrideRole (default)")
        }
        if let n = f["questions"] { s.questions = parseQuestions(r, n) }
        if let n = f["rules"] { s.rules = parseScreeningRules(r, n, questions: s.questions, &refs) }
        return s
    }

    static func parseQuestions(_ r: NodeReader, _ node: Node) -> [ScreeningQuestion] {
        guard let items = r.list(node, "screening.questions") else { return [] }
        var out: [ScreeningQuestion] = []
        var ids: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "screening question", known: ["id", "text", "kind", "choices"], required: ["id", "text", "kind"]),
                  let idNode = f["id"], let id = r.string(idNode, "screening question id", allowEmpty: false),
                  let text = f["text"].flatMap({ r.string($0, "screening question \(TerminalSafe.escape(id)) text", allowEmpty: false) }),
                  let kn = f["kind"], let k = r.string(kn, "screening question \(TerminalSafe.escape(id)) kind") else { continue }
            ids.append((id, idNode))
            guard let kind = ScreeningKind(rawValue: k) else {
                r.problem(kn, "screening question \(TerminalSafe.escape(id)): unknown kind '\(TerminalSafe.escape(k))' (kinds: yesno, choice, multi)")
                continue
            }
            var choices: [ScreeningChoice] = []
            var choiceIDs: [(String, Node)] = []
            if let cn = f["choices"], let list = r.list(cn, "screening question \(TerminalSafe.escape(id)) choices") {
                for c in list {
                    guard let cf = r.mapping(c, "choice", known: ["id", "text"], required: ["id", "text"]),
                          let cin = cf["id"], let cid = r.string(cin, "choice id", allowEmpty: false),
                          let ctext = cf["text"].flatMap({ r.string($0, "choice \(TerminalSafe.escape(cid)) text", allowEmpty: false) }) else { continue }
                    choiceIDs.append((cid, cin))
                    choices.append(ScreeningChoice(id: cid, text: ctext))
                }
            }
            checkIDs(r, choiceIDs, "choice id of question \(TerminalSafe.escape(id))")
            if kind == .yesno, let cn = f["choices"] {
                r.problem(cn, "screening question \(TerminalSafe.escape(id)): a yesno question takes no choices (its answers are yes and no)")
            } else if kind != .yesno, choices.count < 2 {
                r.problem(f["choices"] ?? item, "screening question \(TerminalSafe.escape(id)): a \(kind.rawValue) question needs at least two choices")
            }
            out.append(ScreeningQuestion(id: id, text: text, kind: kind, choices: kind == .yesno ? [] : choices))
        }
        checkIDs(r, ids, "screening question id")
        return out
    }

    static func parseScreeningRules(_ r: NodeReader, _ node: Node, questions: [ScreeningQuestion],
                                    _ refs: inout References) -> [ScreeningRule] {
        guard let items = r.list(node, "screening.rules") else { return [] }
        var out: [ScreeningRule] = []
        var ids: [(String, Node)] = []
        for item in items {
            guard let f = r.mapping(item, "screening rule", known: ["id", "when", "tier", "controls", "gate", "reason"],
                                    required: ["id", "when", "reason"]),
                  let idNode = f["id"], let id = r.string(idNode, "screening rule id", allowEmpty: false) else { continue }
            ids.append((id, idNode))
            let what = "screening rule \(TerminalSafe.escape(id))"
            let reason = f["reason"].flatMap { r.string($0, "\(what) reason", allowEmpty: false) } ?? ""
            var when: [ScreeningCondition] = []
            let conditions = f["when"].flatMap { r.keyed($0, "\(what) when") }
            for (qid, keyNode, value) in conditions ?? [] {
                guard let q = questions.first(where: { $0.id == qid }) else {
                    var m = "\(what): unknown question '\(TerminalSafe.escape(qid))'"
                    if let near = Suggestion.nearest(qid, in: questions.map(\.id)) { m += " (did you mean '\(near)'?)" }
                    r.problem(keyNode, m)
                    continue
                }
                let values: [(String, Node)]
                if case .sequence = value { values = r.strings(value, "\(what) when.\(qid)") ?? [] }
                else { values = r.string(value, "\(what) when.\(qid)", allowEmpty: false).map { [($0, value)] } ?? [] }
                for (v, vn) in values where !q.allowed.contains(v) {
                    var m = "\(what): '\(TerminalSafe.escape(v))' is not an answer to question \(qid) (answers: \(q.allowed.joined(separator: ", ")))"
                    if let near = Suggestion.nearest(v, in: q.allowed) { m += "; did you mean '\(near)'?" }
                    r.problem(vn, m)
                }
                when.append(ScreeningCondition(question: qid, anyOf: values.map(\.0)))
            }
            if conditions?.isEmpty == true { r.problem(f["when"], "\(what): when needs at least one question and its answers") }
            let tier = r.optionalString(f["tier"], "\(what) tier")
            if let tier, let n = f["tier"] { refs.tier(tier, n, what) }
            var controls: [ControlID] = []
            for (c, cn) in f["controls"].flatMap({ r.strings($0, "\(what) controls") }) ?? [] {
                refs.control(c, cn, what)
                controls.append(c)
            }
            let gate = r.optionalString(f["gate"], "\(what) gate")
            if let gate, let n = f["gate"] { refs.stage(gate, n, "\(what) gate") }
            if !controls.isEmpty && gate == nil {
                r.problem(f["controls"], "\(what): controls need a gate (the stage whose gate they are added to)")
            }
            if tier == nil && controls.isEmpty {
                r.problem(item, "\(what): a rule proposes a tier, adds controls, or both")
            }
            out.append(ScreeningRule(id: id, when: when, tier: tier, controls: controls, gate: gate, reason: reason))
        }
        checkIDs(r, ids, "screening rule id")
        return out
    }
}
