/// The default policy's risk screening (`screening:` in `DefaultPolicyText`): five questions
/// and the rules that turn their answers into a proposed tier and extra controls.
extension Policy {
    func withStandardScreening() -> Policy {
        var p = self
        p.screening = Policy.standardScreening
        return p
    }

    static let vendorAssessment = Control(
        id: "vendor-assessment", title: "Third-party model vendor assessment", kind: .evidence,
        role: "risk_reviewer", references: ["ISO/IEC 42001 A.10.3", "NIST AI RMF GOVERN 6.1", "EU AI Act Art. 25"])

    public static let standardScreening = Screening(
        questions: [
            ScreeningQuestion(id: "annex_iii", text: "Does it make or support decisions about people in an area the EU AI Act's Annex III lists as high-risk?",
                              kind: .choice, choices: [
                                ScreeningChoice(id: "none", text: "No"),
                                ScreeningChoice(id: "credit", text: "Creditworthiness or credit scoring"),
                                ScreeningChoice(id: "employment", text: "Recruitment, promotion, work allocation or dismissal"),
                                ScreeningChoice(id: "essential_services", text: "Access to essential public or private services or benefits"),
                              ]),
            ScreeningQuestion(id: "personal_data", text: "Does it process personal data?", kind: .yesno),
            ScreeningQuestion(id: "customer_facing", text: "Does it show generated text to customers?", kind: .yesno),
            ScreeningQuestion(id: "automated_decision", text: "Does it act or decide with no human reviewing each decision?", kind: .yesno),
            ScreeningQuestion(id: "vendor_model", text: "Does it use a third-party or vendor model?", kind: .yesno),
        ],
        rules: [
            ScreeningRule(id: "annex-iii", when: [ScreeningCondition(question: "annex_iii", anyOf: ["credit", "employment", "essential_services"])],
                          tier: "high", reason: "decides about people in an Annex III high-risk area (EU AI Act Art. 6)"),
            ScreeningRule(id: "personal-data", when: [ScreeningCondition(question: "personal_data", anyOf: ["yes"])],
                          tier: "medium", controls: ["data-protection-assessment"], gate: "specification",
                          reason: "processes personal data (GDPR Art. 35)"),
            ScreeningRule(id: "customer-facing", when: [ScreeningCondition(question: "customer_facing", anyOf: ["yes"])],
                          tier: "medium", reason: "shows generated text to customers (EU AI Act Art. 50)"),
            ScreeningRule(id: "fully-automated", when: [ScreeningCondition(question: "automated_decision", anyOf: ["yes"])],
                          tier: "medium", controls: ["human-oversight"], gate: "checkpoint",
                          reason: "decides with no human review of each decision (EU AI Act Art. 14)"),
            ScreeningRule(id: "vendor-model", when: [ScreeningCondition(question: "vendor_model", anyOf: ["yes"])],
                          controls: ["vendor-assessment"], gate: "implementation",
                          reason: "uses a third-party model: assess its vendor (ISO/IEC 42001 A.10.3)"),
        ])
}
