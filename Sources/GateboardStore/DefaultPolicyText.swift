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
  - id: vendor-assessment
    title: Third-party model vendor assessment
    kind: evidence
    role: risk_reviewer
    references: [ISO/IEC 42001 A.10.3, NIST AI RMF GOVERN 6.1, EU AI Act Art. 25]
  - id: intended-purpose
    title: Intended purpose recorded
    kind: field
    field: intended_purpose
    references: [EU AI Act Art. 13, ISO/IEC 42001 A.6.2.2]

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

# The AI register (`gateboard inventory`): typed fields recorded on each use case with
# `gateboard edit UC-0001 --field name=value`. Types: text, choice (with choices), list, date.
# A gate can require one with a control of kind field (see intended-purpose).
fields:
  - {id: intended_purpose, label: Intended purpose, type: text, description: What the system is for and what it must not be used for}
  - {id: data_categories, label: Data categories, type: list, description: "Kinds of data it reads or produces (personal, financial, documents, …)"}
  - {id: affected_people, label: Affected people, type: list, description: Who its outputs affect}
  - {id: autonomy_level, label: Autonomy level, type: choice, choices: [advisory, human_in_loop, human_on_loop, automated]}
  - {id: vendor_model, label: Vendor model, type: text, description: "Third-party model and version, or in-house"}
  - {id: deployment_context, label: Deployment context, type: choice, choices: [internal, customer_facing, partner_facing]}
  - {id: planned_go_live, label: Planned go-live, type: date}

# Templates by type of use case: `gateboard new --template NAME` presets fields (what you
# give explicitly wins), lists the artifacts to fill, adds controls to the gates named
# (by the stage they leave) and can name default owners ({role: person}).
templates:
  - id: document-extraction
    name: Document extraction
    description: Reads documents and extracts fields for a person to check
    fields: {autonomy_level: human_in_loop, deployment_context: internal, data_categories: [documents]}
    artifacts: [spec, model, prompt, data]
    controls: {scoped: [intended-purpose], specification: [data-protection-assessment]}
  - id: customer-assistant
    name: Customer-facing assistant
    description: Generates text that customers read
    fields: {autonomy_level: human_on_loop, deployment_context: customer_facing, affected_people: [customers]}
    artifacts: [spec, model, prompt, policy]
    controls: {scoped: [intended-purpose], checkpoint: [human-oversight]}
  - id: internal-summarisation
    name: Internal summarisation
    description: Summarises internal material for staff
    fields: {autonomy_level: advisory, deployment_context: internal, affected_people: [employees]}
    artifacts: [spec, model, prompt]
    controls: {scoped: [intended-purpose]}
"""#

    /// Risk screening (`Policy.standardScreening`): the intake questionnaire `new` asks.
    static let screeningSection = #"""

# Risk screening: `gateboard new` asks these questions; each rule whose answers match
# proposes a tier (the highest wins) and adds controls to a gate, with its reason. A tier
# below the proposal needs a tier override by the overrideRole, with a reason.
# kind: yesno (answers yes, no) | choice (one choice id) | multi (several choice ids).
screening:
  overrideRole: risk_reviewer
  questions:
    - id: annex_iii
      text: Does it make or support decisions about people in an area the EU AI Act's Annex III lists as high-risk?
      kind: choice
      choices:
        - {id: none, text: "No"}
        - {id: credit, text: Creditworthiness or credit scoring}
        - {id: employment, text: "Recruitment, promotion, work allocation or dismissal"}
        - {id: essential_services, text: Access to essential public or private services or benefits}
    - {id: personal_data, text: Does it process personal data?, kind: yesno}
    - {id: customer_facing, text: Does it show generated text to customers?, kind: yesno}
    - {id: automated_decision, text: Does it act or decide with no human reviewing each decision?, kind: yesno}
    - {id: vendor_model, text: Does it use a third-party or vendor model?, kind: yesno}
  rules:
    - id: annex-iii
      when: {annex_iii: [credit, employment, essential_services]}
      tier: high
      reason: decides about people in an Annex III high-risk area (EU AI Act Art. 6)
    - id: personal-data
      when: {personal_data: yes}
      tier: medium
      controls: [data-protection-assessment]
      gate: specification
      reason: processes personal data (GDPR Art. 35)
    - id: customer-facing
      when: {customer_facing: yes}
      tier: medium
      reason: shows generated text to customers (EU AI Act Art. 50)
    - id: fully-automated
      when: {automated_decision: yes}
      tier: medium
      controls: [human-oversight]
      gate: checkpoint
      reason: decides with no human review of each decision (EU AI Act Art. 14)
    - id: vendor-model
      when: {vendor_model: yes}
      controls: [vendor-assessment]
      gate: implementation
      reason: "uses a third-party model: assess its vendor (ISO/IEC 42001 A.10.3)"

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
        text += screeningSection
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
