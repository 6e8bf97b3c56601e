import GateboardCore

/// Keys while a modal is open: forms, pickers, help, blockers, the quit confirmation.
extension AppState {
    mutating func handleModal(_ key: Key) -> [Effect] {
        guard let m = modal else { return [] }
        switch m {
        case .help:
            let page = max(1, height - 6)
            switch key {
            case .escape, .enter, .char("?"), .char("q"), .char(" "): modal = nil; helpScroll = 0
            case .char("j"), .down: helpScroll += 1
            case .char("k"), .up: helpScroll -= 1
            case .pageDown: helpScroll += page
            case .pageUp: helpScroll -= page
            case .char("g"), .home: helpScroll = 0
            case .char("G"), .end: helpScroll = Int.max / 2
            default: break
            }
            helpScroll = max(0, min(helpScroll, ModalView.helpMaxScroll(self)))
            return []
        case .blockers:
            switch key {
            case .escape, .enter, .char("?"), .char("q"), .char(" "): modal = nil
            default: break
            }
            return []
        case .confirmMark:
            modal = nil
            if key == .char("y") || key == .char("Y") { return [.markStandup] }
            message = .init(kind: .info, text: "stand-up not marked")
            return []
        case .delegations(let list): return handleDelegationsKey(key, list)
        case .confirmCancelDelegation(let d): return confirmedCancel(key, d)
        case .confirmQuit(let form):
            if key == .char("y") || key == .char("Y") { return [.quit] }
            modal = .form(form)
            return []
        case .picker(var p):
            switch key {
            // Letters type ahead (a name, a role); the arrows choose.
            case .escape: modal = nil
            case .down, .ctrl("n"): p.index = min(p.shown.count - 1, p.index + 1); modal = .picker(p)
            case .up, .ctrl("p"): p.index = max(0, p.index - 1); modal = .picker(p)
            case .home: p.index = 0; modal = .picker(p)
            case .end: p.index = max(0, p.shown.count - 1); modal = .picker(p)
            case .backspace: p.type(nil); modal = .picker(p)
            case .char(let c): p.type(c); modal = .picker(p)
            case .enter:
                guard let option = p.chosen else {
                    message = .init(kind: .info, text: "nothing matches \"\(TerminalSafe.escape(p.query))\": Backspace widens")
                    return []
                }
                return picked(p, option.value)
            default: break
            }
            return []
        case .form(var f):
            if f.walk?.step != nil || f.isWalkOnly, key != .escape { return handleScreeningWalk(key, f) }
            switch key {
            case .escape:
                modal = nil
                message = .init(kind: .info, text: "cancelled")
                return []
            case .tab, .down:
                f.focus = (f.focus + 1) % f.fields.count
            case .backTab, .up:
                f.focus = (f.focus + f.fields.count - 1) % f.fields.count
            case .enter:
                if var w = f.walk, !w.reviewed {
                    w.go(to: 0)
                    f.walk = w
                    modal = .form(f)
                    return []
                }
                return submit(f)
            default:
                if case .choice(let options) = f.fields[f.focus].kind {
                    switch key {
                    case .left, .char("h"):
                        f.fields[f.focus].choice = (f.fields[f.focus].choice + options.count - 1) % max(1, options.count)
                    case .right, .char("l"), .char(" "):
                        f.fields[f.focus].choice = (f.fields[f.focus].choice + 1) % max(1, options.count)
                    case .char("q"):
                        if f.hasUnsavedInput { modal = .confirmQuit(f); return [] }
                        return [.quit]
                    default: break
                    }
                } else {
                    _ = f.fields[f.focus].input.handle(key)
                }
                f.error = nil
            }
            modal = .form(f)
            return []
        }
    }

    mutating func picked(_ p: Picker, _ value: String) -> [Effect] {
        if p.purpose == .delegateTo { pickedDelegate(value); return [] }
        let id = p.subject
        guard let uc = board.useCase(id) else { modal = nil; return [] }
        switch p.purpose {
        case .assignRole:
            // Only people the engine would accept (on the first marked use case for marks).
            let people = p.targets.isEmpty ? assignablePeople(value, uc) : policy.people.filter { $0.roles.contains(value) }
            guard !people.isEmpty else {
                modal = nil
                message = .init(kind: .error, text: "nobody in the policy may hold the role \(value) on \(id)")
                return []
            }
            let roleName = policy.role(value)?.name ?? value
            let of = p.targets.isEmpty ? subjectLine(uc) : "\(p.targets.count) marked"
            var next = Picker(title: "\(roleName) of \(of)", subject: id, purpose: .assignPerson(value),
                              options: people.map { personOption($0, on: p.targets.isEmpty ? uc : nil) })
            next.targets = p.targets
            modal = .picker(next)
            return []
        case .assignPerson(let role):
            modal = nil
            return [performEffect(.assign(role: role, person: value), subject: id, targets: p.targets)]
        case .returnStage:
            modal = .form(Form(title: "Return \(subjectLine(uc)) to \(value)", subject: id, purpose: .returnTo(value),
                               fields: [.init("Comment", required: true, hint: "why it goes back")]))
            return []
        case .evidenceControl:
            let kind = policy.control(value)?.kind
            if kind == .attestation {
                modal = .form(Form(title: "Attest \(value) for \(subjectLine(uc))", subject: id, purpose: .attest(value),
                                   fields: [.init("Note", hint: "optional")]))
            } else {
                modal = .form(Form(title: "Evidence \(value) for \(subjectLine(uc))", subject: id, purpose: .evidence(value),
                                   fields: [.init("Reference", required: true, hint: "path, URL or commit"),
                                            .init("Note", hint: "optional")]))
            }
            return []
        case .waiveControl:
            let maxDays = policy.waivers.maxDays[uc.tier]
            let hint = maxDays.map { "\(RelativeDay.hint); at most \($0) days (by \(Day(containing: now).adding(days: $0)))" } ?? RelativeDay.hint
            modal = .form(Form(title: "Waive \(value) on \(subjectLine(uc))", subject: id, purpose: .waive(value),
                               fields: [.init("Reason", required: true, hint: "the justification stays visible"),
                                        .init("Until", kind: .day, required: true, hint: hint)]))
            return []
        case .escalateTo:
            let what = p.targets.isEmpty ? subjectLine(uc) : "\(p.targets.count) marked"
            var f = Form(title: "Escalate \(what) to \(personName(value))", subject: id, purpose: .escalate(value),
                         fields: [.init("Reason", required: true, hint: "what decision is needed")],
                         notes: p.targets.isEmpty ? [] : markedNotes(p.targets))
            f.targets = p.targets
            modal = .form(f)
            return []
        case .openReference:
            modal = nil
            return [.openReference(value)]
        case .copyReference:
            modal = nil
            return [.copyReference(value)]
        case .delegateTo: return []
        case .editField:
            modal = nil
            guard let field = EditableField(rawValue: value) else { return [] }
            let text: String
            switch field {
            case .problem: text = uc.problem
            case .metric: text = uc.metric
            case .title: text = uc.title
            }
            return [.openEditor(id, field: field, text: text)]
        }
    }

    /// Validates the form; on success closes it and asks the loop to perform the action.
    mutating func submit(_ form: Form) -> [Effect] {
        if form.purpose == .standupSince { return submitSince(form) }
        var f = form
        for (i, field) in f.fields.enumerated() {
            if field.required && field.value.isEmpty {
                f.error = "\(field.label) is required"
                f.focus = i
                modal = .form(f)
                return []
            }
            if field.kind == .day, !field.value.isEmpty, RelativeDay.parse(field.value, today: Day(containing: now)) == nil {
                f.error = "\(field.label): \"\(TerminalSafe.escape(field.value))\" is not a date (\(RelativeDay.hint))"
                f.focus = i
                modal = .form(f)
                return []
            }
        }
        func day(_ label: String) -> Day { RelativeDay.parse(f.value(label), today: Day(containing: now))! }
        func opt(_ label: String) -> String? {
            let v = f.value(label)
            return v.isEmpty ? nil : v
        }
        let action: Action
        switch f.purpose {
        case .approve: action = .approve(comment: opt("Comment"))
        case .reject: action = .reject(comment: f.value("Comment"))
        case .advance: action = .advance(comment: opt("Comment"))
        case .comment: action = .comment(text: f.value("Comment"))
        case .halt: action = .halt(reason: f.value("Reason"))
        case .resume: action = .resume(reason: f.value("Reason"))
        case .create:
            action = .create(title: f.value("Title"), tier: f.value("Tier"), problem: f.value("Problem"), metric: f.value("Metric"),
                             answers: f.walk?.answers ?? [:])
        case .returnTo(let stage): action = .returnTo(stage: stage, comment: f.value("Comment"))
        case .evidence(let c): action = .evidence(control: c, ref: f.value("Reference"), note: opt("Note"))
        case .attest(let c): action = .attest(control: c, note: opt("Note"))
        case .escalate(let p): action = .escalate(to: p, reason: f.value("Reason"))
        case .park: action = .park(reason: f.value("Reason"), review: day("Review"))
        case .retire: action = .retire(reason: f.value("Reason"))
        case .screen: action = .screen(answers: f.walk?.answers ?? [:])
        case .tierOverride: action = .tierOverride(reason: f.value("Reason"))
        case .waive(let c): action = .waive(control: c, reason: f.value("Reason"), until: day("Until"))
        case .standupSince: return []
        case .delegate(let person): return submitDelegation(f, to: person)
        }
        // Asked of the engine before anything is sent: a refusal (a review date in the past,
        // an approval the gate does not take) stays in the form with the input.
        if f.targets.isEmpty, let reason = refusal(action, on: f.subject) {
            f.error = "refused: " + reason
            modal = .form(f)
            return []
        }
        f.submitted = true
        f.error = nil
        modal = .form(f)
        if f.purpose == .create { return [createEffect(action, template: f.value(Self.templateLabel))] }
        return [performEffect(action, subject: f.subject, targets: f.targets)]
    }

    /// Why the engine would refuse `action` by the acting person now, nil when it would record it.
    func refusal(_ action: Action, on id: UseCaseID?) -> String? {
        guard let actor else { return "read-only: set GATEBOARD_USER or use --as PERSON to act on the board" }
        let uc = id.flatMap { board.useCase($0) }
        if id != nil && uc == nil { return "\(id!) is no longer on the board" }
        do {
            _ = try ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now)
            return nil
        } catch {
            return TerminalSafe.escape(error.message)
        }
    }

    /// The loop answered a submitted form: recorded closes it; refused or failed keeps it
    /// open with the reason, so nothing typed is lost. False when no form was waiting.
    mutating func answerSubmittedForm(error: String?) -> Bool {
        guard case .form(var f) = modal, f.submitted else { return false }
        guard let error else { modal = nil; return true }
        f.submitted = false
        f.error = error
        modal = .form(f)
        return true
    }
}
