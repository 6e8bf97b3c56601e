import GateboardCore

/// Triage marks: space marks several entries, then `o` `x` `p` `d` `c` ask for the form once and
/// perform the same governed action on every marked use case, each through `BoardStore.perform`.
extension AppState {
    /// The marked use cases in list order (the order the actions are performed in).
    public var markedTargets: [UseCaseID] {
        guard let q = queue, q.view == .triage else { return [] }
        return q.rows.map(\.id).filter { marked.contains($0) }
    }

    /// Keys the triage list handles itself; nil when the key means what it means elsewhere.
    mutating func handleTriageKey(_ key: Key) -> [Effect]? {
        switch key {
        case .char(" "):
            guard let q = queue, let row = q.rows[safe: q.index] else { return [] }
            if marked.contains(row.id) { marked.remove(row.id) } else { marked.insert(row.id) }
            // On to the next entry, so a run of space marks a run of entries.
            if q.index + 1 < q.rows.count { moveInQueue(.down) }
            return []
        case .escape where !marked.isEmpty:
            message = .init(kind: .info, text: "\(marked.count) mark\(marked.count == 1 ? "" : "s") cleared")
            marked = []
            return []
        case .char(let c) where "oxpdc".contains(c) && !marked.isEmpty:
            return markedActionKey(c)
        case .char("t"):
            triageByTemplate.toggle()
            refreshTriage()
            message = .init(kind: .info, text: triageByTemplate ? "triage grouped by template (t: one list, worst first)" : "triage: one list, worst first (t groups by template)")
            return []
        default:
            return nil
        }
    }

    /// Opens the form (or picker) once for every marked use case.
    mutating func markedActionKey(_ c: Character) -> [Effect] {
        guard actor != nil else {
            message = .init(kind: .error, text: "read-only: set GATEBOARD_USER or use --as PERSON to act on the board")
            return []
        }
        let targets = markedTargets
        guard let first = targets.first else { marked = []; return [] }
        let count = "\(targets.count) marked"
        let notes = markedNotes(targets)
        switch c {
        case "c":
            var f = Form(title: "Comment on \(count)", subject: first, purpose: .comment,
                         fields: [.init("Comment", required: true)], notes: notes)
            f.targets = targets
            modal = .form(f)
        case "p":
            var f = Form(title: "Park \(count)", subject: first, purpose: .park,
                         fields: [.init("Reason", required: true),
                                  .init("Review", kind: .day, required: true, hint: RelativeDay.hint + ": when to look again")],
                         notes: notes)
            f.targets = targets
            modal = .form(f)
        case "d":
            var f = Form(title: "Retire \(count)", subject: first, purpose: .retire,
                         fields: [.init("Reason", required: true)],
                         notes: notes + ["Retired use cases leave the board; the history stays in the audit log."])
            f.targets = targets
            modal = .form(f)
        case "x":
            var p = Picker(title: "Escalate \(count) to", subject: first, purpose: .escalateTo,
                           options: policy.people.map { personOption($0, on: nil) })
            p.targets = targets
            modal = .picker(p)
        case "o":
            let cases = targets.compactMap { board.useCase($0) }
            var p = Picker(title: "Assign an owner of \(count): role", subject: first, purpose: .assignRole,
                           options: policy.roles.map { role in
                               let missing = cases.filter { $0.owners[role.id] == nil }.count
                               return .init(value: role.id, label: role.name,
                                            detail: missing == 0 ? "named on all" : "\(glyphs.missing) missing on \(missing) of \(cases.count)")
                           })
            p.targets = targets
            modal = .picker(p)
        default:
            break
        }
        return []
    }

    /// What the form will act on: the marked ids and titles, a few of them.
    func markedNotes(_ targets: [UseCaseID]) -> [String] {
        var lines = targets.prefix(4).map { id in "\(id) \(board.useCase(id).map { TerminalSafe.escape($0.title) } ?? "")" }
        if targets.count > 4 { lines.append("and \(targets.count - 4) more") }
        return lines
    }

    /// The effect that records `action`: on the subject alone, or on every marked use case.
    func performEffect(_ action: Action, subject: UseCaseID?, targets: [UseCaseID]) -> Effect {
        targets.isEmpty ? .perform(action, on: subject) : .performAll(action, on: targets)
    }
}
