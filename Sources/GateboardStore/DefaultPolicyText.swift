import GateboardCore
import Foundation

/// The policy `gateboard init` writes. It is also the policy of the sample board (with a
/// longer people list), and `Policy.standard` in the core must equal it parsed.
public enum DefaultPolicyText {
    /// `{{NAME}}` and `{{PEOPLE}}` are filled in by `policyYAML(name:people:)`.
    static let template = #"""
# Gateboard policy: the operating model this board enforces.
# Every use case walks scoped -> specification -> implementation -> checkpoint -> release
# -> production, and leaves each stage only through its gate. Edit this file to tune the
# gates; `gateboard validate` checks it, and `gateboard policy` shows what is in force.
schema: 1
name: {{NAME}}
idPrefix: UC

tiers:
  - {id: low, name: Low risk}
  - {id: medium, name: Medium risk}
  - {id: high, name: High risk}

# Decision ownership: a missing owner is a blocker, not a blank.
roles:
  - {id: business_owner, name: Business owner}
  - {id: technical_owner, name: Technical owner}
  - {id: risk_reviewer, name: Risk reviewer}
  - {id: change_approver, name: Change approver}
  - {id: ops_owner, name: Operations owner}
  - {id: stop_ship, name: Stop-ship authority}

# Delivery rhythm: the same path for every use case, with an SLA in days per risk tier.
stages:
  - id: scoped
    name: Scoped problem
    owner: business_owner
    sla: {low: 21, medium: 14, high: 14}
  - id: specification
    name: Specification
    owner: technical_owner
    sla: {low: 30, medium: 21, high: 21}
  - id: implementation
    name: Implementation
    owner: technical_owner
    sla: {low: 60, medium: 45, high: 45}
  - id: checkpoint
    name: Checkpoint review
    owner: risk_reviewer
    sla: {low: 10, medium: 7, high: 7}
  - id: release
    name: Governed release
    owner: change_approver
    sla: {low: 10, medium: 7, high: 5}
  - id: production
    name: Live production
    owner: ops_owner
  - id: retired
    name: Retired
    owner: business_owner
    terminal: true

people:
{{PEOPLE}}

# Controls: what a gate can require. kind is evidence, attestation, owner-named, field or
# approval. Owner-named controls and the risk review can never be waived.
controls:
  - id: business-owner-named
    title: Business owner named
    kind: owner-named
    role: business_owner
    waivable: false
    references: [NIST AI RMF GOVERN 2.1, ISO/IEC 42001 A.3.2]
  - id: technical-owner-named
    title: Technical owner named
    kind: owner-named
    role: technical_owner
    waivable: false
    references: [NIST AI RMF GOVERN 2.1, ISO/IEC 42001 A.3.2]
  - id: problem-statement
    title: Problem statement
    kind: field
    field: problem
    waivable: false
    references: [NIST AI RMF MAP 1.1]
  - id: success-metric
    title: Operational success metric
    kind: field
    field: metric
    waivable: false
    references: [NIST AI RMF MAP 1.3, NIST AI RMF MEASURE 1.1]
  - id: risk-review
    title: Risk review before build
    kind: approval
    role: risk_reviewer
    waivable: false
    references: [NIST AI RMF MAP 5.1, ISO/IEC 42001 A.5.2, EU AI Act Art. 9]
  - id: spec-reference
    title: Specification document
    kind: evidence
    role: technical_owner
    references: [ISO/IEC 42001 A.6.2.3]
  - id: data-protection-assessment
    title: Data protection impact assessment
    kind: evidence
    role: risk_reviewer
    references: [GDPR Art. 35, ISO/IEC 42001 A.5.4]
  - id: eval-report
    title: Evaluation report
    kind: evidence
    role: technical_owner
    references: [NIST AI RMF MEASURE 2.3, ISO/IEC 42001 A.6.2.4, EU AI Act Art. 15]
  - id: bias-evaluation
    title: Fairness and bias evaluation
    kind: evidence
    role: technical_owner
    references: [NIST AI RMF MEASURE 2.11, EU AI Act Art. 10]
  - id: rollback-plan
    title: Rollback plan
    kind: evidence
    role: technical_owner
    references: [NIST AI RMF MANAGE 2.4]
  - id: monitoring-plan
    title: Monitoring plan
    kind: evidence
    role: ops_owner
    references: [ISO/IEC 42001 A.6.2.6, EU AI Act Art. 72]
  - id: ops-owner-named
    title: Operations owner named
    kind: owner-named
    role: ops_owner
    waivable: false
    references: [NIST AI RMF GOVERN 2.1]
  - id: human-oversight
    title: Human oversight attested
    kind: attestation
    role: risk_reviewer
    references: [EU AI Act Art. 14, NIST AI RMF MANAGE 2.4]
  - id: checkpoint-signoff
    title: Checkpoint sign-off
    kind: approval
    role: risk_reviewer
    waivable: false
    references: [ISO/IEC 42001 A.6.2.5]
  - id: change-approval
    title: Change approval
    kind: approval
    role: change_approver
    waivable: false
    references: [ISO/IEC 42001 A.6.2.5, NIST AI RMF GOVERN 1.4]
  - id: stop-ship-named
    title: Stop-ship authority named
    kind: owner-named
    role: stop_ship
    waivable: false
    references: [NIST AI RMF MANAGE 2.4, EU AI Act Art. 14]
  - id: exception-runbook
    title: Exception-handling runbook
    kind: evidence
    role: ops_owner
    references: [ISO/IEC 42001 A.6.2.6, NIST AI RMF MANAGE 4.1]

# Gates: what it takes to leave each stage. A tier's section adds to the base.
gates:
  - from: scoped
    controls: [business-owner-named, technical-owner-named, problem-statement, success-metric]
  - from: specification
    controls: [spec-reference]
    approvals:
      - {role: risk_reviewer, control: risk-review}
    tiers:
      high:
        controls: [data-protection-assessment]
  - from: implementation
    controls: [eval-report, rollback-plan, monitoring-plan, ops-owner-named]
    tiers:
      high:
        controls: [bias-evaluation]
  - from: checkpoint
    approvals:
      - {role: risk_reviewer, control: checkpoint-signoff}
      - {role: business_owner}
    distinctApprovers: true
    noSelfApproval: true
    excludeApprovers: [technical_owner]
    anyRejectionBlocks: true
    approvalExpiryDays: 30
    tiers:
      high:
        controls: [human-oversight]
        approvals:
          - {role: change_approver}
        approvalExpiryDays: 14
  - from: release
    controls: [stop-ship-named, exception-runbook]
    approvals:
      - {role: change_approver, control: change-approval}
    noSelfApproval: true
    excludeApprovers: [technical_owner]
    anyRejectionBlocks: true

# Waivers need a justification, an approver and an expiry, and stay visible.
waivers:
  approverRole: risk_reviewer
  maxDays: {low: 90, medium: 60, high: 30}
  neverWaive: [risk-review, checkpoint-signoff, change-approval]

# One person may not hold both roles of a pair on the same use case.
separationOfDuties:
  - [technical_owner, risk_reviewer]
  - [technical_owner, change_approver]
  - [business_owner, risk_reviewer]

stopShipRole: stop_ship

# Production operations: a live change goes back through review at this stage.
changeRouting: {model: checkpoint, prompt: release, policy: checkpoint, data: implementation}
productionReviewDays: {low: 180, medium: 90, high: 30}

triage:
  stallWarnFraction: 0.8
  approvalWaitDays: 5
  haltedDays: 7
  waiverWarnDays: 7

# Team sync: commit each action to git as it happens.
autoCommit: false

# Evidence whose local file changed since it was added, or is gone, no longer satisfies its
# control (the blocker says which file and who added it).
evidenceMustResolve: true
"""#

    /// The people `gateboard init` starts a board with: placeholders to edit.
    static let starterPeople = #"""
  - {id: alex, name: Alex Example, function: product, roles: [business_owner]}
  - {id: sam, name: Sam Example, function: engineering, roles: [technical_owner]}
  - {id: rio, name: Rio Example, function: risk, roles: [risk_reviewer, change_approver]}
  - {id: kim, name: Kim Example, function: operations, roles: [ops_owner, stop_ship]}
"""#

    public static func policyYAML(name: String, people: String? = nil, signing: SigningMode = .off) -> String {
        var text = template
            .replacingOccurrences(of: "{{NAME}}", with: YAMLScalar.quoted(name))
            .replacingOccurrences(of: "{{PEOPLE}}", with: people ?? starterPeople)
        if signing != .off {
            text += """


            # Signed decisions: each decision (approve, waive, advance, halt, …) carries the SSH
            # signature of the person who made it, by a key listed under their `keys:`.
            # off | decisions | all
            signing: \(signing.rawValue)

            """
        }
        return text
    }
}
