import Foundation
import GateboardCore

/// Action keys open a form, a picker or a confirmation; nothing is recorded until it is
/// submitted. The engine is asked first: a key whose action it would refuse opens nothing
/// and says why in the status line, and a picker offers only what the engine would accept.
extension AppState {
    mutating func actionKey(_ c: Character) -> [Effect] {
        guard let key = ActionKey(rawValue: c) else { return [] }
        if key == .view || key == .copy { return referenceKey(key) }
        guard actor != nil else {
            message = .init(kind: .error, text: "read-only: set GATEBOARD_USER or use --as PERSON to act on the board")
            return []
        }
        if key == .new {
            openCreateForm()
            return []
        }
        guard let uc = target else {
            message = .init(kind: .error, text: "no use case selected")
            return []
        }
        if key == .advance, showBlockers(uc) { return [] }
        if let reason = unavailable(key, on: uc) {
            message = .init(kind: .error, text: "\(key.verb) is unavailable on \(uc.id): \(reason)")
            return []
        }
        open(key, on: uc)
        return []
    }

    /// Opens the form or picker of `key` for `uc` (already checked with the engine).
    private mutating func open(_ key: ActionKey, on uc: UseCase) {
        switch key {
        case .approve, .reject, .comment, .advance, .halt, .park, .retire, .tierOverride: modal = .form(form(key, on: uc))
        case .screen: modal = .form(screenForm(uc))
        case .returnStage: modal = .picker(returnPicker(uc))
        case .owner: modal = .picker(ownerPicker(uc))
        case .evidence: modal = .picker(evidencePicker(uc))
        case .waive: modal = .picker(waivePicker(uc))
        case .escalate: modal = .picker(escalatePicker(uc))
        case .edit:
            modal = .picker(Picker(title: "Edit \(subjectLine(uc)) in $EDITOR", subject: uc.id, purpose: .editField,
                                   options: EditableField.allCases.map { .init(value: $0.rawValue, label: $0.label) }))
        case .new: openCreateForm()
        case .view, .copy: break
        }
    }

    /// `v` / `y`: the target's evidence (its gate's first) and artifact references; one is
    /// opened or copied at once, several are offered in a picker.
    private mutating func referenceKey(_ key: ActionKey) -> [Effect] {
        guard let uc = target else {
            message = .init(kind: .error, text: "no use case selected")
            return []
        }
        let refs = references(uc)
        guard !refs.isEmpty else {
            message = .init(kind: .error, text: "\(uc.id) has no evidence or artifact reference to \(key.verb)")
            return []
        }
        if refs.count == 1 { return [key == .view ? .openReference(refs[0].ref) : .copyReference(refs[0].ref)] }
        modal = .picker(Picker(title: (key == .view ? "Open" : "Copy") + " a reference of \(subjectLine(uc))", subject: uc.id,
                               purpose: key == .view ? .openReference : .copyReference,
                               options: refs.map { .init(value: $0.ref, label: TerminalSafe.escape($0.label), detail: TerminalSafe.escape($0.ref)) }))
        return []
    }

    /// Evidence of the gate's controls first, then other evidence, then the artifacts.
    func references(_ uc: UseCase) -> [(label: String, ref: String)] {
        let gate = Set(gateControls(uc).map(\.id))
        let evidence = uc.controls.sorted { a, b in
            let ga = gate.contains(a.key), gb = gate.contains(b.key)
            return ga != gb ? ga : a.key < b.key
        }.flatMap { control, st in st.evidence.map { (label: "evidence \(control)", ref: $0.ref) } }
        // The artifacts without their recorded content ids (`name#blob`): those are no references.
        return evidence + ContentBinding.names(uc.artifacts).map { (label: "artifact \($0)", ref: uc.artifacts[$0]!) }
    }

    private mutating func openCreateForm() {
        var f = Form(title: "New use case", subject: nil, purpose: .create, fields: [
            .init("Title", required: true),
            .init("Tier", kind: .choice(policy.tiers.map(\.id)), hint: "←/→ to change"),
            .init("Problem"),
            .init("Metric", hint: "operational success metric"),
        ] + templatePicker)
        // Risk screening: Enter walks the questions, then shows the proposal before creating.
        if !policy.screening.isEmpty { f.walk = ScreeningWalk(questions: policy.screening.questions) }
        modal = .form(f)
    }

    /// The forms that need no picker first. Every title names what it acts on.
    private func form(_ key: ActionKey, on uc: UseCase) -> Form {
        let id = uc.id
        let name = "\(id) \(TerminalSafe.escape(uc.title))"
        let on = subjectLine(uc)
        switch key {
        case .approve:
            return Form(title: "Approve \(subjectLine(uc, role: decidedRole(.approve(comment: nil), uc)))", subject: id,
                        purpose: .approve, fields: [.init("Comment", hint: "optional")],
                        notes: [name, "Bound to material digest \(uc.materialDigest.prefix(12))"])
        case .reject:
            return Form(title: "Reject \(subjectLine(uc, role: decidedRole(.reject(comment: "?"), uc)))", subject: id,
                        purpose: .reject, fields: [.init("Comment", required: true, hint: "why, and what would change your mind")],
                        notes: [name])
        case .advance:
            let to = gate(uc).evaluation.to ?? policy.nextStage(after: uc.stage)?.id ?? uc.stage
            return Form(title: "Advance \(on)", subject: id, purpose: .advance, fields: [.init("Comment", hint: "optional")],
                        notes: [name, "\(stageName(uc.stage)) \(glyphs.arrow) \(stageName(to))"])
        case .halt:
            if let halt = uc.halted {
                return Form(title: "Resume \(on)", subject: id, purpose: .resume, fields: [.init("Reason", required: true)],
                            notes: [name, "Halted by \(personName(halt.by)): \(TerminalSafe.escape(halt.reason))"])
            }
            return Form(title: "Halt \(on) (stop-ship)", subject: id, purpose: .halt, fields: [.init("Reason", required: true)],
                        notes: [name, "Nothing moves until someone with stop-ship authority resumes it."])
        case .park:
            return Form(title: "Park \(on)", subject: id, purpose: .park,
                        fields: [.init("Reason", required: true),
                                 .init("Review", kind: .day, required: true, hint: RelativeDay.hint + ": when to look again")],
                        notes: [name])
        case .retire:
            return Form(title: "Retire \(on)", subject: id, purpose: .retire, fields: [.init("Reason", required: true)],
                        notes: [name, "Retired use cases leave the board; the history stays in the audit log."])
        case .tierOverride:
            return tierOverrideForm(uc)
        default:
            return Form(title: "Comment on \(on)", subject: id, purpose: .comment, fields: [.init("Comment", required: true)],
                        notes: [name])
        }
    }

    /// `>` on a blocked use case shows what blocks it instead of a form. True when shown.
    private mutating func showBlockers(_ uc: UseCase) -> Bool {
        let eval = gate(uc).evaluation
        guard !eval.passed, !eval.blockers.isEmpty else { return false }
        modal = .blockers(title: "\(uc.id) cannot advance: blocked: \(eval.blockers.count)",
                          lines: eval.blockers.map { TerminalSafe.escape($0.message) })
        return true
    }

    private func returnPicker(_ uc: UseCase) -> Picker {
        Picker(title: "Return \(subjectLine(uc)) to", subject: uc.id, purpose: .returnStage,
               options: earlierStages(uc).reversed().map { .init(value: $0.id, label: $0.name, detail: $0.id) })
    }

    private func ownerPicker(_ uc: UseCase) -> Picker {
        Picker(title: "Assign an owner of \(subjectLine(uc)): role", subject: uc.id, purpose: .assignRole,
               options: assignableRoles(uc).map { role in
                   let holder = uc.owners[role.id].map { personName($0) } ?? "\(glyphs.missing) missing"
                   return .init(value: role.id, label: role.name, detail: holder)
               })
    }

    private func evidencePicker(_ uc: UseCase) -> Picker {
        Picker(title: "Evidence for \(subjectLine(uc)): control", subject: uc.id, purpose: .evidenceControl,
               options: evidenceControls(uc).map { .init(value: $0.id, label: $0.title, detail: $0.kind.rawValue) })
    }

    private func waivePicker(_ uc: UseCase) -> Picker {
        Picker(title: "Waive a control of \(subjectLine(uc))", subject: uc.id, purpose: .waiveControl,
               options: waivableControls(uc).map { .init(value: $0.id, label: $0.title, detail: $0.id) })
    }

    private func escalatePicker(_ uc: UseCase) -> Picker {
        Picker(title: "Escalate \(subjectLine(uc)) to", subject: uc.id, purpose: .escalateTo,
               options: escalationPeople(uc).map { personOption($0, on: uc) })
    }

    // MARK: - Asking the engine first

    /// Why `key` would only end in a refusal on `uc` now, nil when it can succeed. Free text the
    /// user has not typed yet is stood in for; pickers are checked for at least one choice the
    /// engine accepts.
    func unavailable(_ key: ActionKey, on uc: UseCase) -> String? {
        let probe = "?"
        let tomorrow = Day(containing: now).adding(days: 1)
        switch key {
        case .new: return actor == nil ? "read-only" : nil
        case .view, .copy: return references(uc).isEmpty ? "no evidence or artifact reference" : nil
        case .approve: return refusal(.approve(comment: nil), on: uc.id)
        case .reject: return refusal(.reject(comment: probe), on: uc.id)
        case .comment: return refusal(.comment(text: probe), on: uc.id)
        case .advance:
            guard gate(uc).evaluation.to ?? policy.nextStage(after: uc.stage)?.id != nil else {
                return "it is in \(stageName(uc.stage)): there is no stage to advance to"
            }
            return nil
        case .halt: return uc.halted == nil ? refusal(.halt(reason: probe), on: uc.id) : refusal(.resume(reason: probe), on: uc.id)
        case .park: return refusal(.park(reason: probe, review: tomorrow), on: uc.id)
        case .retire: return refusal(.retire(reason: probe), on: uc.id)
        case .edit: return refusal(.edit(title: nil, problem: uc.problem + probe, metric: nil, tier: nil, artifacts: [:]), on: uc.id)
        case .screen: return screenUnavailable(uc)
        case .tierOverride: return refusal(.tierOverride(reason: probe), on: uc.id)
        case .returnStage:
            guard let to = earlierStages(uc).last else { return "it is in the first stage: nowhere to return to" }
            return refusal(.returnTo(stage: to.id, comment: probe), on: uc.id)
        case .owner:
            return assignableRoles(uc).isEmpty ? firstRefusal(policy.roles.flatMap { role in
                policy.people.map { Action.assign(role: role.id, person: $0.id) } }, uc) : nil
        case .evidence:
            return evidenceControls(uc).isEmpty ? (firstRefusal(policy.controls.map { evidenceProbe($0) }, uc)
                ?? "the policy has no evidence or attestation control") : nil
        case .waive:
            let candidates = gateControls(uc).filter { $0.waivable && !policy.waivers.neverWaive.contains($0.id) }
            guard !candidates.isEmpty else { return "the gate leaving \(stageName(uc.stage)) has no waivable control" }
            return waivableControls(uc).isEmpty
                ? firstRefusal(candidates.map { .waive(control: $0.id, reason: probe, until: tomorrow) }, uc) : nil
        case .escalate:
            return escalationPeople(uc).isEmpty
                ? firstRefusal(policy.people.map { .escalate(to: $0.id, reason: probe) }, uc) ?? "nobody to escalate to" : nil
        }
    }

    private func firstRefusal(_ actions: [Action], _ uc: UseCase) -> String? {
        for a in actions { if let r = refusal(a, on: uc.id) { return r } }
        return nil
    }

    func earlierStages(_ uc: UseCase) -> [Stage] {
        guard let i = policy.stageIndex(uc.stage) else { return [] }
        return policy.stages[..<i].filter { !$0.terminal }
    }

    /// Roles the acting person may name someone for (at least one person the engine accepts).
    func assignableRoles(_ uc: UseCase) -> [Role] {
        policy.roles.filter { role in policy.people.contains { refusal(.assign(role: role.id, person: $0.id), on: uc.id) == nil } }
    }

    /// People the engine would accept for `role`.
    func assignablePeople(_ role: RoleID, _ uc: UseCase) -> [Person] {
        policy.people.filter { refusal(.assign(role: role, person: $0.id), on: uc.id) == nil }
    }

    private func evidenceProbe(_ c: Control) -> Action {
        c.kind == .attestation ? .attest(control: c.id, note: nil) : .evidence(control: c.id, ref: "?", note: nil)
    }

    /// The gate's evidence and attestation controls (all of the policy's when the gate has
    /// none) the acting person may record.
    func evidenceControls(_ uc: UseCase) -> [Control] {
        let kinds: Set<ControlKind> = [.evidence, .attestation]
        let gate = gateControls(uc).filter { kinds.contains($0.kind) }
        let list = gate.isEmpty ? policy.controls.filter { kinds.contains($0.kind) } : gate
        return list.filter { refusal(evidenceProbe($0), on: uc.id) == nil }
    }

    func waivableControls(_ uc: UseCase) -> [Control] {
        let tomorrow = Day(containing: now).adding(days: 1)
        return gateControls(uc).filter { $0.waivable && !policy.waivers.neverWaive.contains($0.id) }
            .filter { refusal(.waive(control: $0.id, reason: "?", until: tomorrow), on: uc.id) == nil }
    }

    /// Everyone the acting person may escalate to: never themselves.
    func escalationPeople(_ uc: UseCase) -> [Person] {
        policy.people.filter { refusal(.escalate(to: $0.id, reason: "?"), on: uc.id) == nil }
    }

    // MARK: - Words

    /// The controls of the gate for leaving the use case's current stage, at its tier.
    func gateControls(_ uc: UseCase) -> [Control] {
        (policy.requirements(for: uc)?.controls ?? []).compactMap { policy.control($0) }
    }

    /// What a form or picker acts on, for its title: "UC-0017 · checkpoint → release", and
    /// " · as risk reviewer" when the action counts for a role.
    func subjectLine(_ uc: UseCase, role: RoleID? = nil) -> String {
        let g = glyphs
        var line = "\(uc.id) \(g.bullet) \(uc.stage)"
        if policy.gate(leaving: uc.stage) != nil, let next = policy.nextStage(after: uc.stage) { line += " \(g.arrow) \(next.id)" }
        if let role { line += " \(g.bullet) as " + roleWords(role) }
        return line
    }

    /// The role the engine would record `action` for (approve, reject), nil when it would refuse.
    func decidedRole(_ action: Action, _ uc: UseCase) -> RoleID? {
        guard let actor, let decided = try? ActionDecider.decide(action, on: uc, actor: actor, policy: policy, now: now) else { return nil }
        return decided.1.role
    }

    /// "risk reviewer" for `risk_reviewer`.
    public func roleWords(_ id: RoleID) -> String {
        guard let name = policy.role(id)?.name, let first = name.first else { return id.replacingOccurrences(of: "_", with: " ") }
        return first.lowercased() + name.dropFirst()
    }

    func stageName(_ id: StageID) -> String { policy.stage(id)?.name ?? id }
    public func personName(_ id: PersonID) -> String { TerminalSafe.escape(policy.person(id)?.name ?? id) }
}
