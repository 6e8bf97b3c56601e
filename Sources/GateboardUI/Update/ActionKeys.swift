import GateboardCore

/// Action keys open a form, a picker or a confirmation; nothing is recorded until it is submitted.
extension AppState {
    mutating func actionKey(_ c: Character) -> [Effect] {
        guard actor != nil else {
            message = .init(kind: .error, text: "read-only: set GATEBOARD_USER or use --as PERSON to act on the board")
            return []
        }
        if c == "n" {
            let tiers = policy.tiers.map(\.id)
            modal = .form(Form(title: "New use case", subject: nil, purpose: .create, fields: [
                .init("Title", required: true),
                .init("Tier", kind: .choice(tiers), hint: "←/→ to change"),
                .init("Problem"),
                .init("Metric", hint: "operational success metric"),
            ]))
            return []
        }
        guard let uc = selectedUseCase else {
            message = .init(kind: .error, text: "no use case selected")
            return []
        }
        let id = uc.id
        let name = "\(id) \(TerminalSafe.escape(uc.title))"
        switch c {
        case "a":
            modal = .form(Form(title: "Approve \(id)", subject: id, purpose: .approve,
                               fields: [.init("Comment", hint: "optional")],
                               notes: [name, "Bound to material digest \(uc.materialDigest.prefix(12))"]))
        case "r":
            modal = .form(Form(title: "Reject \(id)", subject: id, purpose: .reject,
                               fields: [.init("Comment", required: true, hint: "why, and what would change your mind")],
                               notes: [name]))
        case "c":
            modal = .form(Form(title: "Comment on \(id)", subject: id, purpose: .comment,
                               fields: [.init("Comment", required: true)], notes: [name]))
        case ">":
            let eval = gate(uc).evaluation
            if !eval.passed && !eval.blockers.isEmpty {
                modal = .blockers(title: "\(id) cannot advance: blocked: \(eval.blockers.count)",
                                  lines: eval.blockers.map { TerminalSafe.escape($0.message) })
                return []
            }
            guard let to = eval.to ?? policy.nextStage(after: uc.stage)?.id else {
                message = .init(kind: .error, text: "\(id) is in \(uc.stage): there is no stage to advance to")
                return []
            }
            modal = .form(Form(title: "Advance \(id)", subject: id, purpose: .advance,
                               fields: [.init("Comment", hint: "optional")],
                               notes: [name, "\(stageName(uc.stage)) \(glyphs.arrow) \(stageName(to))"]))
        case "<":
            guard let i = policy.stageIndex(uc.stage) else { return [] }
            let earlier = policy.stages[..<i].filter { !$0.terminal }
            guard !earlier.isEmpty else {
                message = .init(kind: .error, text: "\(id) is in the first stage: nowhere to return to")
                return []
            }
            modal = .picker(Picker(title: "Return \(id) to", subject: id, purpose: .returnStage,
                                   options: earlier.reversed().map { .init(value: $0.id, label: $0.name, detail: $0.id) }))
        case "o":
            modal = .picker(Picker(title: "Assign an owner of \(id): role", subject: id, purpose: .assignRole,
                                   options: policy.roles.map { role in
                                       let holder = uc.owners[role.id].map { personName($0) } ?? "\(glyphs.missing) missing"
                                       return .init(value: role.id, label: role.name, detail: holder)
                                   }))
        case "e":
            let controls = gateControls(uc).filter { $0.kind == .evidence || $0.kind == .attestation }
            let list = controls.isEmpty ? policy.controls.filter { $0.kind == .evidence || $0.kind == .attestation } : controls
            modal = .picker(Picker(title: "Evidence for \(id): control", subject: id, purpose: .evidenceControl,
                                   options: list.map { .init(value: $0.id, label: $0.title, detail: $0.kind.rawValue) }))
        case "w":
            let list = gateControls(uc).filter { $0.waivable && !policy.waivers.neverWaive.contains($0.id) }
            guard !list.isEmpty else {
                message = .init(kind: .error, text: "the gate leaving \(stageName(uc.stage)) has no waivable control")
                return []
            }
            modal = .picker(Picker(title: "Waive a control of \(id)", subject: id, purpose: .waiveControl,
                                   options: list.map { .init(value: $0.id, label: $0.title, detail: $0.id) }))
        case "!":
            if let halt = uc.halted {
                modal = .form(Form(title: "Resume \(id)", subject: id, purpose: .resume,
                                   fields: [.init("Reason", required: true)],
                                   notes: [name, "Halted by \(personName(halt.by)): \(TerminalSafe.escape(halt.reason))"]))
            } else {
                modal = .form(Form(title: "Halt \(id) (stop-ship)", subject: id, purpose: .halt,
                                   fields: [.init("Reason", required: true)],
                                   notes: [name, "Nothing moves until someone with stop-ship authority resumes it."]))
            }
        case "x":
            modal = .picker(Picker(title: "Escalate \(id) to", subject: id, purpose: .escalateTo,
                                   options: policy.people.map { .init(value: $0.id, label: TerminalSafe.escape($0.name),
                                                                      detail: TerminalSafe.escape($0.function)) }))
        case "p":
            if uc.parked != nil {
                message = .init(kind: .error, text: "\(id) is already parked (until review \(uc.parked!.review))")
                return []
            }
            modal = .form(Form(title: "Park \(id)", subject: id, purpose: .park,
                               fields: [.init("Reason", required: true),
                                        .init("Review", kind: .day, required: true, hint: "YYYY-MM-DD: when to look again")],
                               notes: [name]))
        case "d":
            modal = .form(Form(title: "Retire \(id)", subject: id, purpose: .retire,
                               fields: [.init("Reason", required: true)],
                               notes: [name, "Retired use cases leave the board; the history stays in the audit log."]))
        case "E":
            modal = .picker(Picker(title: "Edit \(id) in $EDITOR", subject: id, purpose: .editField,
                                   options: EditableField.allCases.map { .init(value: $0.rawValue, label: $0.label) }))
        default:
            break
        }
        return []
    }

    /// The controls of the gate for leaving the use case's current stage, at its tier.
    func gateControls(_ uc: UseCase) -> [Control] {
        guard let g = policy.gate(leaving: uc.stage) else { return [] }
        return g.requirements(for: uc.tier).controls.compactMap { policy.control($0) }
    }

    func stageName(_ id: StageID) -> String { policy.stage(id)?.name ?? id }
    func personName(_ id: PersonID) -> String { TerminalSafe.escape(policy.person(id)?.name ?? id) }
}
