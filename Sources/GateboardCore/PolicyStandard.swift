/// The default policy as a value: exactly what the store parses from
/// `DefaultPolicyText.policyYAML(name: "Gateboard")` (the starter people included). The store
/// tests that the two agree, so a change to one must be made to the other.
extension Policy {
    public static let standard: Policy = standard(name: "Gateboard", people: Policy.starterPeople)

    /// The default policy with another board name and people list.
    public static func standard(name: String, people: [Person]) -> Policy {
        var policy = Policy(
            schema: 1,
            name: name,
            idPrefix: "UC",
            stages: [
                Stage(id: "scoped", name: "Scoped problem", ownerRole: "business_owner",
                      sla: ["low": 21, "medium": 14, "high": 14]),
                Stage(id: "specification", name: "Specification", ownerRole: "technical_owner",
                      sla: ["low": 30, "medium": 21, "high": 21]),
                Stage(id: "implementation", name: "Implementation", ownerRole: "technical_owner",
                      sla: ["low": 60, "medium": 45, "high": 45]),
                Stage(id: "checkpoint", name: "Checkpoint review", ownerRole: "risk_reviewer",
                      sla: ["low": 10, "medium": 7, "high": 7]),
                Stage(id: "release", name: "Governed release", ownerRole: "change_approver",
                      sla: ["low": 10, "medium": 7, "high": 5]),
                Stage(id: "production", name: "Live production", ownerRole: "ops_owner"),
                Stage(id: "retired", name: "Retired", ownerRole: "business_owner", terminal: true),
            ],
            roles: [
                Role(id: "business_owner", name: "Business owner"),
                Role(id: "technical_owner", name: "Technical owner"),
                Role(id: "risk_reviewer", name: "Risk reviewer"),
                Role(id: "change_approver", name: "Change approver"),
                Role(id: "ops_owner", name: "Operations owner"),
                Role(id: "stop_ship", name: "Stop-ship authority"),
            ],
            tiers: [
                RiskTier(id: "low", name: "Low risk"),
                RiskTier(id: "medium", name: "Medium risk"),
                RiskTier(id: "high", name: "High risk"),
            ],
            people: people,
            controls: standardControls,
            gates: [
                Gate(from: "scoped", base: GateRequirements(
                    controls: ["business-owner-named", "technical-owner-named", "problem-statement", "success-metric"])),
                Gate(from: "specification",
                     base: GateRequirements(controls: ["spec-reference"],
                                            approvals: [ApprovalRule(role: "risk_reviewer", control: "risk-review")]),
                     tiers: ["high": GateRequirements(controls: ["data-protection-assessment"])]),
                Gate(from: "implementation",
                     base: GateRequirements(controls: ["eval-report", "rollback-plan", "monitoring-plan", "ops-owner-named"]),
                     tiers: ["high": GateRequirements(controls: ["bias-evaluation"])]),
                Gate(from: "checkpoint",
                     base: GateRequirements(
                        approvals: [ApprovalRule(role: "risk_reviewer", control: "checkpoint-signoff"),
                                    ApprovalRule(role: "business_owner")],
                        distinctApprovers: true, noSelfApproval: true, excludedApproverRoles: ["technical_owner"],
                        anyRejectionBlocks: true, approvalExpiryDays: 30),
                     tiers: ["high": GateRequirements(controls: ["human-oversight"],
                                                      approvals: [ApprovalRule(role: "change_approver")],
                                                      approvalExpiryDays: 14)]),
                Gate(from: "release",
                     base: GateRequirements(
                        controls: ["stop-ship-named", "exception-runbook"],
                        approvals: [ApprovalRule(role: "change_approver", control: "change-approval")],
                        noSelfApproval: true, excludedApproverRoles: ["technical_owner"], anyRejectionBlocks: true)),
            ],
            waivers: WaiverRules(approverRole: "risk_reviewer", maxDays: ["low": 90, "medium": 60, "high": 30],
                                 neverWaive: ["risk-review", "checkpoint-signoff", "change-approval"]),
            separationOfDuties: [
                RolePair("technical_owner", "risk_reviewer"),
                RolePair("technical_owner", "change_approver"),
                RolePair("business_owner", "risk_reviewer"),
            ],
            stopShipRole: "stop_ship",
            changeRouting: [.model: "checkpoint", .prompt: "release", .policy: "checkpoint", .data: "implementation"],
            productionReviewDays: ["low": 180, "medium": 90, "high": 30],
            triage: TriageSettings(stallWarnFraction: 0.8, approvalWaitDays: 5, haltedDays: 7, waiverWarnDays: 7),
            autoCommit: false
        ).withStandardScreening().withStandardInventory()
        policy.evidenceMustResolve = true
        return policy
    }

    /// The people `gateboard init` starts a board with (`DefaultPolicyText.starterPeople`).
    public static let starterPeople: [Person] = [
        Person(id: "alex", name: "Alex Example", function: "product", roles: ["business_owner"]),
        Person(id: "sam", name: "Sam Example", function: "engineering", roles: ["technical_owner"]),
        Person(id: "rio", name: "Rio Example", function: "risk", roles: ["risk_reviewer", "change_approver"]),
        Person(id: "kim", name: "Kim Example", function: "operations", roles: ["ops_owner", "stop_ship"]),
    ]

    static let standardControls: [Control] = [
        Control(id: "business-owner-named", title: "Business owner named", kind: .owner, waivable: false,
                role: "business_owner", references: ["NIST AI RMF GOVERN 2.1", "ISO/IEC 42001 A.3.2"]),
        Control(id: "technical-owner-named", title: "Technical owner named", kind: .owner, waivable: false,
                role: "technical_owner", references: ["NIST AI RMF GOVERN 2.1", "ISO/IEC 42001 A.3.2"]),
        Control(id: "problem-statement", title: "Problem statement", kind: .field, waivable: false,
                field: "problem", references: ["NIST AI RMF MAP 1.1"]),
        Control(id: "success-metric", title: "Operational success metric", kind: .field, waivable: false,
                field: "metric", references: ["NIST AI RMF MAP 1.3", "NIST AI RMF MEASURE 1.1"]),
        Control(id: "risk-review", title: "Risk review before build", kind: .approval, waivable: false,
                role: "risk_reviewer", references: ["NIST AI RMF MAP 5.1", "ISO/IEC 42001 A.5.2", "EU AI Act Art. 9"]),
        Control(id: "spec-reference", title: "Specification document", kind: .evidence,
                role: "technical_owner", references: ["ISO/IEC 42001 A.6.2.3"]),
        Control(id: "data-protection-assessment", title: "Data protection impact assessment", kind: .evidence,
                role: "risk_reviewer", references: ["GDPR Art. 35", "ISO/IEC 42001 A.5.4"]),
        Control(id: "eval-report", title: "Evaluation report", kind: .evidence,
                role: "technical_owner",
                references: ["NIST AI RMF MEASURE 2.3", "ISO/IEC 42001 A.6.2.4", "EU AI Act Art. 15"]),
        Control(id: "bias-evaluation", title: "Fairness and bias evaluation", kind: .evidence,
                role: "technical_owner", references: ["NIST AI RMF MEASURE 2.11", "EU AI Act Art. 10"]),
        Control(id: "rollback-plan", title: "Rollback plan", kind: .evidence,
                role: "technical_owner", references: ["NIST AI RMF MANAGE 2.4"]),
        Control(id: "monitoring-plan", title: "Monitoring plan", kind: .evidence,
                role: "ops_owner", references: ["ISO/IEC 42001 A.6.2.6", "EU AI Act Art. 72"]),
        Control(id: "ops-owner-named", title: "Operations owner named", kind: .owner, waivable: false,
                role: "ops_owner", references: ["NIST AI RMF GOVERN 2.1"]),
        Control(id: "human-oversight", title: "Human oversight attested", kind: .attestation,
                role: "risk_reviewer", references: ["EU AI Act Art. 14", "NIST AI RMF MANAGE 2.4"]),
        Control(id: "checkpoint-signoff", title: "Checkpoint sign-off", kind: .approval, waivable: false,
                role: "risk_reviewer", references: ["ISO/IEC 42001 A.6.2.5"]),
        Control(id: "change-approval", title: "Change approval", kind: .approval, waivable: false,
                role: "change_approver", references: ["ISO/IEC 42001 A.6.2.5", "NIST AI RMF GOVERN 1.4"]),
        Control(id: "stop-ship-named", title: "Stop-ship authority named", kind: .owner, waivable: false,
                role: "stop_ship", references: ["NIST AI RMF MANAGE 2.4", "EU AI Act Art. 14"]),
        Control(id: "exception-runbook", title: "Exception-handling runbook", kind: .evidence,
                role: "ops_owner", references: ["ISO/IEC 42001 A.6.2.6", "NIST AI RMF MANAGE 4.1"]),
        vendorAssessment,
        Control(id: "intended-purpose", title: "Intended purpose recorded", kind: .field,
                field: "intended_purpose", references: ["EU AI Act Art. 13", "ISO/IEC 42001 A.6.2.2"]),
    ]
}
