import GateboardCore

/// `D`: delegations in the TUI, with the same rules and the same store action as
/// `gateboard delegate`. The list shows what you gave and received; `n` picks a delegate (only
/// people the engine would accept), then a form takes the days and the role; `c` cancels one of
/// yours after a confirmation. Each step asks the engine first, so nothing opens only to fail,
/// and a refusal after submit keeps the form open with the reason.
extension AppState {
    mutating func openDelegations() {
        modal = .delegations(DelegationsList())
    }

    mutating func handleDelegationsKey(_ key: Key, _ list: DelegationsList) -> [Effect] {
        var l = list
        let count = delegationRows.count
        l.index = max(0, min(l.index, count - 1))
        switch key {
        case .escape, .char("D"): modal = nil; return []
        case .char("j"), .down: l.index = min(max(0, count - 1), l.index + 1)
        case .char("k"), .up: l.index = max(0, l.index - 1)
        case .char("g"), .home: l.index = 0
        case .char("G"), .end: l.index = max(0, count - 1)
        case .char("n"):
            if let reason = cannotDelegate() {
                message = .init(kind: .error, text: "delegate is unavailable: " + reason)
                return []
            }
            openDelegatePicker()
            return []
        case .char("c"):
            guard let d = highlightedDelegation(l) else {
                message = .init(kind: .error, text: "no delegation to cancel")
                return []
            }
            if let reason = cannotCancel(d) {
                message = .init(kind: .error, text: "cancel is unavailable: " + reason)
                return []
            }
            modal = .confirmCancelDelegation(d)
            return []
        default: break
        }
        modal = .delegations(l)
        return []
    }

    /// Why `n` would only end in a refusal, nil when someone may be named.
    func cannotDelegate() -> String? {
        guard let actor else { return "read-only: set GATEBOARD_USER or use --as PERSON to delegate" }
        guard let me = policy.person(actor), !me.roles.isEmpty else { return "\(personName(actor)) holds no role: there is nothing to delegate" }
        guard !Delegations.delegates(of: actor, policy: policy).isEmpty else {
            return "nobody else in the policy holds " + me.roles.map(roleWords).joined(separator: ", ") + ": there is no one to delegate to"
        }
        return nil
    }

    /// Why `c` on `d` would only end in a refusal: only the delegator cancels, and only what
    /// has not ended (the rows are those already).
    func cannotCancel(_ d: Delegation) -> String? {
        guard let actor else { return "read-only: set GATEBOARD_USER or use --as PERSON to cancel a delegation" }
        guard d.from == actor else { return "only \(personName(d.from)), who gave it, may cancel it" }
        guard d.current(at: now) else { return "it has ended" }
        return nil
    }

    mutating func openDelegatePicker() {
        guard let actor else { return }
        let options = Delegations.delegates(of: actor, policy: policy).map { p in
            Picker.Option(value: p.id, label: TerminalSafe.escape(p.name),
                          detail: Delegations.roles(from: actor, to: p.id, policy: policy).map(roleWords).joined(separator: ", ")
                            + (p.function.isEmpty ? "" : " \(glyphs.bullet) " + TerminalSafe.escape(p.function)))
        }
        modal = .picker(Picker(title: "Delegate your decisions to \(glyphs.bullet) from \(personName(actor))", subject: "",
                               purpose: .delegateTo, options: options))
    }

    /// The delegate is chosen: the form for the days and the role.
    mutating func pickedDelegate(_ person: PersonID) {
        guard let actor else { modal = nil; return }
        let roles = Delegations.roles(from: actor, to: person, policy: policy)
        guard !roles.isEmpty else {
            modal = nil
            message = .init(kind: .error, text: "\(personName(person)) may not decide for \(personName(actor)) in any role")
            return
        }
        modal = .form(Form(title: "Delegate to \(personName(person)) \(glyphs.bullet) from \(personName(actor))", subject: nil,
                           purpose: .delegate(person), fields: [
                               .init("Until", kind: .day, required: true, hint: RelativeDay.hint + ": the last day covered"),
                               .init("From", kind: .day, hint: "the first day covered; empty: today"),
                               .init("Role", kind: .choice(roles), hint: roles.count > 1 ? "\u{2190}/\u{2192} to change" : nil),
                           ], notes: ["\(personName(person)) may approve and reject for you where you are named for the role,",
                                      "recorded \"by \(personName(person)) for \(personName(actor))\"; a board event, like gateboard delegate."]))
    }

    /// The form's delegation, asked of the engine as the store will (the days, the people, no
    /// overlap, nothing circular): a refusal stays in the form.
    mutating func submitDelegation(_ form: Form, to person: PersonID) -> [Effect] {
        var f = form
        guard let actor else { return [] }
        let today = Day(containing: now)
        let until = RelativeDay.parse(f.value("Until"), today: today)!
        let start = f.value("From").isEmpty ? nil : RelativeDay.parse(f.value("From"), today: today)
        let role = f.value("Role")
        let d = Delegation(id: "", from: actor, to: person, role: role, start: start ?? today, until: until, recordedAt: now)
        do {
            try policy.delegations.check(d, policy: policy, now: now)
        } catch {
            f.error = "refused: " + TerminalSafe.escape(error.message)
            modal = .form(f)
            return []
        }
        f.submitted = true
        f.error = nil
        modal = .form(f)
        return [.delegate(to: person, role: role, start: start, until: until)]
    }

    mutating func confirmedCancel(_ key: Key, _ d: Delegation) -> [Effect] {
        modal = .delegations(DelegationsList())
        guard key == .char("y") || key == .char("Y") else {
            message = .init(kind: .info, text: "delegation not cancelled")
            return []
        }
        // Asked again: a reload may have brought its cancellation from another terminal.
        guard let current = policy.delegations.delegation(d.id), cannotCancel(current) == nil else {
            message = .init(kind: .error, text: "refused: that delegation is no longer in force or to come (ended, or cancelled meanwhile): nothing to cancel")
            return []
        }
        return [.cancelDelegation(d.id)]
    }

    mutating func delegationRecorded(_ text: String) -> [Effect] {
        // The form closes onto the list, which shows the new row once the board is reloaded.
        if answerSubmittedForm(error: nil) { modal = .delegations(DelegationsList()) }
        message = .init(kind: .info, text: text)
        return [.reload]
    }
}
