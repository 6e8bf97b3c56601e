import GateboardCore

extension AppState {
    /// A person in a picker (assign, escalate): their name, and what they hold on this use case
    /// ("risk · holds Risk reviewer, Change approver"), so the choice is made knowing who is
    /// already on it. `uc` nil (several marked use cases): their function only.
    func personOption(_ person: Person, on uc: UseCase?) -> Picker.Option {
        var detail = TerminalSafe.escape(person.function)
        if let uc {
            let held = policy.roles.filter { uc.owners[$0.id] == person.id }.map { TerminalSafe.escape($0.name) }
            detail += (detail.isEmpty ? "" : " \(glyphs.bullet) ") + (held.isEmpty ? "holds nothing here" : "holds " + held.joined(separator: ", "))
        }
        return .init(value: person.id, label: TerminalSafe.escape(person.name), detail: detail)
    }
}
