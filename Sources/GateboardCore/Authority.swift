import Foundation

/// Who may act on a use case, beyond what the gate's approval rules say.
///
/// - **Contributors** of a use case may edit it, add evidence, assign and unassign owners,
///   advance, return, park, unpark, retire, record a live change and record the periodic
///   review: anyone named on it in any role, the person who created it, and any holder (in
///   the policy's people) of the role accountable for its current stage.
/// - Anyone may assign **themselves** to a vacant role they are allowed to hold.
/// - **Attestations** come from the person named for the control's role, or any holder of that
///   role when nobody is named (contributors when the control names no role).
/// - **Evidence** comes from contributors or holders of the control's role.
/// - **Stop-ship** (halt, resume): the use case's `stop_ship` owner, or any holder of the
///   policy's `stopShipRole`.
/// - **Waivers**: holders of `waivers.approverRole` who are neither owners of the use case nor
///   the person who moved it into its current stage — nor, over the work window
///   (`RoleHistory`), held any role on it or submitted its work.
/// - Comments and escalations: any known person.
public enum Authority {
    public static func isContributor(_ person: PersonID, _ uc: UseCase, policy: Policy) -> Bool {
        if uc.owners.values.contains(person) || uc.createdBy == person { return true }
        if let role = policy.stage(uc.stage)?.ownerRole, policy.person(person)?.roles.contains(role) == true { return true }
        return false
    }

    public static func hasStopShipAuthority(_ person: PersonID, _ uc: UseCase, policy: Policy) -> Bool {
        uc.owners["stop_ship"] == person || uc.owners[policy.stopShipRole] == person
            || policy.person(person)?.roles.contains(policy.stopShipRole) == true
    }

    public static func mayGrantWaivers(_ person: PersonID, policy: Policy) -> Bool {
        policy.person(person)?.roles.contains(policy.waivers.approverRole) == true
    }

    /// Whose attestation counts for a control on this use case, in words, or nil if `person`'s does.
    static func attestationRefusal(_ person: PersonID, _ control: Control, _ uc: UseCase, policy: Policy) -> String? {
        let who = Wording.person(person, policy)
        guard let role = control.role else {
            return isContributor(person, uc, policy: policy)
                ? nil : "\(who) cannot attest \(control.id): only contributors to \(uc.id) can"
        }
        if let named = uc.owners[role] {
            return named == person ? nil
                : "\(who) cannot attest \(control.id): only \(Wording.person(named, policy)), the \(Wording.role(role, policy)) of \(uc.id), can"
        }
        return policy.person(person)?.roles.contains(role) == true
            ? nil : "\(who) cannot attest \(control.id): it needs \(Wording.aRole(role, policy)), and \(who) is not one"
    }

    /// The words for who the contributors are, for refusals.
    static func contributorsPhrase(_ uc: UseCase, policy: Policy) -> String {
        var parts = ["its owners", "its creator"]
        if let role = policy.stage(uc.stage)?.ownerRole { parts.append(Wording.aRole(role, policy)) }
        return Wording.list(parts)
    }

    static func requireContributor(_ actor: PersonID, _ uc: UseCase, policy: Policy, doing: String) throws(Refusal) {
        guard isContributor(actor, uc, policy: policy) else {
            throw Refusal(.notAllowedRole, "\(Wording.person(actor, policy)) cannot \(doing) \(uc.id): only "
                + contributorsPhrase(uc, policy: policy) + " can")
        }
    }
}
