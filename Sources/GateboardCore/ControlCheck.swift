import Foundation

/// Whether a use case satisfies one control on its own (before waivers), and the words for
/// it either way.
///
/// - evidence: at least one evidence reference (with `evidenceMustResolve`, one whose local
///   file still holds what was added).
/// - attestation: an attestation by the person named on the use case for the control's
///   role; when nobody is named for that role, by anyone whose policy roles include it;
///   when the control names no role, by anyone.
/// - owner-named: a person named for the control's role.
/// - field: the use case's `problem`, `metric` or inventory field (`fields:`) is not blank.
/// - approval: satisfied through the gate's approval rules (see `ApprovalCount`).
public enum ControlCheck {
    public struct Outcome: Equatable, Sendable {
        public var satisfied: Bool
        /// Satisfied: what satisfies it. Not satisfied: the blocker.
        public var detail: String
        public var blocker: Blocker?
    }

    public static func check(_ control: Control, _ uc: UseCase, policy: Policy) -> Outcome {
        let state = uc.controls[control.id] ?? ControlState()
        switch control.kind {
        case .evidence:
            let usable = policy.evidenceMustResolve ? state.evidence.filter(\.resolves) : state.evidence
            if !usable.isEmpty {
                // Each item with its mark when its file changed or is gone since it was added.
                return Outcome(satisfied: true, detail: "evidence: " + state.evidence.map { e in
                    e.ref + (e.mark(policy).map { " (\($0))" } ?? "")
                }.joined(separator: ", "))
            }
            if !state.evidence.isEmpty {
                // evidenceMustResolve: what was added no longer stands for itself.
                let why = state.evidence.compactMap { $0.problem(policy) }.joined(separator: "; ")
                return missing(.evidence, "evidence for \(control.id) (\(control.title)) no longer resolves: \(why)", control)
            }
            return missing(.evidence, "no evidence for \(control.id) (\(control.title))", control)
        case .attestation:
            if let a = countingAttestation(control, uc, policy: policy) {
                return Outcome(satisfied: true, detail: "attested by \(Delegations.decider(a.by, for: a.onBehalfOf, delegation: a.delegation, policy)) \(Wording.day(a.at))")
            }
            let who: String
            if let role = control.role {
                if let named = uc.owners[role] {
                    who = "\(Wording.person(named, policy)) (\(Wording.role(role, policy)))"
                } else {
                    who = Wording.aRole(role, policy)
                }
            } else {
                who = "anyone"
            }
            return missing(.attestation, "no attestation for \(control.id) (\(control.title)) by \(who)", control)
        case .owner:
            guard let role = control.role else {
                return missing(.owner, "control \(control.id) names no role", control)
            }
            if let p = uc.owners[role] {
                return Outcome(satisfied: true, detail: "\(Wording.role(role, policy)): \(Wording.person(p, policy))")
            }
            let b = Blocker(kind: .owner, message: "no \(Wording.role(role, policy)) named", role: role, control: control.id)
            return Outcome(satisfied: false, detail: b.message, blocker: b)
        case .field:
            let field = control.field ?? ""
            let value: String? = field == "problem" ? uc.problem : (field == "metric" ? uc.metric : uc.fields[field]?.display)
            if let value, !Wording.isBlank(value) {
                return Outcome(satisfied: true, detail: "\(field): \(value)")
            }
            // An inventory field says which field and how to set it.
            let message = policy.field(field).map { "field \($0.id) (\($0.label)) not set: gateboard edit \(uc.id) --field \($0.id)=…" }
                ?? "no \(Wording.lowerFirst(control.title))"
            let b = Blocker(kind: .field, message: message, control: control.id, field: field)
            return Outcome(satisfied: false, detail: b.message, blocker: b)
        case .approval:
            // Counted through the approval rules; on its own it is never the blocker.
            return Outcome(satisfied: true, detail: "through the gate's approvals")
        case .monitors:
            let names = policy.monitors(for: uc).map(\.name)
            if !names.isEmpty { return Outcome(satisfied: true, detail: "monitors: " + names.joined(separator: ", ")) }
            let b = Blocker(kind: .monitors, message: "no production monitors defined for \(uc.id) (\(control.title)): declare them under monitors: in the policy",
                            control: control.id)
            return Outcome(satisfied: false, detail: b.message, blocker: b)
        }
    }

    /// The attestation that counts for an attestation control, if any (the newest).
    public static func countingAttestation(_ control: Control, _ uc: UseCase, policy: Policy) -> Attestation? {
        let all = uc.controls[control.id]?.attestations ?? []
        guard let role = control.role else { return all.last }
        if let named = uc.owners[role] {
            // Or their delegate's, made for them while the delegation it names covered it.
            return all.last { $0.by == named || ($0.onBehalfOf == named
                && policy.delegations.covering(named, role: role, delegate: $0.by, at: $0.at, id: $0.delegation) != nil) }
        }
        return all.last { policy.person($0.by)?.roles.contains(role) == true }
    }

    /// A control can be waived when the policy marks it waivable and does not list it under
    /// `neverWaive`.
    public static func isWaivable(_ control: Control, policy: Policy) -> Bool {
        control.waivable && !policy.waivers.neverWaive.contains(control.id)
    }

    /// The newest waiver recorded for a control.
    public static func waiver(for control: ControlID, _ uc: UseCase) -> Waiver? {
        uc.waivers.last { $0.control == control }
    }

    /// A waiver counts through the end of its `until` day (UTC), and only when its signature
    /// counts (signed decisions).
    public static func isValid(_ w: Waiver, now: Date) -> Bool { w.signature.counts && now < w.until.end }

    /// Whether the control is satisfied, by itself or by a valid waiver.
    public static func isMet(_ control: Control, _ uc: UseCase, policy: Policy, now: Date) -> Bool {
        if check(control, uc, policy: policy).satisfied { return true }
        guard isWaivable(control, policy: policy), let w = waiver(for: control.id, uc) else { return false }
        return isValid(w, now: now)
    }

    private static func missing(_ kind: Blocker.Kind, _ message: String, _ control: Control) -> Outcome {
        Outcome(satisfied: false, detail: message, blocker: Blocker(kind: kind, message: message, role: control.role,
                                                                    control: control.id))
    }
}
